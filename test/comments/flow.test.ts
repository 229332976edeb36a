// The whole comment flow over HTTP and WebSocket: a reader posts, a moderator approves, readers
// (and subscribers on another instance) see it; idempotent retries; constant SQL for lists.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, buildOn, createTestDatabase, gql, TestClock } from '../helper.ts'
import { startWireCounter } from '../support/wire-counter.ts'
import { subscribe } from '../support/ws-client.ts'

const ENV = { COMMENT_RATE_LIMITS: '1000/1s' }
const ADD = 'mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { id status body authorName parent { id } article { id } } } }'
const THREAD = 'query T($id: ID) { article(id: $id) { commentCount comments { totalCount edges { node { id body authorEmail replies { totalCount edges { node { id body parent { id } } } } } } } } }'
const MODERATE = 'mutation M($id: ID!, $action: ModerationAction!) { moderateComment(id: $id, action: $action) { id status authorEmail } }'

t.test('a reader comments, a moderator approves, readers see it', async (t) => {
  const { app, db } = await build(t, { env: ENV })
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id })
  const moderator = await createToken(db, 'MODERATOR')

  const rest = await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: ' سعاد ', authorEmail: 'suad@example.org', body: '  مقال مفيد، شكرا.  ' } })
  t.equal(rest.statusCode, 201)
  const first = rest.json().data
  t.match(first, { articleId: article.id, parentId: null, authorName: 'سعاد', body: 'مقال مفيد، شكرا.', status: 'PENDING' }, 'a receipt, trimmed, PENDING')
  t.notOk('authorEmail' in first)
  const second = (await gql(app, ADD, { input: { articleId: article.id, authorName: 'Omar', body: 'Second!' } })).data.addComment.comment
  t.match(second, { status: 'PENDING', body: 'Second!', parent: null, article: { id: article.id } })

  t.same((await gql(app, THREAD, { id: article.id })).data.article, { commentCount: 0, comments: { totalCount: 0, edges: [] } }, 'nothing public before moderation')
  const queue = await gql(app, '{ moderationQueue { totalCount edges { node { id authorEmail status } } } }', {}, { token: moderator })
  t.same(queue.data.moderationQueue.edges.map((e: any) => e.node), [
    { id: first.id, authorEmail: 'suad@example.org', status: 'PENDING' },
    { id: second.id, authorEmail: null, status: 'PENDING' },
  ], 'oldest first, with the email for moderators')

  const approved = await gql(app, MODERATE, { id: first.id, action: 'APPROVE' }, { token: moderator })
  t.match(approved.data.moderateComment, { status: 'APPROVED', authorEmail: 'suad@example.org' })
  const rejected = await app.inject({ method: 'POST', url: `/api/v1/comments/${second.id}/moderation`, headers: { authorization: `Bearer ${moderator}` }, payload: { action: 'REJECT' } })
  t.match(rejected.json().data, { id: second.id, status: 'REJECTED' })

  // replies: one level; a reply to a reply joins the top-level comment
  const reply = (await gql(app, ADD, { input: { articleId: article.id, parentId: first.id, authorName: 'ليلى', body: 'أوافق' } })).data.addComment.comment
  t.equal(reply.parent.id, first.id, 'a reply to an approved comment')
  await gql(app, MODERATE, { id: reply.id, action: 'APPROVE' }, { token: moderator })
  const nested = (await gql(app, ADD, { input: { articleId: article.id, parentId: reply.id, authorName: 'خالد', body: 'وأنا أيضا' } })).data.addComment.comment
  await gql(app, MODERATE, { id: nested.id, action: 'APPROVE' }, { token: moderator })

  const thread = (await gql(app, THREAD, { id: article.id })).data.article
  t.equal(thread.commentCount, 3, 'approved, replies included')
  t.equal(thread.comments.totalCount, 1)
  const top = thread.comments.edges[0].node
  t.match(top, { id: first.id, authorEmail: null })
  t.same(top.replies.edges.map((e: any) => [e.node.body, e.node.parent.id]), [['أوافق', first.id], ['وأنا أيضا', first.id]], 'a reply to a reply attaches to the top-level comment')

  const list = (await app.inject({ url: `/api/v1/articles/${article.id}/comments` })).json()
  t.equal(list.totalCount, 1)
  t.match(list.data[0], { id: first.id, replyCount: 2, replies: [{ body: 'أوافق', parentId: first.id }, { body: 'وأنا أيضا', parentId: first.id }] })
  t.equal(list.data.length + list.data[0].replies.length, thread.commentCount, 'REST and GraphQL agree with the count')

  const versions = await db.prisma.article.findUniqueOrThrow({ where: { id: article.id }, select: { commentVersion: true } })
  t.equal(versions.commentVersion, 3, 'each approval bumped the article\'s comment version')
  await gql(app, MODERATE, { id: first.id, action: 'MARK_SPAM' }, { token: moderator })
  const after = (await gql(app, THREAD, { id: article.id })).data.article
  t.same(after, { commentCount: 0, comments: { totalCount: 0, edges: [] } }, 'removing a top-level comment hides its thread, and the count follows')
  t.equal((await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentVersion, 4)
})

