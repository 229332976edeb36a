// The HTTP edges: security headers (with a CSP that GraphiQL and /docs can live with), the
// per-client limit on anonymous reads, load shedding under a blocked event loop, and the
// timeouts (request, keep-alive, statement) the configuration sets.
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { build, gql, problem } from '../helper.ts'
import { createToken } from '../factories/index.ts'

t.test('security headers on every kind of answer, with a CSP that lets GraphiQL and /docs load', async (t) => {
  const { app } = await build(t)
  for (const url of ['/api/v1/site', '/graphql?query=%7Bsite%7Bname%7D%7D', '/graphiql', '/docs/', '/health/live', '/api/v1/nothing']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', `${url}: X-Frame-Options`)
    t.match(res.headers['strict-transport-security'], /max-age=\d+/, `${url}: HSTS`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url}: Referrer-Policy`)
    t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', `${url}: CORP lets other origins read the API`)
    const csp = String(res.headers['content-security-policy'])
    t.match(csp, /frame-ancestors 'none'/, `${url}: no framing`)
    t.match(csp, /object-src 'none'/, `${url}: no plugins`)
  }
  const graphiql = await app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(graphiql.statusCode, 200, 'GraphiQL is served (development)')
  t.equal(graphiql.headers['cross-origin-opener-policy'], 'same-origin', 'pages get helmet\'s whole set')
  const data = await app.inject({ method: 'GET', url: '/api/v1/site' })
  t.equal(data.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; object-src 'none'", 'data answers: a CSP that allows nothing')
  t.equal(data.headers['cross-origin-opener-policy'], undefined, 'and no document-only headers')
  t.match(String(graphiql.headers['content-security-policy']), /script-src 'self';/, 'only its own scripts are allowed (no CDN)')
  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200, '/docs is served')
  t.match(String(docs.headers['content-security-policy']), /default-src 'self'/, 'its own files are allowed')
  const cors = await app.inject({ method: 'GET', url: '/api/v1/site', headers: { origin: 'https://reader.example' } })
  t.equal(cors.headers['access-control-allow-origin'], '*', 'CORS still answers')
})

t.test('anonymous reads are limited per client; staff, probes and other clients are not', async (t) => {
  const { app, db } = await build(t, { env: { READ_RATE_LIMIT: '3/1h' } })
  const token = await createToken(db, 'EDITOR')
  const ip = '198.51.100.7'
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'GET', url: '/api/v1/site', remoteAddress: ip })).statusCode, 200, `REST read ${i + 1}`)
  t.same((await gql(app, '{ site { name } }', undefined, { ip })).errors, undefined, 'a GraphQL read counts too (3 of 3)')
  const refused = await app.inject({ method: 'GET', url: '/api/v1/articles', remoteAddress: ip })
  problem(t, refused, 429, 'RATE_LIMITED', 'the 4th read in the hour')
  t.equal(refused.headers['retry-after'], '3600', 'Retry-After: the window, in seconds')
  t.equal(refused.json().retryAfter, 3600)
  const viaGraphql = await app.inject({ method: 'POST', url: '/graphql', remoteAddress: ip, payload: { query: '{ site { name } }' } })
  t.equal(viaGraphql.statusCode, 429, 'GraphQL: 429 too')
  t.match(viaGraphql.json(), { errors: [{ extensions: { code: 'RATE_LIMITED', retryAfter: 3600 } }] }, 'in GraphQL\'s error shape')
  t.equal(viaGraphql.headers['retry-after'], '3600')

  t.equal((await app.inject({ method: 'GET', url: '/api/v1/site', remoteAddress: '198.51.100.8' })).statusCode, 200, 'another client is not limited')
  t.equal((await app.inject({ method: 'GET', url: '/health/live', remoteAddress: ip })).statusCode, 200, 'probes are not limited')
  const staff = await app.inject({ method: 'GET', url: '/api/v1/articles?status=DRAFT', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } })
  t.equal(staff.statusCode, 200, 'a staff token is not limited as an anonymous reader')

  t.same(loadConfig({}).READ_RATE_LIMIT, { max: 600, ms: 60_000 }, 'the default: 600 reads a minute per client')
  t.equal(loadConfig({ READ_RATE_LIMIT: 'off' }).READ_RATE_LIMIT, null, 'READ_RATE_LIMIT=off turns it off')
  t.equal(loadConfig({}).PRESSURE_MAX_EVENT_LOOP_DELAY, 1000, 'load shedding is on by default (1 s of event-loop delay)')
})

t.test('a blocked event loop sheds requests with 503 and Retry-After; probes still answer', async (t) => {
  const { app } = await build(t, { env: { PRESSURE_MAX_EVENT_LOOP_DELAY: '50', PRESSURE_SAMPLE_INTERVAL: '20' } })
  // building the app kept the loop busy: wait for a sample that sees it free
  const until = Date.now() + 5_000
  let first = await app.inject({ method: 'GET', url: '/api/v1/site' })
  while (first.statusCode === 503 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    first = await app.inject({ method: 'GET', url: '/api/v1/site' })
  }
  t.equal(first.statusCode, 200, 'answered while the loop is free')
  const block = (ms: number) => { const until = performance.now() + ms; while (performance.now() < until) { /* a saturated loop */ } }
  // Block the loop, wait for the sample that sees it (under-pressure samples on a timer, whose
  // turn after the block is not ordered against the test's own timers), then send while the
  // pressure holds; a sample that came too late is retried, a few times at most.
  const underPressure = app as unknown as { isUnderPressure: () => boolean }
  const whileBlocked = async <T extends { statusCode: number }>(send: () => Promise<T>): Promise<T> => {
    let res: T | undefined
    for (let attempt = 0; attempt < 5 && res?.statusCode !== 503; attempt++) {
      block(400)
      for (let waited = 0; waited < 200 && !underPressure.isUnderPressure(); waited++) await new Promise((resolve) => setTimeout(resolve, 1))
      res = await send()
    }
    return res as T
  }
  const shed = await whileBlocked(() => app.inject({ method: 'GET', url: '/api/v1/site' }))
  problem(t, shed, 503, 'SERVICE_UNAVAILABLE', 'shed')
  t.equal(shed.headers['retry-after'], '5', 'with Retry-After')
  const gqlShed = await whileBlocked(() => app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' } }))
  t.equal(gqlShed.statusCode, 503, 'GraphQL is shed too')
  t.match(gqlShed.json(), { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] }, 'in GraphQL\'s shape')
  block(400)
  for (let waited = 0; waited < 200 && !underPressure.isUnderPressure(); waited++) await new Promise((resolve) => setTimeout(resolve, 1))
  t.ok(underPressure.isUnderPressure(), 'under pressure now')
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'the liveness probe is not shed')
  // once the loop is free again, the next samples clear the pressure (how soon depends on the
  // machine's load: wait for a sample that sees the loop free, as at the start)
  const free = Date.now() + 5_000
  while (underPressure.isUnderPressure() && Date.now() < free) await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/site' })).statusCode, 200, 'answered again once the loop is free')
})

t.test('timeouts: request and keep-alive on the server, statement_timeout on every connection', async (t) => {
  const { app } = await build(t, { env: { HTTP_REQUEST_TIMEOUT: '20s', HTTP_KEEP_ALIVE_TIMEOUT: '4s', DATABASE_STATEMENT_TIMEOUT: '300ms' } })
  t.equal(app.server.requestTimeout, 20_000, 'a request not received whole in 20 s is closed')
  t.equal(app.server.keepAliveTimeout, 4_000, 'an idle keep-alive connection is closed after 4 s')
  const { rows } = await app.db.pool.query<{ statement_timeout: string }>('SHOW statement_timeout')
  t.equal(rows[0]?.statement_timeout, '300ms', 'each pool connection runs with statement_timeout')
  const started = performance.now()
  await t.rejects(app.db.pool.query('SELECT pg_sleep(5)'), { code: '57014' }, 'a statement running longer is cancelled')
  t.ok(performance.now() - started < 2_000, 'after the timeout, not after the statement')

  const defaults = await build(t)
  t.equal(defaults.app.server.requestTimeout, 30_000, 'default request timeout: 30 s')
  t.equal(defaults.app.server.keepAliveTimeout, 5_000, 'default keep-alive timeout: 5 s')
  t.equal((await defaults.app.db.pool.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]?.statement_timeout, '10s', 'default statement_timeout: 10 s')
})

t.test('bad settings are refused at start, naming the variable', async (t) => {
  for (const [name, value] of [['READ_RATE_LIMIT', 'many'], ['READ_RATE_LIMIT', '1/1m,2/1h'], ['HTTP_REQUEST_TIMEOUT', '30'], ['DATABASE_STATEMENT_TIMEOUT', 'soon'], ['PRESSURE_MAX_EVENT_LOOP_DELAY', '-1']] as const) {
    await t.rejects(build(t, { env: { [name]: value } }), new RegExp(name), `${name}=${value}`)
  }
})
