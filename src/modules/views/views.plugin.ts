// Flushes the buffered views (views.service.ts) every VIEW_FLUSH_INTERVAL and once more on close
// (graceful shutdown), and limits recordView per client (VIEW_RATE_LIMIT) in the shared
// rate-limit store.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { rateLimited } from '../../errors.ts'
import { clientKey } from '../../http/rate-limit-store.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** records a view for the request's client (RATE_LIMITED past VIEW_RATE_LIMIT) */
    recordView: (request: FastifyRequest, articleId: string) => Promise<boolean>
  }
}

async function views (app: FastifyInstance): Promise<void> {
  const service = app.services.views
  const limit = app.config.VIEW_RATE_LIMIT
  const check = limit && app.createRateLimit({ max: limit.max, timeWindow: limit.ms, keyGenerator: (request) => `views:${clientKey(request.ip)}` })
  app.decorate('recordView', async (request: FastifyRequest, articleId: string) => {
    if (check) {
      const result = await check(request)
      if (!result.isAllowed && result.isExceeded) {
        const retryAfter = Math.max(1, result.ttlInSeconds)
        throw rateLimited(`too many views from this client; retry in ${retryAfter} s`, retryAfter)
      }
    }
    // a client is its address and user agent: readers behind one address are told apart
    return service.record(articleId, `${request.ip}\u0000${request.headers['user-agent'] ?? ''}`)
  })

  const flush = async (): Promise<void> => {
    try {
      const counted = await service.flush()
      if (counted > 0) app.log.debug({ counted }, 'views flushed')
    } catch (err) {
      app.log.warn({ err, pending: service.pending }, 'views not flushed; kept for the next flush')
    }
  }
  const timer = setInterval(() => { flush().catch(() => {}) }, app.config.VIEW_FLUSH_INTERVAL)
  timer.unref()
  // before the database closes (onClose hooks run in reverse order of registration)
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await flush()
  })
}

export default fp(views, { name: 'views', dependencies: ['services', 'rate-limit-store'] })
