// Read replicas (DATABASE_REPLICA_URLS, PRODUCT.md "Scale-out"): PostgreSQL's own streaming
// replicas, each with a pool of its own, read by anonymous requests whose answer a replica can
// give exactly as the primary would.
//
// - Which requests: the caching plugin (http/caching.ts) routes an anonymous cacheable read (a REST
//   GET, a GraphQL query) after it has read the versions its ETag is made of, and only to a replica
//   that has replayed exactly those versions (its `stamp`: the site's recorded-change counter, its
//   comment version and the section tree's version, polled every REPLICA_CHECK_INTERVAL). So a
//   lagging replica never answers older than the ETag says (nor than a 304 promised), and a client
//   that just wrote, whose write moved the versions, reads it from the primary until the replicas
//   have it. Writes, staff reads, transactions (pool.connect) and background work stay on the primary.
// - Rotation: round-robin over the replicas that answer their check and lag by at most
//   REPLICA_MAX_LAG. A replica whose statement fails for want of a connection is taken out at once,
//   the statement is sent to the primary instead, and the next successful check brings it back.
import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'
import { isDatabaseUnavailable } from '../errors.ts'
import { CountingPool } from './statement-counter.ts'

/** The recorded-write counters of the versions (SiteService.versions builds the same string). */
export function stampOf (changeCount: string, commentVersion: string, treeVersion: string | null): string {
  return `${changeCount}:${commentVersion}:${treeVersion ?? ''}`
}

export interface ReplicaStatus {
  /** host:port/database, no credentials */
  name: string
  inRotation: boolean
  /** seconds behind the primary's last replayed change (0 when it has replayed all it received); null before the first check */
  lagSeconds: number | null
  /** why it is out of rotation */
  problem: string | null
  checkedAt: string | null
}

export class Replica {
  readonly name: string
  /** the versions' write counters it has replayed, as of its last check */
  stamp: string | null = null
  lagSeconds: number | null = null
  /** consecutive checks that found it further behind than the limit */
  checksOverLag = 0
  problem: string | null = 'not checked yet'
  checkedAt: Date | null = null

  constructor (readonly pool: pg.Pool, url: string, private readonly maxLagSeconds: number) {
    const u = new URL(url)
    this.name = `${u.hostname}:${u.port || '5432'}${u.pathname}`
  }

  /**
   * Out after two checks in a row over the limit: the lag read on a replica (the age of the last
   * change it replayed, while it has WAL still to replay) also counts the quiet time before a
   * write that it is replaying this very moment; a replica really behind stays behind.
   */
  get inRotation (): boolean {
    return this.problem === null && this.lagSeconds !== null && this.checksOverLag < 2
  }

  /** Records a check's lag. */
  observe (lagSeconds: number): void {
    this.lagSeconds = lagSeconds
    this.checksOverLag = lagSeconds > this.maxLagSeconds ? this.checksOverLag + 1 : 0
  }

  status (): ReplicaStatus {
    const problem = this.problem ?? (this.inRotation ? null : `lagging ${this.lagSeconds?.toFixed(1)} s (more than REPLICA_MAX_LAG)`)
    return { name: this.name, inRotation: this.inRotation, lagSeconds: this.lagSeconds, problem, checkedAt: this.checkedAt?.toISOString() ?? null }
  }
}

// One statement per replica and check: what it has replayed, whether it streams from the primary,
// and how far behind it is: zero when it has replayed everything it received (an idle primary
// sends nothing, and the age of the last replayed change would then grow with no lag at all),
// otherwise the age of the last change it replayed.
const CHECK = `SELECT s.change_count::text AS "changeCount", s.comment_version::text AS "commentVersion",
       (SELECT t.version::text FROM section_tree_version t WHERE t.id = 1) AS "treeVersion",
       pg_is_in_recovery() AS standby, pg_last_wal_receive_lsn() IS NOT NULL AS streaming,
       CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
            ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag
  FROM site_state s WHERE s.id = 1`

interface Route { replica: Replica | null }
/** Where the one-shot statements of the request running now go (no store, or no replica: the primary). */
const routes = new AsyncLocalStorage<Route>()

