// The service's own timers fire by themselves, not only when a test calls what they call: the
// go-live timer (armed for the next scheduled instant, on the service's clock) and the hourly
// sweep of expired Idempotency-Keys (on mocked interval timers, so the hour passes at once).
import { mock } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

t.test('the go-live timer announces a scheduled article at its instant, by itself', async (t) => {
  const clock = new TestClock(new Date('2026-06-01T12:00:00.000Z'))
  const { app, db } = await build(t, { clock })
  const section = await createSection(db)
  const editor = await createToken(db, 'EDITOR')
  const created = await gql(app, 'mutation ($s: ID!) { createArticle(input: { title: "خبر مجدول", paragraphs: ["نص"], sectionId: $s }) { id } }', { s: section.id }, { token: editor })
  const id = created.data.createArticle.id as string
  const at = new Date(clock.now().getTime() + 400)
  const published = await gql(app, 'mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id, at: at.toISOString() }, { token: editor })
  t.equal(published.data.publishArticle.status, 'SCHEDULED')
  const announced = async () => (await db.pool.query('SELECT 1 FROM go_live_events WHERE article_id = $1', [id])).rowCount === 1
  const before = (await gql(app, '{ site { contentVersion } }')).data.site.contentVersion

  await sleep(600) // the timer fires after 400 ms of real time, but on the service's clock it is not yet time
  t.notOk(await announced(), 'not announced before its instant on the service\'s clock')

  clock.set(at) // the instant comes; the timer, re-armed for it, fires within its next period
  let seen = false
  for (let waited = 0; waited < 10_000 && !seen; waited += 100) {
    await sleep(100)
    seen = await announced()
  }
  t.ok(seen, 'announced with no call from the test')
  t.not((await gql(app, '{ site { contentVersion } }')).data.site.contentVersion, before, 'contentVersion moved at the instant, with no write')
})

t.test('expired Idempotency-Keys are swept every hour, by themselves', async (t) => {
  mock.timers.enable({ apis: ['setInterval'] })
  t.teardown(() => mock.timers.reset())
  const clock = new TestClock(new Date('2026-06-01T12:00:00.000Z'))
  const { db } = await build(t, { clock })
  const at = (ms: number) => new Date(clock.now().getTime() + ms)
  await db.prisma.idempotencyKey.createMany({
    data: [
      { scope: 'comment', key: 'expired', requestHash: 'h', expiresAt: at(-1) },
      { scope: 'comment', key: 'live', requestHash: 'h', expiresAt: at(3_600_000 * 2) },
    ],
  })
  const keys = async () => (await db.prisma.idempotencyKey.findMany({ orderBy: { key: 'asc' } })).map((k) => k.key)
  mock.timers.tick(3_600_000 - 1)
  await sleep(50)
  t.same(await keys(), ['expired', 'live'], 'nothing swept before the hour')
  mock.timers.tick(1)
  let left = await keys()
  for (let i = 0; i < 50 && left.length > 1; i++) {
    await sleep(20)
    left = await keys()
  }
  t.same(left, ['live'], 'after an hour the expired key is gone, the live one kept')
})
