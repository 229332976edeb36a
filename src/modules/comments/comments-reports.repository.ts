import type { Database, Prisma } from '../../db/database.ts'
import type { Erasure as ErasureRow } from '../../generated/prisma/client.ts'

type Tx = Prisma.TransactionClient

export type { ErasureRow }
export type ReportReason = 'SPAM' | 'ABUSE' | 'OFF_TOPIC' | 'PERSONAL_DATA' | 'OTHER'

export class CommentReportsRepository {
  constructor (private readonly db: Database) {}

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn)
  }

  /** A client's report of a comment; false when it already reported it (nothing changes). */
  async report (tx: Tx, data: { commentId: string, reason: ReportReason, note: string | null, clientHash: string, at: Date }): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO comment_reports (id, comment_id, reason, note, client_hash, created_at)
      VALUES (gen_random_uuid(), ${data.commentId}::uuid, ${data.reason}::"ReportReason", ${data.note}, ${data.clientHash}, ${data.at})
      ON CONFLICT (comment_id, client_hash) DO NOTHING`
    if (inserted === 0) return false
    await tx.$executeRaw`UPDATE comments SET report_count = report_count + 1 WHERE id = ${data.commentId}::uuid`
    return true
  }

  /**
   * Erases what identifies the author of every comment sent with `email` (compared without case):
   * the name becomes `name`, the address and the client hash go, and with `removeBodies` the body
   * too (those comments leave public threads: REJECTED). Stored idempotency receipts that carry
   * the address are deleted. Returns the comments touched and the articles whose public thread
   * changed (an approved comment among them).
   */
  async erase (tx: Tx, email: string, name: string, removeBodies: boolean, at: Date): Promise<{ comments: number, articles: string[] }> {
    const rows = await tx.$queryRaw<Array<{ articleId: string, wasApproved: boolean }>>`
      UPDATE comments c SET author_name = ${name}, author_email = NULL, client_hash = 'erased',
             body = CASE WHEN ${removeBodies} THEN '' ELSE c.body END,
             status = CASE WHEN ${removeBodies} THEN 'REJECTED'::"CommentStatus" ELSE c.status END,
             moderated_at = CASE WHEN ${removeBodies} THEN ${at} ELSE c.moderated_at END
        FROM (SELECT id, status FROM comments WHERE lower(author_email) = lower(${email}) FOR UPDATE) old
       WHERE c.id = old.id
      RETURNING c.article_id AS "articleId", old.status = 'APPROVED' AS "wasApproved"`
    await tx.$executeRaw`DELETE FROM idempotency_keys WHERE scope = 'comment' AND lower(response->>'authorEmail') = lower(${email})`
    return { comments: rows.length, articles: [...new Set(rows.filter((r) => r.wasApproved).map((r) => r.articleId))] }
  }

  audit (tx: Tx, data: Omit<ErasureRow, 'id'>): Promise<ErasureRow> {
    return tx.erasure.create({ data })
  }

  erasures (limit: number): Promise<ErasureRow[]> {
    return this.db.prisma.erasure.findMany({ orderBy: [{ erasedAt: 'desc' }, { id: 'desc' }], take: limit })
  }
}
