// HTTP caching (src/http/caching.ts): every public read carries validators from the versions it
// depends on, a conditional request answers 304 without running the route's query, and the
// validators move exactly when what the response shows can have moved.
import type { FastifyInstance, InjectOptions } from 'fastify'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql, TestClock, type TestApp } from '../helper.ts'
import { isBackground, startWireCounter } from '../support/wire-counter.ts'

const FRONT = '{ articles(first: 5) { edges { node { id title } } } }'
const WITH_COUNTS = '{ articles(first: 5) { edges { node { id commentCount } } } }'
const gqlGet = (query: string) => `/graphql?query=${encodeURIComponent(query)}`

async function get (app: FastifyInstance, url: string, headers: InjectOptions['headers'] = {}) {
  return app.inject({ method: 'GET', url, headers })
}

/** A newsroom: two sections, a visible article with an approved comment, a draft, tokens. */
async function newsroom (t: Test, opts: { clock?: TestClock, url?: string } = {}) {
  const url = opts.url ?? await createTestDatabase(t)
  const built = await buildOn(t, url, opts.clock ? { clock: opts.clock } : {})
  await built.app.ready()
  await built.app.events.ready
  const news = await createSection(built.db, { name: 'أخبار', slug: 'news' })
  const local = await createSection(built.db, { name: 'محليات', slug: 'local', parentId: news.id })
  const story = await createArticle(built.db, { sectionId: local.id, slug: 'story', title: 'خبر' })
  const draft = await createArticle(built.db, { sectionId: local.id, slug: 'draft', status: 'DRAFT' })
  const editor = await createToken(built.db, 'EDITOR')
  const moderator = await createToken(built.db, 'MODERATOR')
  return { ...built, news, local, story, draft, editor, moderator }
}

type Newsroom = Awaited<ReturnType<typeof newsroom>>

async function approvedComment (room: Newsroom, body = 'تعليق مفيد'): Promise<string> {
  const added = await gql(room.app, 'mutation ($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }', {
    input: { articleId: room.story.id, authorName: 'قارئ', body },
  }, { ip: `10.0.0.${Math.floor(Math.random() * 200) + 1}` })
  if (added.errors) throw new Error(JSON.stringify(added.errors))
  const id = added.data.addComment.comment.id as string
  const approved = await gql(room.app, 'mutation ($id: ID!) { moderateComment(id: $id, action: APPROVE) { status } }', { id }, { token: room.moderator })
  if (approved.errors) throw new Error(JSON.stringify(approved.errors))
  return id
}

const ROUTES = (room: Newsroom) => [
  '/api/v1/site',
  '/api/v1/sections',
  '/api/v1/sections/news',
  '/api/v1/articles?section=news',
  '/api/v1/articles/story',
  `/api/v1/articles/${room.story.id}`,
  `/api/v1/articles/${room.story.id}/comments`,
  gqlGet(FRONT),
  gqlGet('{ site { name lastUpdatedAt contentVersion } }'),
]

