// What stands between the internet and the routes: security headers (helmet, with a CSP that
// lets GraphiQL and /docs work), load shedding (under-pressure: 503 with Retry-After when the
// event loop or memory is saturated) and a per-client limit on anonymous reads. Refusals answer
// in the shape the route speaks: GraphQL's on /graphql, problem+json elsewhere.
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'
import underPressure from '@fastify/under-pressure'
import { clientKey } from './rate-limit-store.ts'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { ErrorCode } from '../errors.ts'
import { refusalBody } from '../graphql/errors.ts'
import { problemBody } from './problem.ts'

/**
 * A refusal before any route runs, in the route's own error shape: sets the status and headers
 * and returns the body to send.
 */
function refusal (reply: FastifyReply, status: number, code: ErrorCode, message: string, retryAfter: number): object {
  reply.header('retry-after', String(retryAfter)).code(status)
  if (reply.request.url.startsWith('/graphql')) {
    reply.type('application/json; charset=utf-8')
    return refusalBody(message, { code, retryAfter })
  }
  reply.type('application/problem+json; charset=utf-8')
  return problemBody(reply, status, code, message, { retryAfter })
}

/** The headers helmet's middleware sets for a policy. */
function helmetHeaders (policy: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = { setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value) }, removeHeader: () => {} }
  let done = false
  helmet(policy)({} as IncomingMessage, recorder as unknown as ServerResponse, () => { done = true })
  if (!done) throw new Error('helmet did not set its headers synchronously')
  return headers
}

/** Answers that are data, not documents: REST, GraphQL (not GraphiQL), probes and metrics. */
const API_PATHS = /^\/(api\/|graphql(\/|\?|$)|health(\/|$|\?)|metrics(\/|$|\?))/

/** Paths that are never limited or shed: probes and metrics must answer when the service is loaded. */
const EXEMPT = /^\/(health|metrics)(\/|$|\?)/

async function edges (app: FastifyInstance): Promise<void> {
  const config = app.config
  // Security headers: helmet's, computed once (helmet's middleware run against a recorder) and
  // set from a constant object on each request; HTML pages (GraphiQL, /docs) get helmet's whole
  // set, API answers (JSON) the part that means something for them (OWASP REST Security Cheat
  // Sheet), with a CSP that allows nothing: measured, the per-request middleware and its twelve
  // setHeader calls were a fifth of the hardening's cost on an article page.
  const documents = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // GraphiQL, /docs and the reader's pages load only this service's own scripts
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:', 'https:'],
        // 'self' covers a WebSocket to this host (CSP Level 3): GraphiQL's and the reader's subscriptions
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // The API is read cross-origin by design (CORS_ORIGINS); CORP must not block it.
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
  })
  const api: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; object-src 'none'",
  }
  for (const name of ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy']) {
    api[name] = documents[name] as string
  }
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(API_PATHS.test(request.url) ? api : documents)
    done()
  })

  if (config.PRESSURE_MAX_EVENT_LOOP_DELAY > 0 || config.PRESSURE_MAX_HEAP_MB > 0) {
    await app.register(underPressure, {
      ...(config.PRESSURE_MAX_EVENT_LOOP_DELAY > 0 ? { maxEventLoopDelay: config.PRESSURE_MAX_EVENT_LOOP_DELAY } : {}),
      ...(config.PRESSURE_MAX_HEAP_MB > 0 ? { maxHeapUsedBytes: config.PRESSURE_MAX_HEAP_MB * 1024 * 1024 } : {}),
      sampleInterval: config.PRESSURE_SAMPLE_INTERVAL,
      pressureHandler: (request, reply, type) => {
        if (EXEMPT.test(request.url)) return undefined
        request.log.warn({ type, memory: app.memoryUsage() }, 'under pressure: shedding a request')
        // under-pressure sends what the handler returns (and runs the route when it returns nothing)
        return refusal(reply, 503, 'SERVICE_UNAVAILABLE', 'The service is overloaded; retry shortly.', 5) as unknown as undefined
      },
    })
  }

  const limit = config.READ_RATE_LIMIT
  if (limit) {
    const check = app.createRateLimit({ max: limit.max, timeWindow: limit.ms, keyGenerator: (request) => `reads:${clientKey(request.ip)}` })
    // Anonymous reads only: staff tokens, mutations (their own limits) and probes are not counted.
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization || EXEMPT.test(request.url)) return
      if (request.method !== 'GET' && request.method !== 'HEAD' && !(request.method === 'POST' && request.url.startsWith('/graphql'))) return
      const result = await check(request)
      if (!result.isAllowed && result.isExceeded) {
        const retryAfter = Math.max(1, result.ttlInSeconds)
        return reply.send(refusal(reply, 429, 'RATE_LIMITED', `too many requests from this client; retry in ${retryAfter} s`, retryAfter))
      }
    })
  }
}

export default fp(edges, { name: 'http-edges', dependencies: ['services', 'rate-limit-store'] })
