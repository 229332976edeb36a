// `npm start` with no DATABASE_URL, as a user would run it: a child process from a 0700 folder
// (as root that folder is unreachable for the database's own user), real PostgreSQL from npm,
// GraphQL answers with the sample content, Ctrl-C leaves no process behind, a restart reuses data.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import t from 'tap'
import { isAlive, readEmbeddedState } from '../../src/db/embedded-postgres.ts'

const run = promisify(execFile)
const TSX = import.meta.resolve('tsx') // the child runs from another folder
const root = mkdtempSync(path.join(tmpdir(), 'news-embedded-'))
const dataDir = path.join(root, 'data')
t.equal(statSync(root).mode & 0o777, 0o700, 'the folder is private (0700)')
t.teardown(() => {
  const state = readEmbeddedState(dataDir)
  if (state?.running && isAlive(state.running.postmasterPid)) process.kill(state.running.postmasterPid, 'SIGKILL')
  if (state?.clusterDir && !state.clusterDir.startsWith(root)) rmSync(state.clusterDir, { recursive: true, force: true })
  rmSync(root, { recursive: true, force: true })
})

async function freePort (): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const env = (port: number): NodeJS.ProcessEnv => {
  const { DATABASE_URL: _a, TEST_DATABASE_URL: _b, ...rest } = process.env
  return { ...rest, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' }
}

interface Started { child: ChildProcess, logs: string[], ms: number, port: number }

/**
 * Starts the server on a free port. The port is free when chosen but only listened on seconds later
 * (after migrations and the seed), so another test file's server may take it meanwhile: a start
 * that loses its port that way (EADDRINUSE) is tried again on another, its logs kept.
 */
async function start (): Promise<Started> {
  const logs: string[] = []
  const began = Date.now()
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', TSX, path.resolve('src/server.ts')], { cwd: root, env: env(port), stdio: ['ignore', 'pipe', 'pipe'] })
    const from = logs.length
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "ready" within 60 s:\n${logs.join('')}`)), 60_000)
        const onData = (chunk: Buffer): void => {
          logs.push(chunk.toString())
          if (/ready in \d+ ms/.test(chunk.toString())) { clearTimeout(timer); resolve() }
        }
        child.stdout?.on('data', onData)
        child.stderr?.on('data', (c: Buffer) => logs.push(c.toString()))
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${logs.join('')}`)) })
      })
      return { child, logs, ms: Date.now() - began, port }
    } catch (err) {
      if (attempt >= 3 || !logs.slice(from).join('').includes('EADDRINUSE')) throw err
    }
  }
}

async function interrupt (s: Started, t: { comment: (...args: unknown[]) => void }): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)))
  s.child.kill('SIGINT') // what Ctrl-C sends
  const code = await exited
  if (code !== 0) t.comment(s.logs.join(''))
  return code
}

const DONE_QUERY = '{ site { name lastUpdatedAt lastUpdated(locale: "ar") } sections { id slug name path { name } } }'

async function query (port: number): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DONE_QUERY }) })
  return res.json()
}

t.test('first start: initialise, migrate, load the sample content, serve; Ctrl-C stops everything', async (t) => {
  const s = await start()
  t.comment(`first start ready in ${s.ms} ms`) // start() gives up after 60 s
  const body = await query(s.port)
  t.same(body.errors, undefined)
  t.equal(body.data.site.name, 'الأفق الإخباري')
  t.equal(body.data.site.lastUpdated, new Intl.DateTimeFormat('ar', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Damascus' }).format(new Date(body.data.site.lastUpdatedAt)))
  t.ok(body.data.sections.length >= 5, 'the sample sections')
  t.ok(body.data.sections.some((sec: { name: string }) => sec.name === 'سياسة'))
  t.ok(s.logs.join('').includes('loaded the sample content'))

  const graphiql = await fetch(`http://127.0.0.1:${s.port}/graphiql`)
  t.equal(graphiql.status, 200)
  t.match(await graphiql.text(), /GraphiQL/)

  const state = readEmbeddedState(dataDir)
  t.ok(state?.running, 'the state file names the running server')
  // the cluster's character classes are Unicode's: trigrams see Arabic letters (search variants)
  const client = new pg.Client({ connectionString: state!.url })
  await client.connect()
  const { rows } = await client.query<{ n: number }>("SELECT cardinality(show_trgm('بوتين')) AS n")
  await client.end()
  t.ok((rows[0]?.n ?? 0) > 0, 'pg_trgm sees Arabic letters')
  const postmaster = state!.running!.postmasterPid
  t.ok(isAlive(postmaster))

  // A CLI uses the running server instead of starting its own, and leaves it running.
  const cli = await run(process.execPath, ['--import', TSX, path.resolve('src/cli/migrate.ts')], { cwd: root, env: env(0) })
  t.match(cli.stdout, /up to date/)
  t.equal((await query(s.port)).data.sections.length, body.data.sections.length, 'the server still answers after the CLI')

  t.equal(await interrupt(s, t), 0, 'exits cleanly on Ctrl-C')
  t.notOk(isAlive(postmaster), 'no PostgreSQL left behind')
  t.equal(readEmbeddedState(dataDir)?.running, null)
  ;(globalThis as { firstIds?: string[] }).firstIds = body.data.sections.map((sec: { id: string }) => sec.id)
})

t.test('second start reuses the data', async (t) => {
  const s = await start()
  t.comment(`second start ready in ${s.ms} ms`)
  const logs = s.logs.join('')
  t.notMatch(logs, /initialising/, 'no new cluster')
  t.notMatch(logs, /loaded the sample content/, 'no second seed')
  const body = await query(s.port)
  t.same(body.data.sections.map((sec: { id: string }) => sec.id), (globalThis as { firstIds?: string[] }).firstIds, 'same rows')
  const postmaster = readEmbeddedState(dataDir)!.running!.postmasterPid
  t.equal(await interrupt(s, t), 0, 'exits cleanly')
  t.notOk(isAlive(postmaster))
})

t.test('a CLI with no server up starts the embedded one and stops it after', async (t) => {
  const cli = await run(process.execPath, ['--import', TSX, path.resolve('src/cli/seed.ts')], { cwd: root, env: env(0) })
  t.match(cli.stdout, /0 section\(s\) and 0 article\(s\) created/, 'seeding again creates nothing')
  const state = readEmbeddedState(dataDir)
  t.equal(state?.running, null, 'stopped after the command')
})
