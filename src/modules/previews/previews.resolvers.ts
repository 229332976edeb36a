import type { Resolvers } from '../../graphql/generated.ts'

export const previewResolvers: Resolvers = {
  Query: {
    previewLinks: async (_root, { articleId }, ctx) => ctx.services.previews.links(await ctx.scope.viewer(), articleId),
  },
  Mutation: {
    createPreviewLink: async (_root, { articleId, expiresAt }, ctx) => ctx.services.previews.create(await ctx.scope.viewer(), articleId, expiresAt),
    revokePreviewLink: async (_root, { id }, ctx) => ctx.services.previews.revoke(await ctx.scope.viewer(), id),
  },
  PreviewLink: {
    active: (link, _args, ctx) => link.revokedAt === null && link.expiresAt > ctx.app.clock.now(),
  },
}
