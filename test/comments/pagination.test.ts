// Keyset pagination of comments, page by page with no gap and no repeat: Article.comments,
// Comment.replies and moderationQueue (`first`/`after`), and the REST thread (`limit`/`cursor`).
// The comments are made out of order, half through the API at instants set on the test clock and
// half written straight to the database with random (v4) ids, many at the same instant, so the
// id tie-break decides; the expected order is computed here from what was made. Forged and
// garbage cursors are client errors, never a 500.
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock, type GqlResult } from '../helper.ts'

type Status = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SPAM'
interface Made { id: string, at: number, articleId: string, parentId: string | null, status: Status }
interface Page { totalCount?: number, pageInfo: { hasNextPage: boolean, hasPreviousPage?: boolean, startCursor?: string | null, endCursor: string | null }, edges: Array<{ cursor?: string, node: { id: string } }> }

const T0 = Date.parse('2026-03-01T12:00:00.000Z')
const ENV = { COMMENT_RATE_LIMITS: '1000/1s' }
const PAGE_FIELDS = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }'
const ARTICLE_COMMENTS = `query C($id: ID, $first: Int, $after: String) { article(id: $id) { comments(first: $first, after: $after) { ${PAGE_FIELDS} } } }`
const REPLIES = `query R($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Comment { replies(first: $first, after: $after) { ${PAGE_FIELDS} } } } }`
const QUEUE = `query Q($first: Int, $after: String) { moderationQueue(first: $first, after: $after) { ${PAGE_FIELDS} } }`

/** (createdAt, id) ascending; PostgreSQL compares uuids byte by byte, as lower-case hex strings compare. */
const byKey = (a: Made, b: Made) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const clock = new TestClock(new Date(T0))
const { app, db } = await build(t, { env: ENV, clock })
const section = await createSection(db)
const article = await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-01T00:00:00.000Z') })
const other = await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-01T00:00:00.000Z') })
const moderator = await createToken(db, 'MODERATOR')

const made: Made[] = []
let n = 0
const ACTION = { APPROVED: 'APPROVE', REJECTED: 'REJECT', SPAM: 'MARK_SPAM' } as const

async function moderate (c: Made, status: Exclude<Status, 'PENDING'>) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/comments/${c.id}/moderation`, headers: { authorization: `Bearer ${moderator}` }, payload: { action: ACTION[status] } })
  if (res.statusCode !== 200) throw new Error(`moderation failed: ${res.body}`)
  c.status = status
}

/** A comment through the API at instant `at` (the test clock), then moderated to `status`. */
async function viaApi (at: number, status: Status, opts: { articleId?: string, parentId?: string } = {}): Promise<Made> {
  n++
  clock.set(new Date(at))
  const articleId = opts.articleId ?? article.id
  const payload = { authorName: `قارئ ${n}`, body: `تعليق رقم ${n}`, ...(opts.parentId ? { parentId: opts.parentId } : {}), ...(status === 'SPAM' ? { website: 'http://spam.example' } : {}) }
  const res = await app.inject({ method: 'POST', url: `/api/v1/articles/${articleId}/comments`, remoteAddress: `10.3.${Math.floor(n / 250)}.${n % 250}`, payload })
  if (res.statusCode !== 201) throw new Error(`comment ${n} refused: ${res.body}`)
  const receipt = res.json().data
  if (receipt.createdAt !== new Date(at).toISOString()) throw new Error(`comment ${n} made at ${receipt.createdAt}, not at the clock's ${new Date(at).toISOString()}`)
  const c: Made = { id: receipt.id, at, articleId, parentId: receipt.parentId, status: 'PENDING' }
  made.push(c)
  if (status !== 'PENDING' && status !== 'SPAM') await moderate(c, status)
  if (status === 'SPAM') c.status = 'SPAM' // the honeypot: stored as SPAM behind a PENDING receipt
  return c
}

