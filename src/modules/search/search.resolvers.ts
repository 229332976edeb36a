import type { MercuriusLoaders } from 'mercurius'
import type { Resolvers } from '../../graphql/generated.ts'
import { selectsField } from '../../graphql/selection.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_root, args, ctx, info) => ctx.services.search.search(() => ctx.scope.sectionTree(), {
      query: args.query,
      section: args.section,
      tag: args.tag,
      from: args.from,
      to: args.to,
      orderBy: args.orderBy,
      first: args.first,
      after: args.after,
      last: args.last,
      before: args.before,
      // counting visits every hit: only when the client selects totalCount (as lists do)
      withTotal: selectsField(info, 'totalCount'),
    }),
  },
  SearchConnection: {
    totalCount: (connection) => connection.totalCount ?? 0,
  },
}

// Every Article.related of a request (a list page's related articles) is one statement together.
export const searchLoaders: MercuriusLoaders = {
  Article: {
    related: async (queries: Array<{ obj: ArticleRecord, params: { first?: number | null } }>, ctx) =>
      ctx.services.search.related(queries.map((q) => ({ article: q.obj, first: q.params.first }))),
  },
}