t.test('Idempotency-Key: retries return the first receipt and create nothing new', async (t) => {
  const url = await createTestDatabase(t)
  const a = await buildOn(t, url, { env: ENV })
  const b = await buildOn(t, url, { env: ENV })
  const section = await createSection(a.db)
  const article = await createArticle(a.db, { sectionId: section.id })
  const post = (app: typeof a.app, key: string, body = 'مرة واحدة فقط') => app.inject({
    method: 'POST', url: `/api/v1/articles/${article.id}/comments`, headers: { 'idempotency-key': key }, payload: { authorName: 'قارئ', body },
  })
  const first = await post(a.app, 'key-1')
  const again = await post(a.app, 'key-1')
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 201)
  t.same(again.json(), first.json(), 'the same receipt')
  t.equal(await a.db.prisma.comment.count(), 1)

  const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => post(i % 2 ? a.app : b.app, 'key-2', 'سباق')))
  t.same(new Set(racing.map((r) => r.statusCode)), new Set([201]), 'every concurrent retry succeeds')
  t.equal(new Set(racing.map((r) => r.json().data.id)).size, 1, 'with one and the same comment, across two instances')
  t.equal(await a.db.prisma.comment.count(), 2)

  const gqlKeyed = () => a.app.inject({ method: 'POST', url: '/graphql', headers: { 'idempotency-key': 'key-3' }, payload: { query: ADD, variables: { input: { articleId: article.id, authorName: 'ق', body: 'عبر GraphQL' } } } })
  const g1 = (await gqlKeyed()).json().data.addComment.comment.id
  const g2 = (await gqlKeyed()).json().data.addComment.comment.id
  t.equal(g1, g2, 'GraphQL POST honours the header too')
  t.equal(await a.db.prisma.comment.count(), 3)

  const reused = await post(a.app, 'key-1', 'نص آخر')
  t.equal(reused.statusCode, 409, 'a key reused for another request is refused')
  t.match(reused.json(), { code: 'CONFLICT', field: 'Idempotency-Key' })
  t.equal(await a.db.prisma.comment.count(), 3)
})

t.test('lists cost a constant number of statements', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db } = await buildOn(t, wire.url, { env: ENV })
  const section = await createSection(db)
  const moderator = await createToken(db, 'MODERATOR')
  let made = 0
  const addArticles = async (n: number) => {
    for (let i = made; i < made + n; i++) {
      const article = await createArticle(db, { sectionId: section.id })
      for (let j = 0; j < 2; j++) {
        const posted = await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: 'ق', body: `تعليق ${i}-${j}` }, remoteAddress: `10.1.${i}.${j}` })
        t.equal(posted.statusCode, 201, posted.body)
        const c = posted.json().data
        await gql(app, MODERATE, { id: c.id, action: 'APPROVE' }, { token: moderator })
        const r = (await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: 'ق', body: `رد ${i}-${j}`, parentId: c.id }, remoteAddress: `10.2.${i}.${j}` })).json().data
        await gql(app, MODERATE, { id: r.id, action: 'APPROVE' }, { token: moderator })
      }
    }
    made += n
  }
  const PAGE = '{ articles(first: 20) { edges { node { title commentCount comments(first: 3) { totalCount edges { node { body parent { id } article { id } replies { edges { node { body } } } } } } } } } }'
  const measure = async () => {
    await gql(app, PAGE)
    await wire.settle() // the approvals' events are handled in the background: not this request's statements
    wire.reset()
    const res = await gql(app, PAGE)
    t.same(res.errors, undefined)
    return { count: wire.count(), data: res.data }
  }
  await addArticles(5)
  const five = await measure()
  await addArticles(15)
  const twenty = await measure()
  t.comment(`a page of articles with counts, comments and replies: ${five.count} statements for 5 articles, ${twenty.count} for 20`)
  t.equal(twenty.count, five.count, 'constant')
  t.ok(twenty.count <= 5, `${twenty.count} ≤ 5`)
  t.equal(twenty.data.articles.edges.length, 20, 'the page holds the 20 articles')
  t.ok(twenty.data.articles.edges.every((e: any) => e.node.commentCount === 4 && e.node.comments.totalCount === 2 && e.node.comments.edges.length === 2), 'counts match the lists')
})

