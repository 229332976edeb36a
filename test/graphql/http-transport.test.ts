// GraphQL over HTTP as clients meet it: the two media types (what the status code means under
// each), and the transport mistakes (not JSON, no document, a wrong content type, a body too
// large, a subscription over POST) answered 4xx with BAD_REQUEST and a clear message, never as a
// masked server error, and logged at info at most.
import t from 'tap'
import type { InjectOptions } from 'fastify'
import { pino } from 'pino'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDatabase } from '../../src/db/database.ts'
import { createTestDatabase, TestClock } from '../helper.ts'

interface LogLine { level: number, msg: string }

t.test('transport mistakes: 4xx, BAD_REQUEST, a message that says what to do, logged below warn', async (t) => {
  const url = await createTestDatabase(t)
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'info', READ_RATE_LIMIT: 'off', PRESSURE_MAX_EVENT_LOOP_DELAY: '0' })
  const db = createDatabase(url, { max: 3 })
  const logs: LogLine[] = []
  const app = await buildApp({ config, db, clock: new TestClock(), loggerInstance: pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line) as LogLine) } }) })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  const json = { 'content-type': 'application/json' }
  const cases = [
    { what: 'invalid JSON', req: { method: 'POST', headers: json, payload: '{"query":' }, status: 400, message: /not valid JSON/ },
    { what: 'an empty body', req: { method: 'POST', headers: json, payload: '' }, status: 400, message: /empty/ },
    { what: 'a number for the query', req: { method: 'POST', headers: json, payload: '{"query":1}' }, status: 400, message: /"query" must be a string/ },
    { what: 'an array for the variables', req: { method: 'POST', headers: json, payload: '{"query":"{ site { name } }","variables":[1]}' }, status: 400, message: /"variables" must be an object/ },
    { what: 'a string for the variables', req: { method: 'POST', headers: json, payload: '{"query":"{ site { name } }","variables":"x"}' }, status: 400, message: /"variables" must be an object/ },
    { what: 'no document (POST)', req: { method: 'POST', headers: json, payload: '{}' }, status: 400, message: /No GraphQL document/ },
    { what: 'no document (GET)', req: { method: 'GET' }, status: 400, message: /No GraphQL document/ },
    { what: 'text/plain', req: { method: 'POST', headers: { 'content-type': 'text/plain' }, payload: '{ site { name } }' }, status: 415, message: /application\/json/ },
    { what: 'a body over 1 MiB', req: { method: 'POST', headers: json, payload: JSON.stringify({ query: '{ site { name } }', variables: { pad: 'x'.repeat(1_100_000) } }) }, status: 413, message: /too large/ },
    { what: 'a subscription over POST', req: { method: 'POST', headers: json, payload: '{"query":"subscription { contentUpdated { version } }"}' }, status: 400, message: /WebSocket/ },
  ] as const
  for (const c of cases) {
    const before = logs.length
    const res = await app.inject({ url: '/graphql', ...c.req } as InjectOptions)
    t.equal(res.statusCode, c.status, `${c.what}: ${c.status}`)
    const body = res.json() as { data?: unknown, errors?: Array<{ message: string, extensions?: { code?: string } }> }
    t.equal(body.errors?.[0]?.extensions?.code, 'BAD_REQUEST', `${c.what}: BAD_REQUEST`)
    t.match(body.errors?.[0]?.message, c.message, `${c.what}: says what is wrong ("${body.errors?.[0]?.message}")`)
    t.notOk('data' in body, `${c.what}: no data (nothing ran)`)
    const loud = logs.slice(before).filter((l) => l.level >= 40)
    t.same(loud.map((l) => l.msg), [], `${c.what}: nothing logged at warn or above`)
  }
  const nullExtensions = await app.inject({ method: 'POST', url: '/graphql', headers: json, payload: '{"query":"{ site { name } }","extensions":null}' })
  t.equal(nullExtensions.statusCode, 200, 'a null extensions is absent, as GraphQL over HTTP says')
})

t.test('application/graphql-response+json: 4xx and no data for request errors; application/json: 200 with the errors', async (t) => {
  const { build } = await import('../helper.ts')
  const { app } = await build(t)
  const send = (query: string, accept?: string, variables?: Record<string, unknown>) => app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
    payload: { query, variables },
  })
  const modern = 'application/graphql-response+json'
  for (const [what, query, variables, code] of [
    ['a syntax error', '{ site { name', undefined, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ site { colour } }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', 'query ($n: Int) { articles(first: $n) { totalCount } }', { n: 'ten' }, 'BAD_USER_INPUT'],
  ] as const) {
    const a = await send(query, modern, variables)
    t.equal(a.statusCode, 400, `${what}, accepting ${modern}: 400`)
    t.match(a.headers['content-type'], /^application\/graphql-response\+json/, `${what}: answered as ${modern}`)
    t.notOk('data' in a.json(), `${what}: no data`)
    t.equal(a.json().errors[0].extensions.code, code)
    const b = await send(query, 'application/json', variables)
    t.equal(b.statusCode, 200, `${what}, accepting application/json: 200`)
    t.match(b.headers['content-type'], /^application\/json/, `${what}: answered as application/json`)
    t.equal(b.json().errors[0].extensions.code, code)
    const c = await send(query, undefined, variables)
    t.equal(c.statusCode, 200, `${what}, no Accept: as application/json`)
  }
  const ok = await send('{ site { name } }', `${modern}, application/json;q=0.9`)
  t.equal(ok.statusCode, 200)
  t.match(ok.headers['content-type'], /^application\/graphql-response\+json/, 'a success in the preferred media type too')
  const preferJson = await send('{ site { colour } }', `${modern};q=0.5, application/json`)
  t.equal(preferJson.statusCode, 200, 'application/json preferred by q: the legacy answer')
  const field = await send('{ article(slug: "x") { id } }', modern)
  t.equal(field.statusCode, 200, 'a query that ran answers 200 under either media type')
})
