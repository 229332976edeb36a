import type { Database, Prisma } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { scheduledSql, visibleSql } from '../articles/articles.content-state.ts'
import { notify } from '../events/events.ts'

export interface SiteStateRow {
  createdAt: Date
  contentChangedAt: Date
  /** int8 as text */
  changeCount: string
  latestPublishedAt: Date | null
  /** the site's comment version (int8 as text), moved by every change to a public thread */
  commentVersion: string
  commentsChangedAt: Date | null
  /** the section tree's structure version (int8 as text), moved by triggers whoever writes */
  treeVersion: string
  /** the next scheduled instant after now: what is visible changes then, with no write */
  nextGoLive: Date | null
  /** the newest featured-slot or breaking-flag expiry at or before now (curation) */
  latestExpiry: Date | null
  /** the next such expiry after now: front pages and the breaking list change then, with no write */
  nextExpiry: Date | null
}

/** How far back the go-live timer looks for scheduled instants not yet announced. */
export const GO_LIVE_WINDOW_MS = 24 * 3_600_000

/** What else a recorded change does in its transaction (the webhook outbox). */
export type OnChange = (tx: Prisma.TransactionClient, at: Date, articleIds: string[], sectionIds: string[]) => Promise<void>

export class SiteRepository {
  constructor (private readonly db: Database, private readonly onChange: OnChange = async () => {}) {}

  /**
   * Every version a public response can depend on, in one statement: the state row, the newest
   * visible publishedAt and the next scheduled one (indexed max() and min()), the tree version,
   * and the newest passed and next coming expiry of featured slots and breaking flags (indexed
   * max() and min() over `until`).
   */
  async freshness (now: Date): Promise<SiteStateRow> {
    const { rows } = await this.db.pool.query<SiteStateRow>(named('site.freshness',
      sql`SELECT s.created_at AS "createdAt", s.content_changed_at AS "contentChangedAt",
                 s.change_count::text AS "changeCount",
                 (SELECT max(a.published_at) FROM articles a WHERE ${visibleSql('a', now)}) AS "latestPublishedAt",
                 s.comment_version::text AS "commentVersion", s.comments_changed_at AS "commentsChangedAt",
                 (SELECT t.version::text FROM section_tree_version t WHERE t.id = 1) AS "treeVersion",
                 (SELECT min(a.published_at) FROM articles a WHERE ${scheduledSql('a', now)}) AS "nextGoLive",
                 greatest((SELECT max(f.until) FROM featured_slots f WHERE f.until <= ${now}),
                          (SELECT max(b.until) FROM breaking_flags b WHERE b.until <= ${now})) AS "latestExpiry",
                 least((SELECT min(f.until) FROM featured_slots f WHERE f.until > ${now}),
                       (SELECT min(b.until) FROM breaking_flags b WHERE b.until > ${now})) AS "nextExpiry"
            FROM site_state s WHERE s.id = 1`))
    const row = rows[0]
    if (!row) throw new Error('site_state row is missing: the database is not migrated')
    return row
  }

  /**
   * Records a change of what anonymous callers can see, inside the writer's transaction: bumps the
   * site's change counter and stamps the sections whose visible content changed.
   */
  async recordChange (tx: Prisma.TransactionClient, at: Date, sectionIds: string[], articleIds: string[] = []): Promise<void> {
    await tx.siteState.update({ where: { id: 1 }, data: { changeCount: { increment: 1 }, contentChangedAt: at } })
    if (sectionIds.length > 0) {
      await tx.section.updateMany({ where: { id: { in: sectionIds } }, data: { contentChangedAt: at } })
    }
    await notify(tx, { kind: 'content', at: at.toISOString(), articleIds, sectionIds })
    await this.onChange(tx, at, articleIds, sectionIds)
    await this.announceBreaking(tx, at, articleIds)
  }

  /**
   * Breaking stories among these articles that are live now and not yet announced: each is
   * claimed once (breaking_flags.announced_at, whichever instance or writer gets there first) and
   * announced to every instance's breakingNews subscribers when the transaction commits.
   */
  private async announceBreaking (tx: Prisma.TransactionClient, at: Date, articleIds: string[]): Promise<void> {
    if (articleIds.length === 0) return
    const claimed = await tx.$queryRaw<Array<{ id: string }>>(sql`
      UPDATE breaking_flags b SET announced_at = ${at}
        FROM articles a
       WHERE a.id = b.article_id AND b.article_id = ANY(${articleIds}::uuid[])
         AND b.announced_at IS NULL AND b.until > ${at} AND ${visibleSql('a', at)}
      RETURNING b.article_id AS id`)
    for (const { id } of claimed) await notify(tx, { kind: 'breaking', articleId: id })
  }

  /**
   * Scheduled articles whose instant passed since their last write, not yet announced: each is
   * claimed once (the go_live_events key) and announced as a content change. Returns how many.
   */
  async announceGoLives (now: Date): Promise<number> {
    // Only instants within GO_LIVE_WINDOW_MS before now: a range scan of the visible-rows index
    // (published_at) instead of reading every visible article on each timer tick (at 100,000
    // articles that read 24,695 blocks, ~680 ms, every minute on every instance). A go-live
    // missed by every instance for longer than the window is not announced; it is live anyway.
    const since = new Date(now.getTime() - GO_LIVE_WINDOW_MS)
    return this.db.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<Array<{ id: string, sectionId: string, publishedAt: Date }>>(sql`
        INSERT INTO go_live_events (article_id, published_at)
        SELECT a.id, a.published_at FROM articles a
         WHERE ${visibleSql('a', now)} AND a.published_at > ${since} AND a.published_at > a.updated_at
        ON CONFLICT DO NOTHING
        RETURNING article_id AS id, published_at AS "publishedAt",
                  (SELECT section_id FROM articles WHERE id = article_id) AS "sectionId"`)
      for (const a of due) {
        await notify(tx, { kind: 'content', at: a.publishedAt.toISOString(), articleIds: [a.id], sectionIds: [a.sectionId] })
        await this.onChange(tx, a.publishedAt, [a.id], [a.sectionId])
      }
      await this.announceBreaking(tx, now, due.map((a) => a.id))
      return due.length
    })
  }

  /** The next scheduled instant after `now`, if any. */
  async nextGoLive (now: Date): Promise<Date | null> {
    const { rows } = await this.db.pool.query<{ next: Date | null }>(named('site.next-go-live',
      sql`SELECT min(a.published_at) AS next FROM articles a WHERE ${scheduledSql('a', now)}`))
    return rows[0]?.next ?? null
  }
}
