// Views: the flush of a batch (de-duplicated here, so it holds across instances) and the most-read
// list, each one statement.
import type { Database } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { articleColumns, type ArticleRecord } from '../articles/articles.row.ts'
import { visibleSql } from '../articles/articles.content-state.ts'

export interface SeenView { articleId: string, client: string, seenAt: Date }

/** A client's views of an article within this window count once. */
export const VIEW_WINDOW_MS = 30 * 60_000

export class ViewsRepository {
  constructor (private readonly db: Database, private readonly timeZone: string) {}

  /**
   * Counts a batch: a view counts when its article is visible at `now` and the client's last
   * counted view of it is 30 minutes older or more (or there is none). Counted views go to the
   * day table and to articles.view_count; remembered clients older than the window are swept.
   * Flushes are serialised across instances by an advisory lock (their row locks would otherwise
   * meet in opposite orders). Returns the number of views counted.
   */
  async flush (views: SeenView[], now: Date): Promise<number> {
    if (views.length === 0) return 0
    const batch = JSON.stringify(views.map((v) => ({ article_id: v.articleId, client: v.client, seen_at: v.seenAt.toISOString() })))
    const client = await this.db.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query("SELECT pg_advisory_xact_lock(hashtext('news-content-api views flush'))")
      const { rows } = await client.query<{ counted: number }>(named('views.flush', sql`
        WITH incoming AS (
          SELECT x.article_id, x.client, min(x.seen_at) AS seen_at
            FROM jsonb_to_recordset(${batch}::jsonb) AS x(article_id uuid, client text, seen_at timestamptz)
           GROUP BY 1, 2
        ), visible AS (
          SELECT i.* FROM incoming i JOIN articles a ON a.id = i.article_id WHERE ${visibleSql('a', now)}
        ), counted AS (
          INSERT INTO article_view_clients AS c (article_id, client, counted_at)
          SELECT article_id, client, seen_at FROM visible ORDER BY article_id, client
          ON CONFLICT (article_id, client) DO UPDATE SET counted_at = excluded.counted_at
           WHERE c.counted_at <= excluded.counted_at - ${VIEW_WINDOW_MS}::float8 * interval '1 millisecond'
          RETURNING article_id, counted_at
        ), days AS (
          INSERT INTO article_views_daily AS d (article_id, day, views)
          SELECT article_id, (counted_at AT TIME ZONE ${this.timeZone})::date, count(*) FROM counted GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (article_id, day) DO UPDATE SET views = d.views + excluded.views
        ), totals AS (
          UPDATE articles a SET view_count = a.view_count + n.views
            FROM (SELECT article_id, count(*)::int AS views FROM counted GROUP BY 1) n
           WHERE a.id = n.article_id
          RETURNING n.views
        ), swept AS (
          DELETE FROM article_view_clients WHERE counted_at < ${now}::timestamptz - ${VIEW_WINDOW_MS}::float8 * interval '1 millisecond'
        )
        SELECT coalesce(sum(views), 0)::int AS counted FROM totals`))
      await client.query('COMMIT')
      return rows[0]?.counted ?? 0
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  /**
   * Visible articles by views over the last `days` days (today included, in the site's time zone),
   * most viewed first, then newest; in `sectionIds` when given.
   */
  async mostRead (sectionIds: string[] | null, days: number, limit: number, now: Date): Promise<ArticleRecord[]> {
    const { rows } = await this.db.pool.query<ArticleRecord>(named('views.most-read', sql`
      SELECT ${articleColumns({ bodies: false })} FROM (
        SELECT d.article_id, sum(d.views) AS views FROM article_views_daily d
         WHERE d.day >= (${now}::timestamptz AT TIME ZONE ${this.timeZone})::date - (${days}::int - 1)
         GROUP BY d.article_id
      ) v
      JOIN articles a ON a.id = v.article_id
     WHERE ${visibleSql('a', now)} AND (${sectionIds}::uuid[] IS NULL OR a.section_id = ANY(${sectionIds}::uuid[]))
     ORDER BY v.views DESC, a.published_at DESC, a.id DESC
     LIMIT ${limit}`))
    return rows
  }
}
