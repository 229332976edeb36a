import type { Database } from '../../db/database.ts'
import { scheduledArticleSql, visibleArticleSql } from './articles.visibility.ts'

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
  /**
   * The section tree's version, read in the same snapshot as the row by the single-article
   * statements, so that the row's section path can come from the in-memory tree without SQL.
   */
  treeVersion?: string
}

const LIST_COLUMNS = `a.id, a.slug, a.title, a.summary, a.image, a.language, a.tags, a.byline, a.source,
  a.status, a.published_at AS "publishedAt", a.version, a.view_count AS "viewCount",
  a.comment_count AS "commentCount", a.comment_version AS "commentVersion", a.section_id AS "sectionId",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`
const COLUMNS = `${LIST_COLUMNS}, a.paragraphs`
const TREE_VERSION = '(SELECT v.version::text FROM section_tree_version v WHERE v.id = 1) AS "treeVersion"'

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

/** Keyset bounds before the first row: every visible row sorts before them. */
const FIRST_PUBLISHED_AT = 'infinity'
const FIRST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff'

/**
 * The statement behind ArticlesRepository.pages, exposed so that tests and the benchmark can
 * EXPLAIN exactly what the service sends. Lists with a tag go unnamed: PostgreSQL then plans them
 * with the tag's own statistics (a rare tag is found through the GIN index, a common one by
 * walking the list order), which one cached generic plan could not do for every tag.
 */
export function pagesStatement (queries: PageQuery[], audience: Audience, now: Date): { name?: string, text: string, values: unknown[] } {
  const withBodies = queries.some((q) => q.withBodies)
  const tagged = queries.some((q) => q.tag !== null)
  const columns = withBodies ? COLUMNS : LIST_COLUMNS
  const spec = queries.map((q, idx) => ({
    idx,
    all_sections: q.sectionIds === null,
    sections: q.sectionIds ?? [],
    tag: q.tag,
    after_pub: q.after?.publishedAt.toISOString() ?? FIRST_PUBLISHED_AT,
    after_id: q.after?.id ?? FIRST_ID,
    lim: q.limit,
    with_total: q.withTotal,
    statuses: q.statuses,
  }))
  const text = audience === 'public' ? publicPagesSql(columns, tagged) : staffPagesSql(columns)
  const name = `articles.${audience}-pages${withBodies ? '-with-bodies' : ''}`
  return { ...(tagged ? {} : { name }), text, values: [JSON.stringify(spec), now] }
}

// The list specs as a table, materialized so each list's sub-plans run once per list, not once
// per row of the join.
const SPECS = `q AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS q(idx int, all_sections boolean, sections uuid[], tag text, after_pub timestamptz, after_id uuid, lim int, with_total boolean, statuses text[])
  )`

/** Visible rows of `alias` ($2 = now) after the list's keyset position, with the list's tag if `tagged`. */
function publicRowFilter (alias: string, tagged: boolean): string {
  const tag = tagged ? `AND (q.tag IS NULL OR ${alias}.tags @> ARRAY[q.tag])` : ''
  return `${visibleArticleSql(alias, '$2')} AND (${alias}.published_at, ${alias}.id) < (q.after_pub, q.after_id) ${tag}`
}

/**
 * totalCount of a public list. Without a tag: the maintained counts of stored-PUBLISHED rows
 * (section_article_counts, kept by triggers) minus the scheduled ones, which a range scan of the
 * partial index finds (published_at > now: few rows). With a tag: an exact count of the tag's
 * visible rows (the GIN index), which grows with the tag's size.
 */
const PUBLIC_TOTAL = `CASE
    WHEN q.tag IS NOT NULL THEN (SELECT count(*) FROM articles c
       WHERE ${visibleArticleSql('c', '$2')} AND c.tags @> ARRAY[q.tag] AND (q.all_sections OR c.section_id = ANY(q.sections)))
    WHEN q.all_sections THEN (SELECT coalesce(sum(n.published), 0) FROM section_article_counts n)
       - (SELECT count(*) FROM articles f WHERE ${scheduledArticleSql('f', '$2')})
    ELSE (SELECT coalesce(sum(n.published), 0) FROM section_article_counts n WHERE n.section_id = ANY(q.sections))
       - (SELECT count(*) FROM articles f WHERE f.section_id = ANY(q.sections) AND ${scheduledArticleSql('f', '$2')})
  END`

