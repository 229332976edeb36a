import { randomUUID } from 'node:crypto'
import type { Prisma } from '../../db/database.ts'
import { badUserInput } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { pageRequest, toBackwardConnection, toConnection, type Connection } from '../../lib/connection.ts'
import { decodeCursor, encodeCursor, listKey } from '../../lib/cursor.ts'
import { requireRole, type Viewer } from '../auth/auth.service.ts'
import type { DeliveryRecord, DeliveryStatus, WebhooksRepository } from './webhooks.repository.ts'

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED']
const MAX_PAGE = 100

/** What a receiver gets: one content change, with the keys a CDN purges by (see http/caching.ts). */
export interface ContentEvent {
  id: string
  type: 'content.updated'
  at: string
  articleIds: string[]
  sectionIds: string[]
  /** Surrogate-Key / Cache-Tag values of the responses this change can affect */
  surrogateKeys: string[]
}

export class WebhooksService {
  constructor (
    private readonly repo: WebhooksRepository,
    private readonly urls: readonly string[],
    private readonly clock: Clock
  ) {}

  get enabled (): boolean { return this.urls.length > 0 }

  /** In the writer's transaction: one delivery per configured URL of this content change. */
  async contentChanged (tx: Prisma.TransactionClient, at: Date, articleIds: string[], sectionIds: string[]): Promise<void> {
    if (!this.enabled) return
    const event: ContentEvent = {
      id: randomUUID(),
      type: 'content.updated',
      at: at.toISOString(),
      articleIds,
      sectionIds,
      surrogateKeys: ['site', ...articleIds, ...sectionIds],
    }
    await this.repo.enqueue(tx, this.urls, { id: event.id, type: event.type, payload: JSON.stringify(event), at: this.clock.now() })
  }

  /**
   * One round of delivery: claims what is due, sends each (`send`), records the outcome: delivered
   * on a 2xx, else retried later with backoff until `maxAttempts`, then given up. Returns how many
   * it claimed (a full batch: call again).
   */
  async deliverDue (send: (d: DeliveryRecord) => Promise<Outcome>, policy: DeliveryPolicy): Promise<number> {
    const now = this.clock.now()
    const due = await this.repo.claimDue(now, new Date(now.getTime() + policy.leaseMs), policy.batch)
    await Promise.all(due.map(async (d) => {
      const outcome = await send(d)
      const at = this.clock.now()
      if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) return this.repo.delivered(d.id, at, outcome.status)
      // d.attempts already counts this one (the claim counted it)
      const retryAt = d.attempts >= policy.maxAttempts ? null : new Date(at.getTime() + retryDelay(d.attempts, policy.retryBaseMs))
      return this.repo.attemptFailed(d.id, { status: outcome.status, error: outcome.error ?? `answered HTTP ${outcome.status}`, retryAt, at })
    }))
    return due.length
  }

  /** The delivery log, newest first: ADMIN only. */
  async deliveries (viewer: Viewer | null, args: { first?: number | null, after?: string | null, last?: number | null, before?: string | null, status?: string | null }): Promise<Connection<DeliveryRecord>> {
    requireRole(viewer, ['ADMIN'])
    const { size: first, backward, cursor, cursorField } = pageRequest(args, { min: 1, max: MAX_PAGE, fallback: 20 })
    const status = args.status ?? null
    if (status !== null && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) throw badUserInput(`status must be one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' })
    const key = listKey({ list: 'webhook-deliveries', status })
    const at = cursor ? decodeCursor(cursor, key, cursorField) : null
    const rows = await this.repo.page(first, at ? { createdAt: at.publishedAt, id: at.id } : null, status as DeliveryStatus | null, backward)
    const cursorOf = (d: DeliveryRecord) => encodeCursor(key, { publishedAt: d.createdAt, id: d.id })
    return backward ? toBackwardConnection(rows, null, first, cursor, cursorOf) : toConnection(rows, null, first, cursor, cursorOf)
  }
}

export interface DeliveryPolicy {
  maxAttempts: number
  /** the first retry's wait; each next one doubles, up to an hour */
  retryBaseMs: number
  /** how long a claim holds a delivery (longer than a delivery's timeout) */
  leaseMs: number
  batch: number
}

/** The wait before retry number `attempts` (1, 2, …): doubling from the base, at most an hour. */
export function retryDelay (attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), 3_600_000)
}

export type Outcome = { status: number, error?: undefined } | { status: null, error: string }

export function statusOf (d: DeliveryRecord): DeliveryStatus {
  return d.deliveredAt ? 'DELIVERED' : d.failedAt ? 'FAILED' : 'PENDING'
}
