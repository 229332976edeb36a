import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses } from '../../http/problem.ts'
import { listBody, PageInfo } from '../../http/schemas.ts'
import { isUuid } from '../../lib/uuid.ts'
import { LIST_PARAMETERS, withParameterNames } from '../../http/parameter-names.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './articles.service.ts'
import { ArticleBody, ArticleListItem, toFull, toListItem } from './articles.serializers.ts'

export const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { articles } = app.services

  app.get('/articles', {
    config: { freshness: 'comments' }, // list items carry commentCount
    schema: {
      tags: ['articles'],
      summary: 'Visible articles, newest first; filter by section (with its subsections by default) and tag',
      querystring: Type.Object({
        section: Type.Optional(Type.String({ maxLength: 200, description: 'section slug; unknown → an empty list' })),
        includeSubsections: Type.Boolean({ default: true }),
        tag: Type.Optional(Type.String({ maxLength: 100 })),
        author: Type.Optional(Type.String({ maxLength: 400, description: 'author slug; unknown → an empty list' })),
        limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
        cursor: Type.Optional(Type.String({ maxLength: 200, description: 'pageInfo.endCursor of the previous page' })),
        before: Type.Optional(Type.String({ maxLength: 200, description: 'walk backward: the `limit` articles before pageInfo.startCursor of a page (not with cursor)' })),
        status: Type.Optional(Type.String({ maxLength: 100, description: 'EDITOR/ADMIN only: comma-separated DRAFT, SCHEDULED, PUBLISHED, ARCHIVED' })),
        featuredFirst: Type.Boolean({ default: false, description: 'a front page: the featured articles (of the site, or of `section`) first, then the newest without them; not with tag or status' }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          data: Type.Array(ArticleListItem),
          pageInfo: PageInfo,
          totalCount: Type.Integer(),
        }),
        ...ProblemResponses,
      },
    },
  }, async (request) => {
    const q = request.query
    const tree = await request.scope.sectionTree()
    const page = await withParameterNames(LIST_PARAMETERS, async () => articles.list(tree, {
      section: q.section === undefined ? null : { slug: q.section },
      includeSubsections: q.includeSubsections,
      tag: q.tag,
      author: q.author === undefined ? null : { id: await app.services.authors.idOf(q.author, 'author') },
      ...(q.before === undefined ? { first: q.limit, after: q.cursor } : { last: q.limit, before: q.before, after: q.cursor }),
      withTotal: true,
      status: q.status === undefined ? null : q.status.split(','),
      featuredFirst: q.featuredFirst,
    }, await request.scope.viewer()))
    return listBody(page, (node) => toListItem(node, tree, articles))
  })

  app.get('/articles/:idOrSlug', {
    config: { freshness: 'comments' },
    schema: {
      tags: ['articles'],
      summary: 'One visible article by id or slug; a former slug answers 301 to the current one',
      params: Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: Type.Object({ data: ArticleBody }), 301: Type.Null({ description: 'moved: Location is the current URL' }), ...ProblemResponses },
    },
  }, async (request, reply) => {
    const { idOrSlug } = request.params
    const found = await articles.find(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug }, await request.scope.viewer())
    if (!found) throw notFound(`no article ${idOrSlug}`)
    if (!found.canonical) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      return reply.redirect(`${request.url.split('/articles/')[0]}/articles/${encodeURIComponent(found.article.slug)}${query}`, 301)
    }
    const tree = await request.scope.sectionTree(found.article.treeVersion)
    return { data: toFull(found.article, tree, articles) }
  })
}
