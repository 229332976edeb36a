import type { Database } from '../../db/database.ts'
import { Prisma, type Article as ArticleRow } from '../../generated/prisma/client.ts'

export type { ArticleRow }
export type Tx = Prisma.TransactionClient

export interface RevisionRow {
  articleId: string
  version: number
  snapshot: Record<string, unknown>
  editedBy: string | null
  editedAt: Date
  replacedBy: string | null
  replacedAt: Date
}

/** What a write may set on an article row. */
export type ArticleData = Partial<Pick<ArticleRow,
  'slug' | 'title' | 'summary' | 'paragraphs' | 'language' | 'tags' | 'authorIds' | 'byline' | 'source' | 'status' |
  'publishedAt' | 'firstPublishedAt' | 'deletedAt' | 'sectionId'>> & { image?: Prisma.InputJsonValue | null }

export class ArticleWritesRepository {
  constructor (private readonly db: Database) {}

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn)
  }

  /**
   * A slug's lock, until the transaction ends, taken before asking who owns it: two writers never
   * claim the same slug, and writers of different slugs never wait on each other (an import
   * creates articles side by side). Former slugs (article_slugs) have no unique index shared with
   * articles.slug, so the lock, not a constraint, keeps the two apart.
   */
  async lockSlug (tx: Tx, slug: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('news-content-api:article-slug'), hashtext(${slug}))`
  }

  /** The article, locked against concurrent writers until the transaction ends; null if missing or deleted. */
  async lock (tx: Tx, id: string): Promise<ArticleRow | null> {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM articles WHERE id = ${id}::uuid AND deleted_at IS NULL FOR UPDATE`
    if (locked.length === 0) return null
    return tx.article.findUnique({ where: { id } })
  }

  /** The article that owns a slug, as its current or a former slug (call with the slug locked). */
  async slugOwner (tx: Tx, slug: string): Promise<string | null> {
    const rows = await tx.$queryRaw<Array<{ id: string | null }>>`
      SELECT coalesce((SELECT id FROM articles WHERE slug = ${slug}), (SELECT article_id FROM article_slugs WHERE slug = ${slug})) AS id`
    return rows[0]?.id ?? null
  }

  /** Which of these author ids name no author; the others are locked (FOR KEY SHARE) against deletion. */
  async missingAuthors (tx: Tx, ids: string[]): Promise<string[]> {
    const found = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM authors WHERE id = ANY(${ids}::uuid[]) FOR KEY SHARE`
    const known = new Set(found.map((r) => r.id))
    return ids.filter((id) => !known.has(id))
  }

  async sectionExists (tx: Tx, id: string): Promise<boolean> {
    return (await tx.section.findUnique({ where: { id }, select: { id: true } })) !== null
  }

  create (tx: Tx, data: ArticleData & Pick<ArticleRow, 'slug' | 'title' | 'paragraphs' | 'language' | 'sectionId'> & { updatedBy: string, createdAt: Date, updatedAt: Date }): Promise<ArticleRow> {
    return tx.article.create({ data: { ...data, image: data.image ?? undefined } })
  }

  /** Applies `data`, bumps the version, stamps updatedAt/updatedBy. */
  update (tx: Tx, id: string, data: ArticleData, by: { at: Date, name: string }): Promise<ArticleRow> {
    const { image, ...rest } = data
    return tx.article.update({
      where: { id },
      data: {
        ...rest,
        ...(image === undefined ? {} : { image: image === null ? Prisma.DbNull : image }),
        version: { increment: 1 },
        updatedAt: by.at,
        updatedBy: by.name,
      },
    })
  }

  /** Keeps `oldSlug` resolving to the article; a slug it takes back stops being a former one. */
  async moveSlug (tx: Tx, articleId: string, oldSlug: string, newSlug: string): Promise<void> {
    await tx.articleSlug.deleteMany({ where: { slug: newSlug, articleId } })
    await tx.articleSlug.create({ data: { slug: oldSlug, articleId } })
  }

  async addRevision (tx: Tx, revision: RevisionRow): Promise<void> {
    await tx.articleRevision.create({ data: { ...revision, snapshot: revision.snapshot as Prisma.InputJsonObject } })
  }

  /** Revisions of many articles in one statement, newest first. */
  async revisions (articleIds: string[]): Promise<Map<string, RevisionRow[]>> {
    const rows = await this.db.prisma.articleRevision.findMany({
      where: { articleId: { in: articleIds } },
      orderBy: [{ articleId: 'asc' }, { version: 'desc' }],
    })
    const out = new Map<string, RevisionRow[]>()
    for (const row of rows) {
      const list = out.get(row.articleId) ?? []
      list.push({ ...row, snapshot: row.snapshot as Record<string, unknown> })
      out.set(row.articleId, list)
    }
    return out
  }
}
