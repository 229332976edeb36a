// An article's printUrl and "send to a friend" links (issue 14), over GraphQL and REST: the
// canonical URL from ARTICLE_URL_PATTERN, and every share link decoded back to the exact title
// and URL, for an Arabic title full of URL punctuation.
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { build, gql } from '../helper.ts'

const TITLE = 'عاجل: "الموازنة" تُقرّ بنسبة 5% & #الأسعار? نعم + لا / ربما'
const SHARE = 'printUrl share { url email whatsapp telegram x facebook }'

/** The query parameters of a link, decoded the strict way (%20 for spaces, no form decoding). */
function params (link: string): Record<string, string> {
  const query = link.slice(link.indexOf('?') + 1)
  return Object.fromEntries(query.split('&').map((pair) => {
    const [k, v = ''] = pair.split('=')
    return [k as string, decodeURIComponent(v)]
  }))
}

t.test('printUrl and share links: absolute, percent-encoded, decoding back to the exact title and URL', async (t) => {
  const { app, db } = await build(t, { env: { PUBLIC_URL: 'https://news.example/' } })
  const section = await createSection(db, { name: 'اقتصاد', slug: 'اقتصاد' })
  const article = await createArticle(db, { sectionId: section.id, title: TITLE, slug: 'عاجل-الموازنة', publishedAt: new Date('2026-01-01T00:00:00.000Z') })
  const res = await gql(app, `query A($id: ID) { article(id: $id) { slug ${SHARE} } }`, { id: article.id })
  t.same(res.errors, undefined)
  const { slug, printUrl, share } = res.data.article
  const url = `https://news.example/articles/${encodeURIComponent(slug)}`
  t.equal(share.url, url, 'the canonical URL: {PUBLIC_URL}/articles/{slug}, the slug percent-encoded')
  t.equal(decodeURIComponent(new URL(share.url).pathname), `/articles/${slug}`)
  t.equal(printUrl, `${url}/print`, 'the print page beside it')
  t.ok([share.url, printUrl, share.email, share.whatsapp, share.telegram, share.x, share.facebook].every((l: string) => /^[\x21-\x7e]+$/.test(l)), 'every link is plain ASCII: nothing left unencoded')

  t.match(share.email, /^mailto:\?/)
  t.same(params(share.email), { subject: TITLE, body: `${TITLE}\r\n${url}` }, 'mail: the title as subject, the title and URL as body')
  t.match(share.whatsapp, /^https:\/\/wa\.me\/\?/)
  t.same(params(share.whatsapp), { text: `${TITLE} ${url}` })
  t.match(share.telegram, /^https:\/\/t\.me\/share\/url\?/)
  t.same(params(share.telegram), { url, text: TITLE })
  t.match(share.x, /^https:\/\/x\.com\/intent\/tweet\?/)
  t.same(params(share.x), { text: TITLE, url })
  t.match(share.facebook, /^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?/)
  t.same(params(share.facebook), { u: url })
  // the WHATWG URL parser (what browsers do) agrees
  t.equal(new URL(share.telegram).searchParams.get('text'), TITLE)

  const rest = await app.inject({ url: `/api/v1/articles/${article.id}` })
  t.equal(rest.statusCode, 200)
  t.same({ printUrl: rest.json().data.printUrl, share: rest.json().data.share }, { printUrl, share }, 'REST answers the same links')
  const list = await app.inject({ url: '/api/v1/articles' })
  t.same(list.json().data[0].share, share, 'lists too')
})

t.test('ARTICLE_URL_PATTERN places the id and slug where a site wants them', async (t) => {
  const { app, db } = await build(t, { env: { PUBLIC_URL: 'https://api.news.example', ARTICLE_URL_PATTERN: 'https://www.news.example/news/{id}/{slug}.html' } })
  const section = await createSection(db, { name: 'World', slug: 'world' })
  const article = await createArticle(db, { sectionId: section.id, title: 'Markets rally', slug: 'markets-rally', language: 'en', publishedAt: new Date('2026-01-01T00:00:00.000Z') })
  const res = await gql(app, `query A($id: ID) { article(id: $id) { ${SHARE} } }`, { id: article.id })
  t.equal(res.data.article.share.url, `https://www.news.example/news/${article.id}/markets-rally.html`)
  t.equal(res.data.article.printUrl, 'https://api.news.example/articles/markets-rally/print', 'the print page is this service\'s own')
  t.same(params(res.data.article.share.facebook), { u: `https://www.news.example/news/${article.id}/markets-rally.html` })
})
