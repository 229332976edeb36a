// The bench scenarios: what a reader's page asks for, over GraphQL and REST, each with a checker
// that compares the answer to plain SQL on the same database. `npm run bench` times them; the
// smoke test (test/bench/smoke.test.ts) runs each once through the same checker.
import { XMLParser } from 'fast-xml-parser'
import type pg from 'pg'
import { graphqlRequest, materialize, UNIQUE, type Exchange, type HttpRequest, type Send } from './lib/http.ts'
import * as oracle from './lib/oracle.ts'
import { CITIES, COUNTRIES, FOREIGN_NAMES, TOPIC_TAGS } from './data/vocabulary.ts'

export interface ScenarioContext {
  /** the bench database, for the expected answers */
  db: pg.Pool
  /** the service under test (deep pages walk its cursors) */
  send: Send
  /** the service's "now" for visibility */
  now: Date
}

export interface PreparedScenario {
  /** the load generator cycles through these */
  requests: HttpRequest[]
  /** GraphQL variables of each request, for baselines that answer the same input */
  variables?: Array<Record<string, unknown>>
  /** throws when the answer to requests[i] is wrong; returns the article ids it showed, in order */
  check: (i: number, res: Exchange) => Promise<string[]>
  /** the requests whose statements are counted and explained (default: the first) */
  probes?: number[]
  /** requests per second for writes; unset: as fast as the connections go */
  rate?: number
  note?: string
  /** what makes this size's figures not comparable with another size's (e.g. another page) */
  caveat?: string
  /** the status the service must answer with, when not 200 (verify() checks it; baselines answer 200) */
  expectStatus?: number
  /** a checked 200 answer to requests[0], when the samples hold none (a 304): the ceiling serves its data */
  answer?: Exchange
}

export interface Scenario {
  name: string
  title: string
  /** the in-memory Mercurius ceiling answers it too */
  ceiling?: boolean
  /** timed on a service with the response cache on (RESPONSE_CACHE_MB); the others run uncached */
  cached?: boolean
  /**
   * Another scenario, timed again right after this one: this one's p95 is reported divided by
   * its p95 (search against the article page, issue 12's target), from runs seconds apart.
   */
  yardstick?: string
  prepare: (ctx: ScenarioContext) => Promise<PreparedScenario>
  /** undoes what its requests wrote, so a reused dataset stays as generated */
  cleanUp?: (db: pg.Pool) => Promise<unknown>
}

const ROTATION = 1000
const PAGE = 20
const DEEP_PAGE = 50

// The README's front page, plus `id` and `slug` so the checker can compare with SQL.
const frontPageDocument = (withTotal: boolean): string => `query ${withTotal ? 'FrontPage' : 'FrontPageNoTotal'}($first: Int!) {
  sections {
    slug name path { name }
    articles(first: $first) { ${withTotal ? 'totalCount ' : ''}pageInfo { hasNextPage endCursor } edges { node { id title slug summary publishedAt section { name } commentCount } } }
  }
}`

const ARTICLE_PAGE = `query ArticlePage($slug: String!, $comments: Int!) {
  article(slug: $slug) {
    id slug title summary paragraphs publishedAt tags byline image { url alt caption }
    section { name slug path { name slug } }
    commentCount
    comments(first: $comments) { edges { node { id authorName body createdAt } } }
  }
}`

const SECTION_PAGE = `query SectionPage($slug: String!, $first: Int!, $after: String) {
  section(slug: $slug) {
    slug name path { name slug }
    articles(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id title slug summary publishedAt commentCount section { name } } } }
  }
}`

const SITE = 'query Site { site { lastUpdatedAt contentVersion } }'

const ADD_COMMENT = `mutation AddComment($input: AddCommentInput!) {
  addComment(input: $input) { comment { id status createdAt } }
}`

interface ListNode { id: string }
interface ArticleList { totalCount?: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: ListNode }> }