t.test('live updates cross instances through PostgreSQL', async (t) => {
  const url = await createTestDatabase(t)
  const clock = new TestClock(new Date())
  const a = await buildOn(t, url, { env: ENV, clock })
  const b = await buildOn(t, url, { env: ENV, clock })
  await a.app.listen({ port: 0, host: '127.0.0.1' })
  await b.app.listen({ port: 0, host: '127.0.0.1' })
  await Promise.all([a.app.events.ready, b.app.events.ready])
  const wsA = `ws://127.0.0.1:${(a.app.server.address() as { port: number }).port}/graphql`
  const section = await createSection(a.db)
  const article = await createArticle(a.db, { sectionId: section.id })
  const draft = await createArticle(a.db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const moderator = await createToken(a.db, 'MODERATOR')
  const editor = await createToken(a.db, 'EDITOR')

  const comments = await subscribe(wsA, 'subscription S($id: ID!) { commentAdded(articleId: $id) { id body status authorEmail article { id } } }', { id: article.id })
  const content = await subscribe(wsA, 'subscription { contentUpdated { version at articleIds sectionIds } }')
  t.teardown(async () => { await comments.close(); await content.close() })
  const hidden = await subscribe(wsA, 'subscription S($id: ID!) { commentAdded(articleId: $id) { id } }', { id: draft.id })
  const refusal = await hidden.next()
  t.equal(refusal.errors?.[0]?.extensions?.code, 'NOT_FOUND', `no subscription to an article the caller may not see: ${JSON.stringify(refusal)}`)
  await hidden.close()
  await sleep(200) // let instance A register the subscriptions

  const posted = (await b.app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: 'ق', authorEmail: 'q@example.org', body: 'مباشر' } })).json().data
  await sleep(300)
  t.equal(comments.received.length, 0, 'a PENDING comment is not announced')
  const began = Date.now()
  await b.app.inject({ method: 'POST', url: `/api/v1/comments/${posted.id}/moderation`, headers: { authorization: `Bearer ${moderator}` }, payload: { action: 'APPROVE' } })
  const event = await comments.next(1_000)
  t.comment(`approval on B reached a subscriber on A in ${Date.now() - began} ms`)
  t.same(event.data.commentAdded, { id: posted.id, body: 'مباشر', status: 'APPROVED', authorEmail: null, article: { id: article.id } }, 'the approved comment, without its email')

  const scheduledAt = new Date(clock.now().getTime() + 60_000)
  const pub = await gql(b.app, 'mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id: draft.id, at: scheduledAt.toISOString() }, { token: editor })
  t.equal(pub.data.publishArticle.status, 'SCHEDULED')
  const scheduling = await content.next(1_000)
  t.same(scheduling.data.contentUpdated.articleIds, [], 'a publish is announced (here: scheduling), without the id of an article anonymous readers cannot see yet')
  t.same(scheduling.data.contentUpdated.sectionIds, [section.id])
  clock.set(scheduledAt)
  // Both instances race to announce it (their own timers may also fire now): one claim wins.
  const claims = await Promise.all([a.app.events.announceGoLives(), b.app.events.announceGoLives()])
  t.ok(claims[0] + claims[1] <= 1, `at most one explicit claim succeeds (${claims.join(', ')})`)
  const live = await content.next(1_000)
  t.same(live.data.contentUpdated, {
    version: (await gql(a.app, '{ site { contentVersion } }')).data.site.contentVersion,
    at: scheduledAt.toISOString(),
    articleIds: [draft.id],
    sectionIds: [section.id],
  }, 'the go-live reaches A once, with the new content version')
  await sleep(300)
  t.equal(content.received.length, 2, 'and only once')
})

t.test('a browser on another origin may post a comment (CORS preflight, Idempotency-Key allowed)', async (t) => {
  const { app, db } = await build(t, { env: ENV })
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id })
  const origin = 'https://news.example'
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: `/api/v1/articles/${article.id}/comments`,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], '*')
  t.match(String(preflight.headers['access-control-allow-headers']), /idempotency-key/i)
  const posted = await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, headers: { origin, 'idempotency-key': 'browser-1' }, payload: { authorName: 'متصفح', body: 'من المتصفح' } })
  t.equal(posted.statusCode, 201)
  t.equal(posted.headers['access-control-allow-origin'], '*')
  t.match(posted.headers['content-type'], /^application\/json/, 'JSON, never HTML')
})

t.test('an expired Idempotency-Key runs again, and expired keys are swept', async (t) => {
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'))
  const { app, db } = await build(t, { env: { ...ENV, IDEMPOTENCY_TTL: '1h' }, clock })
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-01T00:00:00.000Z') })
  const post = (body: string) => app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, headers: { 'idempotency-key': 'k' }, payload: { authorName: 'ق', body } })
  const first = (await post('أول')).json().data
  t.equal((await post('أول')).json().data.id, first.id, 'replayed within the hour')
  clock.advance(3_600_001)
  const later = await post('بعد ساعة')
  t.equal(later.statusCode, 201)
  t.not(later.json().data.id, first.id, 'after expiry the key is free again')
  clock.advance(3_600_001)
  t.equal(await app.services.idempotency.sweep(clock.now()), 1, 'the sweep drops the expired key')
  t.equal(await db.prisma.idempotencyKey.count(), 0)
})
