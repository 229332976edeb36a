// The content-state rule's SQL and TypeScript twins agree on every combination of stored status,
// publishedAt (none, past, exactly now, future) and deletedAt, evaluated by PostgreSQL on rows of
// the real articles table's types.
import t from 'tap'
import pg from 'pg'
import { sql } from '../../src/db/sql.ts'
import { isScheduled, isVisible, scheduledSql, stateOf, stateSql, visibleSql, type StoredStatus } from '../../src/modules/articles/articles.content-state.ts'
import { createTestDatabase } from '../helper.ts'

t.test('SQL and TypeScript twins agree', async (t) => {
  const pool = new pg.Pool({ connectionString: await createTestDatabase(t) })
  t.teardown(() => pool.end())
  const now = new Date('2026-06-01T12:00:00.000Z')
  const statuses: StoredStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED']
  const instants = [null, new Date(now.getTime() - 86_400_000), new Date(now.getTime() - 1), now, new Date(now.getTime() + 1), new Date(now.getTime() + 86_400_000)]
  const deletions = [null, new Date(now.getTime() - 60_000)]
  let compared = 0
  const seen = new Set<string>()
  for (const status of statuses) {
    for (const publishedAt of instants) {
      for (const deletedAt of deletions) {
        const q = sql`SELECT (${visibleSql('a', now)}) IS TRUE AS visible, (${scheduledSql('a', now)}) IS TRUE AS scheduled, ${stateSql('a', now)} AS state
                        FROM (SELECT ${status}::"ArticleStatus" AS status, ${publishedAt}::timestamptz(3) AS published_at, ${deletedAt}::timestamptz(3) AS deleted_at) a`
        const { rows: [db] } = await pool.query<{ visible: boolean, scheduled: boolean, state: string }>(q.text, q.values)
        const row = { status, publishedAt, deletedAt }
        const label = `${status}, publishedAt ${publishedAt?.toISOString() ?? 'null'}, deletedAt ${deletedAt ? 'set' : 'null'}`
        t.equal(isVisible(row, now), db?.visible, `visible: ${label}`)
        t.equal(isScheduled(row, now), db?.scheduled, `scheduled: ${label}`)
        t.equal(stateOf(row, now), db?.state, `state: ${label}`)
        seen.add(`${db?.visible}/${db?.scheduled}/${db?.state}`)
        compared++
      }
    }
  }
  t.equal(compared, 36)
  // The rule itself, literally (PRODUCT.md "Content state").
  t.equal(isVisible({ status: 'PUBLISHED', publishedAt: now }, now), true, 'publishedAt exactly now is visible')
  t.equal(stateOf({ status: 'PUBLISHED', publishedAt: new Date(now.getTime() + 1) }, now), 'SCHEDULED', 'a future instant reads as SCHEDULED')
  t.equal(isVisible({ status: 'PUBLISHED', publishedAt: now, deletedAt: now }, now), false, 'a deleted article is never visible')
  t.equal(isVisible({ status: 'ARCHIVED', publishedAt: now }, now), false, 'archived is not visible')
  t.ok(seen.has('true/false/PUBLISHED') && seen.has('false/true/SCHEDULED') && seen.has('false/false/DRAFT') && seen.has('false/false/ARCHIVED'), 'every outcome occurs')
})
