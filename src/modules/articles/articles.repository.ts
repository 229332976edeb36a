import type { Database } from '../../db/database.ts'
import { collectPages, keysetPagesSql, type PageRows as KeysetPage, type PageSpec } from '../../db/keyset-pages.ts'
import { empty, named, raw, sql, type Sql } from '../../db/sql.ts'
import { firstThreadPageSql, threadRowsFromJson } from '../comments/comments.repository.ts'
import { articleColumns, TREE_VERSION_COLUMN, type ArticleRecord, type ImageValue } from './articles.row.ts'
import { scheduledSql, stateSql, visibleSql } from './articles.content-state.ts'

export type { ArticleRecord, ImageValue }

/** One page request of a list: newest publishedAt first, then id, after a keyset position. */
export interface PageQuery {
  /** null: every section */
  sectionIds: string[] | null
  tag: string | null
  /** credited author (authors.id), or null */
  authorId: string | null
  /**
   * keyset: rows strictly after (publishedAt, id) in the list's order, or with `backward` strictly
   * before it (null: from the list's end), fetched nearest first (the service puts them back in order)
   */
  after: { publishedAt: Date, id: string } | null
  backward?: boolean
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

export type PageRows = KeysetPage<ArticleRecord>

/** Keyset bounds before the first row: every visible row sorts before them (and, walking backward, after the last). */
const FIRST_PUBLISHED_AT = 'infinity'
const FIRST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff'
const LAST_PUBLISHED_AT = '-infinity'
const LAST_ID = '00000000-0000-0000-0000-000000000000'

/** The comparison and order of a walk: list order (newest first), or backward from a cursor. */
const walk = (backward: boolean) => ({ cmp: raw(backward ? '>' : '<'), ord: raw(backward ? 'ASC' : 'DESC') })

/**
 * The statement behind ArticlesRepository.pages, exposed so that tests and the benchmark can
 * EXPLAIN exactly what the service sends. Lists with a tag go unnamed: PostgreSQL then plans them
 * with the tag's own statistics (a rare tag is found through the GIN index, a common one by
 * walking the list order), which one cached generic plan could not do for every tag.
 */
export function pagesStatement (queries: PageQuery[], audience: Audience, now: Date): { name?: string, text: string, values: unknown[] } {
  const withBodies = queries.some((q) => q.withBodies)
  const tagged = queries.some((q) => q.tag !== null || q.authorId !== null)
  const backward = queries.some((q) => q.backward === true)
  if (queries.some((q) => (q.backward === true) !== backward)) throw new Error('one statement walks one way: split forward and backward pages')
  const columns = articleColumns({ bodies: withBodies })
  const query = keysetPagesSql(specsOf(queries), audience === 'public' ? publicParts(columns, tagged, now, backward) : staffParts(columns, now, backward))
  const statement = named(`articles.${audience}-pages${withBodies ? '-with-bodies' : ''}${backward ? '-backward' : ''}`, query)
  return tagged ? { text: statement.text, values: statement.values } : statement
}

const SPEC_COLUMNS = 'all_sections boolean, sections uuid[], tag text, author uuid, after_pub timestamptz, after_id uuid, statuses text[]'

function specsOf (queries: PageQuery[]): PageSpec[] {
  return queries.map((q, idx) => ({
    idx,
    lim: q.limit,
    with_total: q.withTotal,
    all_sections: q.sectionIds === null,
    sections: q.sectionIds ?? [],
    tag: q.tag,
    author: q.authorId,
    after_pub: q.after?.publishedAt.toISOString() ?? (q.backward ? LAST_PUBLISHED_AT : FIRST_PUBLISHED_AT),
    after_id: q.after?.id ?? (q.backward ? LAST_ID : FIRST_ID),
    statuses: q.statuses,
  }))
}

/** Visible rows of `alias` after the list's keyset position, with the list's tag and author if `tagged`. */
function publicRowFilter (alias: string, tagged: boolean, now: Date, backward: boolean): Sql {
  const a = (column: string): Sql => raw(`${alias}.${column}`)
  const tag = tagged ? sql`AND (q.tag IS NULL OR ${a('tags')} @> ARRAY[q.tag]) AND (q.author IS NULL OR ${a('author_ids')} @> ARRAY[q.author])` : empty
  return sql`${visibleSql(alias, now)} AND (${a('published_at')}, ${a('id')}) ${walk(backward).cmp} (q.after_pub, q.after_id) ${tag}`
}

/**
 * totalCount of a public list. Without a tag: the maintained counts of stored-PUBLISHED rows
 * (section_article_counts, kept by triggers) minus the scheduled ones, which a range scan of the
 * partial index finds (published_at > now: few rows). With a tag: an exact count of the tag's
 * visible rows (the GIN index), which grows with the tag's size.
 */
const publicTotal = (now: Date): Sql => sql`CASE
    WHEN q.tag IS NOT NULL OR q.author IS NOT NULL THEN (SELECT count(*) FROM articles c
       WHERE ${visibleSql('c', now)} AND (q.tag IS NULL OR c.tags @> ARRAY[q.tag]) AND (q.author IS NULL OR c.author_ids @> ARRAY[q.author])
         AND (q.all_sections OR c.section_id = ANY(q.sections)))
    WHEN q.all_sections THEN (SELECT coalesce(sum(n.published), 0) FROM section_article_counts n)
       - (SELECT count(*) FROM articles f WHERE ${scheduledSql('f', now)})
    ELSE (SELECT coalesce(sum(n.published), 0) FROM section_article_counts n WHERE n.section_id = ANY(q.sections))
       - (SELECT count(*) FROM articles f WHERE f.section_id = ANY(q.sections) AND ${scheduledSql('f', now)})
  END`

function publicParts (columns: Sql, tagged: boolean, now: Date, backward: boolean): Parameters<typeof keysetPagesSql>[1] {
  const { ord } = walk(backward)
  // Two phases: the walks read (published_at, id) only, which the partial indexes hold (an
  // index-only scan on an all-visible table), and only the page's own rows are then read from
  // the table, instead of every row each walk passed (a tag filter reads the rows it tests).
  const page = sql`SELECT ${columns} FROM (
      SELECT k.id FROM (
        (SELECT a.id, a.published_at FROM unnest(q.sections) AS s(id)
          CROSS JOIN LATERAL (
            SELECT a.id, a.published_at FROM articles a
             WHERE a.section_id = s.id AND ${publicRowFilter('a', tagged, now, backward)}
             ORDER BY a.published_at ${ord}, a.id ${ord}
             LIMIT q.lim
          ) a)
        UNION ALL
        (SELECT a.id, a.published_at FROM articles a
          WHERE q.all_sections AND ${publicRowFilter('a', tagged, now, backward)}
          ORDER BY a.published_at ${ord}, a.id ${ord}
          LIMIT q.lim)
      ) k
      ORDER BY k.published_at ${ord}, k.id ${ord}
      LIMIT q.lim
    ) k
    JOIN articles a ON a.id = k.id`
  return { columns: SPEC_COLUMNS, page, total: publicTotal(now), order: backward ? 'p."publishedAt" ASC, p.id ASC' : 'p."publishedAt" DESC, p.id DESC' }
}

/**
 * Staff lists: every article that is not deleted, filtered by derived status, drafts placed by
 * creation time (coalesce(publishedAt, createdAt)), so no index order helps; staff traffic is a
 * newsroom's desk, not its readers.
 */
function staffParts (columns: Sql, now: Date, backward: boolean): Parameters<typeof keysetPagesSql>[1] {
  const { cmp, ord } = walk(backward)
  const filter = (alias: string): Sql => {
    const a = (column: string): Sql => raw(`${alias}.${column}`)
    return sql`${a('deleted_at')} IS NULL AND (q.statuses IS NULL OR ${stateSql(alias, now)} = ANY(q.statuses))
      AND (q.tag IS NULL OR ${a('tags')} @> ARRAY[q.tag])
      AND (q.author IS NULL OR ${a('author_ids')} @> ARRAY[q.author])
      AND (q.all_sections OR ${a('section_id')} = ANY(q.sections))`
  }
  const page = sql`SELECT ${columns} FROM articles a
     WHERE ${filter('a')} AND (coalesce(a.published_at, a.created_at), a.id) ${cmp} (q.after_pub, q.after_id)
     ORDER BY coalesce(a.published_at, a.created_at) ${ord}, a.id ${ord}
     LIMIT q.lim`
  return { columns: SPEC_COLUMNS, page, total: sql`(SELECT count(*) FROM articles c WHERE ${filter('c')})`, order: `coalesce(p."publishedAt", p."createdAt") ${backward ? 'ASC' : 'DESC'}, p.id ${backward ? 'ASC' : 'DESC'}` }
}

/** Which rows of `a` an audience may read: visible ones, or every one not deleted. */
const audienceWhere = (audience: Audience, now: Date): Sql => audience === 'public' ? visibleSql('a', now) : sql`a.deleted_at IS NULL`

export class ArticlesRepository {
  constructor (private readonly db: Database) {}

