import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.ts'

// One pg pool per process: Prisma runs on it through the driver adapter, and the repositories'
// hand-written SQL shares it, so every statement the service sends goes through one place.
export interface Database {
  pool: pg.Pool
  prisma: PrismaClient
  close: () => Promise<void>
}

export function createDatabase (connectionString: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 })
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
