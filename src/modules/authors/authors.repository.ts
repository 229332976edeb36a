import type { Database } from '../../db/database.ts'
import { Prisma, type Author as AuthorRow } from '../../generated/prisma/client.ts'
import type { ImageValue } from '../articles/articles.row.ts'

export type Tx = Prisma.TransactionClient

/** An author as reads return it. */
export type AuthorRecord = Omit<AuthorRow, 'avatar'> & { avatar: ImageValue | null }

const toRecord = (row: AuthorRow): AuthorRecord => ({ ...row, avatar: row.avatar as ImageValue | null })

export interface AuthorData { name?: string, slug?: string, bio?: string | null, avatar?: ImageValue | null }

export class AuthorsRepository {
  constructor (private readonly db: Database) {}

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn)
  }

  async find (by: { id: string } | { slug: string }): Promise<AuthorRecord | null> {
    const row = await this.db.prisma.author.findUnique({ where: 'id' in by ? { id: by.id } : { slug: by.slug } })
    return row ? toRecord(row) : null
  }

  /** Many authors by id, one statement. */
  async findMany (ids: string[]): Promise<AuthorRecord[]> {
    if (ids.length === 0) return []
    return (await this.db.prisma.author.findMany({ where: { id: { in: ids } } })).map(toRecord)
  }

  /** Every author by name (a newsroom has tens or hundreds), at most `limit`. */
  async list (limit: number): Promise<AuthorRecord[]> {
    return (await this.db.prisma.author.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit })).map(toRecord)
  }

  /** A slug's lock until the transaction ends, then whether another author has it. */
  async slugTaken (tx: Tx, slug: string, except: string | null): Promise<boolean> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('news-content-api:author-slug'), hashtext(${slug}))`
    const row = await tx.author.findUnique({ where: { slug }, select: { id: true } })
    return row !== null && row.id !== except
  }

  async create (tx: Tx, data: Required<Pick<AuthorData, 'name' | 'slug'>> & AuthorData, at: Date): Promise<AuthorRecord> {
    return toRecord(await tx.author.create({ data: { ...data, avatar: data.avatar ? { ...data.avatar } : undefined, createdAt: at, updatedAt: at } }))
  }

  /** The author locked for the transaction; null when there is none. */
  async lock (tx: Tx, id: string): Promise<AuthorRecord | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM authors WHERE id = ${id}::uuid FOR UPDATE`
    if (rows.length === 0) return null
    const row = await tx.author.findUnique({ where: { id } })
    return row ? toRecord(row) : null
  }

  async update (tx: Tx, id: string, data: AuthorData, at: Date): Promise<AuthorRecord> {
    const { avatar, ...rest } = data
    return toRecord(await tx.author.update({
      where: { id },
      data: { ...rest, ...(avatar === undefined ? {} : { avatar: avatar === null ? Prisma.DbNull : { ...avatar } }), updatedAt: at },
    }))
  }

  /** Articles (not deleted) that still credit the author. */
  async creditedOn (tx: Tx, id: string): Promise<number> {
    const rows = await tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM articles WHERE author_ids @> ARRAY[${id}::uuid] AND deleted_at IS NULL`
    return rows[0]?.n ?? 0
  }

  /** Deletes the author and takes it off deleted articles (their revisions keep the id). */
  async delete (tx: Tx, id: string): Promise<void> {
    await tx.$executeRaw`UPDATE articles SET author_ids = array_remove(author_ids, ${id}::uuid) WHERE author_ids @> ARRAY[${id}::uuid] AND deleted_at IS NOT NULL`
    await tx.author.delete({ where: { id } })
  }
}
