import cors from '@fastify/cors'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import { randomUUID } from 'node:crypto'
import type { Config } from './config.ts'
import { loggerOptions } from './logger.ts'
import type { Database } from './db/database.ts'
import { ReplicaSet } from './db/replicas.ts'
import graphql from './graphql/index.ts'
import commentRateLimit from './modules/comments/comments.rate-limit.ts'
import events from './modules/events/events.plugin.ts'
import webhooks from './modules/webhooks/webhooks.plugin.ts'
import views from './modules/views/views.plugin.ts'
import { viewRoutes } from './modules/views/views.routes.ts'
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts'
import { commentRoutes } from './modules/comments/comments.routes.ts'
import caching from './http/caching.ts'
import edges from './http/edges.ts'
import { clientErrorProblem, sendProblem, useProblemDetails } from './http/problem.ts'
import rateLimitStore from './http/rate-limit-store.ts'
import { useStrictBodies } from './http/validation.ts'
import { systemClock, type Clock } from './lib/clock.ts'
import { healthRoutes } from './modules/health/health.routes.ts'
import metrics from './modules/metrics/metrics.plugin.ts'
import { articleWriteRoutes } from './modules/articles/articles-editorial.routes.ts'
import { articleRoutes } from './modules/articles/articles.routes.ts'
import { searchRoutes } from './modules/search/search.routes.ts'
import { sectionWriteRoutes } from './modules/sections/sections-editorial.routes.ts'
import { importRoutes } from './modules/imports/imports.routes.ts'
import { sectionDetailRoutes, sectionRoutes } from './modules/sections/sections.routes.ts'
import { siteRoutes } from './modules/site/site.routes.ts'
import { curationRoutes } from './modules/curation/curation.routes.ts'
import { tagRoutes } from './modules/tags/tags.routes.ts'
import { authorRoutes } from './modules/authors/authors.routes.ts'
import { previewRoutes } from './modules/previews/previews.routes.ts'
import { commentReportRoutes } from './modules/comments/comments-reports.routes.ts'
import { createServices, RequestScope, type Services } from './services.ts'
import readerPages from './modules/reader/reader.plugin.ts'
import { feedRoutes } from './modules/feeds/feeds.routes.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Database
    clock: Clock
    services: Services
  }
  interface FastifyRequest {
    /** per-request memo of the caller and the section tree, shared by GraphQL and REST */
    scope: RequestScope
  }
}

export interface AppOptions {
  config: Config
  db: Database
  clock?: Clock
  /** a pino instance to share (server.ts), or Fastify logger options (tests pass false) */
  logger?: FastifyServerOptions['logger']
  loggerInstance?: FastifyBaseLogger
}

