import type { Resolvers } from '../../graphql/generated.ts'

export const siteResolvers: Resolvers = {
  Query: {
    site: (_root, _args, ctx) => ctx.services.site.site(),
  },
  Site: {
    lastUpdated: (site, args, ctx) => ctx.services.site.label(site.lastUpdatedAt, args.locale, args.timeZone),
  },
}
