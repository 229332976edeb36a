// The one definition of "visible" (PRODUCT.md "Content state"): stored PUBLISHED, not deleted,
// and publishedAt at or before now. Scheduled articles go live at their instant with no write.
// `now` is always a bound parameter from the service's clock, never SQL now(), so tests control time.

/** SQL predicate over the articles row `alias`; `nowParam` is the placeholder holding now, e.g. "$1". */
export function visibleArticleSql (alias: string, nowParam: string): string {
  return `${alias}.status = 'PUBLISHED' AND ${alias}.deleted_at IS NULL AND ${alias}.published_at <= ${nowParam}`
}

/**
 * SQL predicate: stored PUBLISHED, not deleted, publishedAt after now: what the API calls
 * SCHEDULED. Visible and scheduled rows together are every stored-PUBLISHED, not deleted one.
 */
export function scheduledArticleSql (alias: string, nowParam: string): string {
  return `${alias}.status = 'PUBLISHED' AND ${alias}.deleted_at IS NULL AND ${alias}.published_at > ${nowParam}`
}
