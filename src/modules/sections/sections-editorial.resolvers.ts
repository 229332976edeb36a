import type { Resolvers } from '../../graphql/generated.ts'
import { underInput } from '../../graphql/input-errors.ts'
import type { SectionInput, UpdateSectionInput } from './sections-editorial.service.ts'

// The request's section tree is dropped after every mutation (graphql/index.ts), so the answer
// (path, children…) shows the write.
export const sectionWriteResolvers: Resolvers = {
  Mutation: {
    createSection: async (_root, { input }, ctx) =>
      underInput(async () => ctx.services.sectionWrites.create(await ctx.scope.viewer(), input as SectionInput)),
    updateSection: async (_root, { id, input }, ctx) =>
      underInput(async () => ctx.services.sectionWrites.update(await ctx.scope.viewer(), id, input as UpdateSectionInput)),
    deleteSection: async (_root, { id }, ctx) => ctx.services.sectionWrites.delete(await ctx.scope.viewer(), id),
  },
}
