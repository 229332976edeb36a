import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses, WriteProblemResponses } from '../../http/problem.ts'
import { Nullable } from '../../http/schemas.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import { ArticleBody, ArticleListItem, toFull, toListItem } from '../articles/articles.serializers.ts'
import { MAX_SLOTS, type SlotRow } from './curation.service.ts'
import { MAX_BREAKING } from './curation.repository.ts'

const Slot = Type.Object({
  articleId: Type.String({ format: 'uuid' }),
  sectionId: Nullable(Type.String({ format: 'uuid', description: 'null: the site\'s front page' })),
  position: Type.Integer(),
  until: Nullable(Type.String({ format: 'date-time' })),
  live: Type.Boolean({ description: 'shown now: the article is visible and the slot has not expired' }),
  placedAt: Type.String({ format: 'date-time' }),
  placedBy: Nullable(Type.String()),
})
const Slots = Type.Object({ data: Type.Array(Slot) })
const toSlot = (s: SlotRow) => ({ ...s, until: s.until?.toISOString() ?? null, placedAt: s.placedAt.toISOString() })
const SectionQuery = Type.Object({ sectionId: Type.Optional(Type.String({ format: 'uuid', description: 'absent: the site\'s front page' })) }, { additionalProperties: false })

export const curationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { curation, articles, sections } = app.services
  const security = [{ bearerAuth: [] }]
  const listOf = async (request: FastifyRequest, rows: ArticleRecord[]) => {
    const tree = await request.scope.sectionTree()
    return { data: rows.map((a) => toListItem(a, tree, articles)) }
  }
  const articleAfter = async (request: FastifyRequest, id: string) => {
    const found = await articles.find({ id }, await request.scope.viewer())
    if (!found) throw notFound(`no article ${id}`)
    return { data: toFull(found.article, await request.scope.sectionTree(), articles) }
  }

  app.get('/featured', {
    config: { freshness: 'comments' }, // list items carry commentCount
    schema: {
      tags: ['curation'],
      summary: 'The featured articles of the site\'s front page, or of a section\'s, in editors\' order (visible ones, slots not expired)',
      querystring: Type.Object({
        section: Type.Optional(Type.String({ maxLength: 200, description: 'section slug; absent: the site\'s front page' })),
        limit: Type.Integer({ minimum: 1, maximum: MAX_SLOTS, default: MAX_SLOTS }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(ArticleListItem) }), ...ProblemResponses },
    },
  }, async (request) => {
    const tree = await request.scope.sectionTree()
    const { section: slug, limit } = request.query
    let sectionId: string | null = null
    if (slug !== undefined) {
      const section = sections.find(tree, { slug })
      if (!section) throw notFound(`no section ${slug}`)
      sectionId = section.id
    }
    return listOf(request, await curation.featured(tree, sectionId, limit))
  })

  app.get('/breaking', {
    config: { freshness: 'comments' },
    schema: {
      tags: ['curation'],
      summary: 'Visible stories flagged as breaking news, flag not expired, newest first',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: MAX_BREAKING, default: 10 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(ArticleListItem) }), ...ProblemResponses },
    },
  }, async (request) => listOf(request, await curation.breaking(request.query.limit)))

  app.get('/featured/slots', {
    schema: {
      tags: ['curation'],
      summary: 'A front page\'s slots as editors manage them, expired ones and unpublished articles included (EDITOR, ADMIN)',
      security,
      querystring: SectionQuery,
      response: { 200: Slots, ...ProblemResponses, 401: WriteProblemResponses[401], 403: WriteProblemResponses[403] },
    },
  }, async (request) => ({
    data: (await curation.slots(await request.scope.viewer(), await request.scope.sectionTree(), request.query.sectionId)).map(toSlot),
  }))

  app.post('/featured', {
    schema: {
      tags: ['curation'],
      summary: 'Place an article on a front page at a position (default: last), optionally until an instant; answers the list\'s slots',
      security,
      body: Type.Object({
        articleId: Type.String({ format: 'uuid' }),
        sectionId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'absent or null: the site\'s front page' }))),
        position: Type.Optional(Nullable(Type.Integer({ description: `0–${MAX_SLOTS - 1}; default: last` }))),
        until: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'drops out at this instant (at most 31 days ahead)' }))),
      }, { additionalProperties: false }),
      response: { 200: Slots, ...WriteProblemResponses },
    },
  }, async (request) => {
    const { until, ...input } = request.body
    const slots = await curation.feature(await request.scope.viewer(), await request.scope.sectionTree(), { ...input, until: until ? new Date(until) : null })
    return { data: slots.map(toSlot) }
  })

  app.delete('/featured/:articleId', {
    schema: {
      tags: ['curation'],
      summary: 'Take an article off a front page; answers the list\'s slots',
      security,
      params: Type.Object({ articleId: Type.String({ format: 'uuid' }) }),
      querystring: SectionQuery,
      response: { 200: Slots, ...WriteProblemResponses },
    },
  }, async (request) => {
    const slots = await curation.unfeature(await request.scope.viewer(), await request.scope.sectionTree(), { articleId: request.params.articleId, sectionId: request.query.sectionId })
    return { data: slots.map(toSlot) }
  })

  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
  const Single = Type.Object({ data: ArticleBody })

  app.put('/articles/:id/breaking', {
    schema: {
      tags: ['curation'],
      summary: 'Flag an article as breaking news until `until` (default: 6 hours from now)',
      security,
      params: IdParams,
      body: Type.Object({ until: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'at most 31 days ahead' }))) }, { additionalProperties: false }),
      response: { 200: Single, ...WriteProblemResponses },
    },
    preValidation: async (request) => { request.body ??= {} },
  }, async (request) => {
    const until = request.body?.until ? new Date(request.body.until) : null
    return articleAfter(request, await curation.markBreaking(await request.scope.viewer(), request.params.id, until))
  })

  app.delete('/articles/:id/breaking', {
    schema: { tags: ['curation'], summary: 'Remove the breaking-news flag', security, params: IdParams, response: { 200: Single, ...WriteProblemResponses } },
  }, async (request) => articleAfter(request, await curation.clearBreaking(await request.scope.viewer(), request.params.id)))
}