/** The GraphQL `data` of an answer; any status but 200 or any `errors` is a failure. */
function dataOf<T> (res: Exchange): T {
  const body = JSON.parse(res.body) as { data?: T, errors?: unknown }
  if (res.status !== 200 || body.errors !== undefined || !body.data) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 300)}`)
  return body.data
}

function restOf<T> (res: Exchange): T {
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 300)}`)
  return JSON.parse(res.body) as T
}

function expectSame (what: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got).slice(0, 200)}, expected ${JSON.stringify(want).slice(0, 200)}`)
}

const ids = (list: ArticleList): string[] => list.edges.map((e) => e.node.id)
const rest = (path: string): HttpRequest => ({ method: 'GET', path })
const enc = encodeURIComponent

function frontPage (withTotal: boolean): Scenario['prepare'] {
  return async ({ db, now }) => {
    const tree = await oracle.loadTree(db)
    const variables = [{ first: 5 }]
    return {
      requests: variables.map((v) => graphqlRequest(frontPageDocument(withTotal), v)),
      variables,
      check: async (_i, res) => {
        const { sections } = dataOf<{ sections: Array<{ slug: string, articles: ArticleList }> }>(res)
        expectSame('top-level sections', sections.map((s) => s.slug), tree.roots.map((s) => s.slug))
        const shown: string[] = []
        for (const [i, root] of tree.roots.entries()) {
          const list = (sections[i] as { articles: ArticleList }).articles
          const subtree = tree.subtree(root.id)
          expectSame(`${root.slug}: newest 5`, ids(list), await oracle.newestIds(db, subtree, now, 5))
          if (withTotal) expectSame(`${root.slug}: totalCount`, list.totalCount, await oracle.countVisible(db, subtree, now))
          shown.push(...ids(list))
        }
        return shown
      },
    }
  }
}

/**
 * The front page revalidated by a client or CDN that holds it: GET with the ETag the service gave,
 * answered 304 with no body and no query. (The ceiling, which has no validators, answers 200.)
 */
async function frontPage304 (ctx: ScenarioContext): Promise<PreparedScenario> {
  const base = await frontPage(true)(ctx)
  const variables = base.variables ?? [{ first: 5 }]
  const get: HttpRequest = { method: 'GET', path: `/graphql?query=${enc(frontPageDocument(true))}&variables=${enc(JSON.stringify(variables[0]))}` }
  const first = await ctx.send(get)
  await base.check(0, first) // the GET answer itself is right
  const etag = first.headers?.etag
  if (!etag) throw new Error('the front page over GET carries no ETag')
  return {
    requests: [{ ...get, headers: { 'if-none-match': etag } }],
    variables,
    expectStatus: 304,
    answer: first,
    check: async (i, res) => {
      if (res.status !== 304) return base.check(i, res)
      if (res.body !== '') throw new Error('a 304 with a body')
      return []
    },
  }
}

async function articlePage ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const articles = await oracle.newestArticles(db, now, ROTATION)
  const variables = articles.map((a) => ({ slug: a.slug, comments: PAGE }))
  return {
    requests: variables.map((v) => graphqlRequest(ARTICLE_PAGE, v)),
    variables,
    note: `rotates over the ${articles.length} newest visible articles`,
    check: async (i, res) => {
      const { article } = dataOf<{ article: { id: string, commentCount: number, comments: ArticleList } | null }>(res)
      const want = articles[i] as { id: string }
      expectSame('article id', article?.id, want.id)
      const thread = await oracle.approvedComments(db, want.id, PAGE)
      expectSame('first 20 approved comments', article && ids(article.comments), thread.ids)
      expectSame('commentCount', article?.commentCount, thread.count)
      return [want.id]
    },
  }
}

async function site ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const newest = await oracle.newestArticles(db, now, 1)
  const published = newest[0] ? (await db.query<{ at: Date }>('SELECT published_at AS at FROM articles WHERE id = $1', [newest[0].id])).rows[0]?.at : undefined
  return {
    requests: [graphqlRequest(SITE)],
    check: async (_i, res) => {
      const { site } = dataOf<{ site: { lastUpdatedAt: string, contentVersion: string } }>(res)
      if (!site.contentVersion) throw new Error('empty contentVersion')
      if (published && !(Date.parse(site.lastUpdatedAt) >= published.getTime())) throw new Error(`lastUpdatedAt ${site.lastUpdatedAt} is before the newest visible article (${published.toISOString()})`)
      return []
    },
  }
}

/** Page `page` (from 1) of a section's list over GraphQL, checked against SQL's OFFSET. */
function sectionCheck (db: pg.Pool, tree: oracle.Tree, now: Date, sections: oracle.SectionRow[], page: (i: number) => number): PreparedScenario['check'] {
  return async (i, res) => {
    const want = sections[i] as oracle.SectionRow
    const { section } = dataOf<{ section: { slug: string, articles: ArticleList } | null }>(res)
    expectSame('section', section?.slug, want.slug)
    const expected = await oracle.newestIds(db, tree.subtree(want.id), now, PAGE, (page(i) - 1) * PAGE)
    expectSame(`${want.slug} page ${page(i)}`, section && ids(section.articles), expected)
    return expected
  }
}

async function sectionPage ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const tree = await oracle.loadTree(db)
  const variables = tree.all.map((s) => ({ slug: s.slug, first: PAGE }))
  return {
    requests: variables.map((v) => graphqlRequest(SECTION_PAGE, v)),
    variables,
    note: `page 1 of each of the ${tree.all.length} sections in turn (with subsections)`,
    check: sectionCheck(db, tree, now, tree.all, () => 1),
  }
}

async function sectionDeepPage ({ db, send, now }: ScenarioContext): Promise<PreparedScenario> {
  const tree = await oracle.loadTree(db)
  const { section, total } = await oracle.largestSection(db, tree, now)
  const target = Math.max(1, Math.min(DEEP_PAGE, Math.ceil(total / PAGE)))
  // Cursors are opaque: the only way to page 50 is the one a client takes, through pages 1..49.
  let after: string | null = null
  for (let page = 1; page < target; page++) {
    const res = await send(graphqlRequest(SECTION_PAGE, { slug: section.slug, first: PAGE, after }))
    const data: { section: { articles: ArticleList } } = dataOf(res)
    after = data.section.articles.pageInfo.endCursor
    if (!after) throw new Error(`${section.slug}: no cursor after page ${page}`)
  }
  const variables = [{ slug: section.slug, first: PAGE, after }]
  return {
    requests: variables.map((v) => graphqlRequest(SECTION_PAGE, v)),
    variables,
    note: target === DEEP_PAGE
      ? `page ${DEEP_PAGE} of "${section.slug}" (${total} visible articles)`
      : `"${section.slug}" has only ${total} visible articles: its last page, ${target}, stands in for page ${DEEP_PAGE}`,
    check: sectionCheck(db, tree, now, [section], () => target),
    ...(target === DEEP_PAGE ? {} : { caveat: `page ${target}, not ${DEEP_PAGE}` }),
  }
}

async function restFrontPage ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const tree = await oracle.loadTree(db)
  return {
    // What a REST client does for one front page: the tree, then one list per top-level section.
    requests: [rest('/api/v1/sections'), ...tree.roots.map((s) => rest(`/api/v1/articles?section=${enc(s.slug)}&limit=5`))],
    note: `a front page is ${tree.roots.length + 1} requests (the sections, then 5 articles per top-level section), rotated; req/s counts requests, pages/s = req/s ÷ ${tree.roots.length + 1}; SQL / req is the mean of the sections request and one list`,
    probes: [0, 1],
    check: async (i, res) => {
      if (i === 0) {
        const body = restOf<{ data: Array<{ slug: string }> }>(res)
        expectSame('section tree roots', body.data.map((s) => s.slug), tree.roots.map((s) => s.slug))
        return []
      }
      const root = tree.roots[i - 1] as oracle.SectionRow
      const body = restOf<{ data: ListNode[], totalCount: number }>(res)
      const expected = await oracle.newestIds(db, tree.subtree(root.id), now, 5)
      expectSame(`${root.slug}: newest 5`, body.data.map((a) => a.id), expected)
      expectSame(`${root.slug}: totalCount`, body.totalCount, await oracle.countVisible(db, tree.subtree(root.id), now))
      return expected
    },
  }
}

async function restArticle ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const articles = await oracle.newestArticles(db, now, ROTATION)
  return {
    requests: articles.map((a) => rest(`/api/v1/articles/${enc(a.slug)}`)),
    note: `rotates over the ${articles.length} newest visible articles`,
    check: async (i, res) => {
      const want = articles[i] as { id: string }
      expectSame('article id', restOf<{ data: ListNode }>(res).data.id, want.id)
      return [want.id]
    },
  }
}

async function restSection ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const tree = await oracle.loadTree(db)
  return {
    requests: tree.all.map((s) => rest(`/api/v1/articles?section=${enc(s.slug)}&limit=${PAGE}`)),
    note: `page 1 of each of the ${tree.all.length} sections in turn`,
    check: async (i, res) => {
      const want = tree.all[i] as oracle.SectionRow
      const expected = await oracle.newestIds(db, tree.subtree(want.id), now, PAGE)
      expectSame(`${want.slug} page 1`, restOf<{ data: ListNode[] }>(res).data.map((a) => a.id), expected)
      return expected
    },
  }
}

const FEED_SIZE = 50
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'item' })

/** The site's RSS feed, built on every request (the bench runs uncached): one list of 50 with bodies. */
async function siteFeed ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const expected = await oracle.newestIds(db, null, now, FEED_SIZE)
  return {
    requests: [rest('/feeds/rss.xml')],
    note: `the newest ${FEED_SIZE} visible articles with their full text, as RSS`,
    check: async (_i, res) => {
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 300)}`)
      const got = (xml.parse(res.body).rss.channel.item as Array<{ guid: string }>).map((item) => item.guid)
      expectSame('feed items', got, expected)
      return got
    },
  }
}

