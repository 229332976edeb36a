import { badUserInput } from '../errors.ts'
import { isUuid } from '../lib/uuid.ts'
import type { Resolvers } from './generated.ts'

// node(id): ids are UUIDv7 and unique across types, so one id names at most one thing. Sections
// come from the request's tree (no SQL); then a visible article; then a comment the caller may see;
// then an author.
export const nodeResolvers: Resolvers = {
  Query: {
    node: async (_root, { id }, ctx) => {
      if (!isUuid(id)) throw badUserInput(`"${id.slice(0, 60)}" is not an id`, { field: 'id' })
      const section = (await ctx.scope.sectionTree()).get(id.toLowerCase())
      if (section) return section
      const viewer = await ctx.scope.viewer()
      const article = await ctx.services.articles.find({ id }, viewer)
      if (article) return article.article
      const [comment] = await ctx.services.comments.visible(viewer, [id])
      return comment ?? await ctx.services.authors.find({ id })
    },
  },
  Node: {
    __resolveType: (node) => 'bio' in node ? 'Author' : 'paragraphs' in node || 'title' in node ? 'Article' : 'authorName' in node ? 'Comment' : 'Section',
  },
}
