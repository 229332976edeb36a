import type { Resolvers } from '../../graphql/generated.ts'
import { topics } from './events.ts'

export const eventResolvers: Resolvers = {
  ContentChange: {
    // One event goes to every subscriber: each sees only the articles it may see (a scheduled
    // article's id is not news to anonymous readers until it is live).
    articleIds: async (change, _args, ctx) => ctx.services.articles.idsVisibleTo(await ctx.scope.viewer(), change.articleIds),
  },
  Subscription: {
    contentUpdated: {
      subscribe: async (_root, _args, ctx) => ctx.pubsub.subscribe(topics.contentUpdated),
    },
  },
}
