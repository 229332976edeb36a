// @fastify/rate-limit, registered once for the service's per-client limits (comment submissions,
// anonymous reads), each made with app.createRateLimit. Per instance by default; shared through
// Redis when REDIS_URL is set, so several instances count one client together.
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'

async function rateLimitStore (app: FastifyInstance): Promise<void> {
  const redis = app.config.REDIS_URL ? new Redis(app.config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }) : undefined
  if (redis) app.addHook('onClose', async () => { await redis.quit() })
  // skipOnError: a Redis outage must not stop readers (or commenters: moderation still stands
  // between a comment and the page)
  await app.register(rateLimit, { global: false, skipOnError: true, ...(redis ? { redis, nameSpace: 'news-content-api:rate:' } : {}) })
}

/**
 * The key a client is counted under: its address, IPv6 ones by their /64 network (normalizeIP), so
 * that one host cannot rotate through its addresses. IPv4 is taken as is, without normalizeIP's
 * IPv6 pattern (a measurable share of an anonymous read's CPU).
 */
export function clientKey (ip: string): string {
  return ip.includes(':') ? normalizeIP(ip) : ip
}

export default fp(rateLimitStore, { name: 'rate-limit-store', dependencies: ['services'] })
