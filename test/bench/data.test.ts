// The benchmark dataset generator (bench/data): a small dataset obeys the content rules the API
// relies on (visibility, slugs, UUIDv7 ids, comment counts under the public rule), the same seed
// gives the same rows, and COPY escaping survives awkward text.
import pg from 'pg'
import t from 'tap'
import { copyInto, copyJson, copyLine, copyText, copyTextArray, copyTime } from '../../bench/data/copy.ts'
import { datasetName, ensureDataset, generateDataset, type DatasetSummary } from '../../bench/data/generate.ts'
import { TAGS } from '../../bench/data/text.ts'
import { withClient } from '../../bench/lib/pg.ts'
import { slugify } from '../../src/lib/arabic.ts'
import { isUuid } from '../../src/lib/uuid.ts'
import { createTestDatabase, urlForDatabase } from '../helper.ts'
import { testServerUrl } from '../setup/test-server.ts'

const ARGS = { articles: 400, comments: 3000, seed: 7 }

const one = async <T = Record<string, string>>(client: pg.Client, sql: string): Promise<T> => (await client.query(sql)).rows[0] as T

/** md5 of every row of the generated tables, in id order: equal md5s, equal rows. */
const FINGERPRINT = `SELECT (SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM sections s) AS sections,
                            (SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM articles a) AS articles,
                            (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM comments c) AS comments`

t.test('COPY fields: NULL, tabs, newlines, backslashes, quotes and braces survive', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const awkward = ['tab\there', 'line\nbreak\r\nend', 'back\\slash\\N', '\\N', 'NULL', '', 'quote "x" \'y\'', '{braces},commas', ' spaced ', 'عربي «مقتبس»']
  const json = { a: 'x\ty\\z"', b: [1, 2.5], c: null, d: 'سطر\nجديد' }
  const rows = await withClient(url, async (client) => {
    await client.query('CREATE TABLE copy_check (n int, t text, a text[], j jsonb, at timestamptz(3))')
    const lines = awkward.map((s, n) => copyLine([String(n), copyText(s), copyTextArray([s, 'plain', s]), copyJson({ s }), copyTime(1_700_000_000_123 + n)]))
    lines.push(copyLine(['100', copyText(null), copyTextArray(null), copyJson(null), copyTime(null)]))
    lines.push(copyLine(['101', copyText('x'), copyTextArray([]), copyJson(json), copyTime(0)]))
    t.equal(await copyInto(client, 'copy_check', ['n', 't', 'a', 'j', 'at'], lines), awkward.length + 2)
    return (await client.query('SELECT n, t, a, j, at FROM copy_check ORDER BY n')).rows
  })
  awkward.forEach((s, n) => {
    t.same(rows[n], { n, t: s, a: [s, 'plain', s], j: { s }, at: new Date(1_700_000_000_123 + n) }, JSON.stringify(s))
  })
  t.same(rows[awkward.length], { n: 100, t: null, a: null, j: null, at: null })
  t.same(rows[awkward.length + 1], { n: 101, t: 'x', a: [], j: json, at: new Date(0) })
})

