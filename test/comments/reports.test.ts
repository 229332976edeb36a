// Readers' reports on comments and erasure of a commenter's data (issue 18, part 6): reports
// rise in the moderation queue with their count and are resolved by a moderator's action, one per
// client, rate-limited; an ADMIN erases by e-mail address with bodies kept or removed, recorded
// in the audit log without the address; roles and bad input over GraphQL and REST.
import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type GqlResult, type TestApp } from '../helper.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const REPORT = 'mutation R($input: ReportCommentInput!) { reportComment(input: $input) }'
const QUEUE = 'query Q($after: String, $first: Int) { moderationQueue(first: $first, after: $after) { totalCount edges { node { id body status reportCount } } pageInfo { hasNextPage endCursor } } }'
const ERASE = 'mutation E($email: String!, $removeBodies: Boolean) { eraseCommenter(email: $email, removeBodies: $removeBodies) { id emailHash comments bodiesRemoved erasedBy erasedAt } }'

interface Setup extends TestApp {
  moderator: string
  admin: string
  articleId: string
  comment: (body: string, opts?: { email?: string, name?: string, approve?: boolean, ip?: string }) => Promise<string>
  as: (token: string) => (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
}

async function setup (t: Test, env: Record<string, string> = {}): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW), env: { COMMENT_RATE_LIMITS: '100/1s', COMMENT_DUPLICATE_WINDOW: '1s', ...env } })
  const [editor, moderator, admin] = await Promise.all([createToken(ctx.db, 'EDITOR'), createToken(ctx.db, 'MODERATOR'), createToken(ctx.db, 'ADMIN')])
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const as = (token: string) => (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token })
  const created = await as(editor)('mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: 'خبر', sectionId: section.id, paragraphs: ['فقرة.'] } })
  const articleId = created.data.createArticle.id
  await as(editor)('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id: articleId, at: new Date(NOW.getTime() - 60_000).toISOString() })
  let n = 0
  const comment: Setup['comment'] = async (body, o = {}) => {
    const res = await gql(ctx.app, 'mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }',
      { input: { articleId, authorName: o.name ?? 'قارئ', authorEmail: o.email ?? null, body } }, { ip: o.ip ?? `10.0.${n++}.1` })
    t.same(res.errors, undefined, `comment ${body}`)
    const id = res.data.addComment.comment.id
    if (o.approve !== false) await as(moderator)('mutation M($id: ID!) { moderateComment(id: $id, action: APPROVE) { id } }', { id })
    return id
  }
  return { ...ctx, moderator, admin, articleId, comment, as }
}

t.test('reported comments head the queue by report count until a moderator acts', async (t) => {
  const s = await setup(t)
  const mod = s.as(s.moderator)
  const calm = await s.comment('تعليق هادئ')
  const rude = await s.comment('تعليق مسيء')
  const spammy = await s.comment('اشتر الآن')
  const pending = await s.comment('تعليق ينتظر', { approve: false })

  const report = (commentId: string, ip: string, reason = 'ABUSE', note?: string) => gql(s.app, REPORT, { input: { commentId, reason, note } }, { ip })
  t.same((await report(rude, '1.1.1.1')).data, { reportComment: true })
  t.same((await report(rude, '1.1.1.2', 'PERSONAL_DATA', 'يذكر رقم هاتفي')).data, { reportComment: true })
  t.same((await report(rude, '1.1.1.2')).data, { reportComment: true }, 'the same client again: the same answer')
  t.same((await report(spammy, '1.1.1.3', 'SPAM')).data, { reportComment: true })

  let queue = await mod(QUEUE)
  t.same(queue.data.moderationQueue.edges.map((e: any) => [e.node.id, e.node.status, e.node.reportCount]),
    [[rude, 'APPROVED', 2], [spammy, 'APPROVED', 1], [pending, 'PENDING', 0]], 'reported first, most reported first (a repeat does not count), then pending; the calm comment is not there')
  t.equal(queue.data.moderationQueue.totalCount, 3)
  t.notOk(queue.data.moderationQueue.edges.some((e: any) => e.node.id === calm))

  // walking the queue page by page gives the same order
  const walked: string[] = []
  let after: string | null = null
  do {
    const page: GqlResult<any> = await mod(QUEUE, { first: 1, after })
    walked.push(...page.data.moderationQueue.edges.map((e: any) => e.node.id))
    after = page.data.moderationQueue.pageInfo.hasNextPage ? page.data.moderationQueue.pageInfo.endCursor : null
  } while (after)
  t.same(walked, [rude, spammy, pending], 'one at a time, the same order')
  const back: string[] = []
  let before: string | null = null
  for (let i = 0; i < 10; i++) {
    const page: GqlResult<any> = await mod('query Q($before: String) { moderationQueue(last: 1, before: $before) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }', { before })
    back.unshift(...page.data.moderationQueue.edges.map((e: any) => e.node.id))
    if (!page.data.moderationQueue.pageInfo.hasPreviousPage) break
    before = page.data.moderationQueue.pageInfo.startCursor
  }
  t.same(back, walked, 'walked backward one at a time: the same queue')
  const lastTwo = await mod('{ moderationQueue(last: 2) { edges { node { id } } } }')
  t.same(lastTwo.data.moderationQueue.edges.map((e: any) => e.node.id), [spammy, pending], 'last: 2 from the end, in queue order')

  const anonymous = await gql(s.app, 'query C($id: ID!) { node(id: $id) { ... on Comment { reportCount } } }', { id: rude })
  t.equal(anonymous.data.node.reportCount, null, 'the count is for moderators only')

  await mod('mutation M($id: ID!) { moderateComment(id: $id, action: REJECT) { status } }', { id: rude })
  await mod('mutation M($id: ID!) { moderateComment(id: $id, action: APPROVE) { status } }', { id: spammy })
  queue = await mod(QUEUE)
  t.same(queue.data.moderationQueue.edges.map((e: any) => e.node.id), [pending], 'rejecting removes it, approving again dismisses the reports')
  const thread = await gql(s.app, 'query A($id: ID!) { article(id: $id) { commentCount comments { edges { node { id } } } } }', { id: s.articleId })
  t.equal(thread.data.article.commentCount, 2, 'the rejected comment left the public thread')
  const rows = await s.db.pool.query('SELECT reason, note, resolved_at IS NOT NULL AS resolved FROM comment_reports ORDER BY created_at, reason')
  t.same(rows.rows.map((r) => r.resolved), [true, true, true], 'the reports are resolved')
  t.ok(rows.rows.some((r) => r.note === 'يذكر رقم هاتفي' && r.reason === 'PERSONAL_DATA'), 'the reason and note are kept')

  // what cannot be reported
  const hidden = await report(pending, '1.1.1.9')
  t.equal(hidden.errors?.[0]?.extensions?.code, 'NOT_FOUND', 'a pending comment is not public')
  t.equal((await report(rude, '1.1.1.9')).errors?.[0]?.extensions?.code, 'NOT_FOUND', 'nor a rejected one')
  for (const [input, field] of [
    [{ commentId: 'x', reason: 'SPAM' }, 'input.commentId'],
    [{ commentId: calm, reason: 'SPAM', note: 'ن'.repeat(501) }, 'input.note'],
  ] as const) {
    const res = await gql(s.app, REPORT, { input }, { ip: '1.1.1.10' })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT')
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  t.ok((await gql(s.app, REPORT, { input: { commentId: calm, reason: 'BORING' } })).errors?.length, 'an unknown reason is refused by the schema')
  t.ok((await gql(s.app, REPORT, { input: { commentId: calm } })).errors?.length, 'a missing reason')
  t.equal((await mod(QUEUE)).data.moderationQueue.totalCount, 1, 'no refused report changed the queue')

  // REST
  const rest = await s.app.inject({ method: 'POST', url: `/api/v1/comments/${calm}/reports`, payload: { reason: 'OFF_TOPIC' } })
  t.equal(rest.statusCode, 202)
  t.same(rest.json(), { data: { accepted: true } })
  problem(t, await s.app.inject({ method: 'POST', url: `/api/v1/comments/${calm}/reports`, payload: { reason: 'nope' } }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ method: 'POST', url: '/api/v1/comments/01890000-0000-7000-8000-000000000000/reports', payload: { reason: 'SPAM' } }), 404, 'NOT_FOUND')
  t.equal((await mod(QUEUE)).data.moderationQueue.edges[0].node.id, calm, 'the REST report put it in the queue')
})

t.test('reports are rate-limited per client like comments', async (t) => {
  const s = await setup(t, { COMMENT_RATE_LIMITS: '2/1m' })
  const first = await s.comment('واحد', { ip: '5.5.5.1' })
  const second = await s.comment('اثنان', { ip: '5.5.5.2' })
  const third = await s.comment('ثلاثة', { ip: '5.5.5.3' })
  for (const id of [first, second]) t.same((await gql(s.app, REPORT, { input: { commentId: id, reason: 'SPAM' } }, { ip: '9.9.9.9' })).data, { reportComment: true })
  const limited = await gql(s.app, REPORT, { input: { commentId: third, reason: 'SPAM' } }, { ip: '9.9.9.9' })
  t.equal(limited.errors?.[0]?.extensions?.code, 'RATE_LIMITED')
  t.ok((limited.errors?.[0]?.extensions?.retryAfter as number) > 0)
  t.same((await gql(s.app, REPORT, { input: { commentId: third, reason: 'SPAM' } }, { ip: '9.9.9.8' })).data, { reportComment: true }, 'another client is not limited')
  const count = await s.db.pool.query('SELECT count(*)::int AS n FROM comment_reports')
  t.equal(count.rows[0].n, 3, 'the limited report was not recorded')
})

t.test('erasure by e-mail address: names and addresses go, bodies kept or removed, an audit record without the address', async (t) => {
  const s = await setup(t)
  const admin = s.as(s.admin)
  const kept = await s.comment('رأيي في الخبر', { email: 'Salma@Example.com', name: 'سلمى' })
  const pendingOne = await s.comment('تعليق آخر', { email: 'salma@example.com', name: 'سلمى', approve: false })
  const other = await s.comment('تعليق غيري', { email: 'omar@example.com', name: 'عمر' })
  const before = await s.app.inject({ url: `/api/v1/articles/${s.articleId}/comments` })

  const res = await admin(ERASE, { email: 'SALMA@example.COM' })
  t.same(res.errors, undefined)
  const erasure = res.data.eraseCommenter
  t.equal(erasure.comments, 2, 'every comment sent with the address, any status, any case')
  t.equal(erasure.bodiesRemoved, false)
  t.equal(erasure.erasedBy, 'admin desk')
  t.equal(erasure.emailHash, createHash('sha256').update('salma@example.com').digest('hex'), 'the SHA-256 of the lower-cased address, not the address')
  const stored = await s.db.pool.query('SELECT id, author_name, author_email, client_hash, body, status FROM comments ORDER BY created_at')
  const byId = new Map(stored.rows.map((r) => [r.id, r]))
  t.same(byId.get(kept), { id: kept, author_name: '—', author_email: null, client_hash: 'erased', body: 'رأيي في الخبر', status: 'APPROVED' }, 'name replaced, address and client hash gone, body kept')
  t.equal(byId.get(pendingOne).author_email, null)
  t.equal(byId.get(other).author_name, 'عمر', 'other commenters are untouched')
  const audit = await s.db.pool.query('SELECT * FROM erasures')
  t.notOk(JSON.stringify(audit.rows).toLowerCase().includes('salma@'), 'the audit log does not keep the address')

  const after = await s.app.inject({ url: `/api/v1/articles/${s.articleId}/comments`, headers: { 'if-none-match': before.headers.etag as string } })
  t.equal(after.statusCode, 200, 'the public thread changed: its ETag moved')
  t.ok(after.body.includes('"—"'), 'and shows the erased name')

  const removed = await admin(ERASE, { email: 'omar@example.com', removeBodies: true })
  t.equal(removed.data.eraseCommenter.bodiesRemoved, true)
  const gone = await s.db.pool.query('SELECT body, status FROM comments WHERE id = $1', [other])
  t.same(gone.rows[0], { body: '', status: 'REJECTED' }, 'the body removed, the comment out of public threads')
  const thread = await gql(s.app, 'query A($id: ID!) { article(id: $id) { commentCount } }', { id: s.articleId })
  t.equal(thread.data.article.commentCount, 1, 'counts follow')
  const none = await admin(ERASE, { email: 'nobody@example.com' })
  t.equal(none.data.eraseCommenter.comments, 0, 'an address with no comments: recorded, nothing erased')

  const log = await admin('{ erasures { comments bodiesRemoved } }')
  t.same(log.data.erasures, [{ comments: 0, bodiesRemoved: false }, { comments: 1, bodiesRemoved: true }, { comments: 2, bodiesRemoved: false }], 'the audit log, newest first')
})

t.test('erasure: ADMIN only, bad input changes nothing; REST', async (t) => {
  const s = await setup(t)
  await s.comment('نص', { email: 'a@example.com' })
  for (const [who, token, code] of [['anonymous', undefined, 'UNAUTHENTICATED'], ['MODERATOR', s.moderator, 'FORBIDDEN']] as const) {
    t.equal((await gql(s.app, ERASE, { email: 'a@example.com' }, { token })).errors?.[0]?.extensions?.code, code, who)
    t.equal((await gql(s.app, '{ erasures { id } }', undefined, { token })).errors?.[0]?.extensions?.code, code, `${who}: the log`)
  }
  for (const email of ['', 'not-an-address', `${'a'.repeat(250)}@example.com`]) {
    const res = await s.as(s.admin)(ERASE, { email })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(email).slice(0, 30))
    t.equal(res.errors?.[0]?.extensions?.field, 'email')
  }
  t.ok((await s.as(s.admin)(ERASE, { email: 'a@example.com', removeBodies: 'yes' })).errors?.length, 'a wrong type')
  const untouched = await s.db.pool.query('SELECT author_email FROM comments')
  t.same(untouched.rows, [{ author_email: 'a@example.com' }], 'nothing was erased by a refused request')
  t.equal((await s.db.pool.query('SELECT count(*)::int AS n FROM erasures')).rows[0].n, 0, 'nor recorded')

  const rest = await s.app.inject({ method: 'POST', url: '/api/v1/erasures', headers: { authorization: `Bearer ${s.admin}` }, payload: { email: 'a@example.com', removeBodies: true } })
  t.equal(rest.statusCode, 200)
  t.equal(rest.json().data.comments, 1)
  problem(t, await s.app.inject({ method: 'POST', url: '/api/v1/erasures', headers: { authorization: `Bearer ${s.moderator}` }, payload: { email: 'a@example.com' } }), 403, 'FORBIDDEN')
  problem(t, await s.app.inject({ method: 'POST', url: '/api/v1/erasures', headers: { authorization: `Bearer ${s.admin}` }, payload: { address: 'a@example.com' } }), 400, 'BAD_USER_INPUT')
  const log = await s.app.inject({ url: '/api/v1/erasures', headers: { authorization: `Bearer ${s.admin}` } })
  t.equal(log.json().data.length, 1)
})
