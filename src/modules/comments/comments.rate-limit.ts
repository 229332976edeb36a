// The per-client limit on comment submissions, through @fastify/rate-limit: one checker per
// configured window (e.g. 1 per 15 s and 5 per 10 minutes), used by the REST route and the
// GraphQL mutation alike. Per instance by default; shared through Redis when REDIS_URL is set.
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { rateLimited } from '../../errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** throws RATE_LIMITED (with Retry-After on the reply) when the client sent too many comments */
    checkCommentRate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

async function commentRateLimit (app: FastifyInstance): Promise<void> {
  const redis = app.config.REDIS_URL ? new Redis(app.config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }) : undefined
  if (redis) app.addHook('onClose', async () => { await redis.quit() })
  // skipOnError: a Redis outage must not stop readers commenting (moderation still stands between them and the page)
  await app.register(rateLimit, { global: false, skipOnError: true, ...(redis ? { redis, nameSpace: 'news-content-api:rate:' } : {}) })
  const checkers = app.config.COMMENT_RATE_LIMITS.map(({ max, ms }, i) => app.createRateLimit({
    max,
    timeWindow: ms,
    // the plugin's own client key (an IPv6 client is its /64), prefixed per window
    keyGenerator: (request) => `comments:${i}:${normalizeIP(request.ip)}`,
  }))
  app.decorate('checkCommentRate', async (request: FastifyRequest, reply: FastifyReply) => {
    for (const check of checkers) {
      const result = await check(request)
      if (!result.isAllowed && result.isExceeded) {
        const retryAfter = Math.max(1, result.ttlInSeconds)
        reply.header('retry-after', String(retryAfter))
        throw rateLimited(`too many comments from this client; retry in ${retryAfter} s`, retryAfter)
      }
    }
  })
}

export default fp(commentRateLimit, { name: 'comment-rate-limit', dependencies: ['services'] })
