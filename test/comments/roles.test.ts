// Who may moderate comments and read the moderation queue, in GraphQL and REST: anonymous
// callers, EDITOR, MODERATOR, ADMIN and revoked tokens; the exact error each refused caller gets,
// that a refused call changes nothing, and bad ids, actions and types. (There is no REST
// moderation queue: GraphQL's moderationQueue is the only one.)
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, type GqlResult, problem, type TestApp, TestClock } from '../helper.ts'

type Role = 'ADMIN' | 'EDITOR' | 'MODERATOR'
type Status = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SPAM'
type Action = 'APPROVE' | 'REJECT' | 'MARK_SPAM'

const ENV = { COMMENT_RATE_LIMITS: '1000/1s' }
const MODERATE = 'mutation M($id: ID!, $action: ModerationAction!) { moderateComment(id: $id, action: $action) { id status authorEmail body article { id } } }'
const QUEUE = '{ moderationQueue(first: 100) { totalCount pageInfo { hasNextPage } edges { node { id status authorEmail article { id } } } } }'
const NODE = 'query N($id: ID!) { node(id: $id) { id ... on Comment { status authorEmail } } }'
const THREAD = 'query T($id: ID) { article(id: $id) { comments(first: 100) { edges { node { id authorEmail } } } } }'

/** Callers: a refused one names the code, its REST status and the HTTP status of its GraphQL answer. */
interface Caller { who: string, token: () => string | undefined, refused?: { code: string, status: number, gqlStatus: number } }

/** Everything moderation could touch: equal before and after means nothing changed. */
async function snapshot (db: TestApp['db']) {
  const [comments, articles, site] = await Promise.all([
    db.prisma.comment.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, moderatedAt: true, moderatedBy: true, parentId: true, body: true } }),
    db.prisma.article.findMany({ orderBy: { id: 'asc' }, select: { id: true, commentCount: true, commentVersion: true } }),
    db.prisma.siteState.findUniqueOrThrow({ where: { id: 1 } }),
  ])
  return { comments, articles, siteCommentVersion: site.commentVersion.toString(), changeCount: site.changeCount.toString() }
}

async function setup (t: Test) {
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'))
  const ctx = await build(t, { env: ENV, clock })
  const { app, db } = ctx
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-01T00:00:00.000Z') })
  const names: Record<Role, string> = { ADMIN: 'رئيس التحرير', EDITOR: 'محرر الديسك', MODERATOR: 'مشرفة التعليقات' }
  const tokens: Record<Role, string> = {
    ADMIN: await createToken(db, 'ADMIN', names.ADMIN),
    EDITOR: await createToken(db, 'EDITOR', names.EDITOR),
    MODERATOR: await createToken(db, 'MODERATOR', names.MODERATOR),
  }
  const revokedModerator = await createToken(db, 'MODERATOR', 'مشرف سابق')
  const revokedAdmin = await createToken(db, 'ADMIN', 'مدير سابق')
  for (const name of ['مشرف سابق', 'مدير سابق']) {
    const row = await db.prisma.staffToken.findFirstOrThrow({ where: { name } })
    t.equal(await app.services.auth.revokeToken(row.id), true, `${name} revoked`)
  }
  const callers: Caller[] = [
    { who: 'anonymous', token: () => undefined, refused: { code: 'UNAUTHENTICATED', status: 401, gqlStatus: 200 } },
    { who: 'EDITOR', token: () => tokens.EDITOR, refused: { code: 'FORBIDDEN', status: 403, gqlStatus: 200 } },
    { who: 'a revoked MODERATOR token', token: () => revokedModerator, refused: { code: 'UNAUTHENTICATED', status: 401, gqlStatus: 401 } },
    { who: 'a revoked ADMIN token', token: () => revokedAdmin, refused: { code: 'UNAUTHENTICATED', status: 401, gqlStatus: 401 } },
    { who: 'MODERATOR', token: () => tokens.MODERATOR },
    { who: 'ADMIN', token: () => tokens.ADMIN },
  ]
  const nameOf = (c: Caller) => c.who === 'ADMIN' ? names.ADMIN : names.MODERATOR

  let n = 0
  /** A comment in `status`, reached the way readers and moderators reach it (API, moderator). */
  const comment = async (status: Status) => {
    n++
    const email = `reader${n}@example.org`
    const posted = await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, remoteAddress: `10.7.${Math.floor(n / 200)}.${n % 200}`, payload: { authorName: `قارئ ${n}`, authorEmail: email, body: `تعليق رقم ${n}` } })
    t.equal(posted.statusCode, 201, `comment ${n} posted`)
    const id = posted.json().data.id as string
    const action = ({ PENDING: null, APPROVED: 'APPROVE', REJECTED: 'REJECT', SPAM: 'MARK_SPAM' } as const)[status]
    if (action) t.same((await gql(app, MODERATE, { id, action }, { token: tokens.MODERATOR })).errors, undefined, `comment ${n} made ${status}`)
    clock.advance(1_000)
    return { id, email }
  }
  const statusOf = async (id: string) => (await db.prisma.comment.findUniqueOrThrow({ where: { id } })).status
  /** What an anonymous reader sees of the thread (REST). */
  const publicIds = async () => ((await app.inject({ url: `/api/v1/articles/${article.id}/comments?limit=100` })).json().data as Array<{ id: string }>).map((c) => c.id)
  return { ...ctx, article, tokens, callers, nameOf, comment, statusOf, publicIds, snapshot: () => snapshot(db) }
}