export class ReplicaSet {
  readonly replicas: Replica[]
  private next = 0
  private timer: NodeJS.Timeout | undefined
  private checking: Promise<void> | undefined

  constructor (urls: string[], private readonly opts: { maxLagMs: number, checkIntervalMs: number, poolOptions: pg.PoolConfig }) {
    this.replicas = urls.map((url) => {
      const pool = new CountingPool({ ...opts.poolOptions, connectionString: url })
      pool.on('error', () => {}) // an idle connection lost: the next check notices
      return new Replica(pool, url, opts.maxLagMs / 1000)
    })
  }

  /** Checks now and every checkIntervalMs from then on. */
  start (): Promise<void> {
    this.timer ??= setInterval(() => { this.check().catch(() => {}) }, this.opts.checkIntervalMs).unref()
    return this.check()
  }

  /** Reads every replica's state (concurrent checks share one round). */
  check (): Promise<void> {
    this.checking ??= Promise.all(this.replicas.map(async (r) => {
      try {
        const { rows } = await r.pool.query<{ changeCount: string, commentVersion: string, treeVersion: string | null, standby: boolean, streaming: boolean, lag: number }>(CHECK)
        const row = rows[0]
        if (!row) throw new Error('site_state row is missing: not a copy of this database')
        r.stamp = stampOf(row.changeCount, row.commentVersion, row.treeVersion)
        r.observe(row.lag)
        r.problem = !row.standby
          ? 'not a standby (pg_is_in_recovery() is false)'
          : row.streaming ? null : 'not streaming from the primary (yet)'
      } catch (err) {
        r.stamp = null
        r.problem = `unreachable: ${(err as Error).message}`
      }
      r.checkedAt = new Date()
    })).then(() => {}).finally(() => { this.checking = undefined })
    return this.checking
  }

  /** The next replica in rotation that has replayed exactly these versions, or null (the primary). */
  pick (stamp: string): Replica | null {
    const n = this.replicas.length
    for (let i = 0; i < n; i++) {
      const r = this.replicas[this.next++ % n] as Replica
      if (r.inRotation && r.stamp === stamp) return r
    }
    return null
  }

  /** Routes the rest of the current request's one-shot statements to `replica` (inside route()). */
  static use (replica: Replica | null): void {
    const route = routes.getStore()
    if (route) route.replica = replica
  }

  /** Runs `fn` (a request) with a route of its own, on the primary until use() says otherwise. */
  static route<R> (fn: () => R): R {
    return routes.run({ replica: null }, fn)
  }

  /** The replica the current request reads from, if any. */
  static current (): Replica | null {
    return routes.getStore()?.replica ?? null
  }

  /** A replica failed a statement for want of a connection: out of rotation until a check passes. */
  failed (replica: Replica, err: unknown): void {
    replica.problem = `unreachable: ${(err as Error).message}`
    const route = routes.getStore()
    if (route?.replica === replica) route.replica = null
  }

  status (): ReplicaStatus[] {
    return this.replicas.map((r) => r.status())
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
    await this.checking?.catch(() => {})
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => {})))
  }
}

/**
 * The primary's pool: a one-shot statement (pool.query, Prisma outside a transaction) of a request
 * routed to a replica goes there instead; a replica that cannot be reached, or that cancels the
 * statement for a conflict with recovery, hands it back to the primary.
 */
export class RoutingPool extends CountingPool {
  replicas: ReplicaSet | null = null

  override query (...args: unknown[]): any {
    const replica = this.replicas && typeof args.at(-1) !== 'function' ? ReplicaSet.current() : null
    if (!replica) return Reflect.apply(CountingPool.prototype.query, this, args)
    const primary = (): unknown => Reflect.apply(CountingPool.prototype.query, this, args)
    return (Reflect.apply(replica.pool.query, replica.pool, args) as Promise<unknown>).catch((err: unknown) => {
      const conflict = (err as { code?: unknown }).code === '40001'
      if (!conflict && !isDatabaseUnavailable(err)) throw err
      if (!conflict) this.replicas?.failed(replica, err)
      return primary()
    })
  }
}
