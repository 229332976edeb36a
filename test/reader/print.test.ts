// The print page (issue 14): GET /articles/:idOrSlug/print, parsed as HTML (cheerio, on parse5),
// never string-matched: language and direction, title, section path, date label, paragraphs,
// byline and source, print CSS, no scripts, hostile content inert; HTML 404s, a 301 for a former
// slug, and the caching every public read has.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock, type TestApp } from '../helper.ts'

const NOW = new Date('2026-03-10T12:00:00.000Z')
const PUBLISHED = '2026-03-05T08:30:00.000Z'

interface Setup extends TestApp { write: (input: Record<string, unknown>) => Promise<{ id: string, slug: string, printUrl: string }>, editor: string }

async function setup (t: Test): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW), env: { PUBLIC_URL: 'https://news.example' } })
  const editor = await createToken(ctx.db, 'EDITOR')
  const news = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(ctx.db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const write = async (input: Record<string, unknown>) => {
    const created = await gql(ctx.app, 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { sectionId: local.id, ...input } }, { token: editor })
    t.same(created.errors, undefined, 'created')
    const published = await gql(ctx.app, 'mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id slug printUrl } }', { id: created.data.createArticle.id, at: PUBLISHED }, { token: editor })
    t.same(published.errors, undefined, 'published')
    return published.data.publishArticle
  }
  return { ...ctx, write, editor }
}

async function page (app: TestApp['app'], url: string) {
  const res = await app.inject({ url })
  return { res, $: cheerio.load(res.body) }
}

t.test('an Arabic article: a whole RTL document with its path, date label, paragraphs, byline and source', async (t) => {
  const { app, write, services } = await setup(t).then((s) => ({ ...s, services: s.app.services }))
  const a = await write({ title: 'الحكومة تقر خطة النقل', summary: 'ملخص الخطة', paragraphs: ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر.'], byline: 'سلمى الأحمد', source: 'وكالة الأنباء' })
  t.equal(a.printUrl, `https://news.example/articles/${encodeURIComponent(a.slug)}/print`)
  const { res, $ } = await page(app, new URL(a.printUrl).pathname)
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal($('html').attr('lang'), 'ar')
  t.equal($('html').attr('dir'), 'rtl')
  t.equal($('h1').text(), 'الحكومة تقر خطة النقل')
  t.equal($('title').text(), `الحكومة تقر خطة النقل · ${services.site.settings.name}`)
  t.equal($('.path').text(), 'أخبار › محليات', 'the section path from the top')
  const expectedLabel = new Intl.DateTimeFormat('ar', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: services.site.settings.timeZone }).format(new Date(PUBLISHED))
  t.equal($('time').text(), expectedLabel, 'the date label, as Intl writes it')
  t.equal($('time').attr('datetime'), PUBLISHED)
  t.equal($('.summary').text(), 'ملخص الخطة')
  t.same($('article > p:not(.summary)').map((_i, p) => $(p).text()).get(), ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر.'])
  t.equal($('.byline').text(), 'بقلم سلمى الأحمد')
  t.equal($('.source').text(), 'المصدر: وكالة الأنباء')
  t.equal($('link[rel=canonical]').attr('href'), `https://news.example/articles/${encodeURIComponent(a.slug)}`)
  t.equal($('script').length, 0, 'no scripts')
  t.equal($('nav').length, 0, 'no navigation')
  t.match($('style').text(), /@page\s*\{\s*size:\s*A4/, 'print CSS: A4 margins')
  t.equal($('meta[name=robots]').attr('content'), 'noindex', 'the print copy is not indexed beside the article')

  // cached like every public read
  t.ok(res.headers.etag, 'an ETag')
  const again = await app.inject({ url: new URL(a.printUrl).pathname, headers: { 'if-none-match': res.headers.etag as string } })
  t.equal(again.statusCode, 304)
})

t.test('an English article is left-to-right, with English words around it', async (t) => {
  const { app, write } = await setup(t)
  const a = await write({ title: 'Markets rally', language: 'en', paragraphs: ['Stocks rose.'], byline: 'Sam Reed', source: 'Wire' })
  const { $ } = await page(app, `/articles/${a.id}/print`)
  t.equal($('html').attr('lang'), 'en')
  t.equal($('html').attr('dir'), 'ltr')
  t.equal($('.byline').text(), 'By Sam Reed')
  t.equal($('.source').text(), 'Source: Wire')
  t.equal($('time').text(), new Intl.DateTimeFormat('en', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: app.services.site.settings.timeZone }).format(new Date(PUBLISHED)))
})

t.test('hostile content comes back as text: no element, script or handler of its own', async (t) => {
  const { app, write } = await setup(t)
  const title = '<script>alert(1)</script> "quoted" & <b>bold</b>'
  const paragraph = '</p><img src=x onerror="alert(2)"><p>'
  const byline = '" onmouseover="alert(3)'
  const a = await write({ title, paragraphs: [paragraph], byline, summary: '<iframe src="https://evil.example"></iframe>' })
  const { res, $ } = await page(app, `/articles/${a.id}/print`)
  t.equal(res.statusCode, 200)
  t.equal($('script').length, 0)
  t.equal($('img, iframe, b').length, 0, 'no element from the content')
  t.notOk($('*').toArray().some((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}).some((name) => name.startsWith('on'))), 'no event handler attribute')
  t.equal($('h1').text(), title, 'the title exactly as written')
  t.equal($('article > p:not(.summary)').first().text(), paragraph)
  t.equal($('.byline').text(), `بقلم ${byline}`)
  t.equal($('.summary').text(), '<iframe src="https://evil.example"></iframe>')
})

t.test('unknown, invisible and former: HTML 404 pages and a 301; bad parameters an HTML 400', async (t) => {
  const { app, db, write, editor } = await setup(t)
  const a = await write({ title: 'خبر سينقل', paragraphs: ['نص.'] })
  for (const url of ['/articles/no-such-article/print', '/articles/0190c0de-0000-7000-8000-000000000000/print']) {
    const { res, $ } = await page(app, url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^text\/html/)
    t.equal($('html').attr('dir'), 'rtl', 'in the site\'s language')
    t.ok($('h1').text().length > 0, 'a page that says so')
  }
  const draft = await gql(app, 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: 'مسودة', paragraphs: ['سر.'], sectionId: (await db.prisma.section.findFirstOrThrow({ where: { slug: 'محليات' } })).id } }, { token: editor })
  t.equal((await app.inject({ url: `/articles/${draft.data.createArticle.id}/print` })).statusCode, 404, 'a draft is not printable by anyone without a token')
  await gql(app, 'mutation U($id: ID!) { updateArticle(id: $id, input: { slug: "خبر-نقل" }) { slug } }', { id: a.id }, { token: editor })
  const moved = await app.inject({ url: `/articles/${encodeURIComponent(a.slug)}/print` })
  t.equal(moved.statusCode, 301, 'a former slug redirects')
  t.equal(moved.headers.location, `/articles/${encodeURIComponent('خبر-نقل')}/print`)
  const long = await app.inject({ url: `/articles/${'x'.repeat(201)}/print` })
  t.equal(long.statusCode, 400)
  t.match(long.headers['content-type'], /^text\/html/, 'errors of page routes are HTML too')
})
