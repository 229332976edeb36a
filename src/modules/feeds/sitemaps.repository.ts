// The rows of the sitemaps: visible articles in publication order (oldest first, so a page's
// URLs stay on that page as new articles are added at the end), read in keyset batches so a
// page of 50,000 URLs is never held in memory, and the news sitemap's recent articles.
// Every statement walks articles_visible_idx (stored PUBLISHED, not deleted) and applies the
// content-state rule (visibleSql) with the service's clock.
import type { Database } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { visibleSql } from '../articles/articles.content-state.ts'

export interface SitemapRow {
  id: string
  slug: string
  publishedAt: Date
  /** the later of updated_at and published_at */
  lastmod: Date
}

export interface NewsRow extends SitemapRow { title: string, language: string }

export interface SitemapPage { page: number, urls: number, lastmod: Date }

export class SitemapsRepository {
  constructor (private readonly db: Database) {}

  /** The article sitemap pages of `size` URLs: how many URLs each holds and its newest lastmod (one statement). */
  async pages (size: number, now: Date): Promise<SitemapPage[]> {
    const { rows } = await this.db.pool.query<SitemapPage>(named('sitemaps.pages', sql`
      SELECT (n / ${size}::int)::int + 1 AS page, count(*)::int AS urls, max(lastmod) AS lastmod
        FROM (SELECT greatest(a.updated_at, a.published_at) AS lastmod,
                     row_number() OVER (ORDER BY a.published_at, a.id) - 1 AS n
                FROM articles a WHERE ${visibleSql('a', now)}) numbered
       GROUP BY 1 ORDER BY 1`))
    return rows
  }

  /**
   * Page `page` (from 1) of `size` URLs, in batches of at most `batch` rows: the first batch
   * finds the page's start by offset, the next ones continue after the last row (keyset).
   */
  async * page (page: number, size: number, now: Date, batch = 5_000): AsyncGenerator<SitemapRow[]> {
    let left = size
    let after: SitemapRow | null = null
    while (left > 0) {
      const limit = Math.min(batch, left)
      const position = after === null
        ? sql`ORDER BY a.published_at, a.id OFFSET ${(page - 1) * size}::int LIMIT ${limit}::int`
        : sql`AND (a.published_at, a.id) > (${after.publishedAt}::timestamptz, ${after.id}::uuid) ORDER BY a.published_at, a.id LIMIT ${limit}::int`
      const { rows }: { rows: SitemapRow[] } = await this.db.pool.query<SitemapRow>(named(`sitemaps.page-${after === null ? 'start' : 'next'}`, sql`
        SELECT a.id, a.slug, a.published_at AS "publishedAt", greatest(a.updated_at, a.published_at) AS lastmod
          FROM articles a WHERE ${visibleSql('a', now)} ${position}`))
      if (rows.length > 0) yield rows
      if (rows.length < limit) return
      left -= rows.length
      after = rows[rows.length - 1] as SitemapRow
    }
  }

  /** Visible articles published after `since`, newest first (one statement). */
  async recent (since: Date, now: Date, limit: number): Promise<NewsRow[]> {
    const { rows } = await this.db.pool.query<NewsRow>(named('sitemaps.news', sql`
      SELECT a.id, a.slug, a.title, a.language, a.published_at AS "publishedAt", greatest(a.updated_at, a.published_at) AS lastmod
        FROM articles a WHERE ${visibleSql('a', now)} AND a.published_at > ${since}
       ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}::int`))
    return rows
  }
}
