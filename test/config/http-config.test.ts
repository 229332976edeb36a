// HTTP-facing settings, through the real app: TRUST_PROXY (who the client is: seen in the
// per-client comment rate limit and in the salted client hash stored with each comment),
// CORS_ORIGINS (which origins a browser may call from, preflight included) and GRAPHIQL / MODE.
import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql } from '../helper.ts'

const SALT = 'http-config-test-salt-0123456789'
const hashOf = (ip: string) => createHash('sha256').update(SALT).update(ip).digest('hex')
const ADD = 'mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { id status } } }'

async function commentApp (t: Test, env: Record<string, string>) {
  const url = await createTestDatabase(t)
  const ctx = await buildOn(t, url, { env: { COMMENT_RATE_LIMITS: '1/10m', CLIENT_HASH_SALT: SALT, ...env } })
  const section = await createSection(ctx.db)
  const article = await createArticle(ctx.db, { sectionId: section.id })
  let n = 0
  const post = (remoteAddress: string, forwardedFor?: string) => ctx.app.inject({
    method: 'POST',
    url: `/api/v1/articles/${article.id}/comments`,
    remoteAddress,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    payload: { authorName: 'قارئ', body: `تعليق رقم ${++n}` },
  })
  const storedHash = async (id: string) => (await ctx.db.prisma.comment.findUniqueOrThrow({ where: { id } })).clientHash
  return { ...ctx, article, post, storedHash }
}

t.test('TRUST_PROXY=true: X-Forwarded-For is the client address', async (t) => {
  const { app, article, post, storedHash, db } = await commentApp(t, { TRUST_PROXY: 'true' })

  const first = await post('10.0.0.1', '203.0.113.7')
  t.equal(first.statusCode, 201, first.body)
  t.equal(await storedHash(first.json().data.id), hashOf('203.0.113.7'), 'the comment is stored under the forwarded address')

  const other = await post('10.0.0.1', '198.51.100.9')
  t.equal(other.statusCode, 201, 'the same proxy forwarding another client: not rate-limited')
  t.equal(await storedHash(other.json().data.id), hashOf('198.51.100.9'), 'stored under that client\'s address')

  const again = await post('10.0.0.2', '203.0.113.7')
  t.equal(again.statusCode, 429, 'the first client again, through another proxy: its limit (1 per 10 minutes) is spent')
  t.equal(again.json().code, 'RATE_LIMITED', 'RATE_LIMITED')
  t.ok(Number(again.headers['retry-after']) > 0, `Retry-After ${again.headers['retry-after']}`)

  const chain = await post('10.0.0.1', '192.0.2.44, 10.0.0.9')
  t.equal(chain.statusCode, 201, 'a third client (first address of the chain) is accepted')
  t.equal(await storedHash(chain.json().data.id), hashOf('192.0.2.44'), 'with every hop trusted, the first address of the chain is the client')

  const viaGraphql = await gql(app, ADD, { input: { articleId: article.id, authorName: 'قارئ', body: 'عبر GraphQL' } }, { headers: { 'x-forwarded-for': '198.51.100.9' } })
  t.equal(viaGraphql.errors?.[0]?.extensions?.code, 'RATE_LIMITED', 'the GraphQL mutation keys the same limit by the forwarded address')
  t.equal(await db.prisma.comment.count(), 3, 'refused comments are not stored')
})

t.test('TRUST_PROXY unset: X-Forwarded-For is ignored, the socket address is the client', async (t) => {
  const { app, article, post, storedHash, db, config } = await commentApp(t, {})
  t.equal(config.TRUST_PROXY, false, 'off by default')

  const first = await post('10.0.0.1', '203.0.113.7')
  t.equal(first.statusCode, 201, first.body)
  t.equal(await storedHash(first.json().data.id), hashOf('10.0.0.1'), 'stored under the socket address, not the header')

  const spoofed = await post('10.0.0.1', '198.51.100.9')
  t.equal(spoofed.statusCode, 429, 'a forged X-Forwarded-For does not escape the limit')
  t.equal(spoofed.json().code, 'RATE_LIMITED', 'RATE_LIMITED')

  const neighbour = await post('10.0.0.2', '203.0.113.7')
  t.equal(neighbour.statusCode, 201, 'another socket address is another client, whatever the header says')
  t.equal(await storedHash(neighbour.json().data.id), hashOf('10.0.0.2'), 'stored under its socket address')

  const viaGraphql = await app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: '10.0.0.2',
    headers: { 'x-forwarded-for': '192.0.2.99' },
    payload: { query: ADD, variables: { input: { articleId: article.id, authorName: 'قارئ', body: 'عبر GraphQL' } } },
  })
  t.equal(viaGraphql.json().errors?.[0]?.extensions?.code, 'RATE_LIMITED', 'GraphQL too keys the limit by the socket address')
  t.equal(await db.prisma.comment.count(), 2, 'refused comments are not stored')
})

