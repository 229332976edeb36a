// PostgreSQL stops and comes back under a steady stream of reads and comment writes, on a server
// this test owns (the embedded runner, own port and data folder). While it is down every request
// fails fast with 503 / SERVICE_UNAVAILABLE (REST problem+json and GraphQL extensions.code alike)
// and /health/ready is red; once it is back, with no restart of the app, every acknowledged write
// is in the database, readiness is green, and a subscription opened before the outage receives
// live events again (the LISTEN connection reconnected by itself).
import { Writable } from 'node:stream'
import { pino } from 'pino'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDatabase } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrator.ts'
import { createToken } from '../factories/index.ts'
import { codeOf, eventFlows, ownPostgres, publishedArticle, request, steadyLoad, subscribe, type Sent } from './setup.ts'

const FAIL_FAST_MS = 3_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('PostgreSQL stops and restarts under load: fail fast, recover by itself, lose nothing', async (t) => {
  const pgServer = await ownPostgres(t)
  await migrate(pgServer.url)

  // The real app on a real port, logging to memory so that the test can read what it said.
  const logs: Array<{ level: number, msg: string, [k: string]: unknown }> = []
  const sink = new Writable({ write (chunk, _enc, cb) { for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line)); cb() } })
  const config = loadConfig({ DATABASE_URL: pgServer.url, LOG_LEVEL: 'info', COMMENT_RATE_LIMITS: '100000/1s', READ_RATE_LIMIT: 'off', CLIENT_HASH_SALT: 'outage-test-salt-0123456789' })
  const db = createDatabase(pgServer.url, { max: 5 })
  const app = await buildApp({ config, db, loggerInstance: pino({ level: 'info' }, sink) })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  await app.events.ready
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

  const editor = await createToken(db, 'EDITOR', 'مكتب التحرير')
  const { sectionId, articleId } = await publishedArticle(base, editor)
  const sub = await subscribe(base.replace('http', 'ws') + '/graphql', 'subscription { contentUpdated { version sectionIds } }')
  t.teardown(() => sub.close())
  await eventFlows(base, editor, sectionId, sub)

  // ---- steady load, then the outage ----
  const load = steadyLoad(base, articleId, { workers: 6, pauseMs: 5 })
  await sleep(1_500)
  const stopping = Date.now()
  await pgServer.stop()
  const down = Date.now()
  t.comment(`PostgreSQL stopped (fast shutdown) in ${down - stopping} ms`)

  // While it is down: readiness red, fast.
  await sleep(300)
  const readyDown = await request(base, 'GET', '/health/ready')
  t.equal(readyDown.status, 503, '/health/ready is red while the database is down')
  t.ok(readyDown.ms < FAIL_FAST_MS, `readiness answers fast while down (${readyDown.ms} ms)`)
  t.equal((await request(base, 'GET', '/health/live')).status, 200, 'but the process is alive')
  await sleep(2_500)

  const restarting = Date.now()
  await pgServer.start()
  const up = Date.now()
  t.comment(`PostgreSQL restarted on the same port and data in ${up - restarting} ms`)

  // ---- recovery ----
  let readyAgainAt = 0
  for (let i = 0; i < 100 && !readyAgainAt; i++) {
    if ((await request(base, 'GET', '/health/ready')).status === 200) readyAgainAt = Date.now()
    else await sleep(100)
  }
  t.ok(readyAgainAt, '/health/ready is green again with no restart of the app')
  // Live events: the subscription opened before the outage receives an event again.
  const eventMs = await eventFlows(base, editor, sectionId, sub, { attempts: 60, waitMs: 500 })
  const eventAgainAt = Date.now()
  await sleep(1_000)
  await load.stop()

  // ---- what every request got ----
  const sent = load.sent
  const during = sent.filter((s) => s.startedAt >= down && s.startedAt + s.ms < restarting)
  const acked = sent.filter((s) => s.commentId)
  const writes = sent.filter((s) => s.kind.startsWith('write'))
  const succeeded = (s: Sent) => (s.status === 200 || s.status === 201) && !s.error && !s.body?.errors
  const failed = sent.filter((s) => !succeeded(s))
  const unexpected = sent.filter((s) => !succeeded(s) &&
    !(s.status === 503 && codeOf(s) === 'SERVICE_UNAVAILABLE') &&
    // GraphQL answers 200 with errors: the code must still say SERVICE_UNAVAILABLE
    !(s.status === 200 && codeOf(s) === 'SERVICE_UNAVAILABLE'))
  t.same(unexpected.map((s) => ({ kind: s.kind, status: s.status, error: s.error, body: s.body })).slice(0, 5), [], 'every request was answered: success, or 503 / SERVICE_UNAVAILABLE (no 500, no hang, no reset)')

  t.ok(during.length >= 20, `requests kept flowing while the database was down (${during.length})`)
  t.ok(during.every((s) => codeOf(s) === 'SERVICE_UNAVAILABLE'), 'every request during the outage: SERVICE_UNAVAILABLE')
  const duringRest = during.filter((s) => s.kind.endsWith('rest'))
  t.ok(duringRest.length > 0 && duringRest.every((s) => s.status === 503 && s.body?.type === 'about:blank'), 'REST: 503 problem+json')
  const duringGql = during.filter((s) => s.kind.endsWith('graphql'))
  t.ok(duringGql.length > 0 && duringGql.every((s) => s.body?.errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE'), 'GraphQL: extensions.code SERVICE_UNAVAILABLE')
  const leaked = during.filter((s) => /ECONN|127\.0\.0\.1|terminat|Prisma|invocation/i.test(JSON.stringify(s.body)))
  t.equal(leaked.length, 0, 'no connection details in the answers (one fixed message)')
  const slowest = Math.max(...failed.map((s) => s.ms))
  t.ok(slowest < FAIL_FAST_MS, `failures are fast: slowest ${slowest} ms (bound ${FAIL_FAST_MS} ms)`)

  // Every acknowledged write is in the database; no failed one was half-written (a comment is one
  // row in one transaction, so a failed write either committed entirely or not at all).
  const check = new pg.Client({ connectionString: pgServer.url })
  await check.connect()
  const { rows } = await check.query<{ id: string, body: string }>('SELECT id, body FROM comments WHERE article_id = $1', [articleId])
  await check.end()
  const stored = new Map(rows.map((r) => [r.id, r.body]))
  const lost = acked.filter((s) => stored.get(s.commentId as string) !== s.marker)
  t.equal(lost.length, 0, 'lost = 0: every acknowledged write is present')
  const storedBodies = new Set(rows.map((r) => r.body))
  const failedWrites = writes.filter((s) => !s.commentId)
  const committedAnyway = failedWrites.filter((s) => storedBodies.has(s.marker as string))

  t.ok(readyAgainAt - up < 5_000, `ready again ${readyAgainAt - up} ms after PostgreSQL accepted connections`)
  const firstAckAfter = acked.filter((s) => s.startedAt >= up).sort((a, b) => a.startedAt - b.startedAt)[0]
  t.ok(firstAckAfter, 'writes are acknowledged again')

  const levelOf = (msg: string) => logs.filter((l) => l.msg === msg).map((l) => l.level)
  t.ok(levelOf('event listener lost its connection; reconnecting').includes(40), 'the listener logged the loss at warn')
  t.ok(levelOf('event listener could not reconnect; retrying').every((l) => l === 40), 'each failed reconnection at warn')
  t.equal(levelOf('event listener reconnected').length, 1, 'and its recovery once, at info')
  t.equal(logs.filter((l) => l.level >= 50).length, 0, 'nothing logged at error: an outage is not a bug')

  const rest = (kind: string) => sent.filter((s) => s.kind === kind)
  t.comment(`requests sent: ${sent.length} (${rest('read-rest').length + rest('read-graphql').length} reads, ${writes.length} writes)`)
  t.comment(`acknowledged writes: ${acked.length}; failed requests: ${failed.length} (${failedWrites.length} writes, of which ${committedAnyway.length} committed before the connection dropped); lost: ${lost.length}`)
  t.comment(`e.g. ${JSON.stringify(duringRest[0]?.body)} / ${JSON.stringify(duringGql.find((s) => s.kind === 'read-graphql')?.body)}`)
  t.comment(`during the outage: ${during.length} requests, all SERVICE_UNAVAILABLE, slowest failure ${slowest} ms`)
  t.comment(`recovery after PostgreSQL was back: ready in ${readyAgainAt - up} ms, first acknowledged write started ${firstAckAfter ? firstAckAfter.startedAt - up : NaN} ms after, live events in ${eventAgainAt - up} ms (${eventMs} ms of editorial writes until one arrived)`)
  t.comment(`listener: ${levelOf('event listener could not reconnect; retrying').length} failed reconnection(s) logged; pool errors logged: ${logs.filter((l) => String(l.msg).startsWith('database connection lost')).length}`)
})
