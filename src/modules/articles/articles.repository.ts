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
  /** absent when a list did not ask for bodies (they are most of a row's bytes) */
  paragraphs?: string[]
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

const LIST_COLUMNS = `a.id, a.slug, a.title, a.summary, a.image, a.language, a.tags, a.byline, a.source,
  a.status, a.published_at AS "publishedAt", a.version, a.view_count AS "viewCount",
  a.comment_count AS "commentCount", a.comment_version AS "commentVersion", a.section_id AS "sectionId",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`
const COLUMNS = `${LIST_COLUMNS}, a.paragraphs`

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
  /** fetch paragraphs too */
  withBodies: boolean
  /** staff lists only: derived statuses to keep (null: all) */
  statuses: string[] | null
}

/** Whose view of the articles: visible ones only, or everything not deleted (EDITOR, ADMIN). */
export type Audience = 'public' | 'staff'

export interface PageRows { rows: ArticleRecord[], total: number | null }

/** Which rows of `a` an audience may read, `$2` being now: visible ones, or every one not deleted. */
const audienceWhere = (audience: Audience): string => audience === 'public'
  ? visibleArticleSql('a', '$2')
  : 'a.deleted_at IS NULL AND $2::timestamptz IS NOT NULL'

export class ArticlesRepository {
  constructor (private readonly db: Database) {}

  /**
   * An article by id, or by current or former slug, in one statement: visible ones for the
   * public, any article that is not deleted for staff.
   */
  async find (by: { id: string } | { slug: string }, audience: Audience, now: Date): Promise<ArticleRecord | null> {
    const where = audienceWhere(audience)
    const { rows } = 'id' in by
      ? await this.db.pool.query<ArticleRecord>({
        name: `articles.${audience}-by-id`,
        text: `SELECT ${COLUMNS} FROM articles a WHERE a.id = $1 AND ${where}`,
        values: [by.id, now],
      })
      : await this.db.pool.query<ArticleRecord>({
        name: `articles.${audience}-by-slug`,
        text: `SELECT ${COLUMNS} FROM articles a
                WHERE (a.slug = $1 OR a.id = (SELECT s.article_id FROM article_slugs s WHERE s.slug = $1))
                  AND ${where}
                LIMIT 1`,
        values: [by.slug, now],
      })
    return rows[0] ?? null
  }

  /** Many articles by id as `audience` may see them, in one statement (bodies left out). */
  async findMany (ids: string[], audience: Audience, now: Date): Promise<ArticleRecord[]> {
    if (ids.length === 0) return []
    const where = audienceWhere(audience)
    const { rows } = await this.db.pool.query<ArticleRecord>({
      name: `articles.${audience}-by-ids`,
      text: `SELECT ${LIST_COLUMNS} FROM articles a WHERE a.id = ANY($1::uuid[]) AND ${where}`,
      values: [ids, now],
    })
    return rows
  }

  /** Paragraphs of articles whose list row came without them (a fallback; lists usually ask up front). */
  async paragraphs (ids: string[]): Promise<Map<string, string[]>> {
    const { rows } = await this.db.pool.query<{ id: string, paragraphs: string[] }>({
      name: 'articles.paragraphs',
      text: 'SELECT id, paragraphs FROM articles WHERE id = ANY($1::uuid[])',
      values: [ids],
    })
    return new Map(rows.map((r) => [r.id, r.paragraphs]))
  }

  /**
   * Any number of list pages in one SQL statement. For a set of sections it takes the top rows of
   * each section from the (section_id, published_at, id) index and merges them, so a page costs
   * O(sections × limit) index reads whatever the number of articles; the count runs only when asked.
   */
  async pages (queries: PageQuery[], audience: Audience, now: Date): Promise<PageRows[]> {
    if (queries.length === 0) return []
    const withBodies = queries.some((q) => q.withBodies)
    const columns = withBodies ? COLUMNS : LIST_COLUMNS
    // The public sees visible articles in publishedAt order (an index walk); staff see every
    // article that is not deleted, filtered by derived status, drafts placed by creation time.
    const sortKey = (alias: string): string => audience === 'public' ? `${alias}.published_at` : `coalesce(${alias}.published_at, ${alias}.created_at)`
    const audienceFilter = (alias: string): string => audience === 'public'
      ? visibleArticleSql(alias, '$2')
      : `${alias}.deleted_at IS NULL AND (q.statuses IS NULL
          OR ('DRAFT' = ANY(q.statuses) AND ${alias}.status = 'DRAFT')
          OR ('ARCHIVED' = ANY(q.statuses) AND ${alias}.status = 'ARCHIVED')
          OR ('PUBLISHED' = ANY(q.statuses) AND ${alias}.status = 'PUBLISHED' AND ${alias}.published_at <= $2)
          OR ('SCHEDULED' = ANY(q.statuses) AND ${alias}.status = 'PUBLISHED' AND ${alias}.published_at > $2))`
    const spec = queries.map((q, idx) => ({
      idx,
      all_sections: q.sectionIds === null,
      sections: q.sectionIds ?? [],
      tag: q.tag,
      after_pub: q.after?.publishedAt.toISOString() ?? null,
      after_id: q.after?.id ?? null,
      lim: q.limit,
      with_total: q.withTotal,
      statuses: q.statuses,
    }))
    const filter = (alias: string): string => `${audienceFilter(alias)}
      AND (q.tag IS NULL OR ${alias}.tags @> ARRAY[q.tag])`
    const keyset = (alias: string): string =>
      `(q.after_pub IS NULL OR (${sortKey(alias)}, ${alias}.id) < (q.after_pub, q.after_id))`
    const { rows } = await this.db.pool.query<ArticleRecord & { idx: number, total: string | null }>({
      // Named: prepared once per connection, so PostgreSQL does not re-plan it on every request.
      name: `articles.${audience}-pages${withBodies ? '-with-bodies' : ''}`,
      text: `
      SELECT q.idx, q.total, p.*
        FROM (
          SELECT q.*, CASE
                   WHEN NOT q.with_total THEN NULL
                   WHEN q.all_sections THEN (SELECT count(*) FROM articles c WHERE ${filter('c')})
                   ELSE (SELECT count(*) FROM articles c WHERE c.section_id = ANY(q.sections) AND ${filter('c')})
                 END::text AS total
            FROM jsonb_to_recordset($1::jsonb)
                 AS q(idx int, all_sections boolean, sections uuid[], tag text, after_pub timestamptz, after_id uuid, lim int, with_total boolean, statuses text[])
        ) q
        LEFT JOIN LATERAL (
          SELECT * FROM (
            (SELECT ${columns} FROM unnest(q.sections) AS s(id)
              CROSS JOIN LATERAL (
                SELECT * FROM articles a
                 WHERE a.section_id = s.id AND ${filter('a')} AND ${keyset('a')}
                 ORDER BY ${sortKey('a')} DESC, a.id DESC
                 LIMIT q.lim
              ) a)
            UNION ALL
            (SELECT ${columns} FROM articles a
              WHERE q.all_sections AND ${filter('a')} AND ${keyset('a')}
              ORDER BY ${sortKey('a')} DESC, a.id DESC
              LIMIT q.lim)
          ) page
          ORDER BY coalesce(page."publishedAt", page."createdAt") DESC, page.id DESC
          LIMIT q.lim
        ) p ON true
       ORDER BY q.idx, coalesce(p."publishedAt", p."createdAt") DESC, p.id DESC`,
      values: [JSON.stringify(spec), now],
    })
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
