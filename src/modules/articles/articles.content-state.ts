// The content-state rule (PRODUCT.md "Content state"), written once, in SQL and in TypeScript.
// Stored status is DRAFT, PUBLISHED or ARCHIVED plus publishedAt. Visible: stored PUBLISHED, not
// deleted, publishedAt at or before now. The API's status is derived: PUBLISHED with a future
// publishedAt reads as SCHEDULED, so a scheduled article goes live at its instant with no write.
// `now` is always a bound value from the service's clock, never SQL now(), so tests control time.
// test/articles/content-state.test.ts proves the SQL and TypeScript twins agree.
import { raw, sql, type Sql } from '../../db/sql.ts'

export type StoredStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
export type ArticleState = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | 'ARCHIVED'
export const ARTICLE_STATES: readonly ArticleState[] = ['DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED']

export interface StateFields {
  status: StoredStatus
  publishedAt: Date | null
  /** absent: a row read by a statement that returns no deleted rows */
  deletedAt?: Date | null
}

/** Readers, search, feeds and counts see the article. */
export function isVisible (row: StateFields, now: Date): boolean {
  return row.status === 'PUBLISHED' && (row.deletedAt ?? null) === null && row.publishedAt !== null && row.publishedAt <= now
}

/** Published for a future instant: live then, with no write. */
export function isScheduled (row: StateFields, now: Date): boolean {
  return row.status === 'PUBLISHED' && (row.deletedAt ?? null) === null && row.publishedAt !== null && row.publishedAt > now
}

/** The API's status. (A deleted article has none that anyone reads: it is gone everywhere.) */
export function stateOf (row: StateFields, now: Date): ArticleState {
  return row.status === 'PUBLISHED' && row.publishedAt !== null && row.publishedAt > now ? 'SCHEDULED' : row.status
}

const col = (alias: string, column: string): Sql => raw(`${alias}.${column}`)

/** SQL twin of isVisible over the articles row `alias`. */
export function visibleSql (alias: string, now: Date): Sql {
  return sql`${col(alias, 'status')} = 'PUBLISHED' AND ${col(alias, 'deleted_at')} IS NULL AND ${col(alias, 'published_at')} <= ${now}`
}

/** SQL twin of isScheduled. Visible and scheduled rows together are every stored-PUBLISHED, not deleted one. */
export function scheduledSql (alias: string, now: Date): Sql {
  return sql`${col(alias, 'status')} = 'PUBLISHED' AND ${col(alias, 'deleted_at')} IS NULL AND ${col(alias, 'published_at')} > ${now}`
}

/** SQL twin of stateOf, as text. */
export function stateSql (alias: string, now: Date): Sql {
  return sql`CASE WHEN ${col(alias, 'status')} = 'PUBLISHED' AND ${col(alias, 'published_at')} > ${now} THEN 'SCHEDULED' ELSE ${col(alias, 'status')}::text END`
}
