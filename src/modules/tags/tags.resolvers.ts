import type { Resolvers } from '../../graphql/generated.ts'

export const tagResolvers: Resolvers = {
  Query: {
    tags: (_root, args, ctx) => ctx.services.tags.tags(args),
  },
}
