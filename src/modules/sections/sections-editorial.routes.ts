import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { WriteProblemResponses } from '../../http/problem.ts'
import { guardLength } from '../../http/schemas.ts'
import { SECTION_LIMITS as L } from './sections-editorial.service.ts'
import { SectionBody, toSectionBody } from './sections.serializers.ts'

const Single = Type.Object({ data: SectionBody })
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
const fields = {
  name: Type.String({ maxLength: guardLength(L.name) }),
  slug: Type.String({ maxLength: guardLength(L.slug * 4), description: 'default: from the name' }),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: top level' }),
  position: Type.Integer({ description: `0-based place among siblings (0–${L.position}); default: last` }),
}

export const sectionWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sectionWrites } = app.services
  const security = [{ bearerAuth: [] }]

  app.post('/sections', {
    schema: {
      tags: ['editorial'],
      summary: 'Create a section',
      security,
      body: Type.Object({ name: fields.name, slug: Type.Optional(fields.slug), parentId: Type.Optional(fields.parentId), position: Type.Optional(fields.position) }, { additionalProperties: false }),
      response: { 201: Single, ...WriteProblemResponses },
    },
  }, async (request, reply) => reply.code(201).send({ data: toSectionBody(await sectionWrites.create(await request.scope.viewer(), request.body)) }))

  app.patch('/sections/:id', {
    schema: {
      tags: ['editorial'],
      summary: 'Rename, re-slug, move or reorder a section: only the fields given change',
      security,
      params: IdParams,
      body: Type.Object({ name: Type.Optional(fields.name), slug: Type.Optional(fields.slug), parentId: Type.Optional(fields.parentId), position: Type.Optional(fields.position) }, { additionalProperties: false }),
      response: { 200: Single, ...WriteProblemResponses },
    },
  }, async (request) => ({ data: toSectionBody(await sectionWrites.update(await request.scope.viewer(), request.params.id, request.body)) }))

  app.delete('/sections/:id', {
    schema: {
      tags: ['editorial'],
      summary: 'Delete a section (409 while it holds articles or subsections)',
      security,
      params: IdParams,
      response: { 200: Type.Object({ data: Type.Object({ id: Type.String() }) }), ...WriteProblemResponses },
    },
  }, async (request) => ({ data: { id: await sectionWrites.delete(await request.scope.viewer(), request.params.id) } }))
}
