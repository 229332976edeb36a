import t from 'tap'
import { build } from './helper.ts'

t.test('live and ready', async (t) => {
  const { app, db } = await build(t)
  t.same((await app.inject({ url: '/health/live' })).json(), { status: 'ok' })
  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  await db.close() // the database goes away
  const down = await app.inject({ url: '/health/ready' })
  t.equal(down.statusCode, 503, 'not ready without the database')
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'but still alive')
})

t.test('unknown REST routes and malformed GraphQL answer clearly', async (t) => {
  const { app } = await build(t)
  const missing = await app.inject({ url: '/api/v1/nothing-here' })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /application\/problem\+json/)
  t.match(missing.json(), { status: 404, code: 'NOT_FOUND', title: 'Not Found' })
  // as a GraphQL-over-HTTP client that accepts application/graphql-response+json: 400 for request errors
  const modern = { accept: 'application/graphql-response+json' }
  const syntax = await app.inject({ method: 'POST', url: '/graphql', headers: modern, payload: { query: '{ site { name ' } })
  t.equal(syntax.statusCode, 400)
  t.equal(syntax.json().errors[0].extensions.code, 'GRAPHQL_PARSE_FAILED')
  const unknownField = await app.inject({ method: 'POST', url: '/graphql', headers: modern, payload: { query: '{ site { colour } }' } })
  t.equal(unknownField.statusCode, 400)
  t.equal(unknownField.json().errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED')
  t.notOk('data' in unknownField.json(), 'no data: nothing ran')
  // a legacy application/json client: the same errors with 200 (test/graphql/http-transport.test.ts has the whole table)
  const legacy = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { colour } }' } })
  t.equal(legacy.statusCode, 200)
  t.equal(legacy.json().errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED')
  const badJson = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' })
  t.equal(badJson.statusCode, 400, 'invalid JSON: 400')
  t.equal(badJson.json().errors?.[0]?.extensions?.code, 'BAD_REQUEST', 'invalid JSON: a client error (BAD_REQUEST), not a masked server error')
  t.match(badJson.json().errors?.[0]?.message, /not valid JSON/, 'that says what is wrong')
  const get = await app.inject({ url: '/graphql?query=' + encodeURIComponent('{ site { name } }') })
  t.equal(get.statusCode, 200, 'GraphQL over GET answers queries')
})