/** Each section's JSON Feed in turn (subsections included). */
async function sectionFeed ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const tree = await oracle.loadTree(db)
  return {
    requests: tree.all.map((s) => rest(`/feeds/sections/${enc(s.slug)}/feed.json`)),
    note: `each of the ${tree.all.length} sections' JSON Feed in turn`,
    check: async (i, res) => {
      const want = tree.all[i] as oracle.SectionRow
      const expected = await oracle.newestIds(db, tree.subtree(want.id), now, FEED_SIZE)
      const got = restOf<{ items: Array<{ id: string }> }>(res).items.map((item) => item.id)
      expectSame(`${want.slug} feed`, got, expected)
      return got
    },
  }
}

const COMMENT_RATE = 200
const COMMENT_AUTHOR = 'قارئ الاختبار'

async function addComment ({ db, now }: ScenarioContext): Promise<PreparedScenario> {
  const articles = await oracle.newestArticles(db, now, ROTATION)
  return {
    requests: articles.map((a) => graphqlRequest(ADD_COMMENT, {
      input: { articleId: a.id, authorName: COMMENT_AUTHOR, body: `تعليق للاختبار رقم ${UNIQUE}، شكراً على المقال.` },
    })),
    rate: COMMENT_RATE,
    note: `${COMMENT_RATE} req/s offered (a steady rate, not flat out), distinct bodies, over the ${articles.length} newest articles; the PENDING comments are deleted after the run`,
    check: async (_i, res) => {
      const { addComment } = dataOf<{ addComment: { comment: { status: string } } }>(res)
      expectSame('receipt status', addComment.comment.status, 'PENDING')
      return []
    },
  }
}

