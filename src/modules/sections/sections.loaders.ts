import type { MercuriusLoaders } from 'mercurius'
import type { SectionRecord } from './sections.repository.ts'

// Batched: every Section.lastUpdatedAt of a request costs one SQL statement together.
export const sectionLoaders: MercuriusLoaders = {
  Section: {
    lastUpdatedAt: async (queries: Array<{ obj: SectionRecord }>, ctx) =>
      ctx.services.sections.lastUpdatedAt(await ctx.scope.sectionTree(), queries.map((q) => q.obj.id)),
  },
}