t.test('a small dataset follows the content rules, and the same seed gives the same rows', async (t) => {
  const url = await createTestDatabase(t)
  const summary: DatasetSummary = await generateDataset(url, ARGS)
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  t.teardown(() => db.end())

  t.test('sections: 60 in three levels, positions dense under each parent', async (t) => {
    const levels = (await db.query<{ depth: number, n: string }>(`
      WITH RECURSIVE tree AS (SELECT id, 1 AS depth FROM sections WHERE parent_id IS NULL
                              UNION ALL SELECT s.id, tree.depth + 1 FROM sections s JOIN tree ON s.parent_id = tree.id)
      SELECT depth, count(*) AS n FROM tree GROUP BY depth ORDER BY depth`)).rows
    t.same(levels.map((l) => [l.depth, Number(l.n)]), [[1, 10], [2, 30], [3, 20]])
    t.equal(summary.sections, 60)
    const gaps = await one(db, `SELECT count(*) AS n FROM (SELECT parent_id, max(position) - count(*) + 1 AS gap, min(position) AS low
                                 FROM sections GROUP BY parent_id) g WHERE gap <> 0 OR low <> 0`)
    t.equal(Number(gaps.n), 0)
    const empty = await one(db, `SELECT count(*) AS n FROM sections s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id
                                  AND a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= now())`)
    t.equal(Number(empty.n), 0, 'every section has visible articles')
    t.ok(summary.largestSection.visibleArticles > ARGS.articles / 10, 'one clearly largest section')
  })

  t.test('article states as summarised', async (t) => {
    t.same(summary.articles, { total: 426, visible: 400, drafts: 20, scheduled: 2, archived: 2, deleted: 2 })
    const bad = await one(db, `SELECT
        count(*) FILTER (WHERE created_at > updated_at) AS updated_before_created,
        count(*) FILTER (WHERE published_at IS NOT NULL AND created_at > published_at) AS created_after_published,
        count(*) FILTER (WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= now() AND (updated_at < published_at OR first_published_at IS DISTINCT FROM published_at)) AS visible,
        count(*) FILTER (WHERE status = 'DRAFT' AND (published_at IS NOT NULL OR first_published_at IS NOT NULL)) AS drafts,
        count(*) FILTER (WHERE status = 'PUBLISHED' AND published_at > now() AND (first_published_at IS NOT NULL OR published_at < '2030-01-01')) AS scheduled,
        count(*) FILTER (WHERE status = 'ARCHIVED' AND (first_published_at IS NULL OR updated_at <= published_at)) AS archived,
        count(*) FILTER (WHERE deleted_at IS NOT NULL AND deleted_at < created_at) AS deleted,
        count(*) FILTER (WHERE version NOT BETWEEN 1 AND 5) AS versions
      FROM articles`)
    t.same(bad, { updated_before_created: '0', created_after_published: '0', visible: '0', drafts: '0', scheduled: '0', archived: '0', deleted: '0', versions: '0' })
  })

  t.test('ids are UUIDv7 stamped with created_at', async (t) => {
    for (const table of ['sections', 'articles', 'comments']) {
      const row = await one(db, `SELECT count(*) FILTER (WHERE substr(id::text, 15, 1) <> '7' OR substr(id::text, 20, 1) NOT IN ('8', '9', 'a', 'b')
                                    OR ('x' || lpad(substr(replace(id::text, '-', ''), 1, 12), 16, '0'))::bit(64)::bigint
                                       <> (extract(epoch FROM created_at) * 1000)::bigint) AS bad FROM ${table}`)
      t.equal(row.bad, '0', table)
    }
  })

  t.test('slugs are clean, unique and never UUID-shaped; titles and bodies have the planned size', async (t) => {
    const { rows } = await db.query<{ slug: string, title: string, tags: string[], paragraphs: string[], language: string }>('SELECT slug, title, tags, paragraphs, language FROM articles')
    t.equal(new Set(rows.map((r) => r.slug)).size, rows.length, 'unique')
    t.same(rows.filter((r) => slugify(r.slug) !== r.slug || isUuid(r.slug)).map((r) => r.slug), [], 'slugify(slug) === slug')
    t.same(rows.filter((r) => !r.slug.startsWith(slugify(r.title))).map((r) => r.slug), [], 'made from the title')
    const words = rows.map((r) => r.title.split(/\s+/).length)
    t.ok(Math.min(...words) >= 6 && Math.max(...words) <= 14, 'titles of 6–14 words')
    t.ok(rows.every((r) => r.tags.length >= 1 && r.tags.length <= 4 && r.tags.every((tag) => TAGS.includes(tag))), '1–4 known tags')
    t.ok(rows.every((r) => r.paragraphs.length >= 3 && r.paragraphs.length <= 7), '3–7 paragraphs')
    const bytes = rows.reduce((sum, r) => sum + Buffer.byteLength(r.paragraphs.join(''), 'utf8'), 0) / rows.length
    t.ok(bytes > 1400 && bytes < 1800, `bodies about 1.6 KB on average (${Math.round(bytes)} bytes)`)
    const english = rows.filter((r) => r.language === 'en').length / rows.length
    t.ok(english > 0.05 && english < 0.15, `about 10 % English (${english})`)
  })

  t.test('comments: statuses, one level of replies, counts under the public rule', async (t) => {
    t.equal(summary.comments.total, ARGS.comments)
    const approved = summary.comments.approved / summary.comments.total
    t.ok(approved > 0.87 && approved < 0.94, `about 90 % approved (${approved})`)
    const replies = summary.comments.replies / summary.comments.total
    t.ok(replies > 0.15 && replies < 0.25, `about 20 % replies (${replies})`)
    const bad = await one(db, `SELECT
        count(*) FILTER (WHERE c.parent_id IS NOT NULL AND (p.parent_id IS NOT NULL OR p.article_id <> c.article_id OR p.created_at >= c.created_at)) AS replies,
        count(*) FILTER (WHERE c.created_at <= a.published_at OR c.created_at > now()) AS times,
        count(*) FILTER (WHERE NOT (a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= now())) AS on_hidden,
        count(*) FILTER (WHERE length(c.client_hash) <> 64 OR c.client_hash !~ '^[0-9a-f]+$') AS hashes
      FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id`)
    const { on_hidden: onHidden, ...broken } = bad
    t.same(broken, { replies: '0', times: '0', hashes: '0' })
    t.ok(Number(onHidden) < ARGS.comments * 0.05, `comments are mostly on visible articles (${onHidden} are not)`)
    const counts = await one(db, `SELECT count(*) FILTER (WHERE a.comment_count <> coalesce(x.public, 0)) AS count_mismatch,
                                         count(*) FILTER (WHERE (a.comment_version > 0) <> (coalesce(x.approved, 0) > 0)) AS version_mismatch
      FROM articles a LEFT JOIN (
        SELECT c.article_id, count(*) FILTER (WHERE c.parent_id IS NULL OR p.status = 'APPROVED') AS public, count(*) AS approved
          FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.status = 'APPROVED' GROUP BY c.article_id) x ON x.article_id = a.id`)
    t.same(counts, { count_mismatch: '0', version_mismatch: '0' })
  })

  t.test('the newest visible articles carry 25+ approved top-level comments', async (t) => {
    t.equal(summary.hotArticles, 20)
    const { rows } = await db.query<{ n: string }>(`
      SELECT (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.parent_id IS NULL AND c.status = 'APPROVED') AS n
        FROM articles a WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= now()
       ORDER BY a.published_at DESC, a.id DESC LIMIT $1`, [summary.hotArticles])
    t.equal(rows.length, summary.hotArticles, 'as many visible articles as summarised')
    t.ok(rows.every((r) => Number(r.n) >= 25), rows.map((r) => r.n).join(' '))
  })

  t.test('site state and the per-section counts', async (t) => {
    const site = await one(db, 'SELECT count(*) AS n, min(change_count) AS changes, min(comment_version) AS comments FROM site_state')
    t.equal(site.n, '1')
    t.ok(Number(site.changes) > 400)
    t.equal(Number(site.comments), summary.comments.approved)
    t.not(summary.sectionCounts, 'mismatch', 'section_article_counts agrees with the articles (when it exists)')
  })

  t.test('the same arguments into another database give identical rows', async (t) => {
    const twin = await createTestDatabase(t)
    const again = await generateDataset(twin, ARGS)
    t.same({ ...again, generationSeconds: 0 }, { ...summary, generationSeconds: 0 }, 'same summary')
    const [a, b] = await Promise.all([url, twin].map((u) => withClient(u, (c) => one(c, FINGERPRINT))))
    t.ok(a?.articles && a.comments, 'fingerprints computed')
    t.same(b, a, 'identical rows, ids and timestamps included')
    await t.rejects(generateDataset(twin, ARGS), /empty database/, 'refuses a database that holds rows')
  })
})

