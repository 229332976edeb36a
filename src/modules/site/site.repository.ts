import type { Database, Prisma } from '../../db/database.ts'
import { visibleArticleSql } from '../articles/articles.visibility.ts'

export interface SiteStateRow {
  createdAt: Date
  contentChangedAt: Date
  /** int8 as text */
  changeCount: string
  latestPublishedAt: Date | null
}

export class SiteRepository {
  constructor (private readonly db: Database) {}

  /** The state row and the newest visible publishedAt, in one statement (an indexed max()). */
  async freshness (now: Date): Promise<SiteStateRow> {
    const { rows } = await this.db.pool.query<SiteStateRow>({
      name: 'site.freshness',
      text: `SELECT s.created_at AS "createdAt", s.content_changed_at AS "contentChangedAt",
                    s.change_count::text AS "changeCount",
                    (SELECT max(a.published_at) FROM articles a WHERE ${visibleArticleSql('a', '$1')}) AS "latestPublishedAt"
               FROM site_state s WHERE s.id = 1`,
      values: [now],
    })
    const row = rows[0]
    if (!row) throw new Error('site_state row is missing: the database is not migrated')
    return row
  }

  /**
   * Records a change of what anonymous callers can see, inside the writer's transaction: bumps the
   * site's change counter and stamps the sections whose visible content changed.
   */
  async recordChange (tx: Prisma.TransactionClient, at: Date, sectionIds: string[]): Promise<void> {
    await tx.siteState.update({ where: { id: 1 }, data: { changeCount: { increment: 1 }, contentChangedAt: at } })
    if (sectionIds.length > 0) {
      await tx.section.updateMany({ where: { id: { in: sectionIds } }, data: { contentChangedAt: at } })
    }
  }
}
