import type { FastifyPluginAsync } from 'fastify'
import { watchPool } from '../../db/database.ts'

// Liveness: the process answers. Readiness: it can reach PostgreSQL (a load balancer stops
// sending traffic when it cannot). A failed check answers within the pool's connection timeout
// (db/database.ts), so a probe never hangs while the database is down. With read replicas it
// also reports each one's lag and whether it is in rotation. While the app closes,
// Fastify answers 503 to every new request, readiness included.
export const healthRoutes: FastifyPluginAsync = async (app) => {
  // The pool's errors (idle connections dropped by a restart or failover) are logged, not swallowed.
  const unwatch = watchPool(app.db.pool, app.log)
  app.addHook('onClose', async () => unwatch())

  // Log the transitions, not every probe of an outage.
  let unreachableSince: number | null = null
  app.get('/health/live', async () => ({ status: 'ok' }))
  app.get('/health/ready', async (_request, reply) => {
    try {
      await app.db.pool.query('SELECT 1')
      if (unreachableSince !== null) {
        app.log.info({ downMs: Date.now() - unreachableSince }, 'readiness: the database is reachable again')
        unreachableSince = null
      }
      // Replicas are reported (name, lag, in rotation or why not) but do not decide readiness:
      // without them reads go to the primary.
      return app.db.replicas ? { status: 'ok', replicas: app.db.replicas.status() } : { status: 'ok' }
    } catch (err) {
      if (unreachableSince === null) {
        unreachableSince = Date.now()
        app.log.warn({ err }, 'readiness check failed: the database is unreachable')
      } else {
        app.log.debug({ err }, 'readiness check failed')
      }
      return reply.status(503).header('retry-after', '1').send({ status: 'unavailable', detail: 'database unreachable' })
    }
  })
}
