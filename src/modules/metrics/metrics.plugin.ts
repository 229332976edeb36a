// Prometheus metrics at /metrics, only when METRICS_TOKEN is set and only to that bearer token:
// latency per route and per GraphQL operation, SQL statements per request, the pg pool, and the
// process (memory, event loop lag, GC). Without METRICS_TOKEN nothing is registered: no route,
// no hooks, no statement tally.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { countStatements, type StatementTally } from '../../db/statement-counter.ts'
import { sendProblem } from '../../http/problem.ts'
import { createCollectors } from './metrics.collectors.ts'
import { MAX_OPERATION_NAMES, OperationNames, operationLabels, REJECTED, type OperationLabels } from './metrics.operation-labels.ts'

export const METRICS_PATH = '/metrics'
// Where graphql/index.ts serves GraphQL: requests refused there before an operation ran are
// counted as operation_type="rejected".
const GRAPHQL_PATH = '/graphql'
const UNMATCHED = 'unmatched'

/** What one request measured, for its onResponse. */
export interface RequestMetrics extends StatementTally {
  /** the route pattern, or `unmatched` */
  route: string
  /** the GraphQL operation it ran, set by the preExecution hook */
  operation: OperationLabels | null
  /** the GraphQL result carried errors */
  graphqlErrors: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** null without METRICS_TOKEN and for /metrics itself */
    metrics: RequestMetrics | null
  }
}

export interface MetricsOptions {
  /** distinct GraphQL operation names with a label of their own */
  maxOperationNames?: number
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

async function metrics (app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  app.decorateRequest('metrics', null)
  const token = app.config.METRICS_TOKEN
  if (!token) return

  const { registry, httpDuration, httpStatements, graphqlDuration, graphqlErrors } = createCollectors(app.db.pool)
  const names = new OperationNames(opts.maxOperationNames ?? MAX_OPERATION_NAMES)
  app.addHook('onClose', async () => registry.clear())

  // Callback hooks, so that the rest of the request runs inside the tally's async context.
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions.url
    if (url === METRICS_PATH) return done()
    const route = (!request.is404 && url) || UNMATCHED
    const measured: RequestMetrics = { route, statements: 0, operation: null, graphqlErrors: false }
    request.metrics = measured
    countStatements(measured, done)
  })
  // A body is read in its socket's async context: enter the request's tally again after parsing.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.metrics) countStatements(request.metrics, done)
    else done()
  })
  app.addHook('onResponse', (request, reply, done) => {
    const measured = request.metrics
    if (measured) {
      const { route } = measured
      const seconds = reply.elapsedTime / 1000
      httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, seconds)
      httpStatements.observe({ method: request.method, route }, measured.statements)
      const operation = measured.operation ?? (route === GRAPHQL_PATH && reply.statusCode >= 400 ? REJECTED : null)
      if (operation) {
        graphqlDuration.observe(operation, seconds)
        if (measured.graphqlErrors || reply.statusCode >= 400) graphqlErrors.inc(operation)
      }
    }
    done()
  })

  // Mercurius' hooks exist once the graphql plugin (registered after this one) has loaded.
  // preExecution sees the parsed (and cached) document of every operation sent over HTTP;
  // returning nothing keeps the compiled (JIT) query.
  app.addHook('onReady', async () => {
    if (!app.hasDecorator('graphql')) return
    app.graphql.addHook('preExecution', async (_schema, document, context) => {
      const measured = context.reply?.request.metrics
      if (measured) measured.operation = operationLabels(document, requestedOperation(context.reply.request), names)
    })
    app.graphql.addHook('onResolution', async (execution, context) => {
      const measured = context.reply?.request.metrics
      if (measured && execution.errors && execution.errors.length > 0) measured.graphqlErrors = true
    })
  })

  const expected = digest(token)
  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')
    // Digests have equal lengths, so timingSafeEqual compares in time independent of the token sent.
    if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      return sendProblem(reply, 401, 'UNAUTHENTICATED', 'metrics need Authorization: Bearer <METRICS_TOKEN>')
    }
    reply.header('cache-control', 'no-store').type(registry.contentType)
    return registry.metrics()
  })
}

function requestedOperation (request: FastifyRequest): unknown {
  const params = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown } | null | undefined
  return params?.operationName
}

export default fp(metrics, { name: 'metrics', dependencies: ['services'] })