function publicPagesSql (columns: string, tagged: boolean): string {
  return `WITH ${SPECS}
    SELECT q.idx, t.total::text AS total, p.*
      FROM q
      LEFT JOIN LATERAL (SELECT ${PUBLIC_TOTAL} AS total) t ON q.with_total
      LEFT JOIN LATERAL (
        SELECT * FROM (
          (SELECT ${columns} FROM unnest(q.sections) AS s(id)
            CROSS JOIN LATERAL (
              SELECT * FROM articles a
               WHERE a.section_id = s.id AND ${publicRowFilter('a', tagged)}
               ORDER BY a.published_at DESC, a.id DESC
               LIMIT q.lim
            ) a)
          UNION ALL
          (SELECT ${columns} FROM articles a
            WHERE q.all_sections AND ${publicRowFilter('a', tagged)}
            ORDER BY a.published_at DESC, a.id DESC
            LIMIT q.lim)
        ) page
        ORDER BY page."publishedAt" DESC, page.id DESC
        LIMIT q.lim
      ) p ON true
     ORDER BY q.idx, p."publishedAt" DESC, p.id DESC`
}

/**
 * Staff lists: every article that is not deleted, filtered by derived status, drafts placed by
 * creation time (coalesce(publishedAt, createdAt)), so no index order helps; staff traffic is a
 * newsroom's desk, not its readers.
 */
function staffPagesSql (columns: string): string {
  const sortKey = (alias: string): string => `coalesce(${alias}.published_at, ${alias}.created_at)`
  const filter = (alias: string): string => `${alias}.deleted_at IS NULL AND (q.statuses IS NULL
      OR ('DRAFT' = ANY(q.statuses) AND ${alias}.status = 'DRAFT')
      OR ('ARCHIVED' = ANY(q.statuses) AND ${alias}.status = 'ARCHIVED')
      OR ('PUBLISHED' = ANY(q.statuses) AND ${visibleArticleSql(alias, '$2')})
      OR ('SCHEDULED' = ANY(q.statuses) AND ${scheduledArticleSql(alias, '$2')}))
    AND (q.tag IS NULL OR ${alias}.tags @> ARRAY[q.tag])
    AND (q.all_sections OR ${alias}.section_id = ANY(q.sections))`
  return `WITH ${SPECS}
    SELECT q.idx, t.total::text AS total, p.*
      FROM q
      LEFT JOIN LATERAL (SELECT count(*) AS total FROM articles c WHERE ${filter('c')}) t ON q.with_total
      LEFT JOIN LATERAL (
        SELECT ${columns} FROM articles a
         WHERE ${filter('a')} AND (${sortKey('a')}, a.id) < (q.after_pub, q.after_id)
         ORDER BY ${sortKey('a')} DESC, a.id DESC
         LIMIT q.lim
      ) p ON true
     ORDER BY q.idx, coalesce(p."publishedAt", p."createdAt") DESC, p.id DESC`
}

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
        text: `SELECT ${COLUMNS}, ${TREE_VERSION} FROM articles a WHERE a.id = $1 AND ${where}`,
        values: [by.id, now],
      })
      : await this.db.pool.query<ArticleRecord>({
        name: `articles.${audience}-by-slug`,
        text: `SELECT ${COLUMNS}, ${TREE_VERSION} FROM articles a
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
   * Any number of list pages in one SQL statement. Public lists walk the partial index of visible
   * rows of each section (section_id, published_at DESC, id DESC) from the keyset position and stop
   * after `limit` rows, so a page costs O(sections × limit) index reads whatever the number of
   * articles; the per-section walks are merged and cut to `limit`. totalCount reads the maintained
   * per-section counts minus the sections' scheduled rows (see sectionTotalsSql); only a count
   * with a tag or for staff still counts rows.
   */
  async pages (queries: PageQuery[], audience: Audience, now: Date): Promise<PageRows[]> {
    if (queries.length === 0) return []
    const { rows } = await this.db.pool.query<ArticleRecord & { idx: number, total: string | null }>(pagesStatement(queries, audience, now))
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
