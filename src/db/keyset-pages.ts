// Many keyset pages in one statement, the frame shared by article lists and comment threads.
//
// Each page request becomes one row of a spec table (a JSON array bound as one value, so the
// statement's text is the same whatever the number of pages and can be prepared once); a lateral
// join fetches each page's rows after its keyset position, another its total when asked. The
// caller writes only what differs: the spec's columns, the page's own query and the total.
import { raw, sql, type Sql } from './sql.ts'

/** What every page request carries; the caller's spec rows add their own keyset and filters. */
export interface PageSpec { idx: number, lim: number, with_total: boolean }

export interface PageRows<Row> { rows: Row[], total: number | null }

/**
 * The statement: `columns` types the spec table (after `idx int, lim int, with_total boolean`),
 * which `page` and `total` read as `q`; `page` is a SELECT that returns the page's rows (it must
 * have an `id` column, null on the empty page of the outer join) and `order` the order of the
 * rows inside a page, by the output column names.
 */
export function keysetPagesSql (spec: PageSpec[], parts: { columns: string, page: Sql, total: Sql, order: string }): Sql {
  return sql`WITH q AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(spec)}::jsonb) AS q(idx int, lim int, with_total boolean, ${raw(parts.columns)})
    )
    SELECT q.idx, t.total::text AS total, p.*
      FROM q
      LEFT JOIN LATERAL (SELECT ${parts.total} AS total) t ON q.with_total
      LEFT JOIN LATERAL (${parts.page}) p ON true
     ORDER BY q.idx, ${raw(parts.order)}`
}

/** The statement's rows, back into one page per request, in the requests' order. */
export function collectPages<Row extends { id: unknown }> (specs: PageSpec[], rows: Array<Row & { idx: number, total: string | null }>): Array<PageRows<Row>> {
  const out: Array<PageRows<Row>> = specs.map(() => ({ rows: [], total: null }))
  for (const row of rows) {
    const page = out[row.idx] as PageRows<Row>
    if (specs[row.idx]?.with_total) page.total = Number(row.total)
    if (row.id === null) continue // the outer join's empty page
    const { idx: _idx, total: _total, ...item } = row
    page.rows.push(item as unknown as Row)
  }
  return out
}
