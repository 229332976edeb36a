import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { ReplicaSet, RoutingPool } from './replicas.ts'

// One pg pool per process: Prisma runs on it through the driver adapter, and the repositories'
// hand-written SQL shares it, so every statement the service sends goes through one place.
export interface Database {
  pool: pg.Pool
  prisma: PrismaClient
  /** the read replicas (DATABASE_REPLICA_URLS), or null: every statement goes to the primary */
  replicas: ReplicaSet | null
  close: () => Promise<void>
}

export interface ReplicaOptions {
  urls: string[]
  /** a replica further behind than this is out of rotation */
  maxLagMs: number
  /** how often each replica's state is read */
  checkIntervalMs: number
}

/**
 * How long a request waits for a pool connection before failing (503 SERVICE_UNAVAILABLE) instead
 * of hanging: while PostgreSQL is down or the pool is saturated.
 */
export const CONNECTION_TIMEOUT_MS = 2_000

export function createDatabase (connectionString: string, opts: { max?: number, connectionTimeoutMillis?: number, statementTimeoutMs?: number, replicas?: ReplicaOptions } = {}): Database {
  // RoutingPool: a CountingPool (a pg.Pool that tallies each request's statements for the metrics,
  // statement-counter.ts) that can send a request's one-shot statements to a replica (replicas.ts).
  // Session settings for an OLTP service of short indexed statements:
  // - jit=off: PostgreSQL's JIT triggers on cost estimates, and compiling (hundreds of ms) would
  //   cost far more than any statement here runs.
  // - plan_cache_mode=force_generic_plan: the hot reads are named statements written to be planned
  //   once (test/articles/list-shape.test.ts checks their generic plans at 20,000 articles). Left on
  //   auto, PostgreSQL kept re-planning the list statement on every execution (planning cost more
  //   than running it). Unnamed statements (tagged lists, Prisma's) are planned each time as before.
  // - statement_timeout (DATABASE_STATEMENT_TIMEOUT): no statement holds a connection for long,
  //   whatever a request asks.
  const settings: pg.PoolConfig = {
    max: opts.max ?? 10,
    options: `-c jit=off -c plan_cache_mode=force_generic_plan -c statement_timeout=${opts.statementTimeoutMs ?? 10_000}`,
    // Outages: a connection attempt gives up after this (an unreachable host would otherwise wait
    // for the OS's TCP timeout), and TCP keepalive notices a server that vanished without a word.
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? CONNECTION_TIMEOUT_MS,
    keepAlive: true,
  }
  const pool = new RoutingPool({ ...settings, connectionString })
  // Replicas (db/replicas.ts): pools of the same settings; the primary's pool routes to them.
  const replicas = opts.replicas && opts.replicas.urls.length > 0
    ? new ReplicaSet(opts.replicas.urls, { maxLagMs: opts.replicas.maxLagMs, checkIntervalMs: opts.replicas.checkIntervalMs, poolOptions: settings })
    : null
  pool.replicas = replicas
  replicas?.start().catch(() => {}) // a failed check only marks the replica; it never rejects
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; pg drops
  // that client and opens a new one on the next checkout. Without a listener the process would
  // crash; this one only keeps it alive: watchPool (the health module) logs them.
  pool.on('error', () => {})
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  let closed = false
  return {
    pool,
    prisma,
    replicas,
    async close () {
      if (closed) return
      closed = true
      await prisma.$disconnect()
      await replicas?.close()
      await pool.end()
    },
  }
}

export type { PrismaClient }
export type { Prisma } from '../generated/prisma/client.ts'

/** Logs the pool's errors (idle connections the server dropped) at warn; returns an unsubscribe. */
export function watchPool (pool: pg.Pool, log: { warn: (obj: object, msg: string) => void }): () => void {
  const onError = (err: Error): void => {
    log.warn({ err }, 'database connection lost (idle pool client); the pool opens a new one on the next request')
  }
  pool.on('error', onError)
  return () => { pool.off('error', onError) }
}
