// Starts the process: configuration, the database (embedded when no DATABASE_URL), migrations,
// the sample content on a first embedded start, then listen; Ctrl-C closes the API and then the
// embedded PostgreSQL, leaving no process behind.
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { createLogger } from './logger.ts'
import { ConfigError, loadConfig } from './config.ts'
import { resolveDatabase } from './db/connect.ts'
import { createDatabase } from './db/database.ts'
import { migrate } from './db/migrator.ts'
import { isEmpty, seedSampleContent } from './db/seed.ts'
import { systemClock } from './lib/clock.ts'
import { closeSubscriptions } from './modules/events/events.plugin.ts'
import { createServices } from './services.ts'

const started = performance.now()
const config = (() => {
  try {
    return loadConfig()
  } catch (err) {
    // A bad setting: one line naming it, no stack trace.
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
})()
const logger = createLogger(config.LOG_LEVEL)
const log = { info: (msg: string) => logger.info(msg) }

const target = await resolveDatabase(config, log).catch((err: unknown) => {
  logger.fatal({ err }, 'could not start or reach the database')
  process.exit(1)
})
// If Node dies without running the graceful path, still take the embedded server down.
process.once('exit', () => target.embedded?.stopNow())

let db: ReturnType<typeof createDatabase> | undefined
try {
  await migrate(target.url, { log: log.info })
  db = createDatabase(target.url, {
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT,
    replicas: { urls: config.DATABASE_REPLICA_URLS, maxLagMs: config.REPLICA_MAX_LAG, checkIntervalMs: config.REPLICA_CHECK_INTERVAL },
  })
  if ((config.SEED_SAMPLE_CONTENT ?? target.embedded !== null) && await isEmpty(db)) {
    const result = await seedSampleContent(createServices({ db, config, clock: systemClock }), new Date())
    logger.info(result, 'loaded the sample content')
  }
} catch (err) {
  logger.fatal({ err }, 'start-up failed')
  await db?.close()
  await target.release()
  process.exit(1)
}

const app = await buildApp({ config, db, loggerInstance: logger })

// SIGTERM/SIGINT, in order:
// 1. stop accepting connections (at the socket: the open ones keep working for now);
// 2. DRAIN_MS later (a connection accepted just before has sent its request by then, and is not
//    taken for an idle one), close every subscription with 1001 "going away" and close the app:
//    new requests on open connections get 503, idle keep-alive connections are closed, and the
//    requests in flight finish;
// 3. close the database (and the embedded server).
// Bounded: what still runs after SHUTDOWN_CUT_MS has its connection cut, so the process exits 0
// within close-with-grace's delay (10 s; past it, exit 1).
const DRAIN_MS = 250
const SHUTDOWN_CUT_MS = 7_000
closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error')
  else logger.info(`${signal ?? 'exit'} received, closing`)
  const began = Date.now()
  const cut = setTimeout(() => {
    logger.warn(`requests still running after ${SHUTDOWN_CUT_MS} ms; closing their connections`)
    app.server.closeAllConnections()
  }, SHUTDOWN_CUT_MS)
  cut.unref()
  // net.Server's close, not http.Server's: that one would also close the connections that are
  // idle at this instant, among them any just accepted whose request has not been read yet.
  if (app.server.listening) net.Server.prototype.close.call(app.server)
  await sleep(DRAIN_MS)
  const subscriptions = closeSubscriptions(app)
  await app.close()
  const closedSubscriptions = await subscriptions
  clearTimeout(cut)
  await db.close()
  await target.release()
  logger.info({ ms: Date.now() - began, closedSubscriptions }, 'closed')
})

await app.listen({ port: config.PORT, host: config.HOST })
logger.info(`ready in ${Math.round(performance.now() - started)} ms: GraphQL at /graphql${config.GRAPHIQL ? ', GraphiQL at /graphiql' : ''}, REST at /api/v1`)
