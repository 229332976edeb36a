// /metrics: served only with METRICS_TOKEN and only to it; routes by pattern, GraphQL operations
// by bounded names, and SQL statements per request equal to what PostgreSQL receives on the wire.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { ARTICLE_PAGE, FRONT_PAGE } from '../articles/fixtures.ts'
import { build, buildOn, createTestDatabase, gql } from '../helper.ts'
import { startWireCounter } from '../support/wire-counter.ts'
import { parsePrometheus, select, total, type Exposition } from './prometheus-text.ts'

const TOKEN = 'metrics-' + randomBytes(16).toString('hex')
const env = { METRICS_TOKEN: TOKEN }

async function scrape (app: FastifyInstance): Promise<Exposition> {
  const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`)
  return parsePrometheus(res.body)
}

const HTTP = 'news_api_http_request_duration_seconds'
const STATEMENTS = 'news_api_http_request_sql_statements'
const GRAPHQL = 'news_api_graphql_operation_duration_seconds'
const GRAPHQL_ERRORS = 'news_api_graphql_operation_errors_total'

t.test('without METRICS_TOKEN there is no /metrics', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(res.statusCode, 404, 'like any unknown route')
  t.notOk(app.hasRoute({ method: 'GET', url: '/metrics' }), 'not registered at all')
})

t.test('only the bearer of METRICS_TOKEN reads /metrics', async (t) => {
  const { app } = await build(t, { env })
  const refused = [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN]
  for (const authorization of refused) {
    const res = await app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } })
    t.equal(res.statusCode, 401, `refused: ${authorization === undefined ? 'no header' : authorization.slice(0, 12)}`)
    t.match(res.headers['www-authenticate'], /^Bearer/)
    t.match(res.json(), { code: 'UNAUTHENTICATED' })
    t.notMatch(res.body, TOKEN)
  }
  const res = await app.inject({ url: '/metrics', headers: { authorization: `bearer ${TOKEN}` } })
  t.equal(res.statusCode, 200, 'the scheme is case-insensitive')
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  t.equal(res.headers['cache-control'], 'no-store')

  const metrics = parsePrometheus(res.body)
  t.equal(metrics.types.get(HTTP), 'histogram')
  t.equal(metrics.types.get(STATEMENTS), 'histogram')
  t.equal(metrics.types.get(GRAPHQL), 'histogram')
  t.equal(metrics.types.get(GRAPHQL_ERRORS), 'counter')
  for (const name of ['news_api_process_resident_memory_bytes', 'news_api_nodejs_eventloop_lag_seconds', 'news_api_nodejs_heap_size_used_bytes']) {
    t.equal(metrics.types.get(name), 'gauge', `${name}: a default process metric`)
    t.ok(select(metrics, name).length > 0)
  }
  t.equal(metrics.types.get('news_api_nodejs_gc_duration_seconds'), 'histogram')
  t.equal(total(metrics, 'news_api_db_pool_max_connections'), 5, 'the pool of the test app')
  for (const name of ['news_api_db_pool_connections', 'news_api_db_pool_idle_connections', 'news_api_db_pool_waiting_clients']) {
    t.equal(metrics.types.get(name), 'gauge')
    t.equal(select(metrics, name).length, 1, `${name} present`)
  }
  t.ok([...metrics.types.keys()].every((name) => name.startsWith('news_api_')), 'one prefix for all')

  const again = await scrape(app)
  t.same(select(again, `${HTTP}_count`, { route: '/metrics' }), [], 'scrapes are not counted as requests')
})

t.test('routes are labelled by pattern, unknown URLs as one label', async (t) => {
  const { app, db } = await build(t, { env })
  const section = await createSection(db, { slug: 'politics' })
  const article = await createArticle(db, { sectionId: section.id, slug: 'budget-passes' })
  t.equal((await app.inject({ url: `/api/v1/articles/${article.id}` })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/articles/budget-passes' })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/articles/no-such-article' })).statusCode, 404)
  for (const url of ['/wp-admin/setup.php', '/.env', `/api/v1/nothing/${randomBytes(4).toString('hex')}`]) {
    t.equal((await app.inject({ url })).statusCode, 404)
  }
  await app.inject({ method: 'DELETE', url: '/health/live' })

  const metrics = await scrape(app)
  const articles = { method: 'GET', route: '/api/v1/articles/:idOrSlug' }
  t.equal(total(metrics, `${HTTP}_count`, { ...articles, status_code: '200' }), 2, 'by id and by slug: one route')
  t.equal(total(metrics, `${HTTP}_count`, { ...articles, status_code: '404' }), 1, 'a route\'s own 404 keeps its route')
  t.equal(total(metrics, `${HTTP}_count`, { route: 'unmatched', status_code: '404' }), 4, 'unknown URLs and methods: "unmatched"')
  const routes = new Set(select(metrics, `${HTTP}_count`).map((s) => s.labels.route))
  t.same([...routes].sort(), ['/api/v1/articles/:idOrSlug', 'unmatched'])
  t.notMatch(JSON.stringify(metrics.samples), article.id, 'no raw id in any label')
  const buckets = select(metrics, `${HTTP}_bucket`, { ...articles, status_code: '200' }).map((s) => s.labels.le)
  t.same(buckets, ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'])
})

t.test('GraphQL operations by type and name', async (t) => {
  const { app } = await build(t, { env })
  t.same((await gql(app, 'query FrontPage { sections { name } }')).errors, undefined)
  t.same((await gql(app, 'query FrontPage { sections { name } }')).errors, undefined)
  t.same((await gql(app, '{ site { name } }')).errors, undefined)
  const pick = await app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query One { __typename } query Two { site { name } }', operationName: 'Two' } })
  t.equal(pick.statusCode, 200)
  const get = await app.inject({ url: '/graphql?operationName=Two&query=' + encodeURIComponent('query One { __typename } query Two { __typename }') })
  t.equal(get.statusCode, 200)
  t.ok((await gql(app, 'query Broken { node(id: "nonsense") { id } }')).errors, 'an operation answered with errors')
  t.equal((await gql(app, 'query Syntax { site { name ')).status, 400)
  t.equal((await gql(app, 'query Unknown { site { colour } }')).status, 400)
  t.equal((await gql(app, 'mutation Write { __typename }', undefined, { token: 'not-a-token' })).status, 401)
  const long = 'N' + 'x'.repeat(64)
  t.same((await gql(app, `query ${long} { __typename }`)).errors, undefined)

  const metrics = await scrape(app)
  const count = (type: string, name: string) => total(metrics, `${GRAPHQL}_count`, { operation_type: type, operation_name: name })
  const errors = (type: string, name: string) => total(metrics, GRAPHQL_ERRORS, { operation_type: type, operation_name: name })
  t.equal(count('query', 'FrontPage'), 2, 'a named query')
  t.equal(count('query', 'anonymous'), 1, 'an unnamed query')
  t.equal(count('query', 'Two'), 2, 'operationName picks the operation (POST and GET)')
  t.equal(count('query', 'One'), 0)
  t.equal(count('query', 'Broken'), 1)
  t.equal(errors('query', 'Broken'), 1, 'errors counted')
  t.equal(errors('query', 'FrontPage'), 0)
  t.equal(count('rejected', 'other'), 3, 'unparsable, invalid and bad-token requests: "rejected"')
  t.equal(errors('rejected', 'other'), 3)
  t.equal(count('query', 'other'), 1, 'a name longer than 64 characters is "other"')
  t.notMatch(JSON.stringify(metrics.samples), long)
  t.equal(total(metrics, `${HTTP}_count`, { method: 'POST', route: '/graphql' }), 9, 'and every request on the /graphql route')
})

t.test('operation names are bounded', async (t) => {
  const { app } = await build(t, { env })
  const sent = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const name = `Op_${randomBytes(6).toString('hex')}`
    sent.add(name)
    t.same((await gql(app, `query ${name} { __typename }`)).errors, undefined)
  }
  const metrics = await scrape(app)
  const names = new Set(select(metrics, `${GRAPHQL}_count`).map((s) => s.labels.operation_name))
  t.equal(names.size, 51, 'the first 50 names and "other"')
  t.ok([...names].every((n) => n === 'other' || sent.has(n as string)))
  t.equal(total(metrics, `${GRAPHQL}_count`, { operation_name: 'other' }), 150, 'the later 150 counted as "other"')
  t.equal(total(metrics, `${GRAPHQL}_count`), 200, 'every operation counted once')
})

t.test('SQL statements per request: what PostgreSQL receives, per request', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db } = await buildOn(t, wire.url, { env })
  const sections = []
  for (let i = 0; i < 3; i++) {
    const root = await createSection(db, { name: `قسم ${i}`, slug: `root-${i}`, position: i })
    sections.push(root)
    const child = await createSection(db, { name: `فرع ${i}`, slug: `child-${i}`, parentId: root.id })
    for (let j = 0; j < 3; j++) await createArticle(db, { sectionId: (j === 0 ? root : child).id, slug: `a-${i}-${j}` })
  }
  const editor = await createToken(db, 'EDITOR')

  /** waits until no statement has reached the wire for 100 ms (background work after a write) */
  const settle = async () => {
    for (let last = -1; last !== wire.count();) {
      last = wire.count()
      await sleep(100)
    }
  }
  /** the one request `send` makes, as the statements histogram saw it and as the wire saw it */
  const measure = async (route: string, method: string, send: () => Promise<unknown>) => {
    await send() // warm: connections open, statements prepared, caches filled
    await settle()
    const before = await scrape(app)
    wire.reset()
    await send()
    const seen = wire.count()
    const after = await scrape(app)
    const delta = (name: string) => total(after, name, { method, route }) - total(before, name, { method, route })
    return { requests: delta(`${STATEMENTS}_count`), statements: delta(`${STATEMENTS}_sum`), wire: seen }
  }

  const front = await measure('/graphql', 'POST', () => gql(app, FRONT_PAGE))
  t.comment(`front page: ${front.statements} statements`)
  t.equal(front.requests, 1)
  t.equal(front.statements, front.wire, 'front page: the count is what the wire carried')
  t.ok(front.statements >= 1 && front.statements <= 3, `front page within its budget (${front.statements}, sql-budget.test.ts)`)

  const article = await measure('/graphql', 'POST', () => gql(app, ARTICLE_PAGE, { slug: 'a-0-0' }))
  t.equal(article.requests, 1)
  t.equal(article.statements, article.wire, 'article page (named prepared statements)')
  t.ok(article.statements >= 1 && article.statements <= 2, `article page within its budget (${article.statements})`)

  const rest = await measure('/api/v1/articles', 'GET', () => app.inject({ url: '/api/v1/articles?limit=5' }))
  t.equal(rest.requests, 1)
  t.ok(rest.statements > 0)
  t.equal(rest.statements, rest.wire, 'a REST list')

  // A draft: a write that announces nothing, so no background work follows it on the wire.
  const draft = 'mutation Draft($input: ArticleInput!) { createArticle(input: $input) { id status } }'
  const input = { title: 'مسودة', paragraphs: ['فقرة'], sectionId: sections[0]?.id }
  const write = await measure('/graphql', 'POST', async () => {
    const res = await gql(app, draft, { input }, { token: editor })
    t.equal(res.data?.createArticle.status, 'DRAFT')
  })
  t.ok(write.statements >= 3, `a write through Prisma: its transaction with BEGIN and COMMIT (${write.statements})`)
  t.equal(write.statements, write.wire, 'a transaction')

  const live = await measure('/health/live', 'GET', () => app.inject({ url: '/health/live' }))
  t.same(live, { requests: 1, statements: 0, wire: 0 }, 'a request that needs no SQL: 0')
  const ready = await measure('/health/ready', 'GET', () => app.inject({ url: '/health/ready' }))
  t.same(ready, { requests: 1, statements: 1, wire: 1 }, 'pool.query: 1')

  // More requests at once than the pool has connections (5): statements sent from a callback that
  // another request's released connection runs still count for the request that asked.
  await settle()
  const before = await scrape(app)
  wire.reset()
  const results = await Promise.all(Array.from({ length: 20 }, () => gql(app, FRONT_PAGE)))
  t.ok(results.every((r) => r.errors === undefined))
  const after = await scrape(app)
  const labels = { method: 'POST', route: '/graphql' }
  const bucket = (e: Exposition, le: number) => total(e, `${STATEMENTS}_bucket`, { ...labels, le: String(le) })
  t.equal(total(after, `${STATEMENTS}_sum`, labels) - total(before, `${STATEMENTS}_sum`, labels), wire.count(), 'all statements counted')
  t.equal(bucket(after, front.statements) - bucket(before, front.statements), 20, `every request at most ${front.statements}`)
  t.equal(bucket(after, front.statements - 1) - bucket(before, front.statements - 1), 0, `and none fewer: ${front.statements} each`)
  const pool = await scrape(app)
  t.ok(total(pool, 'news_api_db_pool_connections') <= 5 && total(pool, 'news_api_db_pool_connections') >= 1, 'the pool gauges read the pool')
  t.equal(total(pool, 'news_api_db_pool_waiting_clients'), 0)
})
