import type { Resolvers } from '../../graphql/generated.ts'
import { childArguments, selectsField, selectsPath } from '../../graphql/selection.ts'
import { directionOf } from '../../lib/direction.ts'

/** Does a connection's query ask for article bodies? Then its one statement fetches them too. */
export function wantsBodies (info: Parameters<typeof selectsPath>[0]): boolean {
  return selectsPath(info, ['edges', 'node', 'paragraphs']) || selectsPath(info, ['edges', 'node', 'bodyText'])
}

export const articleResolvers: Resolvers = {
  Query: {
    // An article page's first page of comments comes in the article's own statement.
    article: async (_root, args, ctx, info) => {
      const comments = childArguments(info, 'comments')
      const rows = comments && ctx.services.comments.firstPageRows({ ...comments, withTotal: selectsPath(info, ['comments', 'totalCount']) })
      return (await ctx.services.articles.find(args, await ctx.scope.viewer(), rows ? { comments: rows } : {}))?.article ?? null
    },
    articles: async (_root, args, ctx, info) => ctx.services.articles.list(await ctx.scope.sectionTree(), {
      section: args.section === null || args.section === undefined ? null : { slug: args.section },
      author: args.author === null || args.author === undefined ? null : { id: await ctx.services.authors.idOf(args.author, 'author') },
      includeSubsections: args.includeSubsections,
      tag: args.tag,
      status: args.status,
      featuredFirst: args.featuredFirst,
      first: args.first,
      after: args.after,
      last: args.last,
      before: args.before,
      withTotal: selectsField(info, 'totalCount'),
      withBodies: wantsBodies(info),
    }, await ctx.scope.viewer()),
  },
  Article: {
    paragraphs: (article, _args, ctx) => ctx.services.articles.paragraphs(article),
    bodyText: async (article, _args, ctx) => (await ctx.services.articles.paragraphs(article)).join('\n\n'),
    direction: (article) => directionOf(article.language),
    status: (article, _args, ctx) => ctx.services.articles.statusOf(article),
    printUrl: (article, _args, ctx) => ctx.services.articles.links.printUrl(article),
    share: (article, _args, ctx) => ctx.services.articles.links.share(article),
    // The section comes from the request's section tree: no SQL per article, and none at all when
    // the article's own statement read the tree's version and this process holds that tree.
    section: async (article, _args, ctx) => {
      const section = (await ctx.scope.sectionTree(article.treeVersion)).get(article.sectionId)
      if (!section) throw new Error(`article ${article.id} refers to a missing section`)
      return section
    },
  },
  ArticleConnection: {
    totalCount: (connection) => connection.totalCount ?? 0,
  },
}
