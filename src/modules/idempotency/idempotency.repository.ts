import type { Database, Prisma } from '../../db/database.ts'

type Tx = Prisma.TransactionClient

export type Claim = { replay: false } | { replay: true, requestHash: string, response: unknown }

/**
 * Idempotency keys in PostgreSQL, shared by every instance. claim() inserts the key inside the
 * caller's transaction: a concurrent retry's insert waits on that row until the first request
 * commits (then replays its response) or rolls back (then runs itself).
 */
export class IdempotencyRepository {
  constructor (private readonly db: Database) {}

  async claim (tx: Tx, scope: string, key: string, requestHash: string, expiresAt: Date, now: Date): Promise<Claim> {
    await tx.idempotencyKey.deleteMany({ where: { scope, key, expiresAt: { lte: now } } })
    const inserted = await tx.$executeRaw`
      INSERT INTO idempotency_keys (scope, key, request_hash, expires_at, created_at)
      VALUES (${scope}, ${key}, ${requestHash}, ${expiresAt}, ${now})
      ON CONFLICT DO NOTHING`
    if (inserted === 1) return { replay: false }
    const row = await tx.idempotencyKey.findUniqueOrThrow({ where: { scope_key: { scope, key } } })
    return { replay: true, requestHash: row.requestHash, response: row.response }
  }

  async complete (tx: Tx, scope: string, key: string, response: Prisma.InputJsonValue): Promise<void> {
    await tx.idempotencyKey.update({ where: { scope_key: { scope, key } }, data: { response } })
  }

  /** Drops expired keys (claims already ignore them; this keeps the table small). */
  async sweep (now: Date): Promise<number> {
    return (await this.db.prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count
  }
}
