import type { Database } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { scheduledSql } from '../articles/articles.content-state.ts'

export interface TagRecord { name: string, articleCount: number }

export class TagsRepository {
  constructor (private readonly db: Database) {}

  /**
   * Tags whose search form starts with `folded` (a search-form prefix, '' for every tag), with
   * their visible articles: the maintained counts (tag_counts) minus the scheduled articles,
   * most used first. One statement that reads no article but the scheduled ones.
   */
  async withPrefix (folded: string, limit: number, now: Date): Promise<TagRecord[]> {
    const pattern = `${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const { rows } = await this.db.pool.query<{ name: string, articleCount: number }>(named('tags.with-prefix',
      sql`SELECT c.tag AS name, (c.published - coalesce(s.n, 0))::int AS "articleCount"
            FROM tag_counts c
            LEFT JOIN (SELECT t.tag, count(*) AS n FROM articles f CROSS JOIN LATERAL unnest(f.tags) AS t(tag)
                        WHERE ${scheduledSql('f', now)} GROUP BY t.tag) s ON s.tag = c.tag
           WHERE c.folded LIKE ${pattern} AND c.published - coalesce(s.n, 0) > 0
           ORDER BY 2 DESC, c.tag
           LIMIT ${limit}`))
    return rows
  }
}
