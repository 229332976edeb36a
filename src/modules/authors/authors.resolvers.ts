import type { GraphQLResolveInfo } from 'graphql'
import type { MercuriusLoaders } from 'mercurius'
import type { Resolvers } from '../../graphql/generated.ts'
import { underInput } from '../../graphql/input-errors.ts'
import { pageArgs } from '../articles/articles.loaders.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import type { AuthorInput, AuthorRecord, UpdateAuthorInput } from './authors.service.ts'

export const authorResolvers: Resolvers = {
  Query: {
    author: (_root, args, ctx) => ctx.services.authors.find(args),
    authors: (_root, { first }, ctx) => ctx.services.authors.list(first),
  },
  Mutation: {
    createAuthor: async (_root, { input }, ctx) => underInput(async () => ctx.services.authors.create(await ctx.scope.viewer(), input as AuthorInput)),
    updateAuthor: async (_root, { id, input }, ctx) => underInput(async () => ctx.services.authors.update(await ctx.scope.viewer(), id, input as UpdateAuthorInput)),
    deleteAuthor: async (_root, { id }, ctx) => ctx.services.authors.delete(await ctx.scope.viewer(), id),
  },
}

interface AuthorArticlesQuery {
  obj: AuthorRecord
  params: { first?: number | null, after?: string | null, last?: number | null, before?: string | null }
  info?: GraphQLResolveInfo
}

// Every Article.authors of a request is one statement, and so is every Author.articles.
export const authorLoaders: MercuriusLoaders = {
  Article: {
    authors: async (queries: Array<{ obj: ArticleRecord }>, ctx) => ctx.services.authors.byIds(queries.map((q) => q.obj.authorIds ?? [])),
  },
  Author: {
    articles: {
      loader: async (queries: AuthorArticlesQuery[], ctx) => ctx.services.articles.lists(await ctx.scope.sectionTree(), queries.map((q) => ({
        author: { id: q.obj.id },
        ...pageArgs(q),
      })), await ctx.scope.viewer()),
      opts: { cache: false },
    },
  },
}
