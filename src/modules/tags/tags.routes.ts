import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses } from '../../http/problem.ts'
import { LIST_PARAMETERS, withParameterNames } from '../../http/parameter-names.ts'
import { MAX_TAGS } from './tags.service.ts'

export const tagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { tags } = app.services
  app.get('/tags', {
    config: { freshness: 'content' },
    schema: {
      tags: ['articles'],
      summary: 'Tags of visible articles with their article counts, most used first; `prefix` matches in search form (hamza forms, tashkeel and case ignored)',
      querystring: Type.Object({
        prefix: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Integer({ minimum: 1, maximum: MAX_TAGS, default: 20 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ data: Type.Array(Type.Object({ name: Type.String(), articleCount: Type.Integer() })) }),
        ...ProblemResponses,
      },
    },
  }, async (request) => ({
    data: await withParameterNames(LIST_PARAMETERS, () => tags.tags({ prefix: request.query.prefix, first: request.query.limit })),
  }))
}