t.test('every public read carries validators and answers a conditional request with 304', async (t) => {
  const room = await newsroom(t)
  await approvedComment(room)
  for (const url of ROUTES(room)) {
    const first = await get(room.app, url)
    t.equal(first.statusCode, 200, `${url}: 200`)
    t.match(first.headers.etag, /^W\/"[\w-]+"$/, `${url}: a weak ETag`)
    t.ok(first.headers['last-modified'] && !Number.isNaN(Date.parse(String(first.headers['last-modified']))), `${url}: Last-Modified is an HTTP date`)
    t.equal(first.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60', `${url}: the documented policy`)
    t.match(String(first.headers.vary), /Authorization/, `${url}: varies by Authorization`)

    const byTag = await get(room.app, url, { 'if-none-match': String(first.headers.etag) })
    t.equal(byTag.statusCode, 304, `${url}: If-None-Match → 304`)
    t.equal(byTag.body, '', `${url}: with no body`)
    t.equal(byTag.headers.etag, first.headers.etag, `${url}: the 304 repeats the ETag`)
    t.equal(byTag.headers['cache-control'], first.headers['cache-control'])

    const byDate = await get(room.app, url, { 'if-modified-since': String(first.headers['last-modified']) })
    t.equal(byDate.statusCode, 304, `${url}: If-Modified-Since → 304`)
    const other = await get(room.app, url, { 'if-none-match': 'W/"something-else"' })
    t.equal(other.statusCode, 200, `${url}: another ETag → the full answer`)
    t.equal(other.body, first.body)
    const noCache = await get(room.app, url, { 'if-none-match': String(first.headers.etag), 'cache-control': 'no-cache' })
    t.equal(noCache.statusCode, 200, `${url}: Cache-Control: no-cache in the request asks for the full answer`)
  }
  // Distinct requests never share an ETag, even on the same versions.
  const tags = await Promise.all(ROUTES(room).map(async (url) => (await get(room.app, url)).headers.etag))
  t.equal(new Set(tags).size, tags.length, 'each request its own ETag')
})

t.test('public answers name what they hold in Surrogate-Key and Cache-Tag, as the webhooks do', async (t) => {
  const room = await newsroom(t)
  const article = await get(room.app, '/api/v1/articles/story')
  const keys = String(article.headers['surrogate-key']).split(' ')
  t.ok(keys.includes('site') && keys.includes(room.story.id) && keys.includes(room.local.id), `site, the article and its section (${keys.join(' ')})`)
  t.equal(article.headers['cache-tag'], keys.join(','), 'Cache-Tag: the same, comma-separated')
  const front = await get(room.app, gqlGet(FRONT))
  t.match(String(front.headers['surrogate-key']), room.story.id, 'a GraphQL answer names the ids it selected')
  t.notMatch(String(front.headers['surrogate-key']), room.draft.id, 'and nothing it does not show')
  const staff = await get(room.app, '/api/v1/articles/story', { authorization: `Bearer ${room.editor}` })
  t.equal(staff.headers['surrogate-key'], undefined, 'private answers carry none')
})

t.test('404s and redirects are cacheable too; errors and writes are not; staff answers are private', async (t) => {
  const room = await newsroom(t)
  const missing = await get(room.app, '/api/v1/articles/no-such-article')
  t.equal(missing.statusCode, 404)
  t.ok(missing.headers.etag, 'a 404 has an ETag (it turns into a 200 only when content changes)')
  t.equal((await get(room.app, '/api/v1/articles/no-such-article', { 'if-none-match': String(missing.headers.etag) })).statusCode, 304)

  const bad = await get(room.app, '/api/v1/articles?limit=oops')
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers.etag, undefined, 'a client error has no ETag')
  t.equal(bad.headers['cache-control'], 'no-store')
  const badQuery = await get(room.app, gqlGet('{ nope }'))
  t.equal(badQuery.headers.etag, undefined, 'a GraphQL request error has no ETag')
  t.equal(badQuery.headers['cache-control'], 'no-store')

  const staff = await get(room.app, '/api/v1/articles?section=news', { authorization: `Bearer ${room.editor}` })
  t.equal(staff.statusCode, 200)
  t.equal(staff.headers['cache-control'], 'private, no-store', 'a token\'s answer is never stored')
  t.equal(staff.headers.etag, undefined)
  const staffGql = await get(room.app, gqlGet(FRONT), { authorization: `Bearer ${room.editor}` })
  t.equal(staffGql.headers['cache-control'], 'private, no-store')
  // A staff request's If-None-Match with the public ETag is not answered from it.
  const publicTag = (await get(room.app, '/api/v1/articles?section=news')).headers.etag
  const staffConditional = await get(room.app, '/api/v1/articles?section=news', { authorization: `Bearer ${room.editor}`, 'if-none-match': String(publicTag) })
  t.equal(staffConditional.statusCode, 200, 'staff never get a 304 for the public answer (they see drafts)')

  const post = await room.app.inject({ method: 'POST', url: '/graphql', payload: { query: FRONT } })
  t.equal(post.statusCode, 200)
  t.equal(post.headers['cache-control'], 'no-store', 'GraphQL over POST is not cached')
  t.equal(post.headers.etag, undefined)
  const mutation = await gql(room.app, 'mutation ($id: ID!) { publishArticle(id: $id) { id } }', { id: room.draft.id }, { token: room.editor })
  t.same(mutation.errors, undefined)
  const write = await room.app.inject({ method: 'POST', url: `/api/v1/articles/${room.story.id}/comments`, payload: { authorName: 'قارئ', body: 'تعليق آخر' } })
  t.equal(write.headers['cache-control'], 'no-store', 'a REST write is not cached')
  const health = await get(room.app, '/health/ready')
  t.equal(health.headers.etag, undefined, 'probes carry no validators')
})

