// The per-client limit on comment submissions, through @fastify/rate-limit: one checker per
// configured window (e.g. 1 per 15 s and 5 per 10 minutes), used by the REST route and the
// GraphQL mutation alike, in the store of http/rate-limit-store.ts.
import { clientKey } from '../../http/rate-limit-store.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { rateLimited } from '../../errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** throws RATE_LIMITED (with Retry-After on the reply) when the client sent too many comments */
    checkCommentRate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** the same limits, counted apart, for readers' reports on comments */
    checkReportRate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

async function commentRateLimit (app: FastifyInstance): Promise<void> {
  const limiter = (what: 'comments' | 'reports') => {
    const checkers = app.config.COMMENT_RATE_LIMITS.map(({ max, ms }, i) => app.createRateLimit({
      max,
      timeWindow: ms,
      // the plugin's own client key (an IPv6 client is its /64), prefixed per window
      keyGenerator: (request) => `${what}:${i}:${clientKey(request.ip)}`,
    }))
    return async (request: FastifyRequest, reply: FastifyReply) => {
      for (const check of checkers) {
        const result = await check(request)
        if (!result.isAllowed && result.isExceeded) {
          const retryAfter = Math.max(1, result.ttlInSeconds)
          reply.header('retry-after', String(retryAfter))
          throw rateLimited(`too many ${what} from this client; retry in ${retryAfter} s`, retryAfter)
        }
      }
    }
  }
  app.decorate('checkCommentRate', limiter('comments'))
  app.decorate('checkReportRate', limiter('reports'))
}

export default fp(commentRateLimit, { name: 'comment-rate-limit', dependencies: ['services', 'rate-limit-store'] })
