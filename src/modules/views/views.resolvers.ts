import type { Resolvers } from '../../graphql/generated.ts'

export const viewResolvers: Resolvers = {
  Query: {
    mostRead: async (_root, args, ctx) => ctx.services.views.mostRead(await ctx.scope.sectionTree(), args),
  },
  Mutation: {
    recordView: (_root, args, ctx) => ctx.app.recordView(ctx.reply.request, args.articleId),
  },
}