/** A comment written straight to the database with a random (v4) id. */
async function direct (at: number, status: Status, opts: { articleId?: string, parentId?: string } = {}): Promise<Made> {
  n++
  const c: Made = { id: randomUUID(), at, articleId: opts.articleId ?? article.id, parentId: opts.parentId ?? null, status }
  await db.prisma.comment.create({ data: { id: c.id, articleId: c.articleId, parentId: c.parentId, authorName: `قارئ ${n}`, body: `تعليق مباشر ${n}`, status, clientHash: 'written-by-the-test', createdAt: new Date(at) } })
  made.push(c)
  return c
}

const s = (seconds: number) => T0 + seconds * 1_000

// 23 approved top-level comments, ties at 1 s (3), 3 s (2), 4 s (4), 7 s (2), 9 s (3), 12 s (2);
// 5 s and 5.001 s differ by one millisecond. Made in a scrambled order (i × 7 mod 23).
const TOP = [0, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 5, 5.001, 7, 7, 8, 9, 9, 9, 10, 11, 12, 12]
const top: Made[] = []
for (let k = 0; k < TOP.length; k++) {
  const i = (k * 7) % TOP.length
  top.push(await (i % 2 ? direct : viaApi)(s(TOP[i] as number), 'APPROVED'))
}
// Not on the list: other statuses at the same instants, and another article's comments.
await viaApi(s(1), 'PENDING')
await direct(s(4), 'PENDING')
await viaApi(s(4), 'REJECTED')
await direct(s(9), 'PENDING')
await viaApi(s(9), 'SPAM')
await direct(s(1), 'APPROVED', { articleId: other.id })
await viaApi(s(4), 'APPROVED', { articleId: other.id })
await direct(s(4), 'PENDING', { articleId: other.id })

// 7 approved replies to one comment (one of them sent as a reply to a reply), ties at 21 s and 23 s;
// a pending and a rejected reply, and another comment's replies at the same instants.
const parent = top.find((c) => c.at === s(3)) as Made
const sibling = top.find((c) => c.at === s(12)) as Made
const r1 = await viaApi(s(20), 'APPROVED', { parentId: parent.id })
await direct(s(21), 'APPROVED', { parentId: parent.id })
await viaApi(s(21), 'APPROVED', { parentId: r1.id }) // a reply to a reply joins the top-level comment
await direct(s(21), 'APPROVED', { parentId: parent.id })
await viaApi(s(22), 'APPROVED', { parentId: parent.id })
await direct(s(23), 'APPROVED', { parentId: parent.id })
await viaApi(s(23), 'APPROVED', { parentId: parent.id })
await viaApi(s(21), 'PENDING', { parentId: parent.id })
await viaApi(s(21), 'REJECTED', { parentId: parent.id })
for (const at of [21, 21, 22]) await direct(s(at), 'APPROVED', { parentId: sibling.id })

// More pending comments for the queue: 12 in all (three full pages of 4).
await viaApi(s(30), 'PENDING')
await direct(s(30), 'PENDING')
await viaApi(s(30), 'PENDING', { articleId: other.id })
await direct(s(31), 'PENDING', { articleId: other.id })
await viaApi(s(32), 'PENDING')
await direct(s(32), 'PENDING')
await viaApi(s(33), 'PENDING')
clock.set(new Date(s(60)))

const expected = {
  top: () => made.filter((c) => c.articleId === article.id && c.parentId === null && c.status === 'APPROVED').sort(byKey).map((c) => c.id),
  replies: (of: string) => made.filter((c) => c.parentId === of && c.status === 'APPROVED').sort(byKey).map((c) => c.id),
  queue: () => made.filter((c) => c.status === 'PENDING').sort(byKey).map((c) => c.id),
}

