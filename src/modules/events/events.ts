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

export async function notify (tx: Prisma.TransactionClient, event: NewsEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(event)})`
}

export const topics = {
  commentAdded: (articleId: string) => `COMMENT_ADDED:${articleId}`,
  contentUpdated: 'CONTENT_UPDATED',
}
