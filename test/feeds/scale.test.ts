// Feeds and sitemaps at size (issue 15), counted at the wire: a feed is the same statements over
// 60 and over 10,060 articles, and a sitemap page of 10,000 URLs is read in keyset batches of
// 5,000 (never a whole page at once), in page order. The times go to the comments (the note).
import t from 'tap'
import { createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase } from '../helper.ts'
import { startWireCounter } from '../support/wire-counter.ts'
import { parseXml, xmlError } from '../support/xml.ts'

t.test('statements per feed and per sitemap page', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db, clock } = await buildOn(t, wire.url, { env: { RESPONSE_CACHE_MB: '0', SITEMAP_PAGE_SIZE: '10000' } })
  await app.ready()
  await app.events.ready
  const now = clock.now()
  const news = await createSection(db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const bulk = (from: number, n: number) => db.pool.query(`
    INSERT INTO articles (id, slug, title, summary, paragraphs, language, status, published_at, section_id, tags, updated_at)
    SELECT gen_random_uuid(), 'bulk-' || g, 'خبر رقم ' || g, 'ملخص الخبر ' || g,
           ARRAY['الفقرة الأولى من الخبر رقم ' || g || ' وهي فقرة بطول معتاد في الأخبار.', 'الفقرة الثانية.', 'الفقرة الثالثة.'],
           'ar', 'PUBLISHED', $1::timestamptz - make_interval(mins => g), CASE WHEN g % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
           ARRAY['وسم-' || (g % 10)], $1::timestamptz - make_interval(mins => g)
      FROM generate_series($4::int, $4::int + $5::int - 1) g`, [now, news.id, local.id, from, n])

  const measure = async (path: string) => {
    const warm = await app.inject({ url: path }) // pool warm, tree cached, versions remembered
    t.equal(warm.statusCode, 200, path)
    await wire.settle()
    wire.reset()
    const started = process.hrtime.bigint()
    const res = await app.inject({ url: path })
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    t.equal(res.statusCode, 200)
    await wire.settle()
    return { count: wire.count(), statements: wire.statements(), ms, body: res.body }
  }

  await bulk(1, 60)
  const small = await measure('/feeds/rss.xml')
  const smallSection = await measure(`/feeds/sections/${encodeURIComponent('أخبار')}/atom.xml`)
  await bulk(61, 10_000)
  await db.pool.query('ANALYZE')
  const big = await measure('/feeds/rss.xml')
  const bigSection = await measure(`/feeds/sections/${encodeURIComponent('أخبار')}/atom.xml`)
  const bigTag = await measure(`/feeds/tags/${encodeURIComponent('وسم-3')}/feed.json`)
  t.equal(small.count, 2, `a feed: the section tree's version check and the list with bodies (the versions are remembered): ${small.statements.join(' | ').slice(0, 300)}`)
  t.equal(big.count, small.count, 'the same over 10,060 articles')
  t.equal(smallSection.count, 2)
  t.equal(bigSection.count, 2)
  t.equal(bigTag.count, 2)
  t.equal(parseXml(big.body).rss.channel.item.length, 50)

  const page1 = await measure('/sitemaps/articles-1.xml')
  const page2 = await measure('/sitemaps/articles-2.xml')
  t.equal(xmlError(page1.body), null)
  const locs = parseXml(page1.body).urlset.url.map((u: { loc: string }) => u.loc)
  t.equal(locs.length, 10_000, 'a whole page')
  t.equal(locs[0], app.services.articles.links.url({ id: '', slug: 'bulk-10060' }), 'oldest first')
  t.equal(new Set(locs).size, 10_000, 'no URL twice across batches')
  t.equal(page1.count, 2, `10,000 URLs in two batches of 5,000: ${page1.statements.map((s) => s.slice(0, 80)).join(' | ')}`)
  t.equal(parseXml(page2.body).urlset.url.length, 60, 'the rest on page 2')
  const index = await measure('/sitemap.xml')
  t.equal(index.count, 1, 'the index: one statement')

  t.comment(`site feed (RSS, 50 items with bodies) over 10,060 articles: ${big.ms.toFixed(1)} ms; section feed (Atom): ${bigSection.ms.toFixed(1)} ms; tag feed (JSON): ${bigTag.ms.toFixed(1)} ms`)
  t.comment(`10,000-URL sitemap page: ${page1.ms.toFixed(1)} ms, ${(page1.body.length / 1024).toFixed(0)} KiB; sitemap index: ${index.ms.toFixed(1)} ms`)
})