t.test('the data is what the walks below expect', async (t) => {
  t.equal(expected.top().length, 23, '23 approved top-level comments')
  t.equal(expected.replies(parent.id).length, 7, '7 approved replies to one of them')
  t.equal(expected.replies(sibling.id).length, 3, '3 to another')
  t.equal(expected.queue().length, 12, '12 pending comments')
  const stored = await db.prisma.comment.findMany({ select: { id: true, status: true, createdAt: true, parentId: true, articleId: true } })
  t.same(
    stored.map((c) => ({ id: c.id, at: c.createdAt.getTime(), articleId: c.articleId, parentId: c.parentId, status: c.status })).sort(byKey),
    [...made].sort(byKey),
    'the database holds exactly the comments made, with their instants, threads and statuses'
  )
  const tied = (ids: string[]) => ids.filter((id, i) => i > 0 && made.find((c) => c.id === id)?.at === made.find((c) => c.id === ids[i - 1])?.at).length
  t.ok(tied(expected.top()) >= 10 && tied(expected.replies(parent.id)) >= 2 && tied(expected.queue()) >= 3, 'many neighbours share their instant: the id breaks those ties')
  const creation = made.map((c) => c.id)
  t.notSame(expected.top(), creation.filter((id) => expected.top().includes(id)), 'made in another order than the list\'s')
})

/**
 * Follows endCursor from the first page to the last. Checks, besides the concatenation: every
 * page but the last is full, hasNextPage is false exactly on the last page, hasPreviousPage says
 * whether a cursor was given, startCursor/endCursor are the first and last edges' cursors, and
 * totalCount (when asked for) is the whole list on every page.
 */
async function walk (t: Test, label: string, first: number, want: string[], fetch: (first: number, after: string | null) => Promise<Page>) {
  const ids: string[] = []
  const sizes: number[] = []
  const more: boolean[] = []
  const problems: string[] = []
  let after: string | null = null
  for (let i = 0; i < 200; i++) {
    const page = await fetch(first, after)
    sizes.push(page.edges.length)
    more.push(page.pageInfo.hasNextPage)
    ids.push(...page.edges.map((e) => e.node.id))
    if (page.totalCount !== undefined && page.totalCount !== want.length) problems.push(`page ${i + 1}: totalCount ${page.totalCount}`)
    if (page.pageInfo.hasPreviousPage !== undefined && page.pageInfo.hasPreviousPage !== (after !== null)) problems.push(`page ${i + 1}: hasPreviousPage ${page.pageInfo.hasPreviousPage}`)
    if (page.pageInfo.startCursor !== undefined && page.pageInfo.startCursor !== (page.edges[0]?.cursor ?? null)) problems.push(`page ${i + 1}: startCursor is not the first edge's`)
    if (page.edges[0]?.cursor !== undefined && page.pageInfo.endCursor !== (page.edges.at(-1)?.cursor ?? null)) problems.push(`page ${i + 1}: endCursor is not the last edge's`)
    if (!page.pageInfo.hasNextPage) break
    if (page.pageInfo.endCursor === null) { problems.push(`page ${i + 1}: a next page without an endCursor`); break }
    after = page.pageInfo.endCursor
  }
  const pages = Math.max(1, Math.ceil(want.length / first))
  t.same(ids, want, `${label}, pages of ${first}: the concatenation is the whole list in order, no gap, no repeat`)
  t.same(sizes, Array.from({ length: pages }, (_, i) => i < pages - 1 ? first : want.length - first * (pages - 1)), `${label}, pages of ${first}: ${pages} pages, all full but the last`)
  t.same(more, Array.from({ length: pages }, (_, i) => i < pages - 1), `${label}, pages of ${first}: hasNextPage false exactly on the last page`)
  t.same(problems, [], `${label}, pages of ${first}: totalCount, hasPreviousPage, startCursor and endCursor`)
}

const data = (res: GqlResult<any>, pick: (d: any) => Page | undefined): Page => {
  if (res.errors) throw new Error(JSON.stringify(res.errors))
  const page = pick(res.data)
  if (!page) throw new Error(`no page in ${JSON.stringify(res.data)}`)
  return page
}
const articleComments = (id: string, token?: string) => async (first: number, after: string | null) =>
  data(await gql(app, ARTICLE_COMMENTS, { id, first, after }, { token }), (d) => d.article?.comments)
const replies = (id: string) => async (first: number, after: string | null) =>
  data(await gql(app, REPLIES, { id, first, after }), (d) => d.node?.replies)