const searchDocument = (withTotal: boolean): string => `query Search($query: String!) {
  search(query: $query, first: 20) { ${withTotal ? 'totalCount ' : ''}edges { score highlight node { id title slug publishedAt section { name } } } }
}`

/**
 * What readers type: names as the wire writes them and as readers misspell them (a long vowel
 * dropped, hamza left out), places, topics, two words, a quoted phrase, an exclusion.
 */
export function searchQueries (): string[] {
  const names = [...FOREIGN_NAMES.m, ...FOREIGN_NAMES.f]
  const family = names.map((n) => n.split(' ').at(-1) as string)
  const misspelt = family.map((w) => w.replace(/(.{2,})[يوا](.+)/u, '$1$2')).filter((w, i) => w !== family[i])
  const unhamzated = [...COUNTRIES, ...CITIES].filter((w) => /[أإآ]/.test(w)).map((w) => w.replace(/[أإآ]/g, 'ا'))
  const topics = Object.values(TOPIC_TAGS).flatMap((tags) => tags.slice(0, 4))
  const pairs = topics.slice(0, 20).map((t, i) => `${t} ${COUNTRIES[i % COUNTRIES.length] as string}`)
  const phrases = names.slice(0, 10).map((n) => `"${n}"`)
  const exclusions = topics.slice(0, 10).map((t, i) => `${t} -${CITIES[i] as string}`)
  return [...family, ...misspelt, ...COUNTRIES, ...CITIES, ...unhamzated, ...topics, ...pairs, ...phrases, ...exclusions]
}

