// Feeds (issue 15): RSS 2.0, Atom and JSON Feed 1.1 of the site, a section (subsections included)
// and a tag, parsed with real parsers (saxes for well-formedness, fast-xml-parser for structure,
// cheerio for the HTML bodies, JSON.parse) and checked against each specification's required
// elements; Arabic text exact; hostile text inert; only visible articles, a scheduled one at its
// instant; validators and 304s from the content state; the reader's pages link their feeds.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type TestApp } from '../helper.ts'
import { parseXml, text, xmlError } from '../support/xml.ts'

const NOW = new Date('2026-03-10T12:00:00.000Z')
const BASE = 'https://news.example'

interface Setup extends TestApp {
  editor: string
  news: { id: string }
  local: { id: string }
  sport: { id: string }
  write: (input: Record<string, unknown>, at?: string | null) => Promise<{ id: string, slug: string }>
}

async function setup (t: Test): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW), env: { PUBLIC_URL: BASE } })
  const editor = await createToken(ctx.db, 'EDITOR')
  const news = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(ctx.db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const sport = await createSection(ctx.db, { name: 'رياضة', slug: 'رياضة' })
  /** created and, unless `at` is null, published at `at` through the API */
  const write = async (input: Record<string, unknown>, at: string | null = '2026-03-09T08:00:00.000Z') => {
    const created = await gql(ctx.app, 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id slug } }', { input: { sectionId: local.id, paragraphs: ['فقرة.'], ...input } }, { token: editor })
    t.same(created.errors, undefined, 'created')
    if (at === null) return created.data.createArticle
    const published = await gql(ctx.app, 'mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id slug } }', { id: created.data.createArticle.id, at }, { token: editor })
    t.same(published.errors, undefined, 'published')
    return published.data.publishArticle
  }
  return { ...ctx, editor, news, local, sport, write }
}

const ARABIC = {
  title: 'الحكومة تقر خطة النقل «الجديدة» في 2026',
  summary: 'ملخص: الخطة تشمل ١٢ خطاً جديداً.',
  paragraphs: ['الفقرة الأولى من الخبر، مع تشكيلٍ وتطويـــل.', 'الفقرة الثانية: "اقتباس" & رمز.'],
  byline: 'سلمى الأحمد',
  tags: ['نقل', 'اقتصاد'],
  image: { url: 'https://cdn.example/صور/خطة.jpg', alt: 'خريطة الخطوط', credit: 'المصور' },
}