const queue = async (first: number, after: string | null) =>
  data(await gql(app, QUEUE, { first, after }, { token: moderator }), (d) => d.moderationQueue)
/** The REST thread, as a Page of its top-level comments; the replies nested in each item are kept. */
const restItems = new Map<string, { replies: Array<{ id: string, parentId: string }>, replyCount: number }>()
const rest = (id: string) => async (first: number, after: string | null): Promise<Page> => {
  const res = await app.inject({ url: `/api/v1/articles/${id}/comments?limit=${first}${after ? `&cursor=${encodeURIComponent(after)}` : ''}` })
  if (res.statusCode !== 200) throw new Error(res.body)
  const body = res.json()
  for (const item of body.data) restItems.set(item.id, item)
  // REST items carry no cursor to compare startCursor with (it is checked where lists walk back: test/articles/backward.test.ts)
  const { startCursor: _start, ...pageInfo } = body.pageInfo
  return { totalCount: body.totalCount, pageInfo, edges: body.data.map((node: { id: string }) => ({ node })) }
}

t.test('Article.comments: first/after', async (t) => {
  for (const first of [1, 2, 4, 5, 22, 23, 100]) await walk(t, 'Article.comments', first, expected.top(), articleComments(article.id))
  // without totalCount: the first page may come another way (embedded in the article's statement)
  const lean = 'query C($id: ID, $first: Int, $after: String) { article(id: $id) { comments(first: $first, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } }'
  for (const first of [1, 5, 20, 23]) {
    await walk(t, 'Article.comments without totalCount', first, expected.top(), async (f, after) => data(await gql(app, lean, { id: article.id, first: f, after }), (d) => d.article?.comments))
  }
  const front = await gql(app, '{ articles(first: 10) { edges { node { id comments(first: 4) { pageInfo { hasNextPage endCursor } edges { node { id } } } } } } }')
  const inList = front.data?.articles.edges.find((e: any) => e.node.id === article.id)?.node.comments
  t.same(inList?.edges.map((e: any) => e.node.id), expected.top().slice(0, 4), 'the first page of comments inside an article list')
  t.equal(inList?.pageInfo.hasNextPage, true)
  const continued = await articleComments(article.id)(100, inList?.pageInfo.endCursor)
  t.same(continued.edges.map((e) => e.node.id), expected.top().slice(4), 'and its endCursor continues the thread')
  await walk(t, 'Article.comments as a moderator', 4, expected.top(), articleComments(article.id, moderator))
  const others = made.filter((c) => c.articleId === other.id && c.parentId === null && c.status === 'APPROVED').sort(byKey).map((c) => c.id)
  await walk(t, 'another article\'s comments', 1, others, articleComments(other.id))
  const all = await articleComments(article.id)(100, null)
  const want = expected.top()
  for (const [i, edge] of all.edges.entries()) {
    const tail = await articleComments(article.id)(100, edge.cursor as string)
    if (JSON.stringify(tail.edges.map((e) => e.node.id)) !== JSON.stringify(want.slice(i + 1))) t.fail(`after edge ${i}'s cursor: not the rest of the list`)
  }
  t.pass('every edge\'s cursor continues the list right after its comment')
  t.same(await articleComments(article.id)(0, null), { totalCount: 23, pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] }, 'first: 0 counts and says there is more')
})

/**
 * Follows startCursor backward from the thread's end (last, then last/before). The pages, put
 * together, must be the list walked forward; hasNextPage says whether a cursor was given and
 * hasPreviousPage is false exactly on the first page of the list.
 */
async function walkBack (t: Test, label: string, last: number, want: string[], fetch: (last: number, before: string | null) => Promise<Page>) {
  const pages: string[][] = []
  const problems: string[] = []
  let before: string | null = null
  for (let i = 0; i < 200; i++) {
    const page = await fetch(last, before)
    pages.unshift(page.edges.map((e) => e.node.id))
    if (page.pageInfo.hasNextPage !== (before !== null)) problems.push(`page ${i + 1}: hasNextPage ${page.pageInfo.hasNextPage}`)
    if (page.pageInfo.startCursor !== (page.edges[0]?.cursor ?? null)) problems.push(`page ${i + 1}: startCursor is not the first edge's`)
    if (!page.pageInfo.hasPreviousPage) break
    before = page.pageInfo.startCursor as string
  }
  t.same(pages.flat(), want, `${label}, backward by ${last}: the same list in the same order`)
  t.ok(pages.slice(1).every((p) => p.length === last), `${label}, backward by ${last}: every page full but the list's first`)
  t.same(problems, [], `${label}, backward by ${last}: hasNextPage and startCursor`)
}

