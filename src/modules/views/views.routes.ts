import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses } from '../../http/problem.ts'
import { ArticleListItem, toListItem } from '../articles/articles.serializers.ts'
import { MAX_DAYS, MAX_MOST_READ } from './views.service.ts'
import { minuteOf } from '../../http/caching.ts'

export const viewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { views, articles } = app.services

  app.post('/articles/:id/views', {
    // a count, not content: the cached versions stand
    config: { writesContent: false },
    schema: {
      tags: ['articles'],
      summary: 'Record a view (answers at once; counted at the next flush, once per client and article per 30 minutes, for visible articles only)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 202: Type.Object({ accepted: Type.Boolean() }), ...ProblemResponses },
    },
  }, async (request, reply) => {
    const accepted = await app.recordView(request, request.params.id)
    return reply.code(202).send({ accepted })
  })

  app.get('/most-read', {
    config: { freshness: (request) => ({ comments: true, minute: minuteOf(request) }) },
    schema: {
      tags: ['articles'],
      summary: 'Visible articles most viewed over the last days (today included, in the site\'s time zone), most first',
      querystring: Type.Object({
        section: Type.Optional(Type.String({ maxLength: 200, description: 'section slug, subsections included; unknown → an empty list' })),
        days: Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: 1 }),
        limit: Type.Integer({ minimum: 1, maximum: MAX_MOST_READ, default: 10 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(ArticleListItem) }), ...ProblemResponses },
    },
  }, async (request) => {
    const q = request.query
    const tree = await request.scope.sectionTree()
    const list = await views.mostRead(tree, { section: q.section ?? null, days: q.days, first: q.limit })
    return { data: list.map((a) => toListItem(a, tree, articles)) }
  })
}
