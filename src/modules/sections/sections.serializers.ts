// The REST (and feed, reader-site) representation of a section: its JSON Schemas and the functions
// that make it from a record and the tree. Every route that answers a section uses these.
import { Type, type Static } from 'typebox'
import type { SectionRecord } from './sections.repository.ts'
import type { SectionTree } from './sections.tree.ts'

const SectionFields = {
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
}
const Freshness = { lastUpdatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }

/** A section as an editorial write answers it. */
export const SectionBody = Type.Object(SectionFields)

/** A section of the whole tree, its children nested. */
export const SectionNode = Type.Cyclic({
  SectionNode: Type.Object({ ...SectionFields, ...Freshness, children: Type.Array(Type.Ref('SectionNode')) }),
}, 'SectionNode')

const SectionRef = Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() })

/** One section with its breadcrumb path and its children. */
export const SectionDetail = Type.Object({
  ...SectionFields,
  ...Freshness,
  path: Type.Array(SectionRef, { description: 'root .. this section, for breadcrumbs' }),
  children: Type.Array(Type.Object({ ...SectionRef.properties, position: Type.Integer() })),
})

const ref = (s: SectionRecord): Static<typeof SectionRef> => ({ id: s.id, slug: s.slug, name: s.name })

export function toSectionBody (s: SectionRecord): Static<typeof SectionBody> {
  return { id: s.id, slug: s.slug, name: s.name, position: s.position, parentId: s.parentId }
}

/** The tree's top-level sections, each with its subtree; `lastUpdated` by section id. */
export function toSectionNodes (tree: SectionTree, lastUpdated: Map<string, Date | null>): Array<Static<typeof SectionNode>> {
  const node = (s: SectionRecord): Static<typeof SectionNode> => ({
    ...toSectionBody(s),
    lastUpdatedAt: lastUpdated.get(s.id)?.toISOString() ?? null,
    children: tree.children(s.id).map(node),
  })
  return tree.roots().map(node)
}

export function toSectionDetail (s: SectionRecord, tree: SectionTree, lastUpdatedAt: Date | null): Static<typeof SectionDetail> {
  return {
    ...toSectionBody(s),
    lastUpdatedAt: lastUpdatedAt?.toISOString() ?? null,
    path: tree.path(s.id).map(ref),
    children: tree.children(s.id).map((c) => ({ ...ref(c), position: c.position })),
  }
}
