import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses, SubmitProblemResponses, WriteProblemResponses } from '../../http/problem.ts'
import { Nullable } from '../../http/schemas.ts'
import { REPORT_NOTE_MAX, REPORT_REASONS, type ErasureRow } from './comments-reports.service.ts'

const Erasure = Type.Object({
  id: Type.String({ format: 'uuid' }),
  emailHash: Type.String({ description: 'SHA-256 of the lower-cased address (the address is not kept)' }),
  comments: Type.Integer(),
  bodiesRemoved: Type.Boolean(),
  erasedBy: Type.String(),
  erasedAt: Type.String({ format: 'date-time' }),
})
const toErasure = (e: ErasureRow) => ({ ...e, erasedAt: e.erasedAt.toISOString() })

export const commentReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { commentReports } = app.services
  const security = [{ bearerAuth: [] }]

  app.post('/comments/:id/reports', {
    config: { writesContent: false }, // a report changes nothing the public sees
    schema: {
      tags: ['comments'],
      summary: 'Report an approved comment (rate-limited per client like comments; once per client and comment)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: Type.Object({
        reason: Type.Union(REPORT_REASONS.map((r) => Type.Literal(r))),
        note: Type.Optional(Nullable(Type.String({ maxLength: REPORT_NOTE_MAX * 2 + 64, description: `at most ${REPORT_NOTE_MAX} characters` }))),
      }, { additionalProperties: false }),
      response: { 202: Type.Object({ data: Type.Object({ accepted: Type.Boolean() }) }), ...SubmitProblemResponses },
    },
  }, async (request, reply) => {
    const accepted = await commentReports.report({ commentId: request.params.id, reason: request.body.reason, note: request.body.note }, {
      clientIp: request.ip,
      checkRate: () => app.checkReportRate(request, reply),
    })
    return reply.code(202).send({ data: { accepted } })
  })

  app.post('/erasures', {
    schema: {
      tags: ['comments'],
      summary: 'Erase a commenter\'s personal data by e-mail address; recorded in the audit log (ADMIN)',
      security,
      body: Type.Object({
        email: Type.String({ maxLength: 600 }),
        removeBodies: Type.Boolean({ default: false, description: 'also remove the comments\' bodies (they leave public threads)' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Erasure }), ...WriteProblemResponses },
    },
  }, async (request) => ({ data: toErasure(await commentReports.erase(await request.scope.viewer(), request.body.email, request.body.removeBodies)) }))

  app.get('/erasures', {
    schema: {
      tags: ['comments'],
      summary: 'The audit log of erasures, newest first (ADMIN)',
      security,
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Erasure) }), ...ProblemResponses, 401: WriteProblemResponses[401], 403: WriteProblemResponses[403] },
    },
  }, async (request) => ({ data: (await commentReports.erasures(await request.scope.viewer(), request.query.limit)).map(toErasure) }))
}
