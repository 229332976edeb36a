// Relay connections, built the same way for every list (articles, threads, the moderation queue).
import { badUserInput } from '../errors.ts'

/** A page as asked: first/after, or last/before walking backward (either given: first and after are not used). */
export interface PageRequest {
  size: number
  backward: boolean
  /** the cursor the page starts from (after, or before walking backward) */
  cursor: string | null
  /** that cursor's argument name, for errors */
  cursorField: 'after' | 'before'
}

/** Checks a list's page arguments once for every list: the size within min..max, after and before not together. */
export function pageRequest (args: { first?: number | null, after?: string | null, last?: number | null, before?: string | null }, limits: { min: number, max: number, fallback: number }): PageRequest {
  const backward = (args.last ?? null) !== null || (args.before ?? null) !== null
  if (backward && (args.after ?? null) !== null) throw badUserInput('give after or before, not both', { field: 'before' })
  const field = backward ? 'last' : 'first'
  const size = (backward ? args.last : args.first) ?? limits.fallback
  if (!Number.isInteger(size) || size < limits.min || size > limits.max) throw badUserInput(`${field} must be between ${limits.min} and ${limits.max}`, { field, limit: limits.max })
  return { size, backward, cursor: (backward ? args.before : args.after) ?? null, cursorField: backward ? 'before' : 'after' }
}

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
