// Child processes of a bench run: the service as production runs it (`node dist/server.js`), and
// helpers to wait for a server, stop it and read its memory. Each server runs in a process of
// its own so its CPU and memory are its own, apart from the load generator's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface RunningServer {
  url: string
  pid: number
  stop: () => Promise<void>
}

export async function freePort (): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Compiles src/ to dist/ once, so the bench runs what `npm start` runs. */
export function buildService (): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) throw new Error('npm run build failed: the bench measures dist/, fix the build first')
}

/** Keeps the last lines a child printed, to explain a failed start. */
export function tail (child: ChildProcess): () => string {
  let text = ''
  const keep = (chunk: Buffer): void => { text = (text + chunk.toString()).slice(-4000) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => text
}

/** Resolves when `url` answers 200; rejects if the child exits first or after `timeoutMs`. */
export async function waitForHttp (url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering ${url}:\n${output()}`)
    const ok = await fetch(url).then((res) => res.ok, () => false)
    if (ok) return
    await sleep(100)
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s:\n${output()}`)
}

// A bench that fails half-way must not leave servers behind: each child is killed when the bench
// process exits, unless it was stopped before.
const running = new Set<ChildProcess>()
process.once('exit', () => { for (const child of running) child.kill('SIGKILL') })

/** Registers a child to be killed if the bench exits without stopping it. */
export function own (child: ChildProcess): ChildProcess {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild (child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** The service, built, in production mode with logging off, on a free port. */
export async function startService (databaseUrl: string, opts: { metrics?: boolean, root?: string, nodeArgs?: string[], responseCache?: boolean, env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort()
  const child = own(spawn(process.execPath, [...opts.nodeArgs ?? [], 'dist/server.js'], {
    cwd: opts.root ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      MODE: 'production',
      LOG_LEVEL: 'silent',
      GRAPHIQL: 'false',
      SEED_SAMPLE_CONTENT: 'false',
      // One client (the load generator) sends every comment: per-client limits would refuse
      // all but the first, and the bench measures the write path, not the limiter.
      COMMENT_RATE_LIMITS: '1000000/1s',
      COMMENT_DUPLICATE_WINDOW: '1s',
      // The same for anonymous reads: the limit is checked on every request (its cost is
      // measured) but never reached. Load shedding stays at its default.
      READ_RATE_LIMIT: '1000000000/1m',
      // The scenarios time the queries: every request of a rotation is answered anew. The cache
      // scenarios (frontPageCached) run on a second service with the response cache on.
      RESPONSE_CACHE_MB: opts.responseCache ? '64' : '0',
      // Off by default, like for like with the baselines (which export no metrics); --metrics
      // times the service as production would run it, statement counting included.
      ...(opts.metrics ? { METRICS_TOKEN: randomBytes(16).toString('hex') } : {}),
      ...opts.env,
    },
  }))
  const output = tail(child)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${url}/health/ready`, child, output)
  } catch (err) {
    await stopChild(child)
    throw err
  }
  return { url, pid: child.pid as number, stop: () => stopChild(child) }
}

/** CPU seconds (user + system) a process has used so far; null where /proc is not there. */
export function cpuSecondsOf (pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // USER_HZ is 100 on Linux
  } catch {
    return null
  }
}

export interface Memory { rssMb: number, peakMb: number }

/** Resident memory now and at its peak (VmRSS, VmHWM); null where /proc is not there. */
export function memoryOf (pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
  } catch {
    return null // not Linux, or the process is gone
  }
}
