import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses } from '../../http/problem.ts'
import { SectionDetail, SectionNode, toSectionDetail, toSectionNodes } from './sections.serializers.ts'

export const sectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sections', {
    config: { freshness: 'content' },
    schema: {
      tags: ['sections'],
      summary: 'The whole section tree, top-level sections first, children nested, by position',
      response: { 200: Type.Object({ data: Type.Array(SectionNode) }), ...ProblemResponses },
    },
  }, async (request) => {
    const tree = await request.scope.sectionTree()
    const all = [...tree.roots().flatMap((root) => tree.subtreeIds(root.id))]
    const updated = await app.services.sections.lastUpdatedAt(tree, all)
    return { data: toSectionNodes(tree, new Map(all.map((id, i) => [id, updated[i] ?? null]))) }
  })
}

export const sectionDetailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sections/:slug', {
    config: { freshness: 'content' },
    schema: {
      tags: ['sections'],
      summary: 'One section with its path and children (its articles: GET /api/v1/articles?section=<slug>)',
      params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: Type.Object({ data: SectionDetail }), ...ProblemResponses },
    },
  }, async (request) => {
    const tree = await request.scope.sectionTree()
    const section = app.services.sections.find(tree, { slug: request.params.slug })
    if (!section) throw notFound(`no section ${request.params.slug}`)
    const [lastUpdatedAt] = await app.services.sections.lastUpdatedAt(tree, [section.id])
    return { data: toSectionDetail(section, tree, lastUpdatedAt ?? null) }
  })
}
