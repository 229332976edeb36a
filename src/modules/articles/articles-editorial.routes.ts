import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses, WriteProblemResponses } from '../../http/problem.ts'
import { guardLength, Nullable } from '../../http/schemas.ts'
import type { ArticleRecord } from './articles.repository.ts'
import { ArticleBody, toFull } from './articles.serializers.ts'
import { ARTICLE_LIMITS as L } from './articles-editorial.service.ts'

/** An image in a write body (an article's lead image, an author's avatar). */
export const ImageInput = Type.Object({
  url: Type.String({ maxLength: guardLength(L.imageUrl), description: 'http(s) URL' }),
  alt: Type.Optional(Nullable(Type.String({ maxLength: guardLength(L.imageText) }))),
  caption: Type.Optional(Nullable(Type.String({ maxLength: guardLength(L.imageText) }))),
  credit: Type.Optional(Nullable(Type.String({ maxLength: guardLength(L.imageText) }))),
  width: Type.Optional(Nullable(Type.Integer({ description: `1–${L.imageSize}` }))),
  height: Type.Optional(Nullable(Type.Integer({ description: `1–${L.imageSize}` }))),
}, { additionalProperties: false })

const fields = {
  title: Type.String({ maxLength: guardLength(L.title) }),
  summary: Nullable(Type.String({ maxLength: guardLength(L.summary) })),
  paragraphs: Type.Array(Type.String({ maxLength: guardLength(L.paragraph) }), { minItems: 1, maxItems: guardLength(L.paragraphs) }),
  sectionId: Type.String({ format: 'uuid' }),
  image: Nullable(ImageInput),
  tags: Nullable(Type.Array(Type.String({ maxLength: guardLength(L.tag) }), { maxItems: guardLength(L.tags) })),
  authorIds: Nullable(Type.Array(Type.String({ format: 'uuid' }), { maxItems: guardLength(L.authors), description: `credited authors in order, at most ${L.authors}` })),
  byline: Nullable(Type.String({ maxLength: guardLength(L.byline) })),
  source: Nullable(Type.String({ maxLength: guardLength(L.source) })),
  language: Type.String({ maxLength: guardLength(L.language), description: 'BCP-47; default: the site\'s locale' }),
  slug: Type.String({ maxLength: guardLength(L.slug * 4), description: 'default: from the title' }),
}
const { title, paragraphs, sectionId, ...optional } = fields

const CreateBody = Type.Object({ title, paragraphs, sectionId, ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, Type.Optional(v)])) }, { additionalProperties: false })
const UpdateBody = Type.Object({
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'CONFLICT (409) when the article is at another version' })),
}, { additionalProperties: false, description: 'Only the fields given change; null clears an optional field' })

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
const Single = Type.Object({ data: ArticleBody })

export const articleWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { articleWrites, articles } = app.services
  const respond = async (request: FastifyRequest, article: ArticleRecord) =>
    ({ data: toFull(article, await request.scope.sectionTree(), articles) })
  const security = [{ bearerAuth: [] }]

  app.post('/articles', {
    schema: { tags: ['editorial'], summary: 'Create an article (DRAFT)', security, body: CreateBody, response: { 201: Single, ...WriteProblemResponses } },
  }, async (request, reply) => {
    const article = await articleWrites.create(await request.scope.viewer(), request.body as never)
    return reply.code(201).send(await respond(request, article))
  })

  app.patch('/articles/:id', {
    schema: { tags: ['editorial'], summary: 'Change an article: only the fields given', security, params: IdParams, body: UpdateBody, response: { 200: Single, ...WriteProblemResponses } },
  }, async (request) => {
    const { expectedVersion, ...input } = request.body as Record<string, unknown> & { expectedVersion?: number }
    return respond(request, await articleWrites.update(await request.scope.viewer(), request.params.id, input, expectedVersion))
  })

  app.post('/articles/:id/publish', {
    schema: {
      tags: ['editorial'],
      summary: 'Publish now, or at `at` (future: SCHEDULED; past: backdated)',
      security,
      params: IdParams,
      body: Type.Object({ at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))) }, { additionalProperties: false }),
      response: { 200: Single, ...WriteProblemResponses },
    },
    // No body at all means "publish now", like {}.
    preValidation: async (request) => { request.body ??= {} },
  }, async (request) => {
    const at = request.body?.at ? new Date(request.body.at) : null
    return respond(request, await articleWrites.publish(await request.scope.viewer(), request.params.id, at))
  })

  app.post('/articles/:id/unpublish', {
    schema: { tags: ['editorial'], summary: 'Unpublish: ARCHIVED if it was ever live, else DRAFT', security, params: IdParams, response: { 200: Single, ...WriteProblemResponses } },
  }, async (request) => respond(request, await articleWrites.unpublish(await request.scope.viewer(), request.params.id)))

  app.delete('/articles/:id', {
    schema: { tags: ['editorial'], summary: 'Delete (soft): the article disappears everywhere', security, params: IdParams, response: { 200: Type.Object({ data: Type.Object({ id: Type.String() }) }), ...WriteProblemResponses } },
  }, async (request) => ({ data: { id: await articleWrites.delete(await request.scope.viewer(), request.params.id) } }))

  app.get('/articles/:id/revisions', {
    schema: {
      tags: ['editorial'],
      summary: 'Previous versions of an article, newest first (EDITOR, ADMIN)',
      security,
      params: IdParams,
      response: {
        200: Type.Object({
          data: Type.Array(Type.Object({
            version: Type.Integer(),
            editedBy: Nullable(Type.String()),
            editedAt: Type.String({ format: 'date-time' }),
            replacedBy: Nullable(Type.String()),
            replacedAt: Type.String({ format: 'date-time' }),
            article: Type.Record(Type.String(), Type.Unknown(), { description: 'the article\'s fields at that version' }),
          })),
        }),
        ...ProblemResponses,
        401: WriteProblemResponses[401],
        403: WriteProblemResponses[403],
      },
    },
  }, async (request) => {
    const viewer = await request.scope.viewer()
    const [revisions] = await articleWrites.revisions(viewer, [request.params.id])
    if (!await articles.find({ id: request.params.id }, viewer)) throw notFound(`no article ${request.params.id}`)
    return {
      data: (revisions ?? []).map((r) => ({
        version: r.version,
        editedBy: r.editedBy,
        editedAt: r.editedAt.toISOString(),
        replacedBy: r.replacedBy,
        replacedAt: r.replacedAt.toISOString(),
        article: r.snapshot,
      })),
    }
  })
}