/** Composes the service: core decorations → services → GraphQL → REST. Listening is server.ts's job. */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? loggerOptions(opts.config.LOG_LEVEL) }),
    // A client's (or a balancer's) X-Request-Id becomes the request's id in every log line, when
    // it is a sane one; otherwise Fastify numbers the request. Echoed back in the response.
    // (genReqId, not requestIdHeader: that one would take any header value as it comes)
    genReqId: (request) => {
      const sent = request.headers['x-request-id']
      return typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID()
    },
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 500 },
    // What the router refuses before any route runs (a malformed or over-long path parameter)
    // answers problem+json like every other error.
    frameworkErrors: (err, _request, reply) => sendProblem(reply, err.statusCode ?? 400, 'BAD_REQUEST', err.message),
    clientErrorHandler: clientErrorProblem,
    trustProxy: opts.config.TRUST_PROXY,
    requestTimeout: opts.config.HTTP_REQUEST_TIMEOUT,
    keepAliveTimeout: opts.config.HTTP_KEEP_ALIVE_TIMEOUT,
    // Unknown properties are refused (400), not silently dropped: a typo must not pass unnoticed.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id) })
  await app.register(fp(async (instance) => {
    instance.decorate('config', opts.config)
    instance.decorate('db', opts.db)
    instance.decorate('clock', opts.clock ?? systemClock)
    instance.decorate('services', createServices({
      db: opts.db,
      config: opts.config,
      clock: opts.clock ?? systemClock,
      warn: (err) => { instance.log.warn({ err }, 'sitemap entry left out') },
      // the versions the caching plugin (registered below) remembers: no statement while nothing changed
      versions: () => instance.versions.current(),
    }))
    instance.decorateRequest('scope', null as unknown as RequestScope)
    instance.addHook('onRequest', async (request) => {
      request.scope = new RequestScope(instance.services, request.headers.authorization)
    })
    // With read replicas, each request carries its route (db/replicas.ts): the primary unless the
    // caching plugin sends an anonymous read to a replica.
    if (opts.db.replicas) instance.addHook('onRequest', (_request, _reply, done) => { ReplicaSet.route(done) })
    // Expired Idempotency-Keys are dropped hourly; a claim ignores them anyway.
    const sweep = setInterval(() => {
      instance.services.idempotency.sweep(instance.clock.now()).catch((err: unknown) => instance.log.warn({ err }, 'idempotency sweep failed'))
    }, 3_600_000)
    sweep.unref()
    instance.addHook('onClose', async () => clearInterval(sweep))
  }, { name: 'services' }))

  // Before every route, so that each is measured (and /metrics only when METRICS_TOKEN is set).
  await app.register(metrics)
  await app.register(rateLimitStore)
  await app.register(edges)
  await app.register(caching)
  await app.register(cors, {
    origin: opts.config.CORS_ORIGINS === '*' ? '*' : opts.config.CORS_ORIGINS.split(',').map((o) => o.trim()),
    // every method the REST mirror answers (the default leaves out PATCH and DELETE)
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
  })
  // OpenAPI 3 from the REST routes' schemas (only tagged routes: not GraphQL, GraphiQL or health).
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'News content API (REST mirror)', version: '1', description: 'The REST mirror of the GraphQL API at /graphql. Errors are application/problem+json (RFC 9457).' },
      servers: [{ url: opts.config.PUBLIC_URL }],
      tags: [{ name: 'site' }, { name: 'sections' }, { name: 'articles' }, { name: 'editorial', description: 'EDITOR and ADMIN tokens' }, { name: 'comments' }, { name: 'authors', description: 'writes: EDITOR and ADMIN tokens' }, { name: 'curation', description: 'featured front pages and breaking news; writes: EDITOR and ADMIN tokens' }, { name: 'feeds', description: 'RSS, Atom, JSON Feed, sitemaps (at the root, not under /api/v1)' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'a staff token from `npm run token -- create`' } } },
    },
    hideUntagged: true,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  await app.register(healthRoutes)
  await app.register(commentRateLimit)
  await app.register(graphql)
  await app.register(events)
  await app.register(webhooks)
  await app.register(views)
  await app.register(readerPages)
  await app.register(feedRoutes)
  await app.register(async (api) => {
    useProblemDetails(api)
    useStrictBodies(api)
    // Authenticate up front when a token is sent: a bad one is a 401 whatever the route reads.
    api.addHook('preHandler', async (request) => {
      if (request.headers.authorization) await request.scope.viewer()
    })
    await api.register(siteRoutes)
    await api.register(sectionRoutes)
    await api.register(sectionDetailRoutes)
    await api.register(articleRoutes)
    await api.register(searchRoutes)
    await api.register(viewRoutes)
    await api.register(sectionWriteRoutes)
    await api.register(articleWriteRoutes)
    await api.register(commentRoutes)
    await api.register(webhookRoutes)
    await api.register(importRoutes)
    await api.register(curationRoutes)
    await api.register(tagRoutes)
    await api.register(authorRoutes)
    await api.register(previewRoutes)
    await api.register(commentReportRoutes)
  }, { prefix: '/api/v1' })

  return app
}
