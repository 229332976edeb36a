// Events that other instances must hear of travel through PostgreSQL: a writer calls notify()
// inside its transaction, so the event goes out exactly when (and only if) the write commits, and
// every instance LISTENing on the channel receives it (events.plugin.ts).
import type { Prisma } from '../../db/database.ts'

export const CHANNEL = 'news_events'

export type NewsEvent =
  | { kind: 'content', at: string, articleIds: string[], sectionIds: string[] }
  | { kind: 'comment-approved', commentId: string, articleId: string }
  /** a public comment thread changed (an approval, a removal): its count and the comment versions moved */
  | { kind: 'thread', articleId: string }
  /** a story flagged as breaking news went live (or was flagged while live): announced once */
  | { kind: 'breaking', articleId: string }

/** What a NOTIFY carries: the event itself, or the id of the event_payloads row that holds it. */
export type Notification = NewsEvent | { kind: 'stored', id: string }

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; larger events travel by reference. */
export const NOTIFY_PAYLOAD_LIMIT = 7_900

export async function notify (tx: Prisma.TransactionClient, event: NewsEvent): Promise<void> {
  const payload = JSON.stringify(event)
  if (Buffer.byteLength(payload) <= NOTIFY_PAYLOAD_LIMIT) {
    await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${payload})`
    return
  }
  // e.g. an import's one change of 10,000 articles: stored with the write, read by each listener
  await tx.$executeRaw`DELETE FROM event_payloads WHERE created_at < now() - interval '1 hour'`
  const [row] = await tx.$queryRaw<Array<{ id: bigint }>>`INSERT INTO event_payloads (payload) VALUES (${payload}::jsonb) RETURNING id`
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify({ kind: 'stored', id: String(row?.id) })})`
}

export const topics = {
  commentAdded: (articleId: string) => `COMMENT_ADDED:${articleId}`,
  contentUpdated: 'CONTENT_UPDATED',
  breakingNews: 'BREAKING_NEWS',
}