const ACTIONS: Array<{ action: Action, from: Status, to: Status }> = [
  { action: 'APPROVE', from: 'PENDING', to: 'APPROVED' },
  { action: 'REJECT', from: 'APPROVED', to: 'REJECTED' },
  { action: 'MARK_SPAM', from: 'PENDING', to: 'SPAM' },
  { action: 'REJECT', from: 'PENDING', to: 'REJECTED' },
  { action: 'APPROVE', from: 'SPAM', to: 'APPROVED' },
]

for (const transport of ['GraphQL', 'REST'] as const) {
  t.test(`roles × every moderation action, ${transport}`, async (t) => {
    const s = await setup(t)
    for (const { action, from, to } of ACTIONS) {
      for (const caller of s.callers) {
        const label = `${transport} ${action} of a ${from} comment as ${caller.who}`
        const { id, email } = await s.comment(from)
        const before = await s.snapshot()
        const wasPublic = (await s.publicIds()).includes(id)
        const token = caller.token()
        let answer: { id: string, status: string, authorEmail: string | null } | undefined
        if (transport === 'GraphQL') {
          const res = await gql(s.app, MODERATE, { id, action }, { token })
          if (caller.refused) {
            t.equal(res.status, caller.refused.gqlStatus, `${label}: HTTP ${caller.refused.gqlStatus}`)
            t.equal(res.errors?.[0]?.extensions?.code, caller.refused.code, `${label}: ${caller.refused.code}`)
            t.equal(res.errors?.length, 1, `${label}: one error`)
            t.equal(res.data, null, `${label}: no data`)
          } else {
            t.equal(res.status, 200, `${label}: 200`)
            t.same(res.errors, undefined, `${label}: no errors`)
            answer = res.data?.moderateComment
            t.equal((answer as any)?.article?.id, s.article.id, `${label}: the comment's article`)
          }
        } else {
          const res = await s.app.inject({ method: 'POST', url: `/api/v1/comments/${id}/moderation`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { action } })
          if (caller.refused) {
            problem(t, res, caller.refused.status, caller.refused.code, label)
          } else {
            t.equal(res.statusCode, 200, `${label}: 200`)
            answer = res.json().data
            t.match(answer, { articleId: s.article.id, parentId: null }, `${label}: the comment's article`)
          }
        }

        const after = await s.snapshot()
        if (caller.refused) {
          t.same(after, before, `${label}: the database did not change`)
          t.equal(await s.statusOf(id), from, `${label}: still ${from}`)
          t.equal((await s.publicIds()).includes(id), wasPublic, `${label}: public thread unchanged`)
          continue
        }
        t.same(answer && { id: answer.id, status: answer.status, authorEmail: answer.authorEmail }, { id, status: to, authorEmail: email }, `${label}: the moderated comment, with its email`)
        const row = await s.db.prisma.comment.findUniqueOrThrow({ where: { id } })
        t.equal(row.status, to, `${label}: stored ${to}`)
        t.equal(row.moderatedBy, s.nameOf(caller), `${label}: moderatedBy is the token's name`)
        t.same(row.moderatedAt, s.clock.now(), `${label}: moderatedAt is now`)
        const publicChange = from === 'APPROVED' || to === 'APPROVED'
        const beforeArticle = before.articles.find((a) => a.id === s.article.id)
        const afterArticle = after.articles.find((a) => a.id === s.article.id)
        t.equal(afterArticle?.commentVersion, (beforeArticle?.commentVersion ?? NaN) + (publicChange ? 1 : 0), `${label}: article comment version ${publicChange ? 'bumped' : 'unchanged'}`)
        t.equal(BigInt(after.siteCommentVersion), BigInt(before.siteCommentVersion) + (publicChange ? 1n : 0n), `${label}: site comment version ${publicChange ? 'bumped' : 'unchanged'}`)
        const delta = to === 'APPROVED' ? 1 : from === 'APPROVED' ? -1 : 0
        t.equal(afterArticle?.commentCount, (beforeArticle?.commentCount ?? NaN) + delta, `${label}: commentCount ${delta >= 0 ? '+' : ''}${delta}`)
        t.equal((await s.publicIds()).includes(id), to === 'APPROVED', `${label}: ${to === 'APPROVED' ? 'now' : 'not'} in the public thread`)
        t.same(after.comments.filter((c) => c.id !== id), before.comments.filter((c) => c.id !== id), `${label}: no other comment changed`)
      }
    }
  })
}

