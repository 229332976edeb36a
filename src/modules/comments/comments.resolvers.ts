import type { GraphQLResolveInfo } from 'graphql'
import type { MercuriusLoaders } from 'mercurius'
import { notFound } from '../../errors.ts'
import type { Resolvers } from '../../graphql/generated.ts'
import { underInput } from '../../graphql/input-errors.ts'
import { selectsField } from '../../graphql/selection.ts'
import type { ArticleRecord } from '../articles/articles.repository.ts'
import { topics } from '../events/events.ts'
import type { AddCommentInput, CommentRecord, ModerationAction } from './comments.service.ts'
import { submissionOf } from './comments.submission.ts'

export const commentResolvers: Resolvers = {
  Query: {
    moderationQueue: async (_root, args, ctx, info) =>
      ctx.services.comments.queue(await ctx.scope.viewer(), { first: args.first, after: args.after, last: args.last, before: args.before, withTotal: selectsField(info, 'totalCount') }),
  },
  Mutation: {
    addComment: async (_root, { input }, ctx) => underInput(async () =>
      ({ comment: await ctx.services.comments.submit(input as AddCommentInput, submissionOf(ctx.reply.request, ctx.reply)) }), ['Idempotency-Key']),
    moderateComment: async (_root, { id, action }, ctx) =>
      ctx.services.comments.moderate(await ctx.scope.viewer(), id, action as ModerationAction),
  },
  Comment: {
    authorEmail: async (comment, _args, ctx) => ctx.services.comments.authorEmail(await ctx.scope.viewer(), comment),
  },
  CommentConnection: {
    totalCount: (connection) => connection.totalCount ?? 0,
  },
  Subscription: {
    commentAdded: {
      subscribe: async (_root, { articleId }, ctx) => {
        const found = await ctx.services.articles.find({ id: articleId }, await ctx.scope.viewer())
        if (!found) throw notFound(`no article ${articleId}`)
        return ctx.pubsub.subscribe(topics.commentAdded(found.article.id))
      },
    },
  },
}

interface ThreadQuery<T> { obj: T, params: { first?: number | null, after?: string | null }, info?: GraphQLResolveInfo }
const withTotal = (q: ThreadQuery<unknown>) => q.info ? selectsField(q.info, 'totalCount') : true

// Threads, replies, parents and articles of a whole page of comments: one statement each.
export const commentLoaders: MercuriusLoaders = {
  Article: {
    comments: {
      loader: async (queries: Array<ThreadQuery<ArticleRecord>>, ctx) =>
        ctx.services.comments.threads('article', queries.map((q) => ({ id: q.obj.id, args: { ...q.params, withTotal: withTotal(q) }, prefetched: q.obj.firstComments }))),
      opts: { cache: false },
    },
  },
  Comment: {
    replies: {
      loader: async (queries: Array<ThreadQuery<CommentRecord>>, ctx) =>
        ctx.services.comments.threads('parent', queries.map((q) => ({ id: q.obj.id, args: { ...q.params, withTotal: withTotal(q) } }))),
      opts: { cache: false },
    },
    parent: async (queries: Array<{ obj: CommentRecord }>, ctx) => {
      const ids = queries.map((q) => q.obj.parentId)
      const found = await ctx.services.comments.visible(await ctx.scope.viewer(), ids.filter((id): id is string => id !== null))
      const byId = new Map(found.filter((c): c is CommentRecord => c !== null).map((c) => [c.id, c]))
      return ids.map((id) => (id ? byId.get(id) ?? null : null))
    },
    article: async (queries: Array<{ obj: CommentRecord }>, ctx) => {
      const viewer = await ctx.scope.viewer()
      const found = await ctx.services.articles.visibleByIds(queries.map((q) => q.obj.articleId), viewer)
      return queries.map((q) => found.get(q.obj.articleId) ?? null)
    },
  },
}

// Readers' reports and erasure (comments-reports.service.ts).
export const commentReportResolvers: Resolvers = {
  Query: {
    erasures: async (_root, { first }, ctx) => ctx.services.commentReports.erasures(await ctx.scope.viewer(), first),
  },
  Mutation: {
    reportComment: async (_root, { input }, ctx) => underInput(async () => ctx.services.commentReports.report(input, {
      clientIp: ctx.reply.request.ip,
      checkRate: () => ctx.app.checkReportRate(ctx.reply.request, ctx.reply),
    })),
    eraseCommenter: async (_root, { email, removeBodies }, ctx) => ctx.services.commentReports.erase(await ctx.scope.viewer(), email, removeBodies ?? false),
  },
  Comment: {
    reportCount: async (comment, _args, ctx) => ctx.services.comments.reportCount(await ctx.scope.viewer(), comment),
  },
}
