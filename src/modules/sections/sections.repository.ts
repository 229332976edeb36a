import type { Database, Prisma } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'
import { visibleSql } from '../articles/articles.content-state.ts'

export interface SectionRecord {
  id: string
  slug: string
  name: string
  position: number
  parentId: string | null
}

/** The tree's rows at a version; rows is null when the version is the one the caller already holds. */
export interface TreeRows { version: string, rows: SectionRecord[] | null }

type Tx = Prisma.TransactionClient

const SELECT = { id: true, slug: true, name: true, position: true, parentId: true } as const

export class SectionsRepository {
  constructor (private readonly db: Database) {}

  /** A transaction holding the section-tree lock: tree writes run one at a time. */
  treeTransaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(async (tx) => {
      await this.lockTree(tx)
      return fn(tx)
    })
  }

  /** The section-tree lock, until the transaction ends: one tree writer at a time. */
  async lockTree (tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('news-content-api:sections'))`
  }

  /** The children of a section (null: the top level). */
  children (tx: Tx, parentId: string | null): Promise<SectionRecord[]> {
    return tx.section.findMany({ where: { parentId }, select: SELECT, orderBy: [{ position: 'asc' }, { name: 'asc' }] })
  }

  findById (tx: Tx, id: string): Promise<SectionRecord | null> {
    return tx.section.findUnique({ where: { id }, select: SELECT })
  }

  async slugTaken (tx: Tx, slug: string, except?: string): Promise<boolean> {
    const row = await tx.section.findUnique({ where: { slug }, select: { id: true } })
    return row !== null && row.id !== except
  }

  create (tx: Tx, data: { name: string, slug: string, parentId: string | null }): Promise<SectionRecord> {
    return tx.section.create({ data: { ...data, position: 0 }, select: SELECT })
  }

  async update (tx: Tx, id: string, data: { name?: string, slug?: string, parentId: string | null, updatedAt: Date }): Promise<void> {
    await tx.section.update({ where: { id }, data })
  }

  countChildren (tx: Tx, id: string): Promise<number> {
    return tx.section.count({ where: { parentId: id } })
  }

  countLiveArticles (tx: Tx, id: string): Promise<number> {
    return tx.article.count({ where: { sectionId: id, deletedAt: null } })
  }

  /** Deletes the section and the tombstones of its deleted articles. */
  async delete (tx: Tx, id: string): Promise<void> {
    await tx.article.deleteMany({ where: { sectionId: id, deletedAt: { not: null } } })
    await tx.section.delete({ where: { id } })
  }

  /** The section and its ancestors' ids (empty when there is no such section). */
  async selfAndAncestors (tx: Tx, id: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH RECURSIVE up(id, parent_id) AS (
        SELECT id, parent_id FROM sections WHERE id = ${id}::uuid
        UNION
        SELECT s.id, s.parent_id FROM sections s JOIN up ON s.id = up.parent_id
      ) SELECT id FROM up`
    return rows.map((r) => r.id)
  }

  siblings (tx: Tx, parentId: string | null, except: string | null): Promise<Array<{ id: string, position: number }>> {
    return tx.section.findMany({
      where: { parentId, ...(except ? { id: { not: except } } : {}) },
      orderBy: [{ position: 'asc' }, { name: 'asc' }],
      select: { id: true, position: true },
    })
  }

  async setPositions (tx: Tx, positions: Array<{ id: string, position: number }>): Promise<void> {
    if (positions.length === 0) return
    await tx.$executeRaw`
      UPDATE sections s SET position = v.position
        FROM unnest(${positions.map((p) => p.id)}::uuid[], ${positions.map((p) => p.position)}::int[]) AS v(id, position)
       WHERE s.id = v.id`
  }

  /**
   * The section tree's version and, unless it is `known` (the version the caller holds), its rows,
   * in one statement: an unchanged tree costs one row.
   */
  async tree (known: string | null): Promise<TreeRows> {
    const { rows } = await this.db.pool.query<SectionRecord & { version: string }>({
      name: 'sections.tree',
      text: `SELECT v.version::text AS version, s.id, s.slug, s.name, s.position, s.parent_id AS "parentId"
               FROM section_tree_version v
               LEFT JOIN sections s ON v.version IS DISTINCT FROM $1::bigint
              WHERE v.id = 1
              ORDER BY s.position, s.name`,
      values: [known],
    })
    const version = rows[0]?.version
    if (version === undefined) throw new Error('section_tree_version row is missing: the database is not migrated')
    if (version === known) return { version, rows: null }
    return { version, rows: rows.filter((r) => r.id !== null).map(({ version: _v, ...row }) => row) }
  }

  /**
   * For each given section: its last recorded change and the newest visible publishedAt of its own
   * articles, in one statement.
   */
  async freshness (sectionIds: string[], now: Date): Promise<Map<string, { changedAt: Date | null, latest: Date | null }>> {
    const { rows } = await this.db.pool.query<{ id: string, changedAt: Date | null, latest: Date | null }>(named('sections.freshness',
      sql`SELECT s.id, s.content_changed_at AS "changedAt",
                 (SELECT max(a.published_at) FROM articles a WHERE a.section_id = s.id AND ${visibleSql('a', now)}) AS latest
            FROM sections s WHERE s.id = ANY(${sectionIds}::uuid[])`))
    return new Map(rows.map(({ id, ...times }) => [id, times]))
  }
}
