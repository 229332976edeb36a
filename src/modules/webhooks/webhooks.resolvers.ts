import type { Resolvers } from '../../graphql/generated.ts'
import { statusOf } from './webhooks.service.ts'

export const webhookResolvers: Resolvers = {
  Query: {
    webhookDeliveries: async (_root, args, ctx) =>
      ctx.services.webhooks.deliveries(await ctx.scope.viewer(), { first: args.first, after: args.after, last: args.last, before: args.before, status: args.status }),
  },
  WebhookDelivery: {
    status: (d) => statusOf(d),
    nextAttemptAt: (d) => (statusOf(d) === 'PENDING' ? d.nextAttemptAt : null),
  },
}
