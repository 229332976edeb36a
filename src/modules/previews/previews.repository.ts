import type { Database } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import type { PreviewLink } from '../../generated/prisma/client.ts'
import { articleColumns, TREE_VERSION_COLUMN, type ArticleRecord } from '../articles/articles.row.ts'

export type PreviewRow = PreviewLink

export class PreviewsRepository {
  constructor (private readonly db: Database) {}

  create (data: Omit<PreviewRow, 'id' | 'revokedAt'>): Promise<PreviewRow> {
    return this.db.prisma.previewLink.create({ data })
  }

  /** Revokes a link (once); null when there is none. */
  async revoke (id: string, at: Date): Promise<PreviewRow | null> {
    const row = await this.db.prisma.previewLink.findUnique({ where: { id } })
    if (!row) return null
    if (row.revokedAt) return row
    return this.db.prisma.previewLink.update({ where: { id }, data: { revokedAt: at } })
  }

  /** An article's links, newest first. */
  forArticle (articleId: string): Promise<PreviewRow[]> {
    return this.db.prisma.previewLink.findMany({ where: { articleId }, orderBy: { createdAt: 'desc' } })
  }

  /**
   * The article a token shows, in one statement: the link by its hash, in force (not expired, not
   * revoked), and its article if not deleted (any status: that is the point), with the body.
   */
  async articleFor (tokenHash: string, now: Date): Promise<ArticleRecord | null> {
    const { rows } = await this.db.pool.query<ArticleRecord>(named('previews.article',
      sql`SELECT ${articleColumns({ bodies: true })}, ${TREE_VERSION_COLUMN}
            FROM preview_links p JOIN articles a ON a.id = p.article_id
           WHERE p.token_hash = ${tokenHash} AND p.revoked_at IS NULL AND p.expires_at > ${now} AND a.deleted_at IS NULL`))
    return rows[0] ?? null
  }
}
