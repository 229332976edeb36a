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

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn, { timeout: 30_000 })
  }

  /** The import record of a source, locked until the transaction ends (two runs never race on a page). */
  async find (tx: Tx, source: string): Promise<ImportRecord | null> {
    const rows = await tx.$queryRaw<ImportRecord[]>`
      SELECT source, article_id AS "articleId", file_name AS "fileName", content_hash AS "contentHash",
             article_version AS "articleVersion", captured_at AS "capturedAt"
        FROM article_imports WHERE source = ${source} FOR UPDATE`
    return rows[0] ?? null
  }

  /** Takes the source's lock before its record exists: the first of two runs creates the article. */
  async lockSource (tx: Tx, source: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('news-content-api:import'), hashtext(${source}))`
  }

  async save (tx: Tx, record: ImportRecord, at: Date): Promise<void> {
    await tx.articleImport.upsert({
      where: { source: record.source },
      create: { ...record, importedAt: at },
      update: { articleId: record.articleId, fileName: record.fileName, contentHash: record.contentHash, articleVersion: record.articleVersion, capturedAt: record.capturedAt, importedAt: at },
    })
  }
}
