import type { FastifyPluginAsync } from 'fastify'

// Liveness: the process answers. Readiness: it can reach PostgreSQL (a load balancer stops
// sending traffic when it cannot).
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health/live', async () => ({ status: 'ok' }))
  app.get('/health/ready', async (_request, reply) => {
    try {
      await app.db.pool.query('SELECT 1')
      return { status: 'ok' }
    } catch (err) {
      app.log.warn({ err }, 'readiness check failed')
      return reply.status(503).send({ status: 'unavailable', detail: 'database unreachable' })
    }
  })
}