t.test('ensureDataset builds once, reuses, and rebuilds a database without its marker', async (t) => {
  const server = testServerUrl()
  const seed = 100_000 + (process.pid % 100_000)
  const name = datasetName(30, { seed, prefix: 'test_bench_' })
  t.equal(name, `test_bench_news_30_s${seed}`)
  t.equal(datasetName(100_000), 'bench_news_100000')
  const drop = (): Promise<unknown> => withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  await drop()
  t.teardown(drop)
  const first = await ensureDataset(server, 30, { seed, prefix: 'test_bench_' })
  t.equal(first.reused, false)
  t.equal(first.url, urlForDatabase(server, name))
  t.equal(first.summary.articles.visible, 30)
  const second = await ensureDataset(server, 30, { seed, prefix: 'test_bench_' })
  t.equal(second.reused, true)
  t.same(second.summary, first.summary)
  await withClient(server, (c) => c.query(`COMMENT ON DATABASE "${name}" IS NULL`))
  const third = await ensureDataset(server, 30, { seed, prefix: 'test_bench_' })
  t.equal(third.reused, false, 'no marker: rebuilt')
  t.equal((await ensureDataset(server, 30, { seed, prefix: 'test_bench_', force: true })).reused, false, 'force: rebuilt')
  const newer = JSON.stringify({ ...first, generator: 999 })
  await withClient(server, (c) => c.query(`COMMENT ON DATABASE "${name}" IS ${c.escapeLiteral(newer)}`))
  await t.rejects(ensureDataset(server, 30, { seed, prefix: 'test_bench_' }), /newer than this one/, 'an older generator leaves a newer dataset alone')
})
