// The defences of comment submission (rate limit, honeypot, limits, links, duplicates, hashed
// client addresses, bad input, plain text) and the read paths that must never leak a comment
// that is not APPROVED, or an email, to anonymous callers and editors.
import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, type GqlResult } from '../helper.ts'

const FAST = { COMMENT_RATE_LIMITS: '1000/1s' }
const RECEIPT = 'id status body authorName authorEmail createdAt parent { id } article { id }'
const ADD = `mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { ${RECEIPT} } } }`
const MODERATE = 'mutation M($id: ID!, $action: ModerationAction!) { moderateComment(id: $id, action: $action) { id status } }'
const THREAD = 'query T($id: ID) { article(id: $id) { commentCount comments { totalCount edges { node { id body authorEmail replies { totalCount edges { node { id authorEmail } } } } } } } }'
const NODE = 'query N($id: ID!) { node(id: $id) { id ... on Comment { status authorEmail replies { edges { node { id } } } } } }'
const QUEUE = '{ moderationQueue(first: 100) { totalCount edges { node { id authorEmail } } } }'

async function setup (t: Test, env: Record<string, string> = {}) {
  const ctx = await build(t, { env: { ...FAST, ...env } })
  const section = await createSection(ctx.db)
  const article = await createArticle(ctx.db, { sectionId: section.id, publishedAt: new Date(Date.now() - 3_600_000) })
  const moderator = await createToken(ctx.db, 'MODERATOR')
  const editor = await createToken(ctx.db, 'EDITOR')
  /** GraphQL from a client address, optionally with a staff token. */
  const query = async (q: string, variables: Record<string, unknown> = {}, opts: { ip?: string, token?: string } = {}): Promise<GqlResult<any>> =>
    gql(ctx.app, q, variables, { ip: opts.ip ?? '10.0.0.1', ...(opts.token ? { token: opts.token } : {}) })
  const add = (input: Record<string, unknown>, ip = '10.0.0.1') => query(ADD, { input: { articleId: article.id, authorName: 'قارئ', ...input } }, { ip })
  const post = (payload: Record<string, unknown>, ip = '10.0.0.1', id: string = article.id, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/articles/${id}/comments`, payload, remoteAddress: ip, headers })
  /** A stored comment's id (GraphQL), then moderated when `action` is given. */
  const comment = async (input: Record<string, unknown>, action?: 'APPROVE' | 'REJECT' | 'MARK_SPAM') => {
    const res = await add(input, `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`)
    t.same(res.errors, undefined, `stored: ${String(input.body).slice(0, 40)}`)
    const id = res.data.addComment.comment.id as string
    if (action) await moderate(id, action)
    return id
  }
  const moderate = async (id: string, action: 'APPROVE' | 'REJECT' | 'MARK_SPAM') => {
    const res = await gql(ctx.app, MODERATE, { id, action }, { token: moderator })
    t.same(res.errors, undefined, `${action} ${id}`)
  }
  const count = () => ctx.db.prisma.comment.count()
  return { ...ctx, section, article, moderator, editor, query, add, post, comment, moderate, count }
}

const code = (res: GqlResult) => res.errors?.[0]?.extensions?.code
const ext = (res: GqlResult) => res.errors?.[0]?.extensions

/**
 * The rate limiter's in-memory store reads Date.now(). Here it stands still and moves only when
 * the test moves it, so no window can pass (or fail to pass) because the machine is slow.
 * Restored when the test ends.
 */
function handOnDateNow (t: Test): { advance: (ms: number) => void } {
  const real = Date.now
  let now = real()
  Date.now = () => now
  t.teardown(() => { Date.now = real })
  return { advance: (ms) => { now += ms } }
}

t.test('rate limit per client: the short window, across REST and GraphQL, per address, nothing stored', async (t) => {
  const { add, post, count } = await setup(t, { COMMENT_RATE_LIMITS: '1/1m,3/1h' })
  handOnDateNow(t) // time stands still: the refusals below are all inside the 1 min window
  t.equal((await post({ authorName: 'أ', body: 'الأول' }, '10.0.0.7')).statusCode, 201)
  const refused = await post({ authorName: 'أ', body: 'الثاني' }, '10.0.0.7')
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.equal(refused.headers['retry-after'], '60', 'Retry-After: the whole 1 min window, in seconds')
  t.match(refused.json(), { status: 429, code: 'RATE_LIMITED', retryAfter: 60 })

  const viaGraphql = await add({ body: 'عبر GraphQL' }, '10.0.0.7')
  t.equal(code(viaGraphql), 'RATE_LIMITED', 'a REST submission counts against GraphQL from the same address')
  t.equal(ext(viaGraphql)?.retryAfter, 60, 'with extensions.retryAfter')
  t.equal(viaGraphql.data, null)
  t.equal(await count(), 1, 'refused submissions store nothing')

  const other = await add({ body: 'من عنوان آخر' }, '10.0.0.8')
  t.same(other.errors, undefined, 'another address is not limited')
  t.equal(other.data.addComment.comment.status, 'PENDING')
  t.equal(await count(), 2)

  const forged = await post({ authorName: 'أ', body: 'عنوان مزور' }, '10.0.0.7', undefined, { 'x-forwarded-for': '192.0.2.55' })
  t.equal(forged.statusCode, 429, 'X-Forwarded-For does not make another client (TRUST_PROXY is off)')
  t.equal(await count(), 2, 'refused submissions store nothing')
  t.equal((await post({ authorName: 'أ', body: 'IPv6' }, '2001:db8:1:1::1')).statusCode, 201)
  t.equal((await post({ authorName: 'أ', body: 'IPv6 آخر' }, '2001:db8:1:1::2')).statusCode, 429, 'one IPv6 /64 is one client')
})

t.test('rate limit: the long window, and each window passing', async (t) => {
  const time = handOnDateNow(t)
  const { add, post, count } = await setup(t, { COMMENT_RATE_LIMITS: '100/1m,2/1h' })
  t.equal((await post({ authorName: 'أ', body: 'واحد' }, '10.0.0.7')).statusCode, 201)
  t.same((await add({ body: 'اثنان' }, '10.0.0.7')).errors, undefined)
  const third = await post({ authorName: 'أ', body: 'ثلاثة' }, '10.0.0.7')
  t.equal(third.statusCode, 429, 'the third in an hour is refused')
  t.equal(third.headers['retry-after'], '3600', 'Retry-After comes from the 1 h window')
  t.match(third.json(), { code: 'RATE_LIMITED', retryAfter: 3600 })
  t.equal(code(await add({ body: 'أربعة' }, '10.0.0.7')), 'RATE_LIMITED')
  t.equal(await count(), 2)
  time.advance(3_600_000 - 1)
  const last = await post({ authorName: 'أ', body: 'قبل الساعة بجزء' }, '10.0.0.7')
  t.equal(last.statusCode, 429, 'still refused 1 ms before the hour has passed')
  t.equal(last.headers['retry-after'], '1')
  time.advance(1)
  t.equal((await post({ authorName: 'أ', body: 'بعد ساعة' }, '10.0.0.7')).statusCode, 201, 'accepted once the hour has passed')
  t.equal(await count(), 3)

  const short = await setup(t, { COMMENT_RATE_LIMITS: '1/1m,10/1h' })
  t.equal((await short.post({ authorName: 'ب', body: 'أول' }, '10.0.0.9')).statusCode, 201)
  const second = await short.post({ authorName: 'ب', body: 'ثان' }, '10.0.0.9')
  t.equal(second.statusCode, 429)
  t.equal(second.headers['retry-after'], '60')
  time.advance(60_000 - 1)
  t.equal((await short.post({ authorName: 'ب', body: 'ثالث' }, '10.0.0.9')).statusCode, 429, 'still refused 1 ms before the minute has passed')
  time.advance(1)
  t.equal((await short.post({ authorName: 'ب', body: 'رابع' }, '10.0.0.9')).statusCode, 201, 'accepted once the short window has passed')
  t.equal(await short.count(), 2)
})

t.test('honeypot: the same receipt, stored as SPAM, shown nowhere', async (t) => {
  const { add, post, query, db, article, moderator, editor, app, moderate } = await setup(t)
  const human = await add({ body: 'تعليق بشري', authorEmail: 'h@example.org' }, '10.0.1.1')
  const bot = await add({ body: 'تعليق آلي', authorEmail: 'b@example.org', website: 'http://spam.example' }, '10.0.1.2')
  t.same(bot.errors, undefined)
  const [h, b] = [human.data.addComment.comment, bot.data.addComment.comment]
  t.same(Object.keys(b).sort(), Object.keys(h).sort(), 'the same fields')
  t.match(b, { status: 'PENDING', body: 'تعليق آلي', authorEmail: null, parent: null, article: { id: article.id } }, 'a normal-looking receipt')
  const restHuman = (await post({ authorName: 'ق', body: 'بشري عبر REST' }, '10.0.1.3'))
  const restBot = (await post({ authorName: 'ق', body: 'آلي عبر REST', website: 'x' }, '10.0.1.4'))
  t.equal(restBot.statusCode, restHuman.statusCode)
  t.same(Object.keys(restBot.json().data).sort(), Object.keys(restHuman.json().data).sort())
  t.match(restBot.json().data, { status: 'PENDING', parentId: null, articleId: article.id })

  const stored = await db.prisma.comment.findMany({ where: { id: { in: [b.id, restBot.json().data.id] } }, select: { status: true } })
  t.same(stored.map((c) => c.status), ['SPAM', 'SPAM'], 'stored as SPAM')
  const queue = await query(QUEUE, {}, { token: moderator })
  t.same(queue.data.moderationQueue.edges.map((e: any) => e.node.id).sort(), [h.id, restHuman.json().data.id].sort(), 'not in the moderation queue')
  t.equal(queue.data.moderationQueue.totalCount, 2)

  await moderate(h.id, 'APPROVE')
  for (const token of [undefined, editor]) {
    const thread = (await query(THREAD, { id: article.id }, { token })).data.article
    t.same(thread.comments.edges.map((e: any) => e.node.id), [h.id], 'only the approved human comment')
    t.equal(thread.commentCount, 1)
    t.equal((await query(NODE, { id: b.id }, { token })).data.node, null, 'node(id) does not find it')
  }
  const list = await app.inject({ url: `/api/v1/articles/${article.id}/comments` })
  t.same(list.json().data.map((c: any) => c.id), [h.id])
  t.notOk(list.body.includes('آلي'), 'the REST list never shows it')
})

t.test('length limits after trimming; empty and whitespace-only text refused', async (t) => {
  const { add, post, count, db } = await setup(t)
  const ok = async (input: Record<string, unknown>, msg: string) => {
    const res = await add(input)
    t.same(res.errors, undefined, msg)
    return res.data?.addComment.comment
  }
  t.equal((await ok({ authorName: `  ${'ن'.repeat(80)}  `, body: 'اسم طويل' }, '80 characters of name')).authorName, 'ن'.repeat(80))
  t.equal((await ok({ body: ` ${'ج'.repeat(5_000)}\n` }, '5,000 characters of body')).body.length, 5_000)
  t.match(ext(await add({ authorName: 'ن'.repeat(81), body: 'x1' })), { code: 'BAD_USER_INPUT', field: 'input.authorName', limit: 80 })
  const emoji = await add({ authorName: '😀'.repeat(80), body: 'اسم من 80 رمزا' })
  t.same(emoji.errors, undefined, '80 characters outside the BMP are 80 characters')
  t.match(ext(await add({ body: 'ج'.repeat(5_001) })), { code: 'BAD_USER_INPUT', field: 'input.body', limit: 5_000 })
  for (const blank of ['', '   ', '\n\t ']) {
    t.match(ext(await add({ authorName: blank, body: 'جسم' })), { code: 'BAD_USER_INPUT', field: 'input.authorName' }, `authorName ${JSON.stringify(blank)}`)
    t.match(ext(await add({ body: blank })), { code: 'BAD_USER_INPUT', field: 'input.body' }, `body ${JSON.stringify(blank)}`)
  }
  const restName = await post({ authorName: '   ', body: 'جسم' })
  t.equal(restName.statusCode, 400)
  t.match(restName.json(), { code: 'BAD_USER_INPUT', field: 'authorName' })
  t.match((await post({ authorName: 'ق', body: ' \n ' })).json(), { status: 400, code: 'BAD_USER_INPUT', field: 'body' })
  t.match((await post({ authorName: 'ق', body: 'ج'.repeat(5_001) })).json(), { status: 400, code: 'BAD_USER_INPUT', field: 'body', limit: 5_000 })
  const trimmed = await post({ authorName: ' ق ', body: '\n  نص بمسافات  \t' })
  t.equal(trimmed.json().data.body, 'نص بمسافات')
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: trimmed.json().data.id } })).body, 'نص بمسافات', 'stored trimmed')
  t.equal(await count(), 4, 'only the accepted ones are stored: two names, a body and the trimmed one')
})

t.test('links: at most COMMENT_MAX_LINKS', async (t) => {
  const { add, post, count } = await setup(t)
  t.same((await add({ body: 'راجع https://a.example/x و www.b.example' })).errors, undefined, 'exactly 2 is accepted')
  t.match(ext(await add({ body: 'http://a.example https://b.example/y www.c.example' })), { code: 'BAD_USER_INPUT', field: 'input.body', limit: 2 })
  t.match((await post({ authorName: 'ق', body: 'http://a.example http://b.example http://c.example' })).json(), { status: 400, field: 'body', limit: 2 })
  t.equal(await count(), 1)
  t.match(ext(await add({ body: 'https://a.example,https://b.example,https://c.example' })), { code: 'BAD_USER_INPUT', field: 'input.body', limit: 2 }, 'three links joined by commas are three links')
  const none = await setup(t, { COMMENT_MAX_LINKS: '0' })
  t.match(ext(await none.add({ body: 'انظر www.example.org' })), { code: 'BAD_USER_INPUT', field: 'input.body', limit: 0 }, 'one link refused at 0')
  t.same((await none.add({ body: 'بلا روابط' })).errors, undefined)
  t.equal(await none.count(), 1)
})

t.test('duplicates: the same body from the same client within the window', async (t) => {
  const { add, post, count, clock } = await setup(t)
  t.same((await add({ body: 'نص مكرر' }, '10.0.2.1')).errors, undefined)
  t.match(ext(await add({ body: '  نص مكرر ' }, '10.0.2.1')), { code: 'CONFLICT' }, 'the same body (after trimming) is refused')
  const rest = await post({ authorName: 'آخر', body: 'نص مكرر' }, '10.0.2.1')
  t.equal(rest.statusCode, 409)
  t.match(rest.json(), { code: 'CONFLICT' })
  t.same((await add({ body: 'نص مكرر' }, '10.0.2.2')).errors, undefined, 'another address may say the same')
  t.same((await add({ body: 'نص مختلف' }, '10.0.2.1')).errors, undefined, 'another body is accepted')
  t.equal(await count(), 3)

  // The window (COMMENT_DUPLICATE_WINDOW, 10 min by default) is read on the app's clock.
  clock.advance(10 * 60_000 - 1)
  t.match(ext(await add({ body: 'نص مكرر' }, '10.0.2.1')), { code: 'CONFLICT' }, 'still refused 1 ms before 10 minutes have passed')
  clock.advance(2)
  t.same((await add({ body: 'نص مكرر' }, '10.0.2.1')).errors, undefined, 'accepted once the window has passed')
  t.equal(await count(), 4)

  const brief = await setup(t, { COMMENT_DUPLICATE_WINDOW: '30s' })
  t.same((await brief.add({ body: 'مرة' }, '10.0.2.3')).errors, undefined)
  brief.clock.advance(30_000 - 1)
  t.match(ext(await brief.add({ body: 'مرة' }, '10.0.2.3')), { code: 'CONFLICT' }, 'COMMENT_DUPLICATE_WINDOW sets the window')
  brief.clock.advance(2)
  t.same((await brief.add({ body: 'مرة' }, '10.0.2.3')).errors, undefined, 'accepted once 30 s have passed')
  t.equal(await brief.count(), 2)
})

t.test('client addresses are stored only as salted hashes', async (t) => {
  const salted = (salt: string) => setup(t, { CLIENT_HASH_SALT: salt })
  const a = await salted('first-salt-0123456789')
  await a.post({ authorName: 'ق', body: 'واحد' }, '10.0.0.7', undefined, { 'idempotency-key': 'k-10.0.0.7' })
  await a.add({ body: 'اثنان' }, '10.0.0.7')
  await a.post({ authorName: 'ق', body: 'ثلاثة' }, '10.0.0.8')
  const rows = await a.db.pool.query<{ body: string, client_hash: string, row: string }>('SELECT body, client_hash, row_to_json(c)::text AS row FROM comments c ORDER BY created_at, id')
  const hash = Object.fromEntries(rows.rows.map((r) => [r.body, r.client_hash]))
  t.equal(rows.rows.length, 3)
  for (const r of rows.rows) {
    t.match(r.client_hash, /^[0-9a-f]{64}$/, '64 hex characters')
    t.notOk(r.row.includes('10.0.0.'), 'no column holds the address')
  }
  t.equal(hash['واحد'], hash['اثنان'], 'the same address, the same hash (REST and GraphQL)')
  t.not(hash['واحد'], hash['ثلاثة'], 'another address, another hash')
  const tables = (await a.db.pool.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).rows
  const dump = await Promise.all(tables.map(async ({ name }) => (await a.db.pool.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${name}" x`)).rows.map((r) => r.row).join('\n')))
  t.ok(dump.join('\n').includes('k-10.0.0.7'), 'the dump holds the Idempotency-Key table…')
  t.notOk(dump.join('\n').replaceAll('k-10.0.0.7', '').includes('10.0.0.'), '…and no table holds an address')
  t.not(hash['واحد'], createHash('sha256').update('10.0.0.7').digest('hex'), 'not an unsalted hash')
  const b = await salted('second-salt-0123456789')
  await b.post({ authorName: 'ق', body: 'واحد' }, '10.0.0.7')
  const other = await b.db.pool.query<{ client_hash: string }>('SELECT client_hash FROM comments')
  t.not(other.rows[0]?.client_hash, hash['واحد'], 'another salt, another hash for the same address')
})

