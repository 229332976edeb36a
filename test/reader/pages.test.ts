// The reader site's pages without a browser (the browser walk is browser.test.ts): each page
// parsed as HTML (cheerio), what crawlers read (canonical, OpenGraph, NewsArticle JSON-LD),
// hostile content inert even inside JSON-LD, pagination, real 404 pages, a 301 for a former
// slug, the comment form without script, bad input as HTML errors that change nothing, caching.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, type TestApp } from '../helper.ts'

const HOUR = 3_600_000

async function setup (t: Test) {
  const ctx = await build(t, { env: { PUBLIC_URL: 'https://news.example' } })
  const news = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(ctx.db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const sport = await createSection(ctx.db, { name: 'رياضة', slug: 'رياضة' })
  return { ...ctx, news, local, sport }
}

async function get (app: TestApp['app'], url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ url, headers })
  return { res, $: cheerio.load(res.body) }
}

t.test('home and section pages: the header, the section tree, the newest articles and their pages', async (t) => {
  const { app, db, news, local, sport } = await setup(t)
  const now = Date.now()
  for (let i = 0; i < 25; i++) await createArticle(db, { sectionId: local.id, title: `خبر محلي ${i}`, slug: `local-${i}`, publishedAt: new Date(now - (i + 1) * HOUR) })
  await createArticle(db, { sectionId: sport.id, title: 'مباراة', slug: 'match', publishedAt: new Date(now - 30 * HOUR) })
  await createArticle(db, { sectionId: local.id, title: 'مسودة سرية', slug: 'secret-draft', status: 'DRAFT' })

  const { res, $ } = await get(app, '/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.equal($('html').attr('dir'), 'rtl')
  t.equal($('.site-name').text(), app.services.site.settings.name)
  const site = (await gql(app, '{ site { lastUpdatedAt } }')).data.site
  t.equal($('.last-updated time').attr('datetime'), site.lastUpdatedAt, 'the site\'s "last updated" instant')
  t.equal($('.last-updated time').text(), app.services.site.label(new Date(site.lastUpdatedAt)), 'and its label')
  t.same($('nav.sections > ul > li > a').map((_i, a) => $(a).text()).get(), ['أخبار', 'رياضة'], 'the top sections')
  t.same($('nav.sections li li a').map((_i, a) => $(a).text()).get(), ['محليات'], 'with their subsections')
  t.equal($('.article-item').length, 20, 'a page of 20')
  t.equal($('.article-item h2').first().text(), 'خبر محلي 0', 'newest first')
  t.notOk(res.body.includes('مسودة سرية'), 'never a draft')
  const next = $('a[rel=next]').attr('href') as string
  t.match(next, /^\/\?cursor=/, 'a link to older articles')
  const older = await get(app, next)
  t.same(older.$('.article-item h2').map((_i, h) => older.$(h).text()).get(), [...[20, 21, 22, 23, 24].map((i) => `خبر محلي ${i}`), 'مباراة'], 'the next page goes on where the first stopped')
  t.equal(older.$('a[rel=next]').length, 0, 'and is the last')
  t.equal(older.$('a[rel=first]').attr('href'), '/')

  const section = await get(app, `/sections/${encodeURIComponent(news.slug)}`)
  t.equal(section.res.statusCode, 200)
  t.equal(section.$('h1').text(), 'أخبار')
  t.same(section.$('.breadcrumb li').map((_i, li) => section.$(li).text().trim()).get(), ['الصفحة الرئيسية', 'أخبار'])
  t.equal(section.$('.article-item').length, 20, 'its subsections\' articles too')
  t.equal(section.$('nav.sections a[aria-current=page]').text(), 'أخبار', 'the navigation marks where the reader is')
  t.equal(section.$('link[rel=canonical]').attr('href'), `https://news.example/sections/${encodeURIComponent('أخبار')}`)
  const sub = await get(app, `/sections/${encodeURIComponent(local.slug)}`)
  t.same(sub.$('.breadcrumb li').map((_i, li) => sub.$(li).text().trim()).get(), ['الصفحة الرئيسية', 'أخبار', 'محليات'])

  const missing = await get(app, '/sections/no-such-section')
  t.equal(missing.res.statusCode, 404, 'an unknown section is a 404 page')
  t.match(missing.res.headers['content-type'], /^text\/html/)
  const badCursor = await get(app, '/?cursor=not-a-cursor')
  t.equal(badCursor.res.statusCode, 400, 'a bad cursor is a 400 page')
  t.match(badCursor.res.headers['content-type'], /^text\/html/)
  t.ok(badCursor.$('main p').text().length > 0, 'that says what was wrong')

  t.ok(res.headers.etag, 'cached like every public read')
  t.equal((await app.inject({ url: '/', headers: { 'if-none-match': res.headers.etag as string } })).statusCode, 304)
})

t.test('an article page: what crawlers read, hostile content inert, print and share links, comments with replies', async (t) => {
  const { app, db, local } = await setup(t)
  const editor = await createToken(db, 'EDITOR')
  const moderator = await createToken(db, 'MODERATOR')
  const title = '</script><script>alert(1)</script> "عاجل" & <b>مهم</b>'
  const created = await gql(app, 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', {
    input: { sectionId: local.id, title, slug: 'hostile', summary: 'ملخص <img src=x onerror=alert(2)>', paragraphs: ['فقرة أولى </p><script>alert(3)</script>', 'فقرة ثانية'], tags: ['نقل', 'جسور'], byline: 'سلمى', image: { url: 'https://img.news.example/bridge.jpg', alt: 'الجسر "الجديد"' } },
  }, { token: editor })
  const id = created.data.createArticle.id as string
  await gql(app, 'mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id }, { token: editor })
  let reader = 0 // a client may comment once in 15 seconds: each comment comes from another reader
  const add = (body: string, parentId?: string) => gql(app, 'mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }', { input: { articleId: id, authorName: 'قارئ <i>x</i>', body, parentId } }, { ip: `198.51.100.${++reader}` })
  const first = await add('تعليق <script>alert(4)</script>')
  t.same(first.errors, undefined, 'commented')
  const top = first.data.addComment.comment.id
  const approve = (c: string) => gql(app, 'mutation M($id: ID!) { moderateComment(id: $id, action: APPROVE) { id } }', { id: c }, { token: moderator })
  await approve(top)
  const answered = await add('رد على التعليق', top)
  t.same(answered.errors, undefined, 'replied')
  const reply = answered.data.addComment.comment.id
  await approve(reply)
  await add('لم يعتمد بعد')

  const { res, $ } = await get(app, '/articles/hostile')
  t.equal(res.statusCode, 200)
  t.equal($('script:not([type])').length, 0, 'no classic script at all')
  t.same($('script').map((_i, s) => $(s).attr('type')).get(), ['application/ld+json', 'module'], 'only the JSON-LD block and the page\'s own module')
  t.equal($('script[type=module]').attr('src'), '/assets/article.js')
  t.equal($('img').length, 1, 'one image: the lead image')
  t.equal($('h1').text(), title, 'the title as written')
  t.equal($('.body p').first().text(), 'فقرة أولى </p><script>alert(3)</script>')
  const ld = JSON.parse($('script[type="application/ld+json"]').text())
  t.match(ld, { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, inLanguage: 'ar', keywords: ['نقل', 'جسور'], articleSection: ['أخبار', 'محليات'], image: ['https://img.news.example/bridge.jpg'], author: [{ '@type': 'Person', name: 'سلمى' }] }, 'NewsArticle JSON-LD, the hostile title intact inside it')
  t.equal(ld.mainEntityOfPage, 'https://news.example/articles/hostile')
  const og = Object.fromEntries($('meta[property^="og:"]').map((_i, m) => [[$(m).attr('property'), $(m).attr('content')]]).get())
  t.match(og, { 'og:type': 'article', 'og:title': title, 'og:url': 'https://news.example/articles/hostile', 'og:image': 'https://img.news.example/bridge.jpg', 'og:description': 'ملخص <img src=x onerror=alert(2)>' })
  t.same($('meta[property="article:tag"]').map((_i, m) => $(m).attr('content')).get(), ['نقل', 'جسور'])
  t.equal($('link[rel=canonical]').attr('href'), 'https://news.example/articles/hostile')
  t.equal($('a.print').attr('href'), '/articles/hostile/print')
  const share = (await gql(app, 'query A($id: ID) { article(id: $id) { share { email whatsapp telegram x facebook } } }', { id })).data.article.share
  t.same($('.share a').map((_i, a) => $(a).attr('href')).get(), [share.email, share.whatsapp, share.telegram, share.x, share.facebook], 'the share links of the API')
  t.same($('.breadcrumb a').map((_i, a) => $(a).text()).get(), ['الصفحة الرئيسية', 'أخبار', 'محليات'])

  t.equal($('.comment-count').text(), '2', 'approved comments, replies included')
  t.equal($('.comment-list > .comment').length, 1, 'one thread')
  t.equal($(`#comment-${top} > .comment-body`).text(), 'تعليق <script>alert(4)</script>', 'a comment as plain text')
  t.equal($(`#comment-${top} .replies #comment-${reply} .comment-body`).text(), 'رد على التعليق', 'its reply under it')
  t.notOk(res.body.includes('لم يعتمد بعد'), 'never a pending comment')
  t.equal($('form.comment-form input[name=website]').length, 1, 'the form has its honeypot')
  t.equal($('#comments').attr('data-article-id'), id)
})

t.test('former slugs, invisible articles, unknown ones', async (t) => {
  const { app, db, local } = await setup(t)
  const editor = await createToken(db, 'EDITOR')
  const a = await createArticle(db, { sectionId: local.id, title: 'قديم', slug: 'old-slug' })
  await gql(app, 'mutation U($id: ID!) { updateArticle(id: $id, input: { slug: "new-slug" }) { slug } }', { id: a.id }, { token: editor })
  const moved = await app.inject({ url: '/articles/old-slug?x=1' })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/articles/new-slug?x=1')
  const draft = await createArticle(db, { sectionId: local.id, title: 'مسودة', slug: 'draft', status: 'DRAFT' })
  const scheduled = await createArticle(db, { sectionId: local.id, title: 'لاحقاً', slug: 'later', publishedAt: new Date(Date.now() + 24 * HOUR) })
  for (const url of ['/articles/draft', `/articles/${draft.id}`, '/articles/later', `/articles/${scheduled.id}`, '/articles/nothing-here', '/articles/0190c0de-0000-7000-8000-000000000000']) {
    const { res, $ } = await get(app, url)
    t.equal(res.statusCode, 404, `${url}: 404`)
    t.match(res.headers['content-type'], /^text\/html/, `${url}: an HTML page`)
    t.equal($('html').attr('lang'), 'ar')
  }
  t.equal((await app.inject({ url: `/articles/${'x'.repeat(201)}` })).statusCode, 400)

  // A path no route answers: the site's 404 page for a browser, problem+json for an API client.
  const browser = await app.inject({ url: '/no-such-page', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })
  t.equal(browser.statusCode, 404)
  t.match(browser.headers['content-type'], /^text\/html/, 'a browser gets the site\'s 404 page')
  t.match(browser.body, /الصفحة غير موجودة/)
  for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }]) {
    const api = await app.inject({ url: '/no-such-page', headers })
    t.equal(api.statusCode, 404)
    t.match(api.headers['content-type'], /^application\/problem\+json/, `Accept ${headers.accept ?? '(none)'}: problem+json`)
    t.equal(api.json().code, 'NOT_FOUND')
  }
  const posted = await app.inject({ method: 'POST', url: '/no-such-page', headers: { accept: 'text/html' } })
  t.match(posted.headers['content-type'], /^application\/problem\+json/, 'a POST nowhere is an API error')
  const underApi = await app.inject({ url: '/api/v1/no-such-route', headers: { accept: 'text/html' } })
  t.match(underApi.headers['content-type'], /^application\/problem\+json/, 'under /api/v1 always problem+json')
})

