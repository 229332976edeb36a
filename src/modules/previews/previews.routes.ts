import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { WriteProblemResponses } from '../../http/problem.ts'
import { Nullable } from '../../http/schemas.ts'
import type { PreviewLinkRecord } from './previews.service.ts'

const Link = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Nullable(Type.String({ description: 'only when the link is made: the service keeps only its hash' })),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.String()),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
})
const toLink = (l: PreviewLinkRecord) => ({
  id: l.id,
  url: l.url,
  expiresAt: l.expiresAt.toISOString(),
  createdAt: l.createdAt.toISOString(),
  createdBy: l.createdBy,
  revokedAt: l.revokedAt?.toISOString() ?? null,
})
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { previews } = app.services
  const security = [{ bearerAuth: [] }]

  app.post('/articles/:id/previews', {
    schema: {
      tags: ['editorial'],
      summary: 'A draft preview link: the article on the reader site without a token, until expiresAt (default 24 h, at most 7 days)',
      security,
      params: IdParams,
      body: Type.Object({ expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))) }, { additionalProperties: false }),
      response: { 201: Type.Object({ data: Link }), ...WriteProblemResponses },
    },
    preValidation: async (request) => { request.body ??= {} },
  }, async (request, reply) => {
    const expiresAt = request.body?.expiresAt ? new Date(request.body.expiresAt) : null
    return reply.code(201).send({ data: toLink(await previews.create(await request.scope.viewer(), request.params.id, expiresAt)) })
  })

  app.get('/articles/:id/previews', {
    schema: { tags: ['editorial'], summary: 'An article\'s preview links, newest first (EDITOR, ADMIN)', security, params: IdParams, response: { 200: Type.Object({ data: Type.Array(Link) }), ...WriteProblemResponses } },
  }, async (request) => ({ data: (await previews.links(await request.scope.viewer(), request.params.id)).map(toLink) }))

  app.delete('/previews/:id', {
    schema: { tags: ['editorial'], summary: 'Revoke a preview link: it stops working at once', security, params: IdParams, response: { 200: Type.Object({ data: Link }), ...WriteProblemResponses } },
  }, async (request) => ({ data: toLink(await previews.revoke(await request.scope.viewer(), request.params.id)) }))
}
