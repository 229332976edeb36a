// Tags (issue 18, part 4): tags(prefix, first) with counts of visible articles over GraphQL and
// REST, prefixes in search form, counts that follow every write and a scheduled go-live, the
// maintained counts equal to a recount after bulk SQL, bad input, and the reader's tag pages.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type GqlResult, type TestApp } from '../helper.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000
const TAGS = 'query T($prefix: String, $first: Int) { tags(prefix: $prefix, first: $first) { name articleCount } }'

interface Setup extends TestApp {
  ed: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
  write: (title: string, tags: string[], at?: Date | null) => Promise<{ id: string, slug: string }>
}

async function setup (t: Test): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW) })
  await ctx.app.ready()
  await ctx.app.events.ready
  const editor = await createToken(ctx.db, 'EDITOR')
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const ed = (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token: editor })
  let n = 0
  const write: Setup['write'] = async (title, tags, at = new Date(NOW.getTime() - (100 - n++) * 60_000)) => {
    const created = await ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id slug } }', { input: { title, sectionId: section.id, paragraphs: ['فقرة.'], tags } })
    t.same(created.errors, undefined, `created ${title}`)
    if (at === null) return created.data.createArticle
    const published = await ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id slug } }', { id: created.data.createArticle.id, at: at.toISOString() })
    t.same(published.errors, undefined)
    return published.data.publishArticle
  }
  return { ...ctx, ed, write }
}

const tags = async (s: Setup, variables: Record<string, unknown> = {}) => {
  const res = await gql(s.app, TAGS, variables)
  if (res.errors) throw new Error(JSON.stringify(res.errors))
  return res.data.tags.map((x: any) => [x.name, x.articleCount])
}

t.test('counts of visible articles, most used first, that follow every write and a go-live', async (t) => {
  const s = await setup(t)
  const a = await s.write('أ', ['اقتصاد', 'نقل'])
  await s.write('ب', ['اقتصاد', 'economy'])
  await s.write('ج', ['إقتصاد عالمي'])
  await s.write('مسودة', ['اقتصاد', 'سري'], null)
  await s.write('مجدول', ['اقتصاد', 'لاحق'], new Date(NOW.getTime() + HOUR))
  const gone = await s.write('محذوف', ['نقل'])
  await s.ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: gone.id })

  t.same(await tags(s), [['اقتصاد', 2], ['economy', 1], ['إقتصاد عالمي', 1], ['نقل', 1]], 'visible articles only; most used first, then by name')
  t.same(await tags(s, { prefix: 'اقت' }), [['اقتصاد', 2], ['إقتصاد عالمي', 1]], 'a prefix in search form meets hamza forms')
  t.same(await tags(s, { prefix: 'إقتَ' }), [['اقتصاد', 2], ['إقتصاد عالمي', 1]], 'and tashkeel')
  t.same(await tags(s, { prefix: 'ECO' }), [['economy', 1]], 'and Latin case')
  t.same(await tags(s, { prefix: '%' }), [], 'LIKE wildcards are plain characters')
  t.same(await tags(s, { first: 1 }), [['اقتصاد', 2]], 'first')

  s.clock.advance(2 * HOUR) // the scheduled article goes live
  t.same((await tags(s, { prefix: 'ل' })), [['لاحق', 1]], 'a scheduled article counts from its instant, with no write')
  t.same((await tags(s, { prefix: 'اقتصاد' }))[0], ['اقتصاد', 3])

  await s.ed('mutation U($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { version } }', { id: a.id, input: { tags: ['نقل عام'] } })
  t.same(await tags(s, { prefix: 'ن' }), [['نقل عام', 1]], 'an edit of the tags moves the counts')
  await s.ed('mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: a.id })
  t.same(await tags(s, { prefix: 'ن' }), [], 'unpublishing takes its tags away')

  const rest = await s.app.inject({ url: `/api/v1/tags?prefix=${encodeURIComponent('اقت')}&limit=5` })
  t.equal(rest.statusCode, 200)
  t.same(rest.json().data, [{ name: 'اقتصاد', articleCount: 2 }, { name: 'إقتصاد عالمي', articleCount: 1 }], 'REST: the same')
  t.ok(rest.headers.etag, 'cacheable like every public read')
})

