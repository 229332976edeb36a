import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses } from '../../http/problem.ts'

export const SiteBody = Type.Object({
  name: Type.String(),
  defaultLocale: Type.String(),
  timeZone: Type.String(),
  lastUpdatedAt: Type.String({ format: 'date-time' }),
  lastUpdated: Type.String({ description: 'lastUpdatedAt as a header label in `locale` and `timeZone`' }),
  contentVersion: Type.String(),
})

export const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/site', {
    config: { freshness: 'content' },
    schema: {
      tags: ['site'],
      summary: 'The site, its "last updated" instant and label, and its content version',
      querystring: Type.Object({
        locale: Type.Optional(Type.String({ maxLength: 100, description: 'BCP-47 locale of the label; default: the site\'s' })),
        timeZone: Type.Optional(Type.String({ maxLength: 100, description: 'IANA time zone of the label; default: the site\'s' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: SiteBody }), ...ProblemResponses },
    },
  }, async (request) => {
    const site = await app.services.site.site()
    const lastUpdated = app.services.site.label(site.lastUpdatedAt, request.query.locale, request.query.timeZone)
    return { data: { ...site, lastUpdatedAt: site.lastUpdatedAt.toISOString(), lastUpdated } }
  })
}