/** Thirds of the search queries by their number of hits: the fewest, the middle, the most. */
type HitBand = 'few' | 'mid' | 'many'
const BANDS: HitBand[] = ['few', 'mid', 'many']

/**
 * The queries of one third, by their number of hits on this dataset as the service counts them
 * (totalCount), fewest first. What a search costs follows its hits (README "Search"), so each third
 * is timed on its own next to the whole rotation.
 */
async function queriesOfBand (band: HitBand, send: Send): Promise<{ queries: string[], hits: [number, number] }> {
  const counted: Array<{ query: string, hits: number }> = []
  for (const query of searchQueries()) {
    const res = await send(graphqlRequest('query Hits($query: String!) { search(query: $query, first: 1) { totalCount } }', { query }))
    counted.push({ query, hits: dataOf<{ search: { totalCount: number } }>(res).search.totalCount })
  }
  counted.sort((a, b) => a.hits - b.hits || (a.query < b.query ? -1 : 1))
  const third = Math.ceil(counted.length / 3)
  const index = BANDS.indexOf(band)
  const part = counted.slice(index * third, (index + 1) * third)
  return { queries: part.map((c) => c.query), hits: [part[0]?.hits ?? 0, part.at(-1)?.hits ?? 0] }
}

/** A search page; without totalCount (as an app scrolling on asks) nothing is counted. */
const search = (withTotal: boolean, band?: HitBand) => async ({ db, now, send }: ScenarioContext): Promise<PreparedScenario> => {
  const all = searchQueries()
  const banded = band === undefined ? null : await queriesOfBand(band, send)
  const queries = banded?.queries ?? all
  const document = searchDocument(withTotal)
  return {
    requests: queries.map((query) => graphqlRequest(document, { query })),
    variables: queries.map((query) => ({ query })),
    note: banded === null
      ? `rotates over ${queries.length} queries: names (and misspellings), places (and without hamza), topics, pairs, phrases, exclusions`
      : `rotates over the ${queries.length} of the ${all.length} queries with the ${{ few: 'fewest', mid: 'middle numbers of', many: 'most' }[band as HitBand]} hits: ${banded.hits[0].toLocaleString('en-US')}–${banded.hits[1].toLocaleString('en-US')} hits each at this size`,
    check: async (_i, res) => {
      const { search } = dataOf<{ search: { totalCount?: number, edges: Array<{ score: number, highlight: string, node: { id: string } }> } }>(res)
      if (withTotal && (search.totalCount as number) < search.edges.length) throw new Error(`totalCount ${search.totalCount} < ${search.edges.length} hits`)
      const ids = search.edges.map((e) => e.node.id)
      if (ids.length > 0) {
        const { rows } = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM articles WHERE id = ANY($1::uuid[]) AND status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= $2", [ids, now])
        expectSame('hits that are visible', rows[0]?.n, ids.length)
      }
      return ids
    },
  }
}

