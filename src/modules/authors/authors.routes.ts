import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses, WriteProblemResponses } from '../../http/problem.ts'
import { guardLength, Nullable } from '../../http/schemas.ts'
import { AUTHOR_LIMITS as L, type AuthorRecord } from './authors.service.ts'

import { ImageInput } from '../articles/articles-editorial.routes.ts'
import { ImageBody } from '../articles/articles.serializers.ts'

const Author = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  bio: Nullable(Type.String()),
  avatar: Nullable(ImageBody),
})
const toAuthor = (a: AuthorRecord) => ({ id: a.id, slug: a.slug, name: a.name, bio: a.bio, avatar: a.avatar })

const fields = {
  name: Type.String({ maxLength: guardLength(L.name) }),
  slug: Type.String({ maxLength: guardLength(L.slug * 4), description: 'default: from the name' }),
  bio: Nullable(Type.String({ maxLength: guardLength(L.bio) })),
  avatar: Nullable(ImageInput),
}
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
const Single = Type.Object({ data: Author })

export const authorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { authors } = app.services
  const security = [{ bearerAuth: [] }]

  app.get('/authors', {
    config: { freshness: 'content' },
    schema: {
      tags: ['authors'],
      summary: 'Every author by name; an author\'s articles: GET /api/v1/articles?author=<slug>',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: L.list, default: 100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Author) }), ...ProblemResponses },
    },
  }, async (request) => ({ data: (await authors.list(request.query.limit)).map(toAuthor) }))

  app.get('/authors/:slug', {
    config: { freshness: 'content' },
    schema: { tags: ['authors'], summary: 'One author by slug', params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 400 }) }), response: { 200: Single, ...ProblemResponses } },
  }, async (request) => {
    const author = await authors.find({ slug: request.params.slug })
    if (!author) throw notFound(`no author ${request.params.slug}`)
    return { data: toAuthor(author) }
  })

  app.post('/authors', {
    schema: {
      tags: ['authors'],
      summary: 'Create an author (EDITOR, ADMIN)',
      security,
      body: Type.Object({ name: fields.name, slug: Type.Optional(fields.slug), bio: Type.Optional(fields.bio), avatar: Type.Optional(fields.avatar) }, { additionalProperties: false }),
      response: { 201: Single, ...WriteProblemResponses },
    },
  }, async (request, reply) => reply.code(201).send({ data: toAuthor(await authors.create(await request.scope.viewer(), request.body)) }))

  app.patch('/authors/:id', {
    schema: {
      tags: ['authors'],
      summary: 'Change an author: only the fields given (EDITOR, ADMIN)',
      security,
      params: IdParams,
      body: Type.Object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])), { additionalProperties: false }),
      response: { 200: Single, ...WriteProblemResponses },
    },
  }, async (request) => ({ data: toAuthor(await authors.update(await request.scope.viewer(), request.params.id, request.body as never)) }))

  app.delete('/authors/:id', {
    schema: {
      tags: ['authors'],
      summary: 'Delete an author: CONFLICT (409) while an article credits them (EDITOR, ADMIN)',
      security,
      params: IdParams,
      response: { 200: Type.Object({ data: Type.Object({ id: Type.String() }) }), ...WriteProblemResponses },
    },
  }, async (request) => ({ data: { id: await authors.delete(await request.scope.viewer(), request.params.id) } }))
}
