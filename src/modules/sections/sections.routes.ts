import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import type { SectionTree } from './section-tree.ts'
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
      response: { 200: Type.Object({ data: Type.Array(SectionNode) }) },
    },
  }, async () => {
    const tree = await app.services.sections.loadTree()
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
