// Sitemaps and robots.txt (issue 15): the sitemap index and its article pages at a small page
// size, the sections sitemap, the Google News sitemap's 48-hour window under a controlled clock,
// visibility, validators and 304s; every document parsed (saxes: well-formed; fast-xml-parser:
// the protocol's required elements).
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type TestApp } from '../helper.ts'
import { parseXml, xmlError } from '../support/xml.ts'

const NOW = new Date('2026-03-10T12:00:00.000Z')
const BASE = 'https://news.example'
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000)
const url = (slug: string) => `${BASE}/articles/${encodeURIComponent(slug)}`

async function setup (t: Test, env: Record<string, string> = {}): Promise<TestApp & { section: { id: string } }> {
  const ctx = await build(t, { clock: new TestClock(NOW), env: { PUBLIC_URL: BASE, SITEMAP_PAGE_SIZE: '3', ...env } })
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  return { ...ctx, section }
}

async function xml (t: Test, app: TestApp['app'], path: string) {
  const res = await app.inject({ url: path })
  t.equal(res.statusCode, 200, path)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  t.equal(xmlError(res.body), null, `${path} is well-formed`)
  return { res, doc: parseXml(res.body) }
}

/** A urlset's entries, checked against the protocol: the namespace, a loc for every url. */
function urls (t: Test, doc: any): Array<{ loc: string, lastmod?: string, 'news:news'?: any }> {
  t.equal(doc.urlset['@xmlns'], SITEMAP_NS)
  const list = doc.urlset.url ?? []
  for (const u of list) t.match(u.loc, /^https:\/\//, 'every url has an absolute loc')
  return list
}

t.test('the index points at article pages of SITEMAP_PAGE_SIZE, oldest first, and the sections sitemap', async (t) => {
  const { app, db, section, clock } = await setup(t)
  const slugs: string[] = []
  for (let i = 0; i < 7; i++) {
    const a = await createArticle(db, { sectionId: section.id, slug: `story-${i}`, publishedAt: hours(-100 + i) })
    slugs.push(a.slug)
  }
  await createArticle(db, { sectionId: section.id, slug: 'draft', status: 'DRAFT' })
  await createArticle(db, { sectionId: section.id, slug: 'scheduled', publishedAt: hours(5) })
  await createArticle(db, { sectionId: section.id, slug: 'archived', status: 'ARCHIVED', publishedAt: hours(-90) })
  await createArticle(db, { sectionId: section.id, slug: 'deleted', publishedAt: hours(-90), deletedAt: hours(-1) })
  // written before they went out (factories stamp updated_at with the real time), one edited since
  await db.pool.query("UPDATE articles SET updated_at = coalesce(published_at, $1) - interval '1 hour'", [NOW])
  await db.pool.query('UPDATE articles SET updated_at = $1 WHERE slug = $2', [hours(-2), 'story-1'])

  const { doc } = await xml(t, app, '/sitemap.xml')
  t.equal(doc.sitemapindex['@xmlns'], SITEMAP_NS)
  const entries = doc.sitemapindex.sitemap
  t.same(entries.map((s: any) => s.loc), [`${BASE}/sitemaps/sections.xml`, ...[1, 2, 3].map((n) => `${BASE}/sitemaps/articles-${n}.xml`)])
  t.equal(new Date(entries[1].lastmod).toISOString(), hours(-2).toISOString(), 'a page\'s lastmod: its newest change')
  t.equal(new Date(entries[3].lastmod).toISOString(), hours(-94).toISOString(), 'or its newest publication')

  const pages = []
  for (const n of [1, 2, 3]) pages.push(urls(t, (await xml(t, app, `/sitemaps/articles-${n}.xml`)).doc))
  t.same(pages.map((p) => p.length), [3, 3, 1])
  t.same(pages.flat().map((u) => u.loc), slugs.map(url), 'every visible article once, oldest first; nothing else')
  t.equal(new Date(pages[0]?.[1]?.lastmod as string).toISOString(), hours(-2).toISOString(), 'lastmod from updatedAt')
  t.equal(new Date(pages[0]?.[0]?.lastmod as string).toISOString(), hours(-100).toISOString(), 'or publishedAt when later')

  problem(t, await app.inject({ url: '/sitemaps/articles-4.xml' }), 404, 'NOT_FOUND', 'past the last page')
  problem(t, await app.inject({ url: '/sitemaps/articles-0.xml' }), 400, 'BAD_USER_INPUT', 'page 0')
  problem(t, await app.inject({ url: '/sitemaps/articles-x.xml' }), 400, 'BAD_USER_INPUT', 'not a number')
  problem(t, await app.inject({ url: '/sitemaps/articles-99999999999.xml' }), 400, 'BAD_USER_INPUT', 'too large')

  // a scheduled article joins the last page at its instant
  clock.set(hours(6))
  const last = urls(t, (await xml(t, app, '/sitemaps/articles-3.xml')).doc)
  t.same(last.map((u) => u.loc), [url('story-6'), url('scheduled')])
})

t.test('the sections sitemap: the home page and every section, parents first', async (t) => {
  const { app, db, section } = await setup(t)
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: section.id })
  await createSection(db, { name: 'رياضة', slug: 'رياضة', position: 1 })
  const list = urls(t, (await xml(t, app, '/sitemaps/sections.xml')).doc)
  t.same(list.map((u) => u.loc), [`${BASE}/`, `${BASE}/sections/${encodeURIComponent('أخبار')}`, `${BASE}/sections/${encodeURIComponent(local.slug)}`, `${BASE}/sections/${encodeURIComponent('رياضة')}`])
})

