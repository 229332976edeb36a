// Relay connections, built the same way for every list (articles, threads, the moderation queue).

export interface Connection<T> {
  edges: Array<{ cursor: string, node: T }>
  pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }
  /** computed only when the caller asked for it */
  totalCount: number | null
}

/**
 * A page from `rows` fetched with one row more than `first` (that extra row says there is a
 * next page); `after` is the cursor the page was asked from.
 */
/**
 * A page walked backward from `before` (null: from the list's end): `rows` fetched nearest first
 * with one more than `last` (that extra row says there are items before the page), shown in list order.
 */
export function toBackwardConnection<T> (rows: T[], total: number | null, last: number, before: string | null, cursorOf: (node: T) => string): Connection<T> {
  const edges = rows.slice(0, last).reverse().map((node) => ({ cursor: cursorOf(node), node }))
  return {
    edges,
    pageInfo: {
      hasNextPage: before !== null,
      hasPreviousPage: rows.length > last,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: total,
  }
}

export function toConnection<T> (rows: T[], total: number | null, first: number, after: string | null, cursorOf: (node: T) => string): Connection<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }))
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: total,
  }
}