t.test('the validators move with every change a response can show, and only then', async (t) => {
  const room = await newsroom(t)
  const tagOf = async (url: string) => String((await get(room.app, url)).headers.etag)
  const watched = {
    front: '/api/v1/articles?section=news',
    article: '/api/v1/articles/story',
    sections: '/api/v1/sections',
    gqlFront: gqlGet(FRONT),
    gqlCounts: gqlGet(WITH_COUNTS),
  }
  const snapshot = async () => Object.fromEntries(await Promise.all(Object.entries(watched).map(async ([k, url]) => [k, await tagOf(url)]))) as Record<keyof typeof watched, string>
  const mutate = async (query: string, variables: Record<string, unknown>, token = room.editor) => {
    const res = await gql(room.app, query, variables, { token })
    t.same(res.errors, undefined, query.slice(0, 60))
  }

  let before = await snapshot()
  t.same(await snapshot(), before, 'no change: the same validators')

  // A draft edit shows nowhere.
  await mutate('mutation ($id: ID!) { updateArticle(id: $id, input: { title: "مسودة معدلة" }) { id } }', { id: room.draft.id })
  t.same(await snapshot(), before, 'editing a draft moves nothing')

  const changes: Array<[string, () => Promise<unknown>]> = [
    ['publishing', () => mutate('mutation ($id: ID!) { publishArticle(id: $id) { id } }', { id: room.draft.id })],
    ['editing a published article', () => mutate('mutation ($id: ID!) { updateArticle(id: $id, input: { title: "خبر معدل" }) { id } }', { id: room.story.id })],
    ['unpublishing', () => mutate('mutation ($id: ID!) { unpublishArticle(id: $id) { id } }', { id: room.draft.id })],
    ['renaming a section', () => mutate('mutation ($id: ID!) { updateSection(id: $id, input: { name: "شؤون محلية" }) { id } }', { id: room.local.id })],
  ]
  for (const [what, change] of changes) {
    await change()
    const after = await snapshot()
    for (const key of Object.keys(watched) as Array<keyof typeof watched>) t.not(after[key], before[key], `${what} moves the ${key} ETag`)
    before = after
  }

  // A comment approval moves what shows comments or counts, and nothing else.
  await approvedComment(room)
  const afterComment = await snapshot()
  t.not(afterComment.front, before.front, 'approval: the REST list (it carries commentCount) changes')
  t.not(afterComment.article, before.article, 'approval: the article changes')
  t.not(afterComment.gqlCounts, before.gqlCounts, 'approval: a query asking for commentCount changes')
  t.equal(afterComment.gqlFront, before.gqlFront, 'approval: a query without comments keeps its ETag')
  t.equal(afterComment.sections, before.sections, 'approval: the section tree keeps its ETag')
  const commentsChangedAt = (await room.db.pool.query<{ at: Date }>('SELECT comments_changed_at AS at FROM site_state')).rows[0]?.at as Date
  t.equal((await get(room.app, watched.article)).headers['last-modified'], commentsChangedAt.toUTCString(), 'Last-Modified of a response with comments is the approval when it is the later change')
})