t.test('the maintained counts equal a recount after bulk SQL writes', async (t) => {
  const s = await setup(t)
  const section = await s.db.pool.query<{ id: string }>('SELECT id FROM sections LIMIT 1')
  await s.db.pool.query(`
    INSERT INTO articles (id, slug, title, paragraphs, language, status, published_at, section_id, updated_at, tags)
    SELECT gen_random_uuid(), 'bulk-' || g, 'خبر ' || g, ARRAY['فقرة'], 'ar',
           (CASE g % 4 WHEN 0 THEN 'DRAFT' ELSE 'PUBLISHED' END)::"ArticleStatus", $1::timestamptz - make_interval(mins => g), $2::uuid, now(),
           ARRAY['وسم ' || (g % 7), 'عام'] || CASE WHEN g % 3 = 0 THEN ARRAY['ثالث'] ELSE ARRAY[]::text[] END
      FROM generate_series(1, 2000) g`, [NOW, section.rows[0]?.id])
  await s.db.pool.query('UPDATE articles SET tags = ARRAY[\'معدل\'] WHERE slug LIKE \'bulk-1%\'')
  await s.db.pool.query('UPDATE articles SET deleted_at = now() WHERE slug LIKE \'bulk-2%\'')
  await s.db.pool.query('UPDATE articles SET status = \'ARCHIVED\' WHERE slug LIKE \'bulk-3%\'')
  await s.db.pool.query('DELETE FROM articles WHERE slug LIKE \'bulk-4%\'')
  const { rows } = await s.db.pool.query(`
    SELECT tag, published, recount FROM (
      SELECT coalesce(c.tag, r.tag) AS tag, coalesce(c.published, 0) AS published, coalesce(r.n, 0)::int AS recount
        FROM tag_counts c FULL JOIN (
          SELECT t.tag, count(*) AS n FROM articles a CROSS JOIN LATERAL unnest(a.tags) t(tag)
           WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL GROUP BY t.tag) r ON r.tag = c.tag) x
     WHERE published <> recount`)
  t.same(rows, [], 'every tag\'s count equals a recount')
  const top = await tags(s, { first: 2 })
  const { rows: expected } = await s.db.pool.query(`
    SELECT t.tag, count(*)::int AS n FROM articles a CROSS JOIN LATERAL unnest(a.tags) t(tag)
     WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= $1 GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 2`, [NOW])
  t.same(top, expected.map((r) => [r.tag, r.n]), 'and tags() agrees with a direct count')
})

t.test('bad input: a clear error', async (t) => {
  const s = await setup(t)
  for (const [variables, field] of [[{ prefix: 'و'.repeat(51) }, 'prefix'], [{ prefix: 'a\u0000' }, 'prefix'], [{ first: 0 }, 'first'], [{ first: 101 }, 'first']] as const) {
    const res = await gql(s.app, TAGS, variables)
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(variables).slice(0, 40))
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  t.ok((await gql(s.app, TAGS, { first: 'ten' })).errors?.length, 'a wrong type')
  problem(t, await s.app.inject({ url: '/api/v1/tags?limit=0' }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ url: `/api/v1/tags?prefix=${'x'.repeat(60)}` }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ url: '/api/v1/tags?sort=name' }), 400, 'BAD_USER_INPUT')
})

t.test('the reader\'s tag pages', async (t) => {
  const s = await setup(t)
  const story = await s.write('الحكومة تقر خطة النقل', ['نقل عام', 'اقتصاد'])
  await s.write('خبر آخر', ['اقتصاد'])
  await s.write('مسودة', ['نقل عام'], null)

  const article = cheerio.load((await s.app.inject({ url: `/articles/${encodeURIComponent(story.slug)}` })).body)
  const links = article('.tags a').map((_i, a) => ({ text: article(a).text(), href: article(a).attr('href') })).get()
  t.same(links, [{ text: 'نقل عام', href: `/tags/${encodeURIComponent('نقل عام')}` }, { text: 'اقتصاد', href: `/tags/${encodeURIComponent('اقتصاد')}` }], 'the article links its tags')

  const res = await s.app.inject({ url: links[0]?.href as string })
  t.equal(res.statusCode, 200)
  const $ = cheerio.load(res.body)
  t.equal($('html').attr('dir'), 'rtl')
  t.match($('h1').text(), /نقل عام/)
  t.same($('.article-list h2').map((_i, h) => $(h).text()).get(), ['الحكومة تقر خطة النقل'], 'visible articles with the tag only')
  t.ok($('link[rel="alternate"]').map((_i, l) => $(l).attr('href')).get().includes(`/feeds/tags/${encodeURIComponent('نقل عام')}/rss.xml`), 'the tag\'s feeds are linked')
  t.equal($('link[rel="canonical"]').attr('href'), `${s.config.PUBLIC_URL}/tags/${encodeURIComponent('نقل عام')}`)

  const missing = await s.app.inject({ url: '/tags/لا-يوجد' })
  t.equal(missing.statusCode, 404, 'a tag no visible article carries is a 404 page')
  t.match(missing.headers['content-type'], /text\/html/)
})