export const scenarios: Scenario[] = [
  { name: 'frontPage', title: 'front page (README query, with totalCount)', ceiling: true, prepare: frontPage(true) },
  { name: 'frontPageCached', title: 'front page from the response cache', ceiling: true, cached: true, prepare: frontPage(true) },
  { name: 'frontPage304', title: 'front page revalidated: GET with If-None-Match → 304', ceiling: true, prepare: frontPage304 },
  { name: 'frontPageNoTotal', title: 'front page without totalCount', ceiling: true, prepare: frontPage(false) },
  { name: 'articlePage', title: 'article page by slug, path, 20 comments', ceiling: true, prepare: articlePage },
  { name: 'search', yardstick: 'articlePage', title: 'search, 20 hits with highlights (Arabic names, places, topics, misspellings)', prepare: search(true) },
  { name: 'searchNoTotal', yardstick: 'articlePage', title: 'search without totalCount (an app scrolling on)', prepare: search(false) },
  { name: 'searchFewHits', yardstick: 'articlePage', title: 'search (as above) over the third of the queries with the fewest hits', prepare: search(true, 'few') },
  { name: 'searchMidHits', yardstick: 'articlePage', title: 'search (as above) over the middle third of the queries by hits', prepare: search(true, 'mid') },
  { name: 'searchManyHits', yardstick: 'articlePage', title: 'search (as above) over the third of the queries with the most hits', prepare: search(true, 'many') },
  // the same thirds without totalCount: what a search costs when its hits are not all counted
  { name: 'searchFewHitsNoTotal', yardstick: 'articlePage', title: 'search without totalCount over the third of the queries with the fewest hits', prepare: search(false, 'few') },
  { name: 'searchMidHitsNoTotal', yardstick: 'articlePage', title: 'search without totalCount over the middle third of the queries by hits', prepare: search(false, 'mid') },
  { name: 'searchManyHitsNoTotal', yardstick: 'articlePage', title: 'search without totalCount over the third of the queries with the most hits', prepare: search(false, 'many') },
  { name: 'searchCached', title: 'search repeated, from the response cache (as production runs by default)', cached: true, prepare: search(true) },
  { name: 'site', title: 'site { lastUpdatedAt contentVersion }', ceiling: true, prepare: site },
  { name: 'sectionPage', title: 'section page 1 (20 articles)', prepare: sectionPage },
  { name: 'sectionDeepPage', title: `section page ${DEEP_PAGE} of the largest section`, prepare: sectionDeepPage },
  { name: 'restFrontPage', title: 'REST front page (sections + lists)', prepare: restFrontPage },
  { name: 'restArticle', title: 'REST article by slug', prepare: restArticle },
  { name: 'restSection', title: 'REST section list page 1', prepare: restSection },
  { name: 'siteFeed', title: 'site RSS feed (50 articles with bodies)', prepare: siteFeed },
  { name: 'sectionFeed', title: 'section JSON Feeds (50 articles with bodies)', prepare: sectionFeed },
  {
    name: 'addComment',
    title: `addComment at ${COMMENT_RATE}/s`,
    prepare: addComment,
    cleanUp: (db) => db.query("DELETE FROM comments WHERE author_name = $1 AND status = 'PENDING' AND body LIKE 'تعليق للاختبار رقم %'", [COMMENT_AUTHOR]),
  },
]

/** The requests a check samples: the first, one in the middle, the last. */
export function sampleIndices (count: number): number[] {
  return [...new Set([0, Math.floor(count / 2), count - 1])].filter((i) => i >= 0)
}

export interface Sample { i: number, res: Exchange, ids: string[] }

/** Sends sampled requests of a scenario and checks each answer; throws at the first wrong one. */
export async function verify (prepared: PreparedScenario, send: Send, indices = sampleIndices(prepared.requests.length)): Promise<Sample[]> {
  const samples: Sample[] = []
  for (const i of indices) {
    const res = await send(materialize(prepared.requests[i] as HttpRequest))
    if (res.status !== (prepared.expectStatus ?? res.status)) throw new Error(`request ${i}: status ${res.status}, not ${prepared.expectStatus}`)
    const shown = await prepared.check(i, res).catch((err: Error) => { throw new Error(`request ${i}: ${err.message}`) })
    samples.push({ i, res, ids: shown })
  }
  if (samples.length === 0) throw new Error('no requests to check')
  return samples
}
