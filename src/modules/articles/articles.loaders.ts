import type { GraphQLResolveInfo } from 'graphql'
import type { MercuriusLoaders } from 'mercurius'
import { selectsField } from '../../graphql/selection.ts'
import type { SectionRecord } from '../sections/sections.repository.ts'
import { wantsBodies } from './articles.resolvers.ts'

interface SectionArticlesQuery {
  obj: SectionRecord
  params: { first?: number | null, after?: string | null, last?: number | null, before?: string | null, includeSubsections?: boolean | null, status?: string[] | null }
  /** present because of cache: false */
  info?: GraphQLResolveInfo
}

/** A connection field's page arguments, as a loader's query carries them (Section.articles, Author.articles). */
export function pageArgs (q: { params: { first?: number | null, after?: string | null, last?: number | null, before?: string | null }, info?: GraphQLResolveInfo }) {
  return {
    first: q.params.first,
    after: q.params.after,
    last: q.params.last,
    before: q.params.before,
    withTotal: q.info ? selectsField(q.info, 'totalCount') : true,
    withBodies: q.info ? wantsBodies(q.info) : true,
  }
}

// Every Section.articles of a request (the front page: each top-level section's newest
// articles) is one SQL statement together. cache: false makes mercurius pass `info`, so the
// count runs only for lists whose totalCount was asked for.
export const articleLoaders: MercuriusLoaders = {
  Section: {
    articles: {
      loader: async (queries: SectionArticlesQuery[], ctx) => ctx.services.articles.lists(await ctx.scope.sectionTree(), queries.map((q) => ({
        status: q.params.status,
        section: { id: q.obj.id },
        includeSubsections: q.params.includeSubsections,
        ...pageArgs(q),
      })), await ctx.scope.viewer()),
      opts: { cache: false },
    },
  },
}
