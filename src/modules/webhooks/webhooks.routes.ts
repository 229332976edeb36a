import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemResponses } from '../../http/problem.ts'
import { listBody, PageInfo } from '../../http/schemas.ts'
import { LIST_PARAMETERS, withParameterNames } from '../../http/parameter-names.ts'
import type { DeliveryRecord } from './webhooks.repository.ts'
import { statusOf } from './webhooks.service.ts'

const Delivery = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  eventId: Type.String({ format: 'uuid' }),
  eventType: Type.String(),
  payload: Type.String({ description: 'the JSON body as signed and sent' }),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('DELIVERED'), Type.Literal('FAILED')]),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'PENDING only' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last attempt; null when it got no answer' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
})

const toDelivery = (d: DeliveryRecord) => {
  const status = statusOf(d)
  return {
    id: d.id,
    url: d.url,
    eventId: d.eventId,
    eventType: d.eventType,
    payload: d.payload,
    status,
    attempts: d.attempts,
    createdAt: d.createdAt.toISOString(),
    nextAttemptAt: status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    failedAt: d.failedAt?.toISOString() ?? null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
  }
}

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/webhooks/deliveries', {
    schema: {
      tags: ['editorial'],
      summary: 'ADMIN: the webhook delivery log, newest first (each content change, per configured URL)',
      security: [{ bearerAuth: [] }],
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        before: Type.Optional(Type.String({ maxLength: 200, description: 'walk backward: the `limit` deliveries before pageInfo.startCursor (not with cursor)' })),
        status: Type.Optional(Type.Union([Type.Literal('PENDING'), Type.Literal('DELIVERED'), Type.Literal('FAILED')])),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Delivery), pageInfo: PageInfo }), ...ProblemResponses },
    },
  }, async (request) => {
    const q = request.query
    const page = await withParameterNames(LIST_PARAMETERS, async () => app.services.webhooks.deliveries(await request.scope.viewer(), { ...(q.before === undefined ? { first: q.limit } : { last: q.limit, before: q.before }), after: q.cursor ?? null, status: q.status ?? null }))
    const { totalCount: _total, ...body } = listBody(page, toDelivery)
    return body
  })
}