t.test('bad input is refused and stores nothing', async (t) => {
  const { add, post, count, db, section, article, comment, query } = await setup(t)
  const draft = await createArticle(db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const scheduled = await createArticle(db, { sectionId: section.id, status: 'PUBLISHED', publishedAt: new Date(Date.now() + 86_400_000) })
  const elsewhere = await createArticle(db, { sectionId: section.id })
  const pending = await comment({ body: 'معلق' })
  const foreign = await comment({ articleId: elsewhere.id, body: 'في مقال آخر' }, 'APPROVE')
  const rejected = await comment({ body: 'مرفوض' }, 'REJECT')
  const before = await count()

  for (const missing of ['authorName', 'body']) {
    const fields = `articleId: "${article.id}"${missing === 'body' ? ' authorName: "ق"' : ' body: "نص"'}`
    const res = await query(`mutation { addComment(input: { ${fields} }) { comment { id } } }`)
    t.equal(res.status, 400, `GraphQL without ${missing}`)
    t.equal(code(res), 'GRAPHQL_VALIDATION_FAILED')
    const rest = await post(missing === 'body' ? { authorName: 'ق' } : { body: 'نص' })
    t.equal(rest.statusCode, 400, `REST without ${missing}`)
    t.match(rest.json(), { code: 'BAD_USER_INPUT', field: missing })
  }
  t.match((await post({ authorName: 'ق', body: 123 })).json(), { status: 400, code: 'BAD_USER_INPUT', field: 'body' }, 'body: 123 is not coerced')
  t.match((await post({ authorName: ['ق'], body: 'نص' })).json(), { status: 400, field: 'authorName' })
  t.match((await post({ authorName: 'ق', body: 'نص', rating: 5 })).json(), { status: 400, code: 'BAD_USER_INPUT' }, 'an unknown field')
  t.match(ext(await add({ articleId: 'not-an-id', body: 'نص' })), { code: 'BAD_USER_INPUT', field: 'input.articleId' })
  t.match((await post({ authorName: 'ق', body: 'نص' }, '10.0.0.1', 'not-an-id')).json(), { status: 400, code: 'BAD_USER_INPUT' })
  const unknown = '01900000-0000-7000-8000-000000000000'
  for (const [name, id] of [['unknown', unknown], ['draft', draft.id], ['scheduled', scheduled.id]] as const) {
    t.equal(code(await add({ articleId: id, body: `على ${name}` })), 'NOT_FOUND', `a ${name} article`)
    const rest = await post({ authorName: 'ق', body: `على ${name}` }, '10.0.0.1', id)
    t.equal(rest.statusCode, 404, `REST: a ${name} article`)
    t.match(rest.json(), { code: 'NOT_FOUND' })
  }
  for (const [name, parentId] of [['unknown', unknown], ['pending', pending], ['rejected', rejected], ['another article\'s', foreign]] as const) {
    t.match(ext(await add({ parentId, body: `رد على ${name}` })), { code: 'BAD_USER_INPUT', field: 'input.parentId' }, `an ${name} parent`)
  }
  t.match((await post({ authorName: 'ق', body: 'رد', parentId: pending })).json(), { status: 400, field: 'parentId' })
  t.match(ext(await add({ parentId: 'nope', body: 'رد' })), { code: 'BAD_USER_INPUT', field: 'input.parentId' })
  for (const email of ['not-an-email', 'a@b', 'two words@example.org']) {
    t.match(ext(await add({ authorEmail: email, body: `بريد ${email}` })), { code: 'BAD_USER_INPUT', field: 'input.authorEmail' }, email)
  }
  t.match((await post({ authorName: 'ق', authorEmail: 'nope', body: 'نص' })).json(), { status: 400, field: 'authorEmail' })
  t.match(ext(await add({ body: 'نص\u0000مخفي' })), { code: 'BAD_USER_INPUT', field: 'input.body' }, 'a NUL character is bad input')
  t.equal((await post({ authorName: 'ق\u0000', body: 'نص' })).statusCode, 400, 'REST: a NUL character is bad input')
  t.equal(await count(), before, 'nothing stored')
})

t.test('plain text: stored and returned exactly as sent (trimmed), never as HTML', async (t) => {
  const { post, add, moderate, query, app, db, article } = await setup(t)
  const html = '<script>alert(1)</script> & <b>bold</b>'
  const rest = await post({ authorName: '<i>علي</i>', body: `  ${html}\n` })
  t.equal(rest.statusCode, 201)
  t.match(rest.headers['content-type'], /^application\/json/)
  t.match(rest.json().data, { body: html, authorName: '<i>علي</i>' })
  const viaGraphql = await add({ body: `\t${html} 2 ` }, '10.0.3.2')
  t.equal(viaGraphql.data.addComment.comment.body, `${html} 2`)
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: rest.json().data.id } })).body, html, 'stored as sent')
  await moderate(rest.json().data.id, 'APPROVE')
  t.equal((await query(THREAD, { id: article.id })).data.article.comments.edges[0].node.body, html)
  const list = await app.inject({ url: `/api/v1/articles/${article.id}/comments` })
  t.match(list.headers['content-type'], /^application\/json/)
  t.notMatch(list.headers['content-type'], /html/)
  t.match(list.json().data[0], { body: html, authorName: '<i>علي</i>' })
})

