// The bench's scenarios, each run once on a tiny generated dataset through the real app and the
// bench's own checker (the answer equals plain SQL on the same data): a scenario broken by a
// change to the schema or the service fails `npm test` here, not 25 minutes into `npm run bench`.
// No load, no baselines: those are the bench's business.
import pg from 'pg'
import t from 'tap'
import { generateDataset } from '../../bench/data/generate.ts'
import type { Send } from '../../bench/lib/http.ts'
import { ceilingPayloads } from '../../bench/lib/measure.ts'
import { scenarios, verify } from '../../bench/scenarios.ts'
import { buildOn, createTestDatabase } from '../helper.ts'

t.test('a yardstick names another scenario timed on the uncached service', async (t) => {
  const yardsticks = scenarios.filter((s) => s.yardstick !== undefined)
  t.ok(yardsticks.some((s) => s.name === 'search'), 'search is timed against a yardstick')
  for (const s of yardsticks) {
    const y = scenarios.find((x) => x.name === s.yardstick)
    t.ok(!s.cached && y && y !== s && !y.cached, `${s.name} and its yardstick ${s.yardstick} are scenarios of the uncached service`)
  }
})

t.test('every bench scenario answers what SQL says on a tiny dataset', async (t) => {
  const url = await createTestDatabase(t)
  const summary = await generateDataset(url, { articles: 120, comments: 1_500 })
  t.ok(summary.articles.visible >= 120, 'the generator made the visible articles asked for')
  // As the bench runs the service: comments are not rate-limited per client.
  const { app, clock } = await buildOn(t, url, { env: { MODE: 'production', COMMENT_RATE_LIMITS: '1000000/1s', COMMENT_DUPLICATE_WINDOW: '1s' } })
  const db = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(() => db.end())
  const send: Send = async (req) => {
    const res = await app.inject({ method: req.method, url: req.path, ...(req.headers ? { headers: req.headers } : {}), ...(req.body !== undefined ? { payload: req.body } : {}) })
    return { status: res.statusCode, body: res.body, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])) }
  }

  for (const scenario of scenarios) {
    await t.test(scenario.name, async (t) => {
      const prepared = await scenario.prepare({ db, send, now: clock.now() })
      t.ok(prepared.requests.length > 0, 'has requests')
      const samples = await verify(prepared, send)
      t.ok(samples.length > 0, `checked ${samples.length} of ${prepared.requests.length} requests`)
      if (prepared.variables) t.equal(prepared.variables.length, prepared.requests.length, 'one set of variables per request')
      if (scenario.ceiling) {
        // timed alone, a scenario gives the ceiling its answer (a 304's samples have no body)
        const answers = Object.values(ceilingPayloads([{ prepared, samples }]))
        t.ok(answers.length === 1 && Object.values(answers[0] ?? {}).every((v) => v !== null && v !== undefined) && Object.keys(answers[0] ?? {}).length > 0, 'the ceiling has its answer')
      }
    })
  }
})
