import type { MercuriusLoaders } from 'mercurius'
import { notFound } from '../../errors.ts'
import type { GraphQLContext } from '../../graphql/context.ts'
import type { Resolvers } from '../../graphql/generated.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import { topics } from '../events/events.ts'
import type { SlotRow } from './curation.service.ts'

/** The article a curation write touched, as the (staff) caller sees it now. */
async function articleAfter (ctx: GraphQLContext, id: string): Promise<ArticleRecord> {
  const found = await ctx.services.articles.find({ id }, await ctx.scope.viewer())
  if (!found) throw notFound(`no article ${id}`)
  return found.article
}

export const curationResolvers: Resolvers = {
  Query: {
    breaking: (_root, { first }, ctx) => ctx.services.curation.breaking(first),
    featuredSlots: async (_root, { sectionId }, ctx) => ctx.services.curation.slots(await ctx.scope.viewer(), await ctx.scope.sectionTree(), sectionId),
  },
  Mutation: {
    featureArticle: async (_root, { input }, ctx) => ctx.services.curation.feature(await ctx.scope.viewer(), await ctx.scope.sectionTree(), input),
    unfeatureArticle: async (_root, args, ctx) => ctx.services.curation.unfeature(await ctx.scope.viewer(), await ctx.scope.sectionTree(), args),
    markBreaking: async (_root, { id, until }, ctx) => articleAfter(ctx, await ctx.services.curation.markBreaking(await ctx.scope.viewer(), id, until)),
    clearBreaking: async (_root, { id }, ctx) => articleAfter(ctx, await ctx.services.curation.clearBreaking(await ctx.scope.viewer(), id)),
  },
  Subscription: {
    breakingNews: {
      subscribe: async (_root, _args, ctx) => ctx.pubsub.subscribe(topics.breakingNews),
    },
  },
  Site: {
    featured: async (_root, { first }, ctx) => ctx.services.curation.featured(await ctx.scope.sectionTree(), null, first),
  },
  Section: {
    featured: async (section, { first }, ctx) => ctx.services.curation.featured(await ctx.scope.sectionTree(), section.id, first),
  },
  FeaturedSlot: {
    section: async (slot, _args, ctx) => slot.sectionId === null ? null : (await ctx.scope.sectionTree()).get(slot.sectionId) ?? null,
  },
}

// Every Article.breakingUntil and FeaturedSlot.article of a request: one statement each.
export const curationLoaders: MercuriusLoaders = {
  Article: {
    breakingUntil: async (queries: Array<{ obj: ArticleRecord }>, ctx) => ctx.services.curation.breakingUntil(queries.map((q) => q.obj.id)),
  },
  FeaturedSlot: {
    article: async (queries: Array<{ obj: SlotRow }>, ctx) => {
      const found = await ctx.services.articles.visibleByIds(queries.map((q) => q.obj.articleId), await ctx.scope.viewer())
      return queries.map((q) => found.get(q.obj.articleId) ?? null)
    },
  },
}
