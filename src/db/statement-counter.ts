// Counts the SQL statements each HTTP request sends, for the metrics (modules/metrics). Every
// statement the service sends leaves through a pg Client of the one pool — the hand-written SQL
// (pool.query, or pool.connect() and client.query in transactions) and Prisma through
// @prisma/adapter-pg alike — so one count in Client#query sees them all: one call is one
// Query or Execute message at the wire, a named prepared statement too.
//
// Without METRICS_TOKEN nobody opens a tally, and the cost is one getStore() per statement on an
// AsyncLocalStorage that was never entered (Node keeps it disabled until the first run()).
import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'

export interface StatementTally {
  statements: number
}

const tallies = new AsyncLocalStorage<StatementTally | undefined>()
let counting = false

/** Runs `fn` (and everything it starts) with `tally` counting its statements. */
export function countStatements<R> (tally: StatementTally, fn: () => R): R {
  counting = true
  return tallies.run(tally, fn)
}

const query = pg.Client.prototype.query

/** A pg Client that adds each statement to the tally of the request that sent it. */
export class CountingClient extends pg.Client {
  // One signature standing for pg's many overloads: each call passes through unchanged.
  override query (...args: unknown[]): any {
    const tally = tallies.getStore()
    if (tally) tally.statements++
    return Reflect.apply(query, this, args)
  }
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void

/**
 * A pg Pool of CountingClients. pool.query sends its statement from a connect callback that, when
 * every client is busy, runs inside whichever request releases one; once counting has started the
 * callback is bound to its caller, so the statement counts for the request that asked for it, and
 * background work (the go-live timer, event delivery) counts for none.
 */
export class CountingPool extends pg.Pool {
  constructor (config: pg.PoolConfig = {}) {
    super({ ...config, Client: CountingClient })
  }

  override connect (): Promise<pg.PoolClient>
  override connect (callback: ConnectCallback): void
  override connect (callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) return super.connect()
    if (!counting) return super.connect(callback)
    const tally = tallies.getStore()
    return super.connect((err, client, done) => tallies.run(tally, callback, err, client, done))
  }
}
