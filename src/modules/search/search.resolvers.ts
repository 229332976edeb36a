import type { Resolvers } from '../../graphql/generated.ts'

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_root, args, ctx) => ctx.services.search.search(await ctx.scope.sectionTree(), {
      query: args.query,
      section: args.section,
      tag: args.tag,
      from: args.from,
      to: args.to,
      orderBy: args.orderBy,
      first: args.first,
      after: args.after,
    }),
  },
}
