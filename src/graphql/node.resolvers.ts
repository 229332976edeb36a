import { badUserInput } from '../errors.ts'
import { isUuid } from '../lib/slug.ts'
import type { Resolvers } from './generated.ts'

// node(id): ids are UUIDv7 and unique across types, so one id names at most one thing. Sections
// come from the request's tree (no SQL); otherwise it is a visible article or nothing.
export const nodeResolvers: Resolvers = {
  Query: {
    node: async (_root, { id }, ctx) => {
      if (!isUuid(id)) throw badUserInput(`"${id.slice(0, 60)}" is not an id`, { field: 'id' })
      const section = (await ctx.scope.sectionTree()).get(id.toLowerCase())
      if (section) return section
      return (await ctx.services.articles.find({ id }, await ctx.scope.viewer()))?.article ?? null
    },
  },
  Node: {
    __resolveType: (node) => 'paragraphs' in node ? 'Article' : 'Section',
  },
}
