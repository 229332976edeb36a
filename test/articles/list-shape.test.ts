// The shape of the hot list statements at a newsroom's size, not only their number: with 20,000
// visible articles (plus drafts, scheduled, archived and deleted ones) in 60 sections three levels
// deep, the front page and a section page (first and 50th page) touch a bounded number of rows and
// buffers, read off EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of exactly what the service sends,
// planned both ways PostgreSQL may plan a named statement (custom and generic). A plan that reads
// a section's every row, sorts it, counts it, or JIT-compiles fails here.
import t from 'tap'
import type pg from 'pg'
import { buildOn, createTestDatabase, gql } from '../helper.ts'
import { startWireCapture } from '../support/pg-wire.ts'

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Rows': number
  'Actual Loops': number
  'Shared Hit Blocks': number
  'Shared Read Blocks': number
  Plans?: PlanNode[]
}
interface Explained { Plan: PlanNode, JIT?: unknown, 'Execution Time': number }

const walk = (node: PlanNode, fn: (n: PlanNode) => void): void => {
  fn(node)
  for (const child of node.Plans ?? []) walk(child, fn)
}

/** What a plan did: buffers, rows produced by scans of `articles`, and the kinds of scan. */
function summarise (explained: Explained) {
  let articleRows = 0
  const scans = new Set<string>()
  walk(explained.Plan, (n) => {
    if (n['Relation Name'] === 'articles' && n['Actual Loops'] > 0) { // sub-plans never executed don't count
      articleRows += n['Actual Rows'] * n['Actual Loops']
      scans.add(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`)
    }
  })
  return {
    buffers: explained.Plan['Shared Hit Blocks'] + explained.Plan['Shared Read Blocks'],
    articleRows,
    scans: [...scans].sort(),
    jit: explained.JIT !== undefined,
  }
}

/** A captured text-format parameter as an SQL literal. */
const literal = (v: unknown): string => v === null ? 'NULL' : `'${String(v).replaceAll("'", "''")}'`

/** EXPLAIN a captured statement on one of the service's own connections (its settings apply). */
async function explain (client: pg.PoolClient, statement: { text: string, params: unknown[] }, mode: 'custom' | 'generic'): Promise<Explained> {
  await client.query(`SET plan_cache_mode = force_${mode}_plan`)
  await client.query('DEALLOCATE ALL')
  await client.query(`PREPARE shape AS ${statement.text}`)
  const args = statement.params.map(literal).join(', ')
  const { rows } = await client.query<{ 'QUERY PLAN': Explained[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE shape(${args})`)
  await client.query('DEALLOCATE shape')
  await client.query('RESET plan_cache_mode')
  return rows[0]!['QUERY PLAN'][0]!
}

t.test('front page and section pages at 20,000 articles touch a bounded number of rows and buffers', async (t) => {
  // The app talks through the recording proxy, so the test EXPLAINs exactly what it sent.
  const wire = await startWireCapture(await createTestDatabase(t))
  t.teardown(() => wire.close())
  // (the bulk load below builds 21,600 search documents in one statement: no request's time limit)
  const { app, db, clock } = await buildOn(t, wire.url, { env: { DATABASE_STATEMENT_TIMEOUT: '300s' } })
  const now = clock.now()
  // 10 top-level sections, 30 children, 20 grandchildren; articles skewed towards the first sections.
  await db.pool.query(`
    INSERT INTO sections (id, slug, name, position, parent_id)
    SELECT gen_random_uuid(), 'top-' || i, 'قسم ' || i, i, NULL FROM generate_series(0, 9) i;
    INSERT INTO sections (id, slug, name, position, parent_id)
    SELECT gen_random_uuid(), 'child-' || i || '-' || j, 'فرع ' || i || '-' || j, j, (SELECT id FROM sections WHERE slug = 'top-' || i)
      FROM generate_series(0, 9) i, generate_series(0, 2) j;
    INSERT INTO sections (id, slug, name, position, parent_id)
    SELECT gen_random_uuid(), 'grandchild-' || i || '-' || j, 'فرع فرعي ' || i || '-' || j, j, (SELECT id FROM sections WHERE slug = 'child-' || i || '-0')
      FROM generate_series(0, 9) i, generate_series(0, 1) j;`)
  const { rows: sectionRows } = await db.pool.query<{ id: string }>('SELECT id FROM sections ORDER BY slug')
  t.equal(sectionRows.length, 60)
  // 20,000 visible, 1,000 drafts, 200 scheduled, 200 archived, 200 deleted; bodies ~1.6 KB that
  // do not compress away (hex), so rows are as wide as real ones.
  const loading = Date.now()
  await db.pool.query(`
    INSERT INTO articles (id, slug, title, summary, paragraphs, language, tags, status, published_at, deleted_at, section_id, created_at, updated_at)
    SELECT gen_random_uuid(), 'article-' || g, 'عنوان الخبر رقم ' || g, 'ملخص الخبر ' || g,
           ARRAY[(SELECT string_agg(md5(g::text || '-' || k), ' ') FROM generate_series(1, 24) k),
                 (SELECT string_agg(md5(k::text || '-' || g), ' ') FROM generate_series(1, 24) k)],
           'ar', ARRAY['وسم-' || (g % 40)],
           CASE WHEN g <= 20000 OR g > 21200 OR g > 21000 AND g <= 21200 AND g % 2 = 0 THEN 'PUBLISHED'
                WHEN g <= 21000 THEN 'DRAFT' ELSE 'ARCHIVED' END::"ArticleStatus",
           CASE WHEN g <= 20000 THEN $1::timestamptz - make_interval(mins => g * 7)
                WHEN g <= 21000 THEN NULL
                WHEN g <= 21200 AND g % 2 = 0 THEN $1::timestamptz + make_interval(hours => g - 21000)
                ELSE $1::timestamptz - make_interval(mins => g) END,
           CASE WHEN g > 21200 THEN $1::timestamptz END,
           ($2::uuid[])[1 + floor(60 * power(random(), 2))::int],
           $1::timestamptz - make_interval(mins => g * 7), $1::timestamptz - make_interval(mins => g * 7)
      FROM generate_series(1, 21400) AS g`, [now, sectionRows.map((s) => s.id)])
  t.comment(`20,000 + 1,600 articles loaded (search documents built by the triggers) in ${Date.now() - loading} ms`)
  await db.pool.query('VACUUM ANALYZE articles')
  await db.pool.query('ANALYZE')
  const { rows: [counts] } = await db.pool.query<{ visible: number }>(
    "SELECT count(*)::int AS visible FROM articles WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= $1", [now])
  t.equal(counts?.visible, 20000)

  const capture = async (document: string, variables?: Record<string, unknown>) => {
    await gql(app, document, variables) // warm: the tree and the site state are read once
    wire.reset()
    const res = await gql(app, document, variables)
    t.same(res.errors, undefined)
    const lists = wire.statements().filter((s) => s.text.includes('jsonb_to_recordset'))
    t.equal(lists.length, 1, 'one list statement')
    return { data: res.data, statement: lists[0]! }
  }

  const front = await capture('{ sections { name articles(first: 5) { totalCount edges { node { title slug publishedAt section { name } commentCount } } } } }')
  t.equal(front.data.sections.length, 10)
  t.equal(front.data.sections.reduce((n: number, s: { articles: { totalCount: number } }) => n + s.articles.totalCount, 0), 20000, 'the totals add up to every visible article')

  const largest = await db.pool.query<{ slug: string, n: number }>(`
    SELECT s.slug, count(*)::int AS n FROM articles a JOIN sections s ON s.id = a.section_id
     WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= $1
     GROUP BY s.slug ORDER BY n DESC LIMIT 1`, [now])
  const biggest = largest.rows[0]!
  t.ok(biggest.n > 1000, `the largest section holds ${biggest.n} visible articles (over 50 pages)`)
  const SECTION_PAGE = 'query ($s: String!, $after: String) { articles(section: $s, includeSubsections: false, first: 20, after: $after) { totalCount pageInfo { endCursor } edges { node { id title } } } }'
  const page1 = await capture(SECTION_PAGE, { s: biggest.slug })
  let after: string | null = null
  for (let page = 1; page < 50; page++) {
    const res: { data: any } = await gql(app, SECTION_PAGE, { s: biggest.slug, after })
    after = res.data.articles.pageInfo.endCursor
  }
  const page50 = await capture(SECTION_PAGE, { s: biggest.slug, after })
  t.equal(page50.data.articles.edges.length, 20)

  const client = await db.pool.connect()
  t.teardown(() => client.release())
  const settings = await client.query<{ jit: string, mode: string }>("SELECT current_setting('jit') AS jit, current_setting('plan_cache_mode') AS mode")
  t.same(settings.rows[0], { jit: 'off', mode: 'force_generic_plan' }, "the service's sessions never JIT-compile and plan named statements once")
  for (const mode of ['custom', 'generic'] as const) {
    const fp = summarise(await explain(client, front.statement, mode))
    t.comment(`front page (${mode} plan): ${JSON.stringify(fp)}`)
    t.notOk(fp.jit, `front page (${mode}): no JIT compilation`)
    t.notOk(fp.scans.some((s) => s.startsWith('Seq Scan') || s.startsWith('Bitmap')), `front page (${mode}): only index walks of articles (${fp.scans.join(', ')})`)
    // 10 lists × up to 6 sections × (5 + 1) rows, plus the scheduled rows of the counts.
    t.ok(fp.articleRows <= 10 * 6 * 6 + 200, `front page (${mode}): ${fp.articleRows} article rows touched`)
    t.ok(fp.buffers <= 1200, `front page (${mode}): ${fp.buffers} buffers`)

    for (const [label, page] of [['page 1', page1], ['page 50', page50]] as const) {
      const sp = summarise(await explain(client, page.statement, mode))
      t.comment(`section ${label} (${mode} plan): ${JSON.stringify(sp)}`)
      t.notOk(sp.scans.some((s) => s.startsWith('Seq Scan') || s.startsWith('Bitmap')), `section ${label} (${mode}): index walks only`)
      t.ok(sp.articleRows <= 21 + 200, `section ${label} (${mode}): ${sp.articleRows} article rows touched`)
      t.ok(sp.buffers <= 120, `section ${label} (${mode}): ${sp.buffers} buffers`)
    }
  }
})
