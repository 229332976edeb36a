// A primary and a real streaming replica of a test's (or the scale bench's) own, made with Debian's
// PostgreSQL binaries of one major version (initdb, pg_basebackup, postgres: the embedded build
// ships no pg_basebackup) on free ports in a temporary folder. As root, the servers and tools run
// as the postgres OS user, as PostgreSQL requires.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { freePort } from '../../bench/lib/processes.ts'
import { serverUser } from '../../src/db/pg-binaries.ts'

interface Teardown { teardown: (fn: () => unknown) => void }

/** The newest major version of Debian's PostgreSQL that has every tool needed, or null. */
export function debianBinaries (): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const majors = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
  for (const major of majors) {
    const bin = path.join(root, major, 'bin')
    if (['initdb', 'pg_basebackup', 'postgres'].every((tool) => existsSync(path.join(bin, tool)))) return bin
  }
  return null
}

export interface Server {
  /** the cluster's database (`database` of replicationCluster) */
  url: string
  /** its `postgres` database, for CREATE DATABASE and the like */
  adminUrl: string
  port: number
  /** fast shutdown (SIGINT), waiting for the postmaster to exit */
  stop: () => Promise<void>
  start: () => Promise<void>
  /** a query on its own connection */
  query: <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>
}

export interface Cluster { primary: Server, replica: Server }

export interface ClusterOptions {
  /** the database `url` names */
  database: string
  /** what the primary holds before the replica's base backup is taken (given its adminUrl) */
  prepare: (adminUrl: string) => Promise<void>
  /** more server settings for both (`-c name=value` pairs) */
  settings?: string[]
}

export async function replicationCluster (t: Teardown, bin: string, opts: ClusterOptions): Promise<Cluster> {
  const user = serverUser()
  const root = mkdtempSync(path.join(tmpdir(), 'news-replica-'))
  if (user) chownSync(root, user.uid, user.gid)
  const ids = user ? { uid: user.uid, gid: user.gid } : {}
  const tool = (name: string, args: string[]): void => {
    execFileSync(path.join(bin, name), args, { ...ids, stdio: 'pipe', cwd: root })
  }
  const servers: Server[] = []
  t.teardown(async () => {
    for (const s of servers) await s.stop().catch(() => {})
    rmSync(root, { recursive: true, force: true })
  })

  const server = async (dataDir: string, port: number, settings: string[]): Promise<Server> => {
    let child: ChildProcess | null = null
    const url = `postgresql://postgres@127.0.0.1:${port}/${opts.database}`
    const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`
    const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
      await client.connect()
      try {
        return (await client.query<R>(text, values)).rows
      } finally {
        await client.end()
      }
    }
    const s: Server = {
      url,
      adminUrl,
      port,
      query,
      async start () {
        child = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', root,
          '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=60', ...opts.settings ?? [], ...settings], { ...ids, stdio: 'ignore', cwd: root })
        const deadline = Date.now() + 30_000
        for (;;) {
          if (child.exitCode !== null) throw new Error(`postgres on ${port} exited with ${child.exitCode}`)
          try {
            const probe = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 })
            await probe.connect()
            await probe.end()
            return
          } catch {
            if (Date.now() > deadline) throw new Error(`postgres on ${port} did not start`)
            await sleep(100)
          }
        }
      },
      async stop () {
        const c = child
        if (!c || c.exitCode !== null) return
        const exited = new Promise((resolve) => c.once('exit', resolve))
        c.kill('SIGINT')
        await exited
      },
    }
    servers.push(s)
    await s.start()
    return s
  }

  const primaryDir = path.join(root, 'primary')
  tool('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N'])
  const primary = await server(primaryDir, await freePort(), ['-c', 'wal_level=replica', '-c', 'max_wal_senders=4'])
  await opts.prepare(primary.adminUrl)

  // The replica: a base backup streamed from the primary, with its standby settings (-R).
  const replicaDir = path.join(root, 'replica')
  tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast', '-N'])
  const replica = await server(replicaDir, await freePort(), ['-c', 'hot_standby=on', '-c', 'hot_standby_feedback=on'])
  return { primary, replica }
}

/** Waits until the replica has replayed everything the primary has written so far. */
export async function caughtUp (cluster: Cluster, timeoutMs = 10_000): Promise<void> {
  const [{ lsn }] = await cluster.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn') as [{ lsn: string }]
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [row] = await cluster.replica.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])
    if (row?.done) return
    if (Date.now() > deadline) throw new Error('the replica did not catch up')
    await sleep(50)
  }
}