t.test('no read path leaks a comment that is not approved, or an email', async (t) => {
  const { comment, moderate, query, app, db, article, editor, moderator } = await setup(t)
  const admin = await createToken(db, 'ADMIN')
  const email = (n: string) => `${n}@example.org`
  const A = await comment({ body: 'مقبول', authorEmail: email('a') }, 'APPROVE')
  const B = await comment({ body: 'معلق', authorEmail: email('b') })
  const C = await comment({ body: 'مرفوض', authorEmail: email('c') }, 'REJECT')
  const D = await comment({ body: 'مزعج', authorEmail: email('d') }, 'MARK_SPAM')
  const RA = await comment({ parentId: A, body: 'رد مقبول', authorEmail: email('ra') }, 'APPROVE')
  const RP = await comment({ parentId: A, body: 'رد معلق', authorEmail: email('rp') })
  const RR = await comment({ parentId: A, body: 'رد مرفوض', authorEmail: email('rr') }, 'REJECT')
  const E = await comment({ body: 'سيرفض لاحقا', authorEmail: email('e') }, 'APPROVE')
  const RE = await comment({ parentId: E, body: 'رد على ما سيرفض', authorEmail: email('re') }, 'APPROVE')
  const RS = await comment({ parentId: E, body: 'رد سيعلم مزعجا', authorEmail: email('rs') }, 'APPROVE')

  /** What a reader (anonymous or EDITOR) sees, checked for leaks; returns the visible ids. */
  const probe = async (token: string | undefined, label: string) => {
    const thread = await query(THREAD, { id: article.id }, { token })
    t.same(thread.errors, undefined)
    const a = thread.data.article
    const tops = a.comments.edges.map((e: any) => e.node)
    const replies = tops.flatMap((n: any) => n.replies.edges.map((e: any) => e.node))
    t.equal(a.comments.totalCount, tops.length, `${label}: totalCount matches the list`)
    t.equal(a.commentCount, tops.length + replies.length, `${label}: commentCount = top-level + replies shown`)
    t.ok([...tops, ...replies].every((n: any) => n.authorEmail === null), `${label}: no email in Article.comments`)
    for (const top of tops) t.equal(top.replies.totalCount, top.replies.edges.length, `${label}: replies totalCount`)
    const list = await app.inject({ url: `/api/v1/articles/${article.id}/comments`, headers: token ? { authorization: `Bearer ${token}` } : {} })
    t.equal(list.statusCode, 200)
    t.notOk(list.body.includes('authorEmail') || list.body.includes('@example.org'), `${label}: no authorEmail key in REST`)
    const body = list.json()
    t.same(body.data.map((c: any) => c.id), tops.map((n: any) => n.id), `${label}: REST shows the same top-level comments`)
    t.same(body.data.flatMap((c: any) => c.replies.map((r: any) => r.id)), replies.map((n: any) => n.id), `${label}: and the same replies`)
    t.ok(body.data.every((c: any) => c.status === 'APPROVED' && c.replyCount === c.replies.length && c.replies.every((r: any) => r.status === 'APPROVED')), `${label}: REST shows approved only`)
    const visible = new Set<string>([...tops, ...replies].map((n: any) => n.id))
    for (const id of [A, B, C, D, RA, RP, RR, E, RE, RS]) {
      const node = (await query(NODE, { id }, { token })).data.node
      if (visible.has(id)) {
        t.match(node, { id, status: 'APPROVED', authorEmail: null }, `${label}: node(${id}) is visible without email`)
        const shown = tops.find((n: any) => n.id === id)?.replies.edges.map((e: any) => e.node.id) ?? [] // a reply has no replies
        t.same(node.replies.edges.map((e: any) => e.node.id), shown, `${label}: Comment.replies shows exactly the approved replies`)
      } else {
        t.equal(node, null, `${label}: node(${id}) is hidden`)
      }
    }
    return visible
  }
  const both = async (expected: string[], step: string) => {
    for (const [token, who] of [[undefined, 'anonymous'], [editor, 'EDITOR']] as const) {
      t.same([...await probe(token, `${who} ${step}`)].sort(), [...expected].sort(), `${who} ${step}: exactly the approved thread`)
    }
  }
  await both([A, RA, E, RE, RS], 'initially')

  t.equal(code(await query(QUEUE)), 'UNAUTHENTICATED', 'anonymous: no moderation queue')
  t.equal(code(await query(QUEUE, {}, { token: editor })), 'FORBIDDEN', 'EDITOR: no moderation queue')
  for (const token of [moderator, admin]) {
    const queue = (await query(QUEUE, {}, { token })).data.moderationQueue
    t.same(queue.edges.map((e: any) => e.node), [{ id: B, authorEmail: email('b') }, { id: RP, authorEmail: email('rp') }], 'moderators see pending comments with emails')
    t.match((await query(NODE, { id: A }, { token })).data.node, { id: A, authorEmail: email('a') }, 'and the email of an approved one')
  }

  await moderate(RS, 'MARK_SPAM')
  await both([A, RA, E, RE], 'after a reply is marked spam')
  await moderate(E, 'REJECT')
  await both([A, RA], 'after a top-level comment with replies is rejected')
  t.match(ext(await query(ADD, { input: { articleId: article.id, parentId: RE, authorName: 'ق', body: 'رد في خيط مرفوض' } }, { ip: '10.0.4.1' })), { code: 'BAD_USER_INPUT', field: 'input.parentId' }, 'no reply to a reply whose thread is no longer published')
  const approved = await app.inject({ method: 'POST', url: `/api/v1/comments/${RP}/moderation`, headers: { authorization: `Bearer ${moderator}` }, payload: { action: 'APPROVE' } })
  t.equal(approved.json().data.status, 'APPROVED')
  await moderate(B, 'APPROVE')
  await both([A, RA, RP, B], 'after approving a reply and a top-level comment')
  await moderate(A, 'MARK_SPAM')
  await both([B], 'after the top-level comment with replies is marked spam')
  t.equal((await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount, 1, 'the stored count agrees')
})