/** Two visible articles (Arabic in a subsection, English in another section) and one of every invisible kind. */
async function content (s: Setup) {
  const arabic = await s.write(ARABIC, '2026-03-09T08:00:00.000Z')
  const english = await s.write({ title: 'Markets rally', language: 'en', sectionId: s.sport.id, paragraphs: ['Stocks rose.'], tags: ['markets'] }, '2026-03-09T09:00:00.000Z')
  const draft = await s.write({ title: 'مسودة لم تنشر' }, null)
  const scheduled = await s.write({ title: 'خبر مجدول' }, '2026-03-10T18:00:00.000Z')
  const archived = await s.write({ title: 'خبر مؤرشف' })
  t.same((await gql(s.app, 'mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: archived.id }, { token: s.editor })).errors, undefined)
  const deleted = await s.write({ title: 'خبر محذوف' })
  t.same((await gql(s.app, 'mutation D($id: ID!) { deleteArticle(id: $id) }', { id: deleted.id }, { token: s.editor })).errors, undefined)
  return { arabic, english, invisible: [draft, scheduled, archived, deleted], scheduled }
}

const url = (slug: string) => `${BASE}/articles/${encodeURIComponent(slug)}`

/** An HTML body's paragraphs and its block's language and direction. */
function body (html: string) {
  const $ = cheerio.load(html)
  return { lang: $('div').attr('lang'), dir: $('div').attr('dir'), paragraphs: $('p').map((_i, p) => $(p).text()).get(), scripts: $('script').length, elements: $('*').length }
}

t.test('RSS 2.0: the channel and items with every field, Arabic exact', async (t) => {
  const s = await setup(t)
  const { arabic, english } = await content(s)
  const res = await s.app.inject({ url: '/feeds/rss.xml' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8')
  t.equal(xmlError(res.body), null, 'well-formed XML with bound namespaces')
  const { rss } = parseXml(res.body)
  t.equal(rss['@version'], '2.0')
  const channel = rss.channel
  // required channel elements (RSS 2.0: title, link, description)
  t.equal(channel.title, s.app.services.site.settings.name)
  t.equal(channel.link, `${BASE}/`)
  t.ok(channel.description, 'a description')
  t.equal(channel.language, 'ar', 'the feed language')
  t.equal(new Date(channel.lastBuildDate).toISOString(), NOW.toISOString(), 'built at the newest change it lists (the articles were written now)')
  t.equal(channel['atom:link'][0]['@href'], `${BASE}/feeds/rss.xml`, 'its own address (atom:link rel=self)')
  t.equal(channel['atom:link'][0]['@rel'], 'self')
  t.same(channel.item.map((i: any) => i.title), ['Markets rally', ARABIC.title], 'visible articles only, newest first')

  const item = channel.item[1]
  t.equal(item.link, url(arabic.slug), 'the canonical link')
  t.equal(text(item.guid), arabic.id, 'the stable id')
  t.equal(item.guid['@isPermaLink'], 'false')
  t.equal(new Date(item.pubDate).toISOString(), '2026-03-09T08:00:00.000Z')
  t.match(item.pubDate, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, 'RFC 822 date')
  t.ok(new Date(item['dcterms:modified']) >= new Date('2026-03-09T08:00:00.000Z'), 'the update date')
  t.equal(cheerio.load(item.description).text(), ARABIC.summary, 'the summary (as HTML)')
  const full = body(item['content:encoded'])
  t.same(full.paragraphs, ARABIC.paragraphs, 'the full text, paragraph by paragraph')
  t.equal(full.dir, 'rtl', 'a direction hint on the body')
  t.equal(full.lang, 'ar')
  t.same(item.category.map((c: any) => text(c)), ['محليات', ...ARABIC.tags], 'the section, then the tags')
  t.equal(item.category[0]['@domain'], `${BASE}/sections/${encodeURIComponent('محليات')}`)
  t.equal(item['dc:creator'], ARABIC.byline, 'the byline')
  t.equal(item.enclosure[0]['@url'], new URL(ARABIC.image.url).href, 'the lead image as an enclosure')
  t.equal(item.enclosure[0]['@type'], 'image/jpeg')
  t.equal(item.enclosure[0]['@length'], '0')
  t.equal(item['media:content']['@medium'], 'image')
  t.equal(item['media:content']['media:description']['#text'], ARABIC.image.alt)
  t.equal(item['media:content']['media:credit'], ARABIC.image.credit)
  t.equal(body(channel.item[0]['content:encoded']).dir, 'ltr', 'an English body runs left to right')
  t.equal(channel.item[0]['dc:language'], 'en')
  t.equal(text(channel.item[0].guid), english.id)
})

t.test('Atom: id, title, updated, links and author, entries with content', async (t) => {
  const s = await setup(t)
  const { arabic } = await content(s)
  const res = await s.app.inject({ url: '/feeds/atom.xml' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8')
  t.equal(xmlError(res.body), null, 'well-formed')
  const { feed } = parseXml(res.body)
  t.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom')
  t.equal(feed['@xml:lang'], 'ar')
  // RFC 4287 4.1.1: id, title, updated; an author (here the site's, every entry may add its own); a self link
  t.equal(feed.id, `${BASE}/feeds/atom.xml`)
  t.equal(text(feed.title), s.app.services.site.settings.name)
  t.equal(feed.updated, NOW.toISOString(), 'the newest change it lists')
  t.equal(feed.author[0].name, s.app.services.site.settings.name)
  t.same(feed.link.map((l: any) => [l['@rel'], l['@href']]), [['self', `${BASE}/feeds/atom.xml`], ['alternate', `${BASE}/`]])
  t.equal(feed.entry.length, 2)
  const entry = feed.entry[1]
  t.equal(entry.id, `urn:uuid:${arabic.id}`, 'the article id as a URN')
  t.equal(text(entry.title), ARABIC.title)
  t.equal(entry.title['@type'], 'text')
  t.equal(entry.published, '2026-03-09T08:00:00.000Z')
  t.ok(entry.updated >= entry.published, 'updated, never before published')
  t.equal(entry.link[0]['@href'], url(arabic.slug))
  t.equal(entry.link[0]['@rel'], 'alternate')
  t.equal(entry.link[1]['@rel'], 'enclosure')
  t.equal(text(entry.summary), ARABIC.summary)
  t.equal(entry.content['@type'], 'html')
  t.same(body(text(entry.content)).paragraphs, ARABIC.paragraphs)
  t.equal(entry.author[0].name, ARABIC.byline)
  t.same(entry.category.map((c: any) => c['@term']), ['محليات', ...ARABIC.tags])
  t.equal(entry['@xml:lang'], 'ar')
})

t.test('JSON Feed 1.1: version, items with content, dates, authors, tags and language', async (t) => {
  const s = await setup(t)
  const { arabic, english } = await content(s)
  const res = await s.app.inject({ url: '/feeds/feed.json' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8')
  const feed = JSON.parse(res.body)
  // required: version, title, items; each item an id and content_html or content_text
  t.equal(feed.version, 'https://jsonfeed.org/version/1.1')
  t.equal(feed.title, s.app.services.site.settings.name)
  t.equal(feed.feed_url, `${BASE}/feeds/feed.json`)
  t.equal(feed.home_page_url, `${BASE}/`)
  t.equal(feed.language, 'ar')
  t.same(feed.items.map((i: any) => i.id), [english.id, arabic.id])
  const item = feed.items[1]
  t.equal(item.title, ARABIC.title)
  t.equal(item.url, url(arabic.slug))
  t.equal(item.summary, ARABIC.summary)
  t.same(body(item.content_html).paragraphs, ARABIC.paragraphs)
  t.equal(item.date_published, '2026-03-09T08:00:00.000Z')
  t.ok(item.date_modified >= item.date_published)
  t.same(item.authors, [{ name: ARABIC.byline }])
  t.same(item.tags, ['محليات', ...ARABIC.tags])
  t.equal(item.image, new URL(ARABIC.image.url).href, 'the lead image, percent-encoded')
  t.equal(item.language, 'ar')
  t.equal(feed.items[0].language, 'en')
})

t.test('a section feed includes its subsections; a tag feed; an unknown section is a 404', async (t) => {
  const s = await setup(t)
  const { arabic, english } = await content(s)
  const ids = async (path: string) => {
    const res = await s.app.inject({ url: path })
    t.equal(res.statusCode, 200, path)
    return JSON.parse(res.body).items.map((i: any) => i.id)
  }
  t.same(await ids(`/feeds/sections/${encodeURIComponent('أخبار')}/feed.json`), [arabic.id], 'أخبار holds محليات')
  t.same(await ids(`/feeds/sections/${encodeURIComponent('محليات')}/feed.json`), [arabic.id])
  t.same(await ids(`/feeds/sections/${encodeURIComponent('رياضة')}/feed.json`), [english.id])
  t.same(await ids(`/feeds/tags/${encodeURIComponent('نقل')}/feed.json`), [arabic.id])
  t.same(await ids('/feeds/tags/markets/feed.json'), [english.id])
  t.same(await ids('/feeds/tags/nobody-used-this/feed.json'), [], 'a tag with no stories yet: an empty feed')

  const rss = await s.app.inject({ url: `/feeds/sections/${encodeURIComponent('أخبار')}/rss.xml` })
  const channel = parseXml(rss.body).rss.channel
  t.equal(channel.title, `أخبار · ${s.app.services.site.settings.name}`)
  t.equal(channel.link, `${BASE}/sections/${encodeURIComponent('أخبار')}`, 'the section page')
  t.equal(channel['atom:link'][0]['@href'], `${BASE}/feeds/sections/${encodeURIComponent('أخبار')}/rss.xml`)
  const atom = parseXml((await s.app.inject({ url: `/feeds/tags/${encodeURIComponent('نقل')}/atom.xml` })).body).feed
  t.equal(atom.id, `${BASE}/feeds/tags/${encodeURIComponent('نقل')}/atom.xml`)

  for (const path of ['/feeds/sections/no-such/rss.xml', '/feeds/sections/no-such/atom.xml', '/feeds/sections/no-such/feed.json']) {
    problem(t, await s.app.inject({ url: path }), 404, 'NOT_FOUND', path)
  }
  problem(t, await s.app.inject({ url: `/feeds/tags/${'و'.repeat(101)}/rss.xml` }), 400, 'BAD_USER_INPUT', 'an oversized tag')
  problem(t, await s.app.inject({ url: `/feeds/sections/${'a'.repeat(201)}/rss.xml` }), 400, 'BAD_USER_INPUT', 'an oversized slug')
  t.equal((await s.app.inject({ url: '/feeds/rss.json' })).statusCode, 404, 'no such format')
})

t.test('never a draft, scheduled, archived or deleted article; a scheduled one appears at its instant with new validators', async (t) => {
  const s = await setup(t)
  const { invisible, scheduled } = await content(s)
  const before = await s.app.inject({ url: '/feeds/feed.json' })
  const listed = JSON.parse(before.body).items.map((i: any) => i.id)
  for (const a of invisible) t.notOk(listed.includes(a.id), `${a.id} is not listed`)
  t.ok(before.headers.etag, 'an ETag')
  t.ok(before.headers['last-modified'], 'a Last-Modified')
  t.match(before.headers['cache-control'], /^public, max-age=\d+/)
  const same = await s.app.inject({ url: '/feeds/feed.json', headers: { 'if-none-match': before.headers.etag as string } })
  t.equal(same.statusCode, 304, 'a conditional request answers 304')
  t.equal(same.body, '')

  s.clock.set('2026-03-10T18:00:00.000Z') // the scheduled instant: no write
  const after = await s.app.inject({ url: '/feeds/feed.json', headers: { 'if-none-match': before.headers.etag as string } })
  t.equal(after.statusCode, 200, 'the old ETag no longer matches')
  t.not(after.headers.etag, before.headers.etag)
  t.equal(JSON.parse(after.body).items[0].id, scheduled.id, 'live at its instant, first')
  const rss = parseXml((await s.app.inject({ url: '/feeds/rss.xml' })).body).rss.channel
  t.equal(text(rss.item[0].guid), scheduled.id, 'in every format')
})

t.test('hostile text cannot break a feed, and survives as text', async (t) => {
  const s = await setup(t)
  // (literal entity text too: an XML writer that does not double-encode `&lt;` would revive it)
  const title = '<script>alert(1)</script> ]]> & ]]> "q" \'a\' &lt;i&gt; &amp;amp; \u0001\u000b\ufffe end'
  const paragraph = '</p><img src=x onerror="alert(2)"><p> ]]> <![CDATA[ x ]]> &lt;script&gt;alert(3)&lt;/script&gt; \u0007'
  await createArticle(s.db, { sectionId: s.local.id, title, paragraphs: [paragraph, 'عادي'], tags: ['<b>', ']]>'], publishedAt: new Date('2026-03-09T10:00:00Z') })
  const clean = (v: string) => v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '') // eslint-disable-line no-control-regex
  for (const path of ['/feeds/rss.xml', '/feeds/atom.xml']) {
    const res = await s.app.inject({ url: path })
    t.equal(xmlError(res.body), null, `${path} stays well-formed`)
    const doc = parseXml(res.body)
    const item = path.includes('rss') ? doc.rss.channel.item[0] : doc.feed.entry[0]
    t.equal(text(item.title), clean(title), `${path}: the title as text, less what XML cannot carry`)
    const html = path.includes('rss') ? item['content:encoded'] : text(item.content)
    const b = body(html)
    t.same(b.paragraphs, [clean(paragraph), 'عادي'], `${path}: the paragraphs as text`)
    t.equal(b.scripts, 0)
    t.equal(b.elements, 3 + 1 + 2, `${path}: html, head, body, the block and two paragraphs: nothing of the content's own`)
  }
  const json = JSON.parse((await s.app.inject({ url: '/feeds/feed.json' })).body)
  t.equal(json.items[0].title, title, 'JSON carries every character (escaped by JSON itself)')
  t.same(body(json.items[0].content_html).paragraphs, [paragraph, 'عادي'])
  t.same(json.items[0].tags, ['محليات', '<b>', ']]>'])
})

t.test('50 newest articles at most', async (t) => {
  const s = await setup(t)
  await s.db.pool.query(`
    INSERT INTO articles (id, slug, title, paragraphs, language, status, published_at, section_id, updated_at)
    SELECT gen_random_uuid(), 'bulk-' || g, 'خبر رقم ' || g, ARRAY['فقرة'], 'ar', 'PUBLISHED', $1::timestamptz - make_interval(mins => g), $2::uuid, $1::timestamptz - interval '1 day'
      FROM generate_series(1, 60) g`, [NOW, s.local.id])
  const feed = JSON.parse((await s.app.inject({ url: '/feeds/feed.json' })).body)
  t.equal(feed.items.length, 50)
  t.same(feed.items.slice(0, 2).map((i: any) => i.title), ['خبر رقم 1', 'خبر رقم 2'], 'newest first')
  t.equal(feed.items[49].title, 'خبر رقم 50')
})

t.test('the reader\'s pages link their feeds', async (t) => {
  const s = await setup(t)
  await content(s)
  const alternates = async (path: string) => {
    const $ = cheerio.load((await s.app.inject({ url: path })).body)
    return $('link[rel=alternate]').map((_i, l) => `${$(l).attr('type')} ${$(l).attr('href')}`).get()
  }
  const site = ['application/rss+xml /feeds/rss.xml', 'application/atom+xml /feeds/atom.xml', 'application/feed+json /feeds/feed.json']
  t.same(await alternates('/'), site)
  const slug = encodeURIComponent('محليات')
  t.same(await alternates(`/sections/${slug}`), [`application/rss+xml /feeds/sections/${slug}/rss.xml`, `application/atom+xml /feeds/sections/${slug}/atom.xml`, `application/feed+json /feeds/sections/${slug}/feed.json`, ...site])
  for (const link of (await alternates(`/sections/${slug}`))) {
    const res = await s.app.inject({ url: link.split(' ')[1] as string })
    t.equal(res.statusCode, 200, `${link} answers`)
  }
})