t.test('a site with nothing visible: an index of the sections sitemap only', async (t) => {
  const { app, db, section } = await setup(t)
  await createArticle(db, { sectionId: section.id, status: 'DRAFT' })
  const { doc } = await xml(t, app, '/sitemap.xml')
  t.same(doc.sitemapindex.sitemap.map((s: any) => s.loc), [`${BASE}/sitemaps/sections.xml`])
  problem(t, await app.inject({ url: '/sitemaps/articles-1.xml' }), 404, 'NOT_FOUND', 'no article page (a sitemap lists at least one URL)')
})

t.test('the news sitemap: visible articles of the last 48 hours, with publication, language and title', async (t) => {
  const { app, db, section, clock } = await setup(t)
  const fresh = await createArticle(db, { sectionId: section.id, slug: 'fresh', title: 'عاجل: «اتفاق» & <تفاصيل>', publishedAt: hours(-1) })
  await createArticle(db, { sectionId: section.id, slug: 'day-old', title: 'Day-old story', language: 'en-GB', publishedAt: hours(-47) })
  await createArticle(db, { sectionId: section.id, slug: 'too-old', publishedAt: hours(-49) })
  await createArticle(db, { sectionId: section.id, slug: 'scheduled', title: 'مجدول', publishedAt: hours(3) })
  await createArticle(db, { sectionId: section.id, slug: 'draft', status: 'DRAFT' })
  await createArticle(db, { sectionId: section.id, slug: 'archived', status: 'ARCHIVED', publishedAt: hours(-2) })

  const first = await xml(t, app, '/news-sitemap.xml')
  t.equal(first.doc.urlset['@xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9')
  const list = urls(t, first.doc)
  t.same(list.map((u) => u.loc), [url('fresh'), url('day-old')], 'the last 48 hours, newest first')
  const news = list[0]?.['news:news']
  t.equal(news['news:publication']['news:name'], app.services.site.settings.name)
  t.equal(news['news:publication']['news:language'], 'ar')
  t.equal(new Date(news['news:publication_date']).toISOString(), hours(-1).toISOString())
  t.equal(news['news:title'], fresh.title, 'the title exactly, escaped by the writer')
  t.equal(list[1]?.['news:news']['news:publication']['news:language'], 'en', 'an ISO 639 code')

  // three hours on: day-old is 50 hours old, the scheduled one is live; no write in between
  clock.set(hours(3))
  const later = await app.inject({ url: '/news-sitemap.xml', headers: { 'if-none-match': first.res.headers.etag as string } })
  t.equal(later.statusCode, 200, 'the window moved: not a 304')
  t.same(urls(t, parseXml(later.body)).map((u) => u.loc), [url('scheduled'), url('fresh')])
  const again = await app.inject({ url: '/news-sitemap.xml', headers: { 'if-none-match': later.headers.etag as string } })
  t.equal(again.statusCode, 304, 'within the same minute: 304')
})

t.test('robots.txt names the sitemaps; every document has validators and answers 304', async (t) => {
  const { app, db, section } = await setup(t)
  await createArticle(db, { sectionId: section.id, slug: 'one', publishedAt: hours(-1) })
  const robots = await app.inject({ url: '/robots.txt' })
  t.equal(robots.statusCode, 200)
  t.equal(robots.headers['content-type'], 'text/plain; charset=utf-8')
  const lines = robots.body.split('\n')
  t.ok(lines.includes(`Sitemap: ${BASE}/sitemap.xml`))
  t.ok(lines.includes(`Sitemap: ${BASE}/news-sitemap.xml`))
  t.ok(lines.includes('Disallow: /api/'), 'the API is for clients, not crawlers')

  for (const path of ['/sitemap.xml', '/sitemaps/articles-1.xml', '/sitemaps/sections.xml', '/news-sitemap.xml', '/robots.txt', '/feeds/rss.xml']) {
    const res = await app.inject({ url: path })
    t.ok(res.headers.etag, `${path}: ETag`)
    t.ok(res.headers['last-modified'], `${path}: Last-Modified`)
    t.match(res.headers['cache-control'], /^public, max-age=\d+/, `${path}: Cache-Control`)
    const cached = await app.inject({ url: path, headers: { 'if-none-match': res.headers.etag as string } })
    t.equal(cached.statusCode, 304, `${path}: 304`)
    const since = await app.inject({ url: path, headers: { 'if-modified-since': res.headers['last-modified'] as string } })
    t.equal(since.statusCode, 304, `${path}: 304 to If-Modified-Since`)
  }
  const before = (await app.inject({ url: '/sitemap.xml' })).headers.etag
  // published through the API (the factories write beside the service, unheard by its caches)
  const editor = await createToken(db, 'EDITOR')
  const created = await gql(app, 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { sectionId: section.id, title: 'خبر ثان', paragraphs: ['فقرة.'] } }, { token: editor })
  t.same((await gql(app, 'mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id: created.data.createArticle.id }, { token: editor })).errors, undefined)
  const after = await app.inject({ url: '/sitemap.xml', headers: { 'if-none-match': before as string } })
  t.equal(after.statusCode, 200, 'a new visible article changes the validators')
})
