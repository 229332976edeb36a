import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Submission } from './comments.service.ts'

/** What the comment service needs of an HTTP request: the client, its Idempotency-Key, the rate limit. */
export function submissionOf (request: FastifyRequest, reply: FastifyReply): Submission {
  const key = request.headers['idempotency-key']
  return {
    clientIp: request.ip,
    idempotencyKey: Array.isArray(key) ? key[0] : key,
    checkRate: () => request.server.checkCommentRate(request, reply),
  }
}