const BACK_COMMENTS = 'query C($id: ID, $last: Int, $before: String) { article(id: $id) { comments(last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } }'
const BACK_REPLIES = 'query R($id: ID!, $last: Int, $before: String) { node(id: $id) { ... on Comment { replies(last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } } }'

t.test('Article.comments, Comment.replies and REST: last/before walk back over the same list', async (t) => {
  for (const last of [1, 2, 5, 23, 100]) {
    await walkBack(t, 'Article.comments', last, expected.top(), async (l, before) => data(await gql(app, BACK_COMMENTS, { id: article.id, last: l, before }), (d) => d.article?.comments))
  }
  for (const last of [1, 3, 7]) {
    await walkBack(t, 'Comment.replies', last, expected.replies(parent.id), async (l, before) => data(await gql(app, BACK_REPLIES, { id: parent.id, last: l, before }), (d) => d.node?.replies))
  }
  // from a page met walking forward, before=startCursor is exactly the page before it
  const second = await articleComments(article.id)(5, (await articleComments(article.id)(5, null)).pageInfo.endCursor)
  const back = data(await gql(app, BACK_COMMENTS, { id: article.id, last: 5, before: second.pageInfo.startCursor }), (d) => d.article?.comments)
  t.same(back.edges.map((e) => e.node.id), expected.top().slice(0, 5), 'the page before the second: the first')
  const rest = await app.inject({ url: `/api/v1/articles/${article.id}/comments?limit=5&before=${encodeURIComponent(second.pageInfo.startCursor as string)}` })
  t.same(rest.json().data.map((c: { id: string }) => c.id), expected.top().slice(0, 5), 'REST before=')
  const both = await gql(app, 'query C($id: ID, $a: String, $b: String) { article(id: $id) { comments(after: $a, before: $b) { totalCount } } }', { id: article.id, a: second.pageInfo.endCursor, b: second.pageInfo.startCursor })
  t.equal(both.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'after and before together')
  const tooMany = await gql(app, BACK_COMMENTS, { id: article.id, last: 101 })
  t.equal(tooMany.errors?.[0]?.extensions?.field, 'last')
})

t.test('Comment.replies: first/after', async (t) => {
  for (const first of [1, 2, 3, 6, 7, 20]) await walk(t, 'Comment.replies', first, expected.replies(parent.id), replies(parent.id))
  await walk(t, 'another comment\'s replies', 2, expected.replies(sibling.id), replies(sibling.id))
  await walk(t, 'a comment without replies', 5, [], replies((top.find((c) => c.id !== parent.id && c.id !== sibling.id) as Made).id))
  // replies nested in a page of the thread page on their own
  const nested = await gql(app, `query N($id: ID, $after: String) { article(id: $id) { comments(first: 100) { edges { node { id replies(first: 3, after: $after) { ${PAGE_FIELDS} } } } } } }`, { id: article.id, after: null })
  const edge = nested.data.article.comments.edges.find((e: any) => e.node.id === parent.id)
  t.same(edge.node.replies.edges.map((e: any) => e.node.id), expected.replies(parent.id).slice(0, 3), 'the first 3 replies, nested in the thread')
  t.equal(edge.node.replies.pageInfo.hasNextPage, true)
  const next = await replies(parent.id)(3, edge.node.replies.pageInfo.endCursor)
  t.same(next.edges.map((e) => e.node.id), expected.replies(parent.id).slice(3, 6), 'a nested page\'s endCursor continues on node(id).replies')
})