t.test('moderating to the status a comment already has changes nothing', async (t) => {
  const s = await setup(t)
  const { id } = await s.comment('APPROVED')
  const before = await s.snapshot()
  s.clock.advance(60_000)
  const res = await gql(s.app, MODERATE, { id, action: 'APPROVE' }, { token: s.tokens.ADMIN })
  t.equal(res.data?.moderateComment.status, 'APPROVED')
  t.same(await s.snapshot(), before, 'no new moderatedAt or moderatedBy, no version bump')
})

t.test('a refused caller learns nothing about the comment: the role is checked before the id', async (t) => {
  const s = await setup(t)
  const { id } = await s.comment('PENDING')
  const before = await s.snapshot()
  for (const caller of s.callers.filter((c) => c.refused)) {
    const refused = caller.refused as NonNullable<Caller['refused']>
    const token = caller.token()
    for (const [what, target] of [['an existing comment', id], ['an unknown id', randomUUID()], ['a malformed id', 'not-an-id']] as const) {
      const res = await gql(s.app, MODERATE, { id: target, action: 'APPROVE' }, { token })
      t.equal(res.errors?.[0]?.extensions?.code, refused.code, `GraphQL, ${caller.who}, ${what}: ${refused.code}`)
      t.equal(res.status, refused.gqlStatus, `GraphQL, ${caller.who}, ${what}: HTTP ${refused.gqlStatus}`)
    }
    for (const [what, target] of [['an existing comment', id], ['an unknown id', randomUUID()]] as const) {
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/comments/${target}/moderation`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { action: 'APPROVE' } })
      problem(t, res, refused.status, refused.code, `REST, ${caller.who}, ${what}`)
    }
  }
  t.same(await s.snapshot(), before, 'nothing changed')
})

t.test('moderationQueue: MODERATOR and ADMIN only', async (t) => {
  const s = await setup(t)
  const pending = [await s.comment('PENDING'), await s.comment('PENDING'), await s.comment('PENDING')]
  await s.comment('APPROVED')
  await s.comment('REJECTED')
  await s.comment('SPAM')
  const before = await s.snapshot()
  for (const caller of s.callers) {
    const label = `moderationQueue as ${caller.who}`
    const res = await gql(s.app, QUEUE, {}, { token: caller.token() })
    if (caller.refused) {
      t.equal(res.status, caller.refused.gqlStatus, `${label}: HTTP ${caller.refused.gqlStatus}`)
      t.equal(res.errors?.[0]?.extensions?.code, caller.refused.code, `${label}: ${caller.refused.code}`)
      t.equal(res.data, null, `${label}: no data, not even an empty queue`)
      t.notOk(JSON.stringify(res).includes(pending[0]?.id as string), `${label}: no comment id in the answer`)
    } else {
      t.same(res.errors, undefined, `${label}: no errors`)
      t.same(res.data?.moderationQueue, {
        totalCount: 3,
        pageInfo: { hasNextPage: false },
        edges: pending.map((p) => ({ node: { id: p.id, status: 'PENDING', authorEmail: p.email, article: { id: s.article.id } } })),
      }, `${label}: the pending comments only, oldest first, with their emails`)
    }
  }
  t.same(await s.snapshot(), before, 'reading the queue changed nothing')

  // its arguments are checked for those who may read it
  for (const first of [-1, 101]) {
    const res = await gql(s.app, 'query Q($first: Int) { moderationQueue(first: $first) { totalCount } }', { first }, { token: s.tokens.MODERATOR })
    t.match(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'first', limit: 100 }, `first: ${first} is BAD_USER_INPUT`)
  }
  const empty = await gql(s.app, '{ moderationQueue(first: 0) { totalCount edges { node { id } } pageInfo { hasNextPage } } }', {}, { token: s.tokens.MODERATOR })
  t.same(empty.data?.moderationQueue, { totalCount: 3, edges: [], pageInfo: { hasNextPage: true } }, 'first: 0 counts without listing')
})

t.test('staff-only fields: authorEmail and comments not yet approved (node)', async (t) => {
  const s = await setup(t)
  const approved = await s.comment('APPROVED')
  const hidden = { PENDING: await s.comment('PENDING'), REJECTED: await s.comment('REJECTED'), SPAM: await s.comment('SPAM') }
  for (const caller of s.callers) {
    const token = caller.token()
    const staff = !caller.refused
    if (caller.refused?.gqlStatus === 401) {
      for (const [q, v] of [[NODE, { id: hidden.PENDING.id }], [THREAD, { id: s.article.id }]] as const) {
        const res = await gql(s.app, q, v, { token })
        t.equal(res.status, 401, `${caller.who}: even a public read is 401`)
        t.same(res.data, null, `${caller.who}: no data`)
      }
      continue
    }
    const thread = await gql(s.app, THREAD, { id: s.article.id }, { token })
    t.same(thread.data?.article.comments.edges, [{ node: { id: approved.id, authorEmail: staff ? approved.email : null } }], `${caller.who}: the public thread, email ${staff ? 'shown' : 'hidden'}`)
    for (const [status, c] of Object.entries(hidden)) {
      const res = await gql(s.app, NODE, { id: c.id }, { token })
      t.same(res.errors, undefined, `${caller.who}: node of a ${status} comment, no error`)
      t.same(res.data?.node, staff ? { id: c.id, status, authorEmail: c.email } : null, `${caller.who}: a ${status} comment is ${staff ? 'visible' : 'null'}`)
    }
  }
})

t.test('bad ids, actions and types (GraphQL): the right error, nothing changed', async (t) => {
  const s = await setup(t)
  const { id } = await s.comment('PENDING')
  const before = await s.snapshot()
  const inline = (args: string) => `mutation { moderateComment(${args}) { id status } }`
  const cases: Array<{ what: string, query?: string, variables?: Record<string, unknown>, status: number, code: string, field?: string }> = [
    { what: 'a well-formed id of no comment', variables: { id: randomUUID(), action: 'APPROVE' }, status: 200, code: 'NOT_FOUND' },
    { what: 'the id of an article, not a comment', variables: { id: s.article.id, action: 'APPROVE' }, status: 200, code: 'NOT_FOUND' },
    { what: 'a malformed id', variables: { id: 'not-a-uuid', action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an id one character too long', variables: { id: `${id}0`, action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an empty id', variables: { id: '', action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an SQL-shaped id', variables: { id: `${id}' OR '1'='1`, action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'a 100,000-character id', variables: { id: 'a'.repeat(100_000), action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an integer id (ID accepts it, the service refuses it)', variables: { id: 42, action: 'APPROVE' }, status: 200, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'a boolean id', variables: { id: true, action: 'APPROVE' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a null id', variables: { id: null, action: 'APPROVE' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'an action not in the enum', variables: { id, action: 'DELETE' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a lower-case action', variables: { id, action: 'approve' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a status instead of an action', variables: { id, action: 'APPROVED' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a missing action', variables: { id }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a null action', variables: { id, action: null }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'an integer action', variables: { id, action: 1 }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'an object action', variables: { id, action: { APPROVE: true } }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'an action literal not in the enum', query: inline(`id: "${id}", action: DELETE`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { what: 'a string literal for the enum', query: inline(`id: "${id}", action: "APPROVE"`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { what: 'no action argument', query: inline(`id: "${id}"`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { what: 'no id argument', query: inline('action: APPROVE'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { what: 'a reason argument (there is none)', query: inline(`id: "${id}", action: REJECT, reason: "spam"`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    { what: 'an oversized document (20,000 characters)', query: inline(`id: "${id}", action: REJECT, reason: "${'x'.repeat(20_000)}"`), status: 400, code: 'QUERY_TOO_COMPLEX' },
  ]
  for (const c of cases) {
    for (const role of ['MODERATOR', 'ADMIN'] as const) {
      const label = `${c.what} (${role})`
      const res: GqlResult<any> = await gql(s.app, c.query ?? MODERATE, c.query ? {} : c.variables, { token: s.tokens[role] })
      t.equal(res.status, c.status, `${label}: HTTP ${c.status}`)
      t.equal(res.errors?.[0]?.extensions?.code, c.code, `${label}: ${c.code}`)
      if (c.field) t.equal(res.errors?.[0]?.extensions?.field, c.field, `${label}: field ${c.field}`)
      t.equal(res.data?.moderateComment ?? null, null, `${label}: no comment in the answer`)
    }
  }
  t.same(await s.snapshot(), before, 'nothing changed')
  t.equal(await s.statusOf(id), 'PENDING', 'the comment is still PENDING')
  const upper = await gql(s.app, MODERATE, { id: id.toUpperCase(), action: 'REJECT' }, { token: s.tokens.MODERATOR })
  t.match(upper.data?.moderateComment, { id, status: 'REJECTED', article: { id: s.article.id } }, 'an upper-case id is the same comment')
  t.equal(await s.statusOf(id), 'REJECTED', 'and it was moderated')
})

t.test('bad ids, actions and bodies (REST): problem+json with the code, nothing changed', async (t) => {
  const s = await setup(t)
  const { id } = await s.comment('PENDING')
  const before = await s.snapshot()
  const cases: Array<{ what: string, url?: string, payload?: unknown, headers?: Record<string, string>, status: number, code: string, field?: string }> = [
    { what: 'a well-formed id of no comment', url: `/api/v1/comments/${randomUUID()}/moderation`, payload: { action: 'APPROVE' }, status: 404, code: 'NOT_FOUND' },
    { what: 'the id of an article, not a comment', url: `/api/v1/comments/${s.article.id}/moderation`, payload: { action: 'APPROVE' }, status: 404, code: 'NOT_FOUND' },
    { what: 'a malformed id', url: '/api/v1/comments/not-a-uuid/moderation', payload: { action: 'APPROVE' }, status: 400, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an id one character too long', url: `/api/v1/comments/${id}0/moderation`, payload: { action: 'APPROVE' }, status: 400, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'a 400-character id', url: `/api/v1/comments/${'a'.repeat(400)}/moderation`, payload: { action: 'APPROVE' }, status: 400, code: 'BAD_USER_INPUT', field: 'id' },
    { what: 'an action not in the enum', payload: { action: 'DELETE' }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'a lower-case action', payload: { action: 'approve' }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'a status instead of an action', payload: { action: 'APPROVED' }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'a missing action', payload: {}, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'a null action', payload: { action: null }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'an integer action', payload: { action: 1 }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'an action in a list', payload: { action: ['APPROVE'] }, status: 400, code: 'BAD_USER_INPUT', field: 'action' },
    { what: 'a JSON string body', payload: '"APPROVE"', headers: { 'content-type': 'application/json' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'a JSON array body', payload: [{ action: 'APPROVE' }], status: 400, code: 'BAD_USER_INPUT' },
    { what: 'no body', status: 400, code: 'BAD_USER_INPUT' },
    { what: 'invalid JSON', payload: '{"action": APPROVE', headers: { 'content-type': 'application/json' }, status: 400, code: 'BAD_REQUEST' },
    { what: 'a form body', payload: 'action=APPROVE', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'BAD_REQUEST' },
    { what: 'a reason field (there is none)', payload: { action: 'REJECT', reason: 'خارج الموضوع' }, status: 400, code: 'BAD_USER_INPUT' },
    { what: 'an oversized reason (2 MiB)', payload: { action: 'REJECT', reason: 'x'.repeat(2 * 1024 * 1024) }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  ]
  for (const c of cases) {
    for (const role of ['MODERATOR', 'ADMIN'] as const) {
      const label = `REST, ${c.what} (${role})`
      const res = await s.app.inject({
        method: 'POST',
        url: c.url ?? `/api/v1/comments/${id}/moderation`,
        headers: { authorization: `Bearer ${s.tokens[role]}`, ...c.headers },
        ...(c.payload === undefined ? {} : { payload: c.payload as string }),
      })
      problem(t, res, c.status, c.code, label)
      if (c.field) t.equal(res.json().field, c.field, `${label}: field ${c.field}`)
    }
  }
  // Beyond the router's maxParamLength (500) the router refuses it before any route: still problem+json.
  const long = await s.app.inject({ method: 'POST', url: `/api/v1/comments/${'a'.repeat(5_000)}/moderation`, headers: { authorization: `Bearer ${s.tokens.MODERATOR}` }, payload: { action: 'APPROVE' } })
  t.equal(long.statusCode, 414, 'REST, a 5,000-character id: 414, a client error')
  t.match(String(long.headers['content-type']), /^application\/problem\+json/, 'REST, a 5,000-character id: problem+json')
  t.match(long.json(), { status: 414, code: 'BAD_REQUEST' }, 'REST, a 5,000-character id: the project\'s code for Fastify\'s own 4xx')

  t.same(await s.snapshot(), before, 'nothing changed')
  t.equal(await s.statusOf(id), 'PENDING', 'the comment is still PENDING')
  const upper = await s.app.inject({ method: 'POST', url: `/api/v1/comments/${id.toUpperCase()}/moderation`, headers: { authorization: `Bearer ${s.tokens.MODERATOR}` }, payload: { action: 'MARK_SPAM' } })
  t.equal(upper.statusCode, 200, 'an upper-case id is accepted')
  t.match(upper.json().data, { id, status: 'SPAM' }, 'and is the same comment')
})
