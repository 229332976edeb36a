import type { Resolvers } from '../../graphql/generated.ts'

export const authResolvers: Resolvers = {
  Query: {
    viewer: (_root, _args, ctx) => ctx.scope.viewer(),
  },
}
