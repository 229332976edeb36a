import type { MercuriusLoaders } from 'mercurius'
import type { Resolvers } from '../../graphql/generated.ts'
import { underInput } from '../../graphql/input-errors.ts'
import type { ArticleRecord } from './articles.repository.ts'
import { stateOf, type StoredStatus } from './articles.content-state.ts'
import type { ArticleInput, UpdateArticleInput } from './articles-editorial.service.ts'

export const articleWriteResolvers: Resolvers = {
  Mutation: {
    createArticle: async (_root, { input }, ctx) =>
      underInput(async () => ctx.services.articleWrites.create(await ctx.scope.viewer(), input as ArticleInput)),
    updateArticle: async (_root, { id, input, expectedVersion }, ctx) =>
      underInput(async () => ctx.services.articleWrites.update(await ctx.scope.viewer(), id, input as UpdateArticleInput, expectedVersion)),
    publishArticle: async (_root, { id, at }, ctx) => ctx.services.articleWrites.publish(await ctx.scope.viewer(), id, at),
    unpublishArticle: async (_root, { id }, ctx) => ctx.services.articleWrites.unpublish(await ctx.scope.viewer(), id),
    deleteArticle: async (_root, { id }, ctx) => ctx.services.articleWrites.delete(await ctx.scope.viewer(), id),
  },
  ArticleRevision: {
    slug: (r) => r.snapshot.slug as string,
    title: (r) => r.snapshot.title as string,
    summary: (r) => r.snapshot.summary as string | null,
    paragraphs: (r) => r.snapshot.paragraphs as string[],
    image: (r) => r.snapshot.image as ArticleRecord['image'],
    language: (r) => r.snapshot.language as string,
    tags: (r) => r.snapshot.tags as string[],
    byline: (r) => r.snapshot.byline as string | null,
    source: (r) => r.snapshot.source as string | null,
    publishedAt: (r) => r.snapshot.publishedAt ? new Date(r.snapshot.publishedAt as string) : null,
    sectionId: (r) => r.snapshot.sectionId as string,
    deleted: (r) => r.snapshot.deletedAt !== null,
    // The status the version had while it was current: derived at the instant it was replaced.
    status: (r) => stateOf({
      status: r.snapshot.status as StoredStatus,
      publishedAt: r.snapshot.publishedAt ? new Date(r.snapshot.publishedAt as string) : null,
    }, r.replacedAt),
  },
}

// Every Article.revisions of a request in one statement; the service refuses non-editors.
export const articleWriteLoaders: MercuriusLoaders = {
  Article: {
    revisions: async (queries: Array<{ obj: ArticleRecord }>, ctx) =>
      ctx.services.articleWrites.revisions(await ctx.scope.viewer(), queries.map((q) => q.obj.id)),
  },
}
