import type { Database } from '../../db/database.ts'
import { visibleArticleSql } from './articles.visibility.ts'

export interface ImageValue {
  url: string
  alt?: string | null
  caption?: string | null
  credit?: string | null
  width?: number | null
  height?: number | null
}

export interface ArticleRecord {
  id: string
  slug: string
  title: string
  summary: string | null
  paragraphs: string[]
  image: ImageValue | null
  language: string
  tags: string[]
  byline: string | null
  source: string | null
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
  publishedAt: Date | null
  version: number
  viewCount: number
  commentCount: number
  commentVersion: number
  sectionId: string
  createdAt: Date
  updatedAt: Date
}

const COLUMNS = `a.id, a.slug, a.title, a.summary, a.paragraphs, a.image, a.language, a.tags, a.byline, a.source,
  a.status, a.published_at AS "publishedAt", a.version, a.view_count AS "viewCount",
  a.comment_count AS "commentCount", a.comment_version AS "commentVersion", a.section_id AS "sectionId",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`

/** One page request of a list: newest publishedAt first, then id, after a keyset position. */
export interface PageQuery {
  /** null: every section */
  sectionIds: string[] | null
  tag: string | null
  /** keyset: rows strictly after (publishedAt, id) in the list's order */
  after: { publishedAt: Date, id: string } | null
  /** rows to fetch (the caller asks one more than it shows, to know whether there is a next page) */
  limit: number
  withTotal: boolean
}

export interface PageRows { rows: ArticleRecord[], total: number | null }

export class ArticlesRepository {
  constructor (private readonly db: Database) {}

  /** A visible article by id, or by current or former slug. One statement. */
  async findVisible (by: { id: string } | { slug: string }, now: Date): Promise<ArticleRecord | null> {
    const { rows } = 'id' in by
      ? await this.db.pool.query<ArticleRecord>(`SELECT ${COLUMNS} FROM articles a WHERE a.id = $1 AND ${visibleArticleSql('a', '$2')}`, [by.id, now])
      : await this.db.pool.query<ArticleRecord>(`
          SELECT ${COLUMNS} FROM articles a
           WHERE (a.slug = $1 OR a.id = (SELECT s.article_id FROM article_slugs s WHERE s.slug = $1))
             AND ${visibleArticleSql('a', '$2')}
           LIMIT 1`, [by.slug, now])
    return rows[0] ?? null
  }

  /**
   * Any number of list pages in one SQL statement. For a set of sections it takes the top rows of
   * each section from the (section_id, published_at, id) index and merges them, so a page costs
   * O(sections × limit) index reads whatever the number of articles; the count runs only when asked.
   */
  async pages (queries: PageQuery[], now: Date): Promise<PageRows[]> {
    if (queries.length === 0) return []
    const spec = queries.map((q, idx) => ({
      idx,
      all_sections: q.sectionIds === null,
      sections: q.sectionIds ?? [],
      tag: q.tag,
      after_pub: q.after?.publishedAt.toISOString() ?? null,
      after_id: q.after?.id ?? null,
      lim: q.limit,
      with_total: q.withTotal,
    }))
    const filter = (alias: string): string => `${visibleArticleSql(alias, '$2')}
      AND (q.tag IS NULL OR ${alias}.tags @> ARRAY[q.tag])`
    const keyset = (alias: string): string =>
      `(q.after_pub IS NULL OR (${alias}.published_at, ${alias}.id) < (q.after_pub, q.after_id))`
    const { rows } = await this.db.pool.query<ArticleRecord & { idx: number, total: string | null }>(`
      SELECT q.idx, t.total, p.*
        FROM jsonb_to_recordset($1::jsonb)
             AS q(idx int, all_sections boolean, sections uuid[], tag text, after_pub timestamptz, after_id uuid, lim int, with_total boolean)
        LEFT JOIN LATERAL (
          SELECT * FROM (
            (SELECT ${COLUMNS} FROM unnest(q.sections) AS s(id)
              CROSS JOIN LATERAL (
                SELECT * FROM articles a
                 WHERE a.section_id = s.id AND ${filter('a')} AND ${keyset('a')}
                 ORDER BY a.published_at DESC, a.id DESC
                 LIMIT q.lim
              ) a)
            UNION ALL
            (SELECT ${COLUMNS} FROM articles a
              WHERE q.all_sections AND ${filter('a')} AND ${keyset('a')}
              ORDER BY a.published_at DESC, a.id DESC
              LIMIT q.lim)
          ) page
          ORDER BY page."publishedAt" DESC, page.id DESC
          LIMIT q.lim
        ) p ON true
        LEFT JOIN LATERAL (
          SELECT count(*)::text AS total FROM articles c
           WHERE q.with_total AND (q.all_sections OR c.section_id = ANY(q.sections)) AND ${filter('c')}
        ) t ON true
       ORDER BY q.idx, p."publishedAt" DESC, p.id DESC`, [JSON.stringify(spec), now])
    const out: PageRows[] = queries.map(() => ({ rows: [], total: null }))
    for (const row of rows) {
      const page = out[row.idx] as PageRows
      if (queries[row.idx]?.withTotal) page.total = Number(row.total)
      if (row.id === null) continue // the LEFT JOIN's empty page
      const { idx: _idx, total: _total, ...article } = row
      page.rows.push(article)
    }
    return out
  }
}