t.test('the comment form without script: the receipt on the page; bad input an HTML error that changes nothing', async (t) => {
  const { app, db, local } = await setup(t)
  await createArticle(db, { sectionId: local.id, title: 'خبر', slug: 'story' })
  const count = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM comments')).rows[0]?.n)
  const post = (form: Record<string, string>, url = '/articles/story/comments') => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() })

  const ok = await post({ authorName: 'هدى', body: 'تعليقي <b>هنا</b>', authorEmail: '', website: '' })
  t.equal(ok.statusCode, 201)
  t.match(ok.headers['cache-control'], /no-store/, 'a receipt is never cached')
  const $ = cheerio.load(ok.body)
  t.match($('.receipt .pending').text(), /تلقينا تعليقك/, 'the author\'s receipt')
  t.equal($('.pending-comment .comment-body').text(), 'تعليقي <b>هنا</b>', 'with the comment as text')
  t.equal($('.comment-list .comment').length, 0, 'not in the public list: it is PENDING')
  t.equal(await count(), 1)

  for (const [form, why] of [
    [{ authorName: '', body: 'نص' }, 'no name'],
    [{ authorName: 'هدى', body: '   ' }, 'an empty body'],
    [{ authorName: 'x'.repeat(81), body: 'نص' }, 'a name over 80 characters'],
    [{ authorName: 'هدى', body: 'x'.repeat(5001) }, 'a body over 5,000 characters'],
    [{ authorName: 'هدى', body: 'نص', parentId: 'not-an-id' }, 'a parent that is not an id'],
  ] as Array<[Record<string, string>, string]>) {
    const res = await post(form)
    t.equal(res.statusCode, 400, `${why}: 400`)
    t.match(res.headers['content-type'], /^text\/html/, `${why}: an HTML page`)
    t.ok(cheerio.load(res.body)('main p').first().text().length > 0, `${why}: says what was wrong`)
  }
  t.equal((await post({ authorName: 'هدى', body: 'نص' }, '/articles/nothing/comments')).statusCode, 404, 'an unknown article')
  const huge = await app.inject({ method: 'POST', url: '/articles/story/comments', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `body=${'x'.repeat(20_000)}` })
  t.equal(huge.statusCode, 413, 'an oversized form')
  t.equal(await count(), 1, 'nothing more was stored')
})