t.test('a scheduled article going live changes the ETag at its instant, with no write', async (t) => {
  const clock = new TestClock(new Date('2026-06-01T12:00:00.000Z'))
  const room = await newsroom(t, { clock })
  const at = new Date(clock.now().getTime() + 60_000)
  await gql(room.app, 'mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id: room.draft.id, at: at.toISOString() }, { token: room.editor })
  const url = '/api/v1/articles?section=news'
  const scheduled = await get(room.app, url)
  t.notMatch(scheduled.body, room.draft.id, 'not listed before its instant')
  t.equal((await get(room.app, url, { 'if-none-match': String(scheduled.headers.etag) })).statusCode, 304, 'still 304 a second before')
  clock.set(at) // no write, no timer needed: the remembered versions hold only until this instant
  const live = await get(room.app, url, { 'if-none-match': String(scheduled.headers.etag) })
  t.equal(live.statusCode, 200, 'at its instant the old ETag no longer matches')
  t.match(live.body, room.draft.id, 'and the answer lists it')
  t.not(live.headers.etag, scheduled.headers.etag)
})

t.test('a 304 runs no query when the versions are known, and at most one when they are not', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const room = await newsroom(t, { url: wire.url })
  const routes = ROUTES(room)
  const tags = new Map<string, string>()
  for (const route of routes) tags.set(route, String((await get(room.app, route)).headers.etag))
  const own = () => wire.statements().filter((s) => !isBackground(s))
  for (const route of routes) {
    await wire.settle()
    wire.reset()
    const res = await get(room.app, route, { 'if-none-match': tags.get(route) as string })
    t.equal(res.statusCode, 304)
    t.same(own(), [], `${route}: a 304 from remembered versions sends no statement`)
  }
  room.app.versions.forget()
  await wire.settle()
  wire.reset()
  const cold = await get(room.app, routes[4] as string, { 'if-none-match': tags.get(routes[4] as string) as string })
  t.equal(cold.statusCode, 304)
  t.equal(own().length, 1, `not remembered: one statement, the versions (${own().join(' | ').slice(0, 200)})`)
  // Concurrent conditional requests on a cold instance share that one read.
  room.app.versions.forget()
  await wire.settle()
  wire.reset()
  const many = await Promise.all(routes.map((route) => get(room.app, route, { 'if-none-match': tags.get(route) as string })))
  t.same(many.map((r) => r.statusCode), routes.map(() => 304))
  t.equal(own().length, 1, 'nine concurrent 304s on a cold instance: one statement')
})

t.test('two instances: a change made on one moves the other\'s ETags within a second', async (t) => {
  const url = await createTestDatabase(t)
  const a: TestApp = await buildOn(t, url)
  const b = await newsroom(t, { url })
  await a.app.ready()
  await a.app.events.ready
  const route = '/api/v1/articles/story'
  const tag = String((await get(a.app, route)).headers.etag)
  t.equal((await get(a.app, route, { 'if-none-match': tag })).statusCode, 304, 'a remembers its versions')
  const edited = await gql(b.app, 'mutation ($id: ID!) { updateArticle(id: $id, input: { title: "عنوان آخر" }) { id } }', { id: b.story.id }, { token: b.editor })
  t.same(edited.errors, undefined)
  const started = Date.now()
  let status = 304
  while (status === 304 && Date.now() - started < 1_000) {
    status = (await get(a.app, route, { 'if-none-match': tag })).statusCode
    if (status === 304) await new Promise((resolve) => setTimeout(resolve, 10))
  }
  t.equal(status, 200, `a serves the edit within a second (${Date.now() - started} ms)`)
  t.match((await get(a.app, route)).body, 'عنوان آخر')
})
