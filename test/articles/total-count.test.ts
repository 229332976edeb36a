// totalCount comes from section_article_counts (kept by statement-level triggers) minus the
// scheduled rows, not from counting a section. These tests drive every kind of write through the
// real API, and bulk SQL the triggers must also see, and compare each list's totalCount with a
// direct count of visible rows at the same instant.
import t from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

const at = (minutes: number): Date => new Date(Date.UTC(2026, 5, 1, 12, minutes))

t.test('totalCount equals a direct count of visible rows after every kind of write', async (t) => {
  const clock = new TestClock(at(0))
  const { app, db } = await build(t, { clock })
  const news = await createSection(db, { name: 'أخبار', slug: 'أخبار', position: 0 })
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const city = await createSection(db, { name: 'المدينة', slug: 'المدينة', parentId: local.id })
  const sport = await createSection(db, { name: 'رياضة', slug: 'رياضة', position: 1 })
  const token = await createToken(db, 'EDITOR')
  const write = async (query: string, variables: Record<string, unknown>) => {
    const res = await gql(app, query, variables, { token })
    t.same(res.errors, undefined, 'the write succeeds')
    return res.data
  }
  const create = async (sectionId: string, title: string): Promise<string> =>
    (await write('mutation ($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title, paragraphs: ['نص'], sectionId } })).createArticle.id
  const publish = (id: string, at?: Date) => write('mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id, at: at?.toISOString() ?? null })

  /** totalCount of each list as the API answers it, and the same counted directly. */
  const check = async (label: string) => {
    const res = await gql(app, `{
      all: articles(first: 1) { totalCount }
      news: articles(section: "أخبار", first: 1) { totalCount }
      newsOwn: articles(section: "أخبار", includeSubsections: false, first: 1) { totalCount }
      local: articles(section: "محليات", first: 1) { totalCount }
      sport: articles(section: "رياضة", first: 1) { totalCount }
      tagged: articles(tag: "عاجل", first: 1) { totalCount }
      sections { slug articles(first: 0) { totalCount } }
    }`)
    t.same(res.errors, undefined)
    const counted = async (sectionIds: string[] | null, tag: string | null = null): Promise<number> => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM articles
          WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= $1
            AND ($2::uuid[] IS NULL OR section_id = ANY($2)) AND ($3::text IS NULL OR tags @> ARRAY[$3])`,
        [clock.now(), sectionIds, tag])
      return rows[0]!.n
    }
    const d = res.data
    t.same({
      all: d.all.totalCount,
      news: d.news.totalCount,
      newsOwn: d.newsOwn.totalCount,
      local: d.local.totalCount,
      sport: d.sport.totalCount,
      tagged: d.tagged.totalCount,
    }, {
      all: await counted(null),
      news: await counted([news.id, local.id, city.id]),
      newsOwn: await counted([news.id]),
      local: await counted([local.id, city.id]),
      sport: await counted([sport.id]),
      tagged: await counted(null, 'عاجل'),
    }, `${label}: every list's totalCount matches a direct count`)
    const roots = Object.fromEntries(d.sections.map((s: { slug: string, articles: { totalCount: number } }) => [s.slug, s.articles.totalCount]))
    t.same(roots, { أخبار: d.news.totalCount, رياضة: d.sport.totalCount }, `${label}: the front page's counts agree`)
    return d
  }

  const empty = await check('no articles')
  t.equal(empty.all.totalCount, 0)

  const a = await create(city.id, 'مقال في المدينة')
  const b = await create(local.id, 'مقال محلي')
  const c = await create(sport.id, 'مقال رياضي')
  await check('drafts only')

  await publish(a)
  await publish(b)
  await publish(c)
  const live = await check('three published')
  t.equal(live.news.totalCount, 2, 'subsections count toward their ancestors')

  clock.set(at(10))
  const scheduled = await create(city.id, 'مقال مجدول')
  await publish(scheduled, at(30))
  const before = await check('one scheduled')
  t.equal(before.news.totalCount, 2, 'a scheduled article is not counted before its instant')
  clock.set(at(31))
  const after = await check('the scheduled one went live')
  t.equal(after.news.totalCount, 3, 'it counts from its instant, with no write')

  await write('mutation ($id: ID!) { updateArticle(id: $id, input: { sectionId: "' + sport.id + '", tags: ["عاجل"] }) { id } }', { id: a })
  const moved = await check('moved to another section and tagged')
  t.equal(moved.sport.totalCount, 2)

  await write('mutation ($id: ID!) { unpublishArticle(id: $id) { status } }', { id: b })
  await check('unpublished (archived)')
  await publish(b)
  await check('re-published')
  await write('mutation ($id: ID!) { deleteArticle(id: $id) }', { id: c })
  const deleted = await check('deleted')
  t.equal(deleted.all.totalCount, 3)

  // Bulk SQL (an import, a fix-up script) goes through the same statement-level triggers.
  await db.pool.query(`
    INSERT INTO articles (id, slug, title, paragraphs, language, tags, status, published_at, section_id, updated_at)
    SELECT gen_random_uuid(), 'bulk-' || g, 'مقال ' || g, ARRAY['نص'], 'ar', ARRAY['عاجل'],
           CASE WHEN g % 4 = 0 THEN 'DRAFT'::"ArticleStatus" ELSE 'PUBLISHED'::"ArticleStatus" END,
           CASE WHEN g % 4 = 0 THEN NULL WHEN g % 4 = 1 THEN $1::timestamptz + interval '1 day' ELSE $1::timestamptz - make_interval(mins => g) END,
           (ARRAY[$2, $3, $4]::uuid[])[1 + g % 3], now()
      FROM generate_series(1, 300) AS g`, [clock.now(), news.id, city.id, sport.id])
  await check('300 inserted in one statement')
  await db.pool.query("UPDATE articles SET deleted_at = now() WHERE slug LIKE 'bulk-%' AND random() < 0.3")
  await db.pool.query("UPDATE articles SET section_id = $1 WHERE slug LIKE 'bulk-%' AND section_id = $2", [local.id, news.id])
  await check('bulk delete and bulk move')
  await db.pool.query("DELETE FROM articles WHERE slug LIKE 'bulk-%' AND status = 'PUBLISHED'")
  await check('bulk hard delete')
  clock.set(at(60 * 24 * 2))
  await check('two days later')
})

t.test('the maintained counts equal a recount after concurrent publishes', async (t) => {
  const clock = new TestClock(at(0))
  const { app, db } = await build(t, { clock })
  const section = await createSection(db, { name: 'اقتصاد', slug: 'اقتصاد' })
  const token = await createToken(db, 'EDITOR')
  const ids: string[] = []
  for (let i = 0; i < 12; i++) {
    const res = await gql(app, 'mutation ($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: `خبر ${i}`, paragraphs: ['نص'], sectionId: section.id } }, { token })
    ids.push(res.data.createArticle.id)
  }
  const results = await Promise.all(ids.map((id) => gql(app, 'mutation ($id: ID!) { publishArticle(id: $id) { id } }', { id }, { token })))
  t.same(results.flatMap((r) => r.errors ?? []), [], 'every publish succeeds')
  const { rows } = await db.pool.query<{ kept: number, recount: number }>(`
    SELECT (SELECT published FROM section_article_counts WHERE section_id = $1) AS kept,
           (SELECT count(*)::int FROM articles WHERE section_id = $1 AND status = 'PUBLISHED' AND deleted_at IS NULL) AS recount`, [section.id])
  t.same(rows[0], { kept: 12, recount: 12 })
  const res = await gql(app, '{ articles(section: "اقتصاد", first: 1) { totalCount } }')
  t.equal(res.data.articles.totalCount, 12)
})