t.test('moderationQueue: first/after', async (t) => {
  for (const first of [1, 3, 4, 5, 11, 12, 100]) await walk(t, 'moderationQueue', first, expected.queue(), queue)
  const back = 'query Q($last: Int, $before: String) { moderationQueue(last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }'
  for (const last of [1, 4, 12]) {
    await walkBack(t, 'moderationQueue', last, expected.queue(), async (l, before) => data(await gql(app, back, { last: l, before }, { token: moderator }), (d) => d.moderationQueue))
  }
})

t.test('REST /articles/:id/comments: limit/cursor', async (t) => {
  for (const limit of [1, 2, 4, 5, 22, 23, 100]) await walk(t, 'REST comments', limit, expected.top(), rest(article.id))
  const thread = restItems.get(parent.id)
  t.same(thread?.replies.map((r) => [r.id, r.parentId]), expected.replies(parent.id).map((id) => [id, parent.id]), 'the nested replies of a top-level comment, in order')
  t.equal(thread?.replyCount, 7)
  t.equal(restItems.get(sibling.id)?.replyCount, 3)
  // one list, two interfaces: a GraphQL cursor continues the REST list and back
  const gqlFirst = await articleComments(article.id)(5, null)
  const restNext = await rest(article.id)(5, gqlFirst.pageInfo.endCursor)
  t.same(restNext.edges.map((e) => e.node.id), expected.top().slice(5, 10), 'a GraphQL endCursor continues the REST list')
  const gqlNext = await articleComments(article.id)(5, restNext.pageInfo.endCursor)
  t.same(gqlNext.edges.map((e) => e.node.id), expected.top().slice(10, 15), 'and a REST endCursor the GraphQL one')
})

