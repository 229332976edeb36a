// GraphQL over HTTP: graphql-http's audit suite against the real server on a real port, every
// MUST and SHOULD passing.
import t from 'tap'
import { auditServer } from 'graphql-http'
import { build } from '../helper.ts'

t.test('graphql-http auditServer: every MUST and SHOULD passes', async (t) => {
  const { app } = await build(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const results = await auditServer({ url: `${address}/graphql` })
  const failed = results.filter((r) => r.status !== 'ok')
  for (const r of failed) t.comment(`${r.status}: ${r.name}${'reason' in r ? ` — ${r.reason}` : ''}`)
  t.comment(`${results.length - failed.length} of ${results.length} passed`)
  t.same(failed.map((r) => r.name), [], `${results.length - failed.length} of ${results.length} audits passed`)
})
