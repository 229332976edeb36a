import type { Resolvers } from '../../graphql/generated.ts'
import { underInput } from '../../graphql/input-errors.ts'
import type { SectionInput, UpdateSectionInput } from './section-writes.service.ts'

// After a tree write the request's cached tree is dropped, so the answer (path, children…) is current.
export const sectionWriteResolvers: Resolvers = {
  Mutation: {
    createSection: async (_root, { input }, ctx) => underInput(async () => {
      const section = await ctx.services.sectionWrites.create(await ctx.scope.viewer(), input as SectionInput)
      ctx.scope.invalidate()
      return section
    }),
    updateSection: async (_root, { id, input }, ctx) => underInput(async () => {
      const section = await ctx.services.sectionWrites.update(await ctx.scope.viewer(), id, input as UpdateSectionInput)
      ctx.scope.invalidate()
      return section
    }),
    deleteSection: async (_root, { id }, ctx) => {
      const deleted = await ctx.services.sectionWrites.delete(await ctx.scope.viewer(), id)
      ctx.scope.invalidate()
      return deleted
    },
  },
}