t.test('CORS_ORIGINS: a list of origins', async (t) => {
  const url = await createTestDatabase(t)
  const { app } = await buildOn(t, url, { env: { CORS_ORIGINS: 'https://news.example, https://m.news.example' } })
  const get = (origin: string) => app.inject({ url: '/api/v1/site', headers: { origin } })

  for (const origin of ['https://news.example', 'https://m.news.example']) {
    const res = await get(origin)
    t.equal(res.statusCode, 200, `${origin}: answered`)
    t.equal(res.headers['access-control-allow-origin'], origin, `${origin} is allowed (the list is trimmed)`)
    t.match(String(res.headers.vary), /origin/i, 'Vary: Origin, so caches keep answers per origin')
  }
  for (const origin of ['https://evil.example', 'https://news.example.evil.example', 'http://news.example']) {
    const res = await get(origin)
    t.equal(res.headers['access-control-allow-origin'], undefined, `${origin}: no Access-Control-Allow-Origin`)
  }

  const preflight = (origin: string, method = 'POST', headers = 'content-type,authorization') => app.inject({
    method: 'OPTIONS', url: '/graphql', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  })
  const ok = await preflight('https://news.example')
  t.equal(ok.statusCode, 204, 'the preflight is answered')
  t.equal(ok.headers['access-control-allow-origin'], 'https://news.example', 'the preflight names the allowed origin')
  t.match(String(ok.headers['access-control-allow-methods']), /\bPOST\b/, 'POST is allowed')
  t.match(String(ok.headers['access-control-allow-headers']), /authorization/i, 'a staff token may be sent')
  t.match(String(ok.headers['access-control-allow-headers']), /content-type/i, 'JSON bodies may be sent')

  const refused = await preflight('https://evil.example')
  t.equal(refused.headers['access-control-allow-origin'], undefined, 'another origin\'s preflight gets no Access-Control-Allow-Origin')

  const patch = await app.inject({
    method: 'OPTIONS', url: '/api/v1/articles/0190a2b4-0000-7000-8000-000000000000', headers: { origin: 'https://news.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type,authorization' },
  })
  t.equal(patch.headers['access-control-allow-origin'], 'https://news.example', 'a PATCH preflight from an allowed origin names it')
  t.match(String(patch.headers['access-control-allow-methods']), /\bPATCH\b/, 'an editor UI on an allowed origin may PATCH and DELETE (README: PATCH|DELETE /api/v1/articles/:id)')
  t.match(String(patch.headers['access-control-allow-methods']), /\bDELETE\b/, 'DELETE too')
})

t.test('CORS_ORIGINS default: any origin', async (t) => {
  const url = await createTestDatabase(t)
  const { app } = await buildOn(t, url)
  const res = await app.inject({ url: '/api/v1/site', headers: { origin: 'https://anywhere.example' } })
  t.equal(res.headers['access-control-allow-origin'], '*', 'Access-Control-Allow-Origin: *')
})

t.test('GraphiQL: on in development, off in production unless asked for', async (t) => {
  const url = await createTestDatabase(t)
  const cases: Array<[Record<string, string>, boolean, string]> = [
    [{}, true, 'development (the default MODE)'],
    [{ MODE: 'development', GRAPHIQL: 'false' }, false, 'development with GRAPHIQL=false'],
    [{ MODE: 'production' }, false, 'production'],
    [{ MODE: 'production', GRAPHIQL: 'true' }, true, 'production with GRAPHIQL=true'],
  ]
  for (const [env, served, name] of cases) {
    const { app } = await buildOn(t, url, { env })
    const page = await app.inject({ url: '/graphiql' })
    if (served) {
      t.equal(page.statusCode, 200, `${name}: /graphiql is served`)
      t.match(page.headers['content-type'], /^text\/html/, `${name}: an HTML page`)
      t.match(page.body, /graphiql/i, `${name}: the GraphiQL page`)
    } else {
      t.equal(page.statusCode, 404, `${name}: /graphiql is 404`)
      t.notMatch(page.body, /<html/i, `${name}: and no page`)
    }
    const api = await gql(app, '{ site { name } }')
    t.equal(api.status, 200, `${name}: /graphql works either way`)
  }
})
