// What the answers must contain, asked of the bench database directly with the plainest SQL
// (newest visible first: published_at desc, id desc), so a wrong answer from the service's
// optimised statements cannot pass as a fast one. Only "visible" is shared with the service:
// it is the domain's one definition, not an implementation detail.
import type pg from 'pg'
import { sql } from '../../src/db/sql.ts'
import { visibleSql } from '../../src/modules/articles/articles.content-state.ts'

export interface SectionRow { id: string, slug: string, name: string, parentId: string | null }

export interface Tree {
  /** top-level sections in the order the API lists them (position, name) */
  roots: SectionRow[]
  all: SectionRow[]
  /** the section and everything below it */
  subtree: (id: string) => string[]
}

export async function loadTree (db: pg.Pool): Promise<Tree> {
  const { rows } = await db.query<SectionRow>(
    'SELECT id, slug, name, parent_id AS "parentId" FROM sections ORDER BY position, name')
  const children = new Map<string, string[]>()
  for (const s of rows) if (s.parentId) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s.id])
  const subtree = (id: string): string[] => [id, ...(children.get(id) ?? []).flatMap(subtree)]
  return { roots: rows.filter((s) => s.parentId === null), all: rows, subtree }
}

/** Ids of the visible articles of these sections (null: all), newest first, one page. */
export async function newestIds (db: pg.Pool, sections: string[] | null, now: Date, limit: number, offset = 0): Promise<string[]> {
  const q = sql`
    SELECT a.id FROM articles a
     WHERE (${sections}::uuid[] IS NULL OR a.section_id = ANY(${sections}::uuid[])) AND ${visibleSql('a', now)}
     ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`
  const { rows } = await db.query<{ id: string }>(q.text, q.values)
  return rows.map((r) => r.id)
}

export async function countVisible (db: pg.Pool, sections: string[] | null, now: Date): Promise<number> {
  const q = sql`
    SELECT count(*)::int AS n FROM articles a WHERE (${sections}::uuid[] IS NULL OR a.section_id = ANY(${sections}::uuid[])) AND ${visibleSql('a', now)}`
  const { rows } = await db.query<{ n: number }>(q.text, q.values)
  return rows[0]?.n ?? 0
}

/** The newest visible articles of the whole site: what readers open most. */
export async function newestArticles (db: pg.Pool, now: Date, limit: number): Promise<Array<{ id: string, slug: string }>> {
  const q = sql`
    SELECT a.id, a.slug FROM articles a WHERE ${visibleSql('a', now)}
     ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}`
  const { rows } = await db.query<{ id: string, slug: string }>(q.text, q.values)
  return rows
}

export async function articleBySlug (db: pg.Pool, slug: string): Promise<{ id: string, sectionId: string } | undefined> {
  const { rows } = await db.query<{ id: string, sectionId: string }>(
    'SELECT id, section_id AS "sectionId" FROM articles WHERE slug = $1', [slug])
  return rows[0]
}

/**
 * An article's public thread: approved top-level comments oldest first, and the count readers
 * see (approved comments plus approved replies whose top-level comment is approved).
 */
export async function approvedComments (db: pg.Pool, articleId: string, limit: number): Promise<{ ids: string[], count: number }> {
  const { rows } = await db.query<{ id: string }>(`
    SELECT id FROM comments WHERE article_id = $1 AND parent_id IS NULL AND status = 'APPROVED'
     ORDER BY created_at, id LIMIT $2`, [articleId, limit])
  const counted = await db.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM comments c
      LEFT JOIN comments top ON top.id = c.parent_id
     WHERE c.article_id = $1 AND c.status = 'APPROVED' AND (c.parent_id IS NULL OR top.status = 'APPROVED')`, [articleId])
  return { ids: rows.map((r) => r.id), count: counted.rows[0]?.n ?? 0 }
}

/**
 * The section whose list (with its subsections) is longest: where deep pages hurt most. A
 * top-level section's list holds its subsections' articles, so only those can be the longest.
 */
export async function largestSection (db: pg.Pool, tree: Tree, now: Date): Promise<{ section: SectionRow, total: number }> {
  let best: { section: SectionRow, total: number } | undefined
  for (const section of tree.roots) {
    const total = await countVisible(db, tree.subtree(section.id), now)
    if (!best || total > best.total) best = { section, total }
  }
  if (!best) throw new Error('the bench database has no sections')
  return best
}
