import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses } from '../../http/problem.ts'
import { PageInfo } from '../../http/schemas.ts'
import { withParameterNames } from '../../http/parameter-names.ts'
import { ArticleListItem, toListItem } from '../articles/articles.serializers.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../articles/articles.service.ts'
import { MAX_QUERY_LENGTH } from './search.service.ts'

const TextRange = Type.Object({
  field: Type.Union([Type.Literal('title'), Type.Literal('summary'), Type.Literal('body')]),
  start: Type.Integer({ description: 'UTF-16 code units into the field (body: bodyText)' }),
  length: Type.Integer(),
})

export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { search, articles } = app.services

  app.get('/search', {
    config: { freshness: 'comments' }, // hits carry commentCount
    schema: {
      tags: ['search'],
      summary: 'Visible articles matching q (websearch syntax: "a phrase", OR, -exclusion), best first; Arabic spelling variants meet',
      querystring: Type.Object({
        q: Type.String({ maxLength: MAX_QUERY_LENGTH * 2, description: `1..${MAX_QUERY_LENGTH} characters, not blank` }),
        section: Type.Optional(Type.String({ maxLength: 200, description: 'section slug: the section and its subsections; unknown → no hits' })),
        tag: Type.Optional(Type.String({ maxLength: 100 })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'published at or after' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'published before' })),
        order: Type.Union([Type.Literal('relevance'), Type.Literal('date')], { default: 'relevance' }),
        limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
        cursor: Type.Optional(Type.String({ maxLength: 200, description: 'pageInfo.endCursor of the previous page' })),
        before: Type.Optional(Type.String({ maxLength: 200, description: 'walk backward: the `limit` hits before pageInfo.startCursor of a page (not with cursor)' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          data: Type.Array(Type.Object({
            article: ArticleListItem,
            score: Type.Number(),
            highlight: Type.String({ description: 'a snippet; matches in <mark>…</mark>, everything else HTML-escaped' }),
            matches: Type.Array(TextRange),
          })),
          pageInfo: PageInfo,
          totalCount: Type.Integer(),
        }),
        ...ProblemResponses,
      },
    },
  }, async (request) => {
    const q = request.query
    const page = await withParameterNames({ query: 'q', first: 'limit', last: 'limit', after: 'cursor' }, () => search.search(() => request.scope.sectionTree(), {
      query: q.q,
      section: q.section ?? null,
      tag: q.tag ?? null,
      from: q.from === undefined ? null : new Date(q.from),
      to: q.to === undefined ? null : new Date(q.to),
      orderBy: q.order === 'date' ? 'DATE' : 'RELEVANCE',
      withTotal: true, // REST lists always carry totalCount (PRODUCT.md)
      ...(q.before === undefined ? { first: q.limit, after: q.cursor ?? null } : { last: q.limit, before: q.before, after: q.cursor ?? null }),
    }))
    // the hits' tree version: no statement when this process's tree is current
    const tree = await request.scope.sectionTree(page.edges[0]?.node.treeVersion)
    return {
      data: page.edges.map((e) => ({ article: toListItem(e.node, tree, articles), score: e.score, highlight: e.highlight, matches: e.matches })),
      pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor, hasPreviousPage: page.pageInfo.hasPreviousPage, startCursor: page.pageInfo.startCursor },
      totalCount: page.totalCount ?? 0,
    }
  })
}
