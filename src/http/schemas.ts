// Schema pieces and shapes shared by the REST routes.
import { Type, type TSchema } from 'typebox'
import type { Connection } from '../modules/articles/articles.service.ts'

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const PageInfo = Type.Object({
  hasNextPage: Type.Boolean(),
  endCursor: Nullable(Type.String({ description: 'the next page: cursor=<endCursor>' })),
  hasPreviousPage: Type.Boolean(),
  startCursor: Nullable(Type.String({ description: 'the page before, where the list supports it: before=<startCursor>' })),
})

/** `{ data, pageInfo, totalCount }`: the REST shape of every list. */
export function listBody<T, U> (page: Connection<T>, toItem: (node: T, index: number) => U) {
  return {
    data: page.edges.map((e, i) => toItem(e.node, i)),
    pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor, hasPreviousPage: page.pageInfo.hasPreviousPage, startCursor: page.pageInfo.startCursor },
    totalCount: page.totalCount ?? 0,
  }
}

/**
 * maxLength for a text field of a write body: a coarse guard against absurd input only. The
 * service checks the documented limit itself, after trimming and NFC normalisation, and reports
 * it (`field`, `limit`) the same way for REST and GraphQL; a schema maxLength at the limit would
 * refuse padded values the service accepts, and without the limit.
 */
export const guardLength = (limit: number): number => limit * 2 + 64