  /**
   * An article by id, or by current or former slug, in one statement: visible ones for the
   * public, any article that is not deleted for staff.
   */
  async find (by: { id: string } | { slug: string }, audience: Audience, now: Date, opts: { comments?: number } = {}): Promise<ArticleRecord | null> {
    const limit = opts.comments
    const comments = limit === undefined ? empty : sql`, ${firstThreadPageSql('a', limit)} AS "firstComments"`
    const match = 'id' in by
      ? sql`a.id = ${by.id}::uuid`
      : sql`(a.slug = ${by.slug} OR a.id = (SELECT s.article_id FROM article_slugs s WHERE s.slug = ${by.slug}))`
    const { rows } = await this.db.pool.query<Omit<ArticleRecord, 'firstComments'> & { firstComments?: unknown }>(named(
      `articles.${audience}-by-${'id' in by ? 'id' : 'slug'}${limit === undefined ? '' : '-with-comments'}`,
      sql`SELECT ${articleColumns({ bodies: true })}, ${TREE_VERSION_COLUMN}${comments}
            FROM articles a WHERE ${match} AND ${audienceWhere(audience, now)} LIMIT 1`))
    const row = rows[0]
    if (!row) return null
    const { firstComments, ...article } = row
    if (limit === undefined) return article
    return { ...article, firstComments: { limit, rows: threadRowsFromJson(firstComments as Parameters<typeof threadRowsFromJson>[0]) } }
  }

  /** Many articles by id as `audience` may see them, in one statement (bodies left out). */
  async findMany (ids: string[], audience: Audience, now: Date): Promise<ArticleRecord[]> {
    if (ids.length === 0) return []
    const { rows } = await this.db.pool.query<ArticleRecord>(named(`articles.${audience}-by-ids`,
      sql`SELECT ${articleColumns({ bodies: false })} FROM articles a WHERE a.id = ANY(${ids}::uuid[]) AND ${audienceWhere(audience, now)}`))
    return rows
  }

  /** Paragraphs of articles whose list row came without them (a fallback; lists usually ask up front). */
  async paragraphs (ids: string[]): Promise<Map<string, string[]>> {
    const { rows } = await this.db.pool.query<{ id: string, paragraphs: string[] }>(named('articles.paragraphs',
      sql`SELECT id, paragraphs FROM articles WHERE id = ANY(${ids}::uuid[])`))
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
    return collectPages(specsOf(queries), rows)
  }
}
