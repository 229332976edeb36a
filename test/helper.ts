// Each test file gets its own database: a clone of a migrated template (test_template_<hash of
// the migrations>), created here and dropped in teardown, so files run in parallel in any order.
// Only databases whose names start with test_ are ever created or dropped.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createHash, randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, InjectOptions } from 'fastify'
import pg from 'pg'
import type { Test } from 'tap'
import { buildApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createDatabase, type Database } from '../src/db/database.ts'
import { migrate, readMigrations } from '../src/db/migrator.ts'
import type { Clock } from '../src/lib/clock.ts'
import { testServerUrl } from './setup/test-server.ts'

interface Teardown { teardown: (fn: () => unknown) => void }

export function urlForDatabase (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function admin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function templateName (): string {
  const hash = createHash('sha256')
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum)
  return `test_template_${hash.digest('hex').slice(0, 16)}`
}

async function ensureTemplate (): Promise<string> {
  const name = templateName()
  await admin(async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext('news-content-api test template'))")
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (rowCount === 0) {
        await client.query(`CREATE DATABASE "${name}"`)
        try {
          await migrate(urlForDatabase(testServerUrl(), name))
        } catch (err) {
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
          throw err
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('news-content-api test template'))")
    }
  })
  return name
}

/** An empty database of its own: `migrated` clones the template; otherwise it has no tables. */
export async function createTestDatabase (t: Teardown, opts: { migrated?: boolean } = {}): Promise<string> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  const template = opts.migrated === false ? 'template0' : await ensureTemplate()
  await admin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
        return
      } catch (err) {
        // 55006: the template is briefly busy (another file's clone, or the migrator's last connection)
        if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err
        await sleep(50 + Math.random() * 100)
      }
    }
  })
  t.teardown(() => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  return urlForDatabase(testServerUrl(), name)
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor (private current = new Date()) {}
  now (): Date { return new Date(this.current) }
  set (at: Date | string): void { this.current = new Date(at) }
  advance (ms: number): void { this.current = new Date(this.current.getTime() + ms) }
}

export interface TestApp {
  app: FastifyInstance
  db: Database
  url: string
  config: Config
  clock: TestClock
}

/** The real app on a fresh migrated database of its own, closed and dropped in teardown. */
export async function build (t: Teardown, opts: { env?: Record<string, string>, clock?: TestClock } = {}): Promise<TestApp> {
  return buildOn(t, await createTestDatabase(t), opts)
}

/** The clock of the app built on each Database, so factories take time from the test's clock. */
const clocks = new WeakMap<Database, Clock>()
export function clockOf (db: Database): Clock {
  const clock = clocks.get(db)
  if (!clock) throw new Error('this Database was not made by build()/buildOn(): no test clock to take time from')
  return clock
}

/** The real app on the database at `url` (e.g. through a statement-counting proxy). */
export async function buildOn (t: Teardown, url: string, opts: { env?: Record<string, string>, clock?: TestClock } = {}): Promise<TestApp> {
  // Load shedding and the anonymous read limit are off unless a test turns them on
  // (test/http/hardening.test.ts): a test's own reads from one address, on a loaded machine,
  // are not what they guard against. The response cache is off too unless a test turns it on
  // (test/http/response-cache.test.ts, which compares it with an uncached server): factories
  // write rows directly, bypassing the recorded changes the cache keys on, and statement counts
  // measure the uncached path.
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PRESSURE_MAX_EVENT_LOOP_DELAY: '0', READ_RATE_LIMIT: 'off', RESPONSE_CACHE_MB: '0', ...opts.env })
  const db = createDatabase(url, { max: 5, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT })
  const clock = opts.clock ?? new TestClock()
  clocks.set(db, clock)
  const app = await buildApp({ config, db, clock, logger: false })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  return { app, db, url, config, clock }
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number
  data: T | null
  errors?: Array<{ message: string, path?: string[], extensions?: Record<string, unknown> }>
}

/**
 * POSTs a GraphQL operation through the real HTTP stack (app.inject), from `ip` when given, as a
 * current GraphQL-over-HTTP client does: accepting application/graphql-response+json, so a
 * request that fails before execution answers 4xx (a test that wants the legacy application/json
 * answers passes its own accept header).
 */
export async function gql<T = any> (app: FastifyInstance, query: string, variables?: Record<string, unknown>, opts: { token?: string, headers?: InjectOptions['headers'], ip?: string } = {}): Promise<GqlResult<T>> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    payload: { query, variables },
  })
  const body = res.json() as { data?: T | null, errors?: GqlResult<T>['errors'] }
  return { status: res.statusCode, data: body.data ?? null, errors: body.errors }
}

/** A REST answer is an RFC 9457 problem document with this status and the project's code. */
export function problem (t: Test, res: { statusCode: number, headers: Record<string, unknown>, json: () => any }, status: number, code: string, msg = 'problem'): void {
  t.equal(res.statusCode, status, `${msg}: status ${status}`)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, `${msg}: problem+json`)
  t.match(res.json(), { type: 'about:blank', status, code, title: String, detail: String }, `${msg}: code ${code}`)
}

/** Runs a command-line tool of src/cli (e.g. 'token.ts') on the database at `url`, as `npm run` would. */
export function runTool (tool: string, url: string, ...args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${tool}`, ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
