import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses, SubmitProblemResponses, WriteProblemResponses } from '../../http/problem.ts'
import { LIST_PARAMETERS, withParameterNames } from '../../http/parameter-names.ts'
import { listBody, Nullable, PageInfo } from '../../http/schemas.ts'
import { CommentBody, CommentThread, ModeratedComment, toCommentBody, toModeratedComment } from './comments.serializers.ts'
import { COMMENT_LIMITS as L } from './comments.service.ts'
import { submissionOf } from './comments.submission.ts'

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const commentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { comments, articles } = app.services

  app.get('/articles/:id/comments', {
    config: { freshness: 'comments' },
    schema: {
      tags: ['comments'],
      summary: 'Approved top-level comments of a published article, oldest first, each with its first 20 approved replies',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        before: Type.Optional(Type.String({ maxLength: 200, description: 'walk backward: the `limit` comments before pageInfo.startCursor (not with cursor)' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ data: Type.Array(CommentThread), pageInfo: PageInfo, totalCount: Type.Integer() }),
        ...ProblemResponses,
      },
    },
  }, async (request) => {
    const found = await articles.find({ id: request.params.id }, await request.scope.viewer())
    if (!found) throw notFound(`no article ${request.params.id}`)
    const [page] = await withParameterNames(LIST_PARAMETERS, async () =>
      comments.threads('article', [{
        id: found.article.id,
        args: request.query.before === undefined
          ? { first: request.query.limit, after: request.query.cursor, withTotal: true }
          : { last: request.query.limit, before: request.query.before, after: request.query.cursor, withTotal: true },
      }]))
    if (!page) throw new Error('no page')
    const replies = await comments.threads('parent', page.edges.map((e) => ({ id: e.node.id, args: { first: 20, withTotal: true } })))
    return listBody(page, (node, i) => ({ ...toCommentBody(node), replies: (replies[i]?.edges ?? []).map((r) => toCommentBody(r.node)), replyCount: replies[i]?.totalCount ?? 0 }))
  })

  app.post('/articles/:id/comments', {
    schema: {
      tags: ['comments'],
      summary: 'Add a comment (PENDING until a moderator approves it); send Idempotency-Key to make retries safe',
      params: IdParams,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      body: Type.Object({
        parentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
        authorName: Type.String({ maxLength: L.authorName * 2 }),
        authorEmail: Type.Optional(Nullable(Type.String({ maxLength: L.authorEmail }))),
        body: Type.String({ maxLength: L.body * 2 }),
        website: Type.Optional(Nullable(Type.String({ maxLength: L.website, description: 'honeypot: leave empty' }))),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ data: CommentBody }), ...SubmitProblemResponses },
    },
  }, async (request, reply) => {
    const receipt = await comments.submit({ ...request.body, articleId: request.params.id }, submissionOf(request, reply))
    return reply.code(201).send({ data: toCommentBody(receipt) })
  })

  app.post('/comments/:id/moderation', {
    schema: {
      tags: ['comments'],
      summary: 'Approve, reject or mark a comment as spam (MODERATOR, ADMIN)',
      security: [{ bearerAuth: [] }],
      params: IdParams,
      body: Type.Object({ action: Type.Union([Type.Literal('APPROVE'), Type.Literal('REJECT'), Type.Literal('MARK_SPAM')]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: ModeratedComment }), ...WriteProblemResponses },
    },
  }, async (request) => {
    const comment = await comments.moderate(await request.scope.viewer(), request.params.id, request.body.action)
    return { data: toModeratedComment(comment) }
  })
}
