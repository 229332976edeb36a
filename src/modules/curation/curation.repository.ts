// Featured slots and breaking flags (issue 18). Reads join the visible articles (the one
// content-state rule) and drop expired slots and flags at read time: nothing expires by a job.
import type { Database, Prisma } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { visibleSql } from '../articles/articles.content-state.ts'
import { articleColumns, type ArticleRecord } from '../articles/articles.row.ts'

export type Tx = Prisma.TransactionClient

/** A slot as editors see it, the article's state included. */
export interface SlotRow {
  articleId: string
  sectionId: string | null
  position: number
  until: Date | null
  placedAt: Date
  placedBy: string | null
  /** shown now: the article is visible and the slot has not expired */
  live: boolean
}

/** What the public front pages show: every list's live featured articles and the breaking list. */
export interface FrontMatterRows {
  featured: Array<ArticleRecord & { list: string | null }>
  breaking: Array<ArticleRecord & { breakingUntil: Date }>
}

/** The most breaking stories any list shows (flags expire; a newsroom runs a handful at once). */
export const MAX_BREAKING = 50

export class CurationRepository {
  constructor (private readonly db: Database) {}

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn)
  }

  /**
   * Every list's live slots (unexpired, visible article) in position order, and the breaking
   * stories (unexpired flag, visible), newest first: one statement, whatever the number of lists.
   */
  async frontMatter (now: Date): Promise<FrontMatterRows> {
    const columns = articleColumns({ bodies: false })
    const { rows } = await this.db.pool.query<ArticleRecord & { kind: 'f' | 'b', list: string | null, ord: number | null, until: Date | null }>(named('curation.front-matter',
      sql`(SELECT 'f' AS kind, f.section_id AS list, f.position AS ord, f.until, ${columns}
             FROM featured_slots f JOIN articles a ON a.id = f.article_id
            WHERE (f.until IS NULL OR f.until > ${now}) AND ${visibleSql('a', now)})
          UNION ALL
          (SELECT 'b', NULL, NULL, b.until, ${columns}
             FROM breaking_flags b JOIN articles a ON a.id = b.article_id
            WHERE b.until > ${now} AND ${visibleSql('a', now)}
            ORDER BY a.published_at DESC, a.id DESC
            LIMIT ${MAX_BREAKING})
          ORDER BY kind DESC, list NULLS FIRST, ord, "publishedAt" DESC, id DESC`))
    const out: FrontMatterRows = { featured: [], breaking: [] }
    for (const { kind, list, ord: _ord, until, ...article } of rows) {
      if (kind === 'f') out.featured.push({ ...article, list })
      else out.breaking.push({ ...article, breakingUntil: until as Date })
    }
    return out
  }

  /** The unexpired breaking flags of these articles (Article.breakingUntil), one statement. */
  async breakingUntil (ids: string[], now: Date): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map()
    const { rows } = await this.db.pool.query<{ id: string, until: Date }>(named('curation.breaking-until',
      sql`SELECT article_id AS id, until FROM breaking_flags WHERE article_id = ANY(${ids}::uuid[]) AND until > ${now}`))
    return new Map(rows.map((r) => [r.id, r.until]))
  }

  /** A list's slots, by position, expired ones and those of articles not visible included (deleted ones not). */
  async slots (sectionId: string | null, now: Date, db: Tx | null = null): Promise<SlotRow[]> {
    const query = sql`SELECT f.article_id AS "articleId", f.section_id AS "sectionId", f.position, f.until, f.placed_at AS "placedAt", f.placed_by AS "placedBy",
             (${visibleSql('a', now)} AND (f.until IS NULL OR f.until > ${now})) AS live
        FROM featured_slots f JOIN articles a ON a.id = f.article_id
       WHERE f.section_id IS NOT DISTINCT FROM ${sectionId}::uuid AND a.deleted_at IS NULL
       ORDER BY f.position, f.placed_at`
    if (db) return db.$queryRaw<SlotRow[]>(query)
    const { rows } = await this.db.pool.query<SlotRow>(named('curation.slots', query))
    return rows
  }

  /** One list's writers wait for each other until their transactions end (positions stay dense). */
  async lockList (tx: Tx, sectionId: string | null): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('news-content-api:featured'), hashtext(${sectionId ?? 'site'}))`
  }

  /** Rewrites a list: `slots` in order become its positions 0, 1, 2… (a slot not in it is removed). */
  async replaceList (tx: Tx, sectionId: string | null, slots: Array<Omit<SlotRow, 'position' | 'sectionId' | 'live'>>): Promise<void> {
    await tx.$executeRaw`DELETE FROM featured_slots WHERE section_id IS NOT DISTINCT FROM ${sectionId}::uuid`
    if (slots.length === 0) return
    await tx.featuredSlot.createMany({
      data: slots.map((s, position) => ({ sectionId, articleId: s.articleId, position, until: s.until, placedAt: s.placedAt, placedBy: s.placedBy })),
    })
  }

  /** The article's section and whether it is visible now; null when it is missing or deleted. */
  async articleState (tx: Tx, id: string, now: Date): Promise<{ sectionId: string, visible: boolean } | null> {
    const rows = await tx.$queryRaw<Array<{ sectionId: string, visible: boolean }>>(
      sql`SELECT a.section_id AS "sectionId", (${visibleSql('a', now)}) AS visible FROM articles a WHERE a.id = ${id}::uuid AND a.deleted_at IS NULL FOR SHARE`)
    return rows[0] ?? null
  }

  /** Flags (or re-flags: announced again when it is, or goes, live) an article until `until`. */
  async flag (tx: Tx, articleId: string, until: Date, at: Date, by: string): Promise<void> {
    await tx.$executeRaw`INSERT INTO breaking_flags (article_id, until, flagged_at, flagged_by, announced_at)
      VALUES (${articleId}::uuid, ${until}, ${at}, ${by}, NULL)
      ON CONFLICT (article_id) DO UPDATE SET until = EXCLUDED.until, flagged_at = EXCLUDED.flagged_at, flagged_by = EXCLUDED.flagged_by,
        announced_at = CASE WHEN breaking_flags.until > ${at} THEN breaking_flags.announced_at END`
  }

  /** Removes a flag; returns whether one was in force (unexpired). */
  async unflag (tx: Tx, articleId: string, now: Date): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ until: Date }>>`DELETE FROM breaking_flags WHERE article_id = ${articleId}::uuid RETURNING until`
    return rows.some((r) => r.until > now)
  }
}
