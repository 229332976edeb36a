import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses } from '../../http/problem.ts'
import type { SectionTree } from './sections.tree.ts'
import type { SectionRecord } from './sections.repository.ts'

const SectionFields = {
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  lastUpdatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}

export const SectionNode = Type.Cyclic({
  SectionNode: Type.Object({ ...SectionFields, children: Type.Array(Type.Ref('SectionNode')) }),
}, 'SectionNode')

type SectionNodeBody = Static<typeof SectionNode>

export const sectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sections', {
    schema: {
      tags: ['sections'],
      summary: 'The whole section tree, top-level sections first, children nested, by position',
      response: { 200: Type.Object({ data: Type.Array(SectionNode) }), ...ProblemResponses },
    },
  }, async (request) => {
    const tree = await request.scope.sectionTree()
    const all = [...tree.roots().flatMap((root) => tree.subtreeIds(root.id))]
    const updated = await app.services.sections.lastUpdatedAt(tree, all)
    const lastUpdated = new Map(all.map((id, i) => [id, updated[i] ?? null]))
    const toBody = (s: SectionRecord, t: SectionTree): SectionNodeBody => ({
      id: s.id,
      slug: s.slug,
      name: s.name,
      position: s.position,
      parentId: s.parentId,
      lastUpdatedAt: lastUpdated.get(s.id)?.toISOString() ?? null,
      children: t.children(s.id).map((c) => toBody(c, t)),
    })
    return { data: tree.roots().map((s) => toBody(s, tree)) }
  })
}

const SectionRef = Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() })

export const SectionDetail = Type.Object({
  ...SectionFields,
  path: Type.Array(SectionRef, { description: 'root .. this section, for breadcrumbs' }),
  children: Type.Array(Type.Object({ ...SectionRef.properties, position: Type.Integer() })),
})

export const sectionDetailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sections/:slug', {
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
    const ref = (s: SectionRecord) => ({ id: s.id, slug: s.slug, name: s.name })
    return {
      data: {
        id: section.id,
        slug: section.slug,
        name: section.name,
        position: section.position,
        parentId: section.parentId,
        lastUpdatedAt: lastUpdatedAt?.toISOString() ?? null,
        path: tree.path(section.id).map(ref),
        children: tree.children(section.id).map((c) => ({ ...ref(c), position: c.position })),
      },
    }
  })
}
