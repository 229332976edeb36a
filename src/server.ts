// Starts the process: configuration, the database (embedded when no DATABASE_URL), migrations,
// the sample content on a first embedded start, then listen; Ctrl-C closes the API and then the
// embedded PostgreSQL, leaving no process behind.
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { resolveDatabase } from './db/connect.ts'
import { createDatabase } from './db/database.ts'
import { migrate } from './db/migrator.ts'
import { isEmpty, seedSampleContent } from './db/seed.ts'
import { systemClock } from './lib/clock.ts'
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
const logger = pino({ level: config.LOG_LEVEL })
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
  db = createDatabase(target.url)
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

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error')
  else logger.info(`${signal ?? 'exit'} received, closing`)
  await app.close()
  await db.close()
  await target.release()
})

await app.listen({ port: config.PORT, host: config.HOST })
logger.info(`ready in ${Math.round(performance.now() - started)} ms: GraphQL at /graphql${config.GRAPHIQL ? ', GraphiQL at /graphiql' : ''}, REST at /api/v1`)
