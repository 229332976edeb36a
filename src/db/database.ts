import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { CountingPool } from './statement-counter.ts'

// One pg pool per process: Prisma runs on it through the driver adapter, and the repositories'
// hand-written SQL shares it, so every statement the service sends goes through one place.
export interface Database {
  pool: pg.Pool
  prisma: PrismaClient
  close: () => Promise<void>
}

export function createDatabase (connectionString: string, opts: { max?: number } = {}): Database {
  // CountingPool: a pg.Pool that tallies each request's statements for the metrics (statement-counter.ts).
  // Session settings for an OLTP service of short indexed statements:
  // - jit=off: PostgreSQL's JIT triggers on cost estimates, and compiling (hundreds of ms) would
  //   cost far more than any statement here runs.
  // - plan_cache_mode=force_generic_plan: the hot reads are named statements written to be planned
  //   once (test/articles/list-shape.test.ts checks their generic plans at 20,000 articles). Left on
  //   auto, PostgreSQL kept re-planning the list statement on every execution (planning cost more
  //   than running it). Unnamed statements (tagged lists, Prisma's) are planned each time as before.
  const pool: pg.Pool = new CountingPool({
    connectionString,
    max: opts.max ?? 10,
    options: '-c jit=off -c plan_cache_mode=force_generic_plan',
  })
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', () => {})
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  let closed = false
  return {
    pool,
    prisma,
    async close () {
      if (closed) return
      closed = true
      await prisma.$disconnect()
      await pool.end()
    },
  }
}

export type { PrismaClient }
export type { Prisma } from '../generated/prisma/client.ts'
