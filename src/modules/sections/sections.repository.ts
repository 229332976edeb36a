import type { Database } from '../../db/database.ts'
import { visibleArticleSql } from '../articles/articles.visibility.ts'

export interface SectionRecord {
  id: string
  slug: string
  name: string
  position: number
  parentId: string | null
  /** last recorded change to this section or its own articles (not its subtree) */
  contentChangedAt: Date | null
}

export class SectionsRepository {
  constructor (private readonly db: Database) {}

  async all (): Promise<SectionRecord[]> {
    const { rows } = await this.db.pool.query<SectionRecord>({
      name: 'sections.all',
      text: `SELECT id, slug, name, position, parent_id AS "parentId", content_changed_at AS "contentChangedAt"
               FROM sections ORDER BY position, name`,
    })
    return rows
  }

  /** Newest visible publishedAt of each given section's own articles, in one statement. */
  async latestVisiblePublishedAt (sectionIds: string[], now: Date): Promise<Map<string, Date>> {
    const { rows } = await this.db.pool.query<{ id: string, latest: Date | null }>({
      name: 'sections.latest-visible',
      text: `SELECT s.id, (SELECT max(a.published_at) FROM articles a WHERE a.section_id = s.id AND ${visibleArticleSql('a', '$2')}) AS latest
               FROM unnest($1::uuid[]) AS s(id)`,
      values: [sectionIds, now],
    })
    const out = new Map<string, Date>()
    for (const row of rows) if (row.latest) out.set(row.id, row.latest)
    return out
  }
}
