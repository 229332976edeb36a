// What each imported legacy page became (migration 20261202170000_article_imports).
import type { Database, Prisma } from '../../db/database.ts'

type Tx = Prisma.TransactionClient

export interface ImportRecord {
  source: string
  articleId: string
  fileName: string
  contentHash: string
  articleVersion: number
  capturedAt: Date | null
}

export class ImportsRepository {
  constructor (private readonly db: Database) {}

  /**
   * A page's transaction, holding the page source's lock (two runs never race on a page; the first
   * creates the article). Its commit does not wait for the WAL flush (synchronous_commit off, for
   * this transaction only): a crash may lose the last pages committed, never half a page, and the
   * next run imports them again. Measured: the flush was most of a page's time. The search
   * documents of the articles it creates are left to buildSearch (news.search_deferred).
   */
  pageTransaction<T> (source: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('synchronous_commit', 'off', true), set_config('news.search_deferred', 'on', true),
        pg_advisory_xact_lock(hashtext('news-content-api:import'), hashtext(${source}))`
      return fn(tx)
    }, { timeout: 30_000 })
  }

  /** Search documents of the articles an import created (one statement for a chunk of pages). */
  async buildSearch (articleIds: string[]): Promise<void> {
    if (articleIds.length > 0) await this.db.pool.query('SELECT article_search_build($1::uuid[])', [articleIds])
  }

  /** Search documents missing after an import that stopped between a page and its chunk's build. */
  async buildMissingSearch (): Promise<void> {
    await this.db.pool.query(`SELECT article_search_build(ARRAY(
      SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id)))`)
  }

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn, { timeout: 30_000 })
  }

  /** What the sources became, in one statement (deleted: the article was deleted since). */
  async known (sources: string[]): Promise<Map<string, ImportRecord & { deleted: boolean }>> {
    if (sources.length === 0) return new Map()
    const { rows } = await this.db.pool.query<ImportRecord & { deleted: boolean }>(`
      SELECT i.source, i.article_id AS "articleId", i.file_name AS "fileName", i.content_hash AS "contentHash",
             i.article_version AS "articleVersion", i.captured_at AS "capturedAt", (a.id IS NULL OR a.deleted_at IS NOT NULL) AS deleted
        FROM article_imports i LEFT JOIN articles a ON a.id = i.article_id
       WHERE i.source = ANY($1::text[])`, [sources])
    return new Map(rows.map((r) => [r.source, r]))
  }

  /** The import record of a source, locked until the transaction ends (two runs never race on a page). */
  async find (tx: Tx, source: string): Promise<ImportRecord | null> {
    const rows = await tx.$queryRaw<ImportRecord[]>`
      SELECT source, article_id AS "articleId", file_name AS "fileName", content_hash AS "contentHash",
             article_version AS "articleVersion", captured_at AS "capturedAt"
        FROM article_imports WHERE source = ${source} FOR UPDATE`
    return rows[0] ?? null
  }

  async save (tx: Tx, r: ImportRecord, at: Date): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO article_imports (source, article_id, file_name, content_hash, article_version, captured_at, imported_at)
      VALUES (${r.source}, ${r.articleId}::uuid, ${r.fileName}, ${r.contentHash}, ${r.articleVersion}, ${r.capturedAt}, ${at})
      ON CONFLICT (source) DO UPDATE SET article_id = excluded.article_id, file_name = excluded.file_name, content_hash = excluded.content_hash,
        article_version = excluded.article_version, captured_at = excluded.captured_at, imported_at = excluded.imported_at`
  }
}
