import { randomUUID } from 'node:crypto'
import type { Database, Prisma } from '../../db/database.ts'
import { raw, sql } from '../../db/sql.ts'

type Tx = Prisma.TransactionClient

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED'

export interface DeliveryRecord {
  id: string
  url: string
  eventId: string
  eventType: string
  payload: string
  createdAt: Date
  attempts: number
  nextAttemptAt: Date
  deliveredAt: Date | null
  failedAt: Date | null
  lastStatus: number | null
  lastError: string | null
}

const COLUMNS = sql`id, url, event_id AS "eventId", event_type AS "eventType", payload, created_at AS "createdAt", attempts,
  next_attempt_at AS "nextAttemptAt", delivered_at AS "deliveredAt", failed_at AS "failedAt",
  last_status AS "lastStatus", last_error AS "lastError"`

export class WebhooksRepository {
  constructor (private readonly db: Database) {}

  /** One outbox row per URL, in the writer's transaction: the event exists iff the change committed. */
  async enqueue (tx: Tx, urls: readonly string[], event: { id: string, type: string, payload: string, at: Date }): Promise<void> {
    if (urls.length === 0) return
    await tx.webhookDelivery.createMany({
      data: urls.map((url) => ({ id: randomUUID(), url, eventId: event.id, eventType: event.type, payload: event.payload, createdAt: event.at, nextAttemptAt: event.at })),
    })
  }

  /**
   * Claims up to `limit` due deliveries for this process: each claim counts an attempt and leases
   * the row until `leaseUntil`, so no other instance takes it meanwhile, and a process that dies
   * with it leaves it due again when the lease runs out. Oldest first.
   */
  async claimDue (now: Date, leaseUntil: Date, limit: number): Promise<DeliveryRecord[]> {
    const { rows } = await this.db.pool.query<DeliveryRecord>(sql`
      UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ${leaseUntil}
       WHERE id IN (SELECT id FROM webhook_deliveries
                     WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}
                     ORDER BY next_attempt_at, id LIMIT ${limit}
                     FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`)
    return rows
  }

  async delivered (id: string, at: Date, status: number): Promise<void> {
    await this.db.prisma.webhookDelivery.update({ where: { id }, data: { deliveredAt: at, lastStatus: status, lastError: null } })
  }

  /** A failed attempt: retried at `retryAt`, or given up (`retryAt` null). */
  async attemptFailed (id: string, outcome: { status: number | null, error: string, retryAt: Date | null, at: Date }): Promise<void> {
    await this.db.prisma.webhookDelivery.update({
      where: { id },
      data: {
        lastStatus: outcome.status,
        lastError: outcome.error.slice(0, 500),
        ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : { failedAt: outcome.at }),
      },
    })
  }

  /**
   * The delivery log, newest first, from after the keyset position; one row more than `first`.
   * `backward`: the rows before the position instead (null: from the log's oldest end), nearest first.
   */
  async page (first: number, after: { createdAt: Date, id: string } | null, status: DeliveryStatus | null, backward = false): Promise<DeliveryRecord[]> {
    const state = status === 'DELIVERED'
      ? sql`delivered_at IS NOT NULL`
      : status === 'FAILED' ? sql`failed_at IS NOT NULL` : status === 'PENDING' ? sql`delivered_at IS NULL AND failed_at IS NULL` : sql`TRUE`
    const from = after ? sql`(created_at, id) ${raw(backward ? '>' : '<')} (${after.createdAt}, ${after.id}::uuid)` : sql`TRUE`
    const ord = raw(backward ? 'ASC' : 'DESC')
    const { rows } = await this.db.pool.query<DeliveryRecord>(sql`
      SELECT ${COLUMNS} FROM webhook_deliveries
       WHERE ${state} AND ${from}
       ORDER BY created_at ${ord}, id ${ord} LIMIT ${first + 1}`)
    return rows
  }
}