t.test('a cursor placed between tied comments: the id decides', async (t) => {
  const first = await articleComments(article.id)(1, null)
  const [version, key] = JSON.parse(Buffer.from(first.pageInfo.endCursor as string, 'base64url').toString('utf8')) as [number, string]
  const forge = (at: number, id: string) => Buffer.from(JSON.stringify([version, key, at, id])).toString('base64url')
  const want = expected.top()
  const atOf = (id: string) => (made.find((c) => c.id === id) as Made).at
  for (const at of [s(1), s(4), s(9)]) {
    const group = want.filter((id) => atOf(id) === at)
    const firstOfGroup = want.indexOf(group[0] as string)
    const low = await articleComments(article.id)(100, forge(at, '00000000-0000-0000-0000-000000000000'))
    t.same(low.edges.map((e) => e.node.id), want.slice(firstOfGroup), `before the lowest id at +${(at - T0) / 1000} s: the whole tie group and after`)
    const high = await articleComments(article.id)(100, forge(at, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    t.same(high.edges.map((e) => e.node.id), want.slice(firstOfGroup + group.length), `after the highest id at +${(at - T0) / 1000} s: past the whole tie group`)
    const middle = [...group].sort()[1] as string
    const mid = await articleComments(article.id)(100, forge(at, middle))
    t.same(mid.edges.map((e) => e.node.id), want.slice(want.indexOf(middle) + 1), `after the second id of the group at +${(at - T0) / 1000} s: the ids above it`)
  }
})

t.test('garbage and forged cursors are client errors, not 500s', async (t) => {
  const own = {
    article: (await articleComments(article.id)(1, null)).pageInfo.endCursor as string,
    otherArticle: (await articleComments(other.id)(1, null)).pageInfo.endCursor as string,
    replies: (await replies(parent.id)(1, null)).pageInfo.endCursor as string,
    siblingReplies: (await replies(sibling.id)(1, null)).pageInfo.endCursor as string,
    queue: (await queue(1, null)).pageInfo.endCursor as string,
    articles: (await gql(app, '{ articles(first: 1) { pageInfo { endCursor } } }')).data.articles.pageInfo.endCursor as string,
  }
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
  const parts = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [number, string, number, string]
  const reforge = (c: string, change: (p: [number, string, number, string]) => unknown[]) => b64(change(parts(c)))
  const garbage: Array<[string, (mine: string) => string]> = [
    ['punctuation', () => 'garbage!!'],
    ['spaces', () => 'not a cursor'],
    ['base64url of nothing JSON', () => b64('hello')],
    ['an empty JSON array', () => b64([])],
    ['an object', () => b64({ after: 1 })],
    ['another version', (mine) => reforge(mine, ([, k, ms, id]) => [2, k, ms, id])],
    ['an id that is not a UUID', (mine) => reforge(mine, ([v, k, ms]) => [v, k, ms, 'x'])],
    ['an instant that is not a number', (mine) => reforge(mine, ([v, k, , id]) => [v, k, '2026-03-01', id])],
    ['a fractional instant', (mine) => reforge(mine, ([v, k, ms, id]) => [v, k, ms + 0.5, id])],
    ['a missing part', (mine) => reforge(mine, ([v, k, ms]) => [v, k, ms])],
    ['250 characters', () => 'A'.repeat(250)],
    ['a 20,000-character cursor', () => 'A'.repeat(20_000)],
  ]
  const foreign: Array<[string, string, string]> = [
    ['Article.comments', 'another article\'s comments', own.otherArticle],
    ['Article.comments', 'replies', own.replies],
    ['Article.comments', 'the moderation queue', own.queue],
    ['Article.comments', 'the article list', own.articles],
    ['Comment.replies', 'another comment\'s replies', own.siblingReplies],
    ['Comment.replies', 'the thread', own.article],
    ['moderationQueue', 'a thread', own.article],
    ['moderationQueue', 'replies', own.replies],
  ]
  const lists: Record<string, { mine: string, call: (after: string) => Promise<GqlResult<any>>, pick: (d: any) => unknown }> = {
    'Article.comments': { mine: own.article, call: (after) => gql(app, ARTICLE_COMMENTS, { id: article.id, first: 5, after }), pick: (d) => d?.article },
    'Comment.replies': { mine: own.replies, call: (after) => gql(app, REPLIES, { id: parent.id, first: 5, after }), pick: (d) => d?.node },
    moderationQueue: { mine: own.queue, call: (after) => gql(app, QUEUE, { first: 5, after }, { token: moderator }), pick: (d) => d?.moderationQueue },
  }
  const expectRefused = (t: Test, res: GqlResult<any>, pick: (d: any) => unknown, label: string) => {
    t.equal(res.status, 200, `${label}: HTTP 200 (an execution error)`)
    t.match(res.errors, [{ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }], `${label}: BAD_USER_INPUT on after`)
    t.equal(pick(res.data) ?? null, null, `${label}: no page`)
  }
  for (const [list, { mine, call, pick }] of Object.entries(lists)) {
    for (const [what, make] of garbage) expectRefused(t, await call(make(mine)), pick, `${list}, ${what}`)
  }
  for (const [list, what, cursor] of foreign) {
    const { call, pick } = lists[list] as (typeof lists)[string]
    expectRefused(t, await call(cursor), pick, `${list}, a cursor of ${what}`)
  }

  // Well-formed and of this list, but an instant no timestamp can hold: still the client's fault.
  for (const [what, ms] of [['beyond the last Date', 8.64e15 + 1], ['before PostgreSQL\'s first timestamp', -1e15]] as const) {
    for (const [list, { mine, call, pick }] of Object.entries(lists)) {
      const res = await call(reforge(mine, ([v, k, , id]) => [v, k, ms, id]))
      const label = `${list}, an instant ${what}`
      t.not(res.errors?.[0]?.extensions?.code, undefined, `${label}: refused`)
      t.equal(pick(res.data) ?? null, null, `${label}: no page`)
      t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${label}: BAD_USER_INPUT, not a server error`)
    }
    const restRes = await app.inject({ url: `/api/v1/articles/${article.id}/comments?cursor=${reforge(own.article, ([v, k, , id]) => [v, k, ms, id])}` })
    t.equal(restRes.statusCode, 400, `REST, an instant ${what}: 400, not a server error`)
  }

  // REST: the same refusals as problem+json naming the parameter
  const restCursors: Array<[string, string]> = [
    ...garbage.filter(([what]) => what !== '250 characters' && what !== 'a 20,000-character cursor').map(([what, make]) => [what, make(own.article)] as [string, string]),
    ['another article\'s comments', own.otherArticle],
    ['replies', own.replies],
    ['the moderation queue', own.queue],
    ['the article list', own.articles],
  ]
  for (const [what, cursor] of restCursors) {
    const res = await app.inject({ url: `/api/v1/articles/${article.id}/comments?limit=5&cursor=${encodeURIComponent(cursor)}` })
    const label = `REST cursor, ${what}`
    t.equal(res.statusCode, 400, `${label}: 400`)
    t.match(String(res.headers['content-type']), /^application\/problem\+json/, `${label}: problem+json`)
    t.match(res.json(), { status: 400, code: 'BAD_USER_INPUT' }, `${label}: BAD_USER_INPUT`)
    t.equal(res.json().field, 'cursor', `${label}: names the cursor parameter`)
  }
  for (const cursor of ['A'.repeat(250), 'A'.repeat(20_000)]) {
    const res = await app.inject({ url: `/api/v1/articles/${article.id}/comments?cursor=${cursor}` })
    t.equal(res.statusCode, 400, `REST cursor of ${cursor.length} characters: 400`)
    t.match(res.json(), { code: 'BAD_USER_INPUT', field: 'cursor' }, `REST cursor of ${cursor.length} characters: BAD_USER_INPUT on cursor`)
  }
  for (const limit of ['0', '101', '-1', '2.5', 'ten', '']) {
    const res = await app.inject({ url: `/api/v1/articles/${article.id}/comments?limit=${limit}` })
    t.equal(res.statusCode, 400, `REST limit=${limit}: 400`)
    t.match(res.json(), { code: 'BAD_USER_INPUT', field: 'limit' }, `REST limit=${limit}: BAD_USER_INPUT on limit`)
  }
  for (const [name, call] of [
    ['Article.comments', (first: number) => gql(app, ARTICLE_COMMENTS, { id: article.id, first })],
    ['Comment.replies', (first: number) => gql(app, REPLIES, { id: parent.id, first })],
    ['moderationQueue', (first: number) => gql(app, QUEUE, { first }, { token: moderator })],
  ] as const) {
    for (const first of [-1, 101]) {
      t.match((await call(first)).errors, [{ extensions: { code: 'BAD_USER_INPUT', field: 'first', limit: 100 } }], `${name}, first: ${first}: BAD_USER_INPUT`)
    }
  }
})

t.test('the walk stays whole while comments are approved under it', async (t) => {
  // A page is taken, then one pending comment older than the cursor and one newer are approved:
  // the rest of the walk has neither a repeat nor a gap; the newer comment appears in its place.
  const want = expected.top()
  const page1 = await articleComments(article.id)(5, null)
  const early = made.find((c) => c.articleId === article.id && c.parentId === null && c.status === 'PENDING' && c.at === s(1)) as Made
  const late = made.find((c) => c.articleId === article.id && c.parentId === null && c.status === 'PENDING' && c.at === s(30)) as Made
  await moderate(early, 'APPROVED')
  await moderate(late, 'APPROVED')
  const ids = page1.edges.map((e) => e.node.id)
  let after = page1.pageInfo.endCursor
  let more = page1.pageInfo.hasNextPage
  while (more) {
    const page = await articleComments(article.id)(5, after)
    ids.push(...page.edges.map((e) => e.node.id))
    after = page.pageInfo.endCursor
    more = page.pageInfo.hasNextPage
  }
  t.same(ids, [...want, late.id], 'the first walk\'s list, then the newly approved later comment; the earlier one is behind the cursor')
  t.same(expected.top().filter((id) => !ids.includes(id)), [early.id], 'only the comment approved behind the cursor was not seen')
  const fresh = await articleComments(article.id)(100, null)
  t.same(fresh.edges.map((e) => e.node.id), expected.top(), 'a new walk sees both in their places')
  t.equal(fresh.totalCount, 25)
})
