import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Kind, NoSchemaIntrospectionCustomRule } from 'graphql'
import fp from 'fastify-plugin'
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius'
import { articleWriteLoaders, articleWriteResolvers } from '../modules/articles/articles-editorial.resolvers.ts'
import { articleLoaders } from '../modules/articles/articles.loaders.ts'
import { loaderResolvers } from './loaders.ts'
import { authResolvers } from '../modules/auth/auth.resolvers.ts'
import { commentLoaders, commentReportResolvers, commentResolvers } from '../modules/comments/comments.resolvers.ts'
import { eventResolvers } from '../modules/events/events.resolvers.ts'
import { curationLoaders, curationResolvers } from '../modules/curation/curation.resolvers.ts'
import { tagResolvers } from '../modules/tags/tags.resolvers.ts'
import { authorLoaders, authorResolvers } from '../modules/authors/authors.resolvers.ts'
import { previewResolvers } from '../modules/previews/previews.resolvers.ts'
import { searchLoaders, searchResolvers } from '../modules/search/search.resolvers.ts'
import { viewResolvers } from '../modules/views/views.resolvers.ts'
import { sectionWriteResolvers } from '../modules/sections/sections-editorial.resolvers.ts'
import { articleResolvers } from '../modules/articles/articles.resolvers.ts'
import { sectionLoaders } from '../modules/sections/sections.loaders.ts'
import { sectionResolvers } from '../modules/sections/sections.resolvers.ts'
import { siteResolvers } from '../modules/site/site.resolvers.ts'
import { webhookResolvers } from '../modules/webhooks/webhooks.resolvers.ts'
import { isAppError } from '../errors.ts'
import { RequestScope } from '../services.ts'
import { graphqlDependence } from '../http/caching.ts'
import { persistedQueries, readAllowList } from './persisted.ts'
import { formatGraphQLErrors, refusalBody } from './errors.ts'
import { limitRules, tooComplex, type QueryLimits } from './limits.ts'
import { GRAPHQL_RESPONSE, wantsGraphQLResponse } from './media-type.ts'
import { nodeResolvers } from './node.resolvers.ts'
import type { Resolvers } from './generated.ts'
import { DateTime } from './scalars.ts'
import './context.ts'
import graphiql from './graphiql.ts'

export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url)

function merge (...parts: Resolvers[]): IResolvers {
  const out: Record<string, Record<string, unknown>> = {}
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part) as Array<[string, Record<string, unknown>]>) {
      // The generated types say __resolveType (graphql-tools' name); mercurius reads resolveType.
      const { __resolveType: resolveType, ...rest } = fields
      out[type] = { ...out[type], ...rest, ...(resolveType ? { resolveType } : {}) }
    }
  }
  return out as IResolvers
}

type Resolver = (root: unknown, args: unknown, ctx: { scope: { invalidate: () => void } }, info: unknown) => unknown

/**
 * After each mutation field, what the request loaded before it (the section tree) is dropped, so
 * the mutation's answer and every later field read the write: one place, for every mutation.
 */
function refreshingAfterWrites (resolvers: IResolvers, forgetVersions: () => void): IResolvers {
  const mutations = resolvers.Mutation as Record<string, Resolver> | undefined
  if (!mutations) return resolvers
  const refreshing = (resolve: Resolver): Resolver => async (root: unknown, args: unknown, ctx: Parameters<Resolver>[2], info: unknown) => {
    try {
      return await resolve(root, args, ctx, info)
    } finally {
      ctx.scope.invalidate()
      forgetVersions() // and this instance's versions (http/caching.ts), before the answer leaves
    }
  }
  const wrapped = Object.fromEntries(Object.entries(mutations).map(([name, resolve]) => [name, COUNTERS.has(name) ? resolve : refreshing(resolve)]))
  return { ...resolvers, Mutation: wrapped } as IResolvers
}

/** Mutations that change no content (a view is a count): after them the loaded state stands. */
const COUNTERS = new Set(['recordView'])

function mergeLoaders (...parts: MercuriusLoaders[]): MercuriusLoaders {
  const out: MercuriusLoaders = {}
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) out[type] = { ...out[type], ...fields }
  }
  return out
}

/** The document of a GraphQL request over GET or POST, if it has one as text. */
function documentOf (request: FastifyRequest): string | undefined {
  const from = (request.method === 'GET' ? request.query : request.body) as { query?: unknown } | null | undefined
  return typeof from?.query === 'string' ? from.query : undefined
}

async function graphql (app: FastifyInstance): Promise<void> {
  const config = app.config
  const limits: QueryLimits = {
    bytes: config.GRAPHQL_MAX_BYTES,
    tokens: config.GRAPHQL_MAX_TOKENS,
    depth: config.GRAPHQL_MAX_DEPTH,
    aliases: config.GRAPHQL_MAX_ALIASES,
    directives: config.GRAPHQL_MAX_DIRECTIVES,
    nodes: config.GRAPHQL_MAX_NODES,
  }
  const persisted = persistedQueries(config.GRAPHQL_PERSISTED_QUERIES, {
    maxBytes: config.GRAPHQL_PERSISTED_CACHE_MB * 1024 * 1024,
    ...(config.GRAPHQL_PERSISTED_QUERIES === 'allowlist' ? { allowList: readAllowList(config.GRAPHQL_ALLOWLIST_FILE) } : {}),
  })
  const resolvers = {
    ...refreshingAfterWrites(merge(nodeResolvers, siteResolvers, sectionResolvers, articleResolvers, authResolvers, sectionWriteResolvers, articleWriteResolvers, commentResolvers, eventResolvers, webhookResolvers, searchResolvers, viewResolvers, curationResolvers, tagResolvers, authorResolvers, previewResolvers, commentReportResolvers,
      // batched fields last: they answer their fields, as mercurius' `loaders` did over resolvers
      loaderResolvers(mergeLoaders(sectionLoaders, articleLoaders, articleWriteLoaders, commentLoaders, searchLoaders, curationLoaders, authorLoaders)) as Resolvers), () => app.versions.forget()),
    DateTime,
  }
  if (app.config.GRAPHIQL) await app.register(graphiql)
  await app.register(mercurius, {
    schema: readFileSync(SCHEMA_FILE, 'utf8'),
    resolvers,
    // GraphiQL is served by ./graphiql.ts from npm packages (mercurius's page loads it from a CDN)
    graphiql: false,
    // Parsed and validated documents are kept by mercurius in two LRU maps (accepted, refused)
    // keyed by their text, which the byte limit bounds; their number is bounded here, so what
    // they hold is bounded by entries × a document at the token limit (README: "Query limits").
    cache: config.GRAPHQL_QUERY_CACHE === 0 ? false : config.GRAPHQL_QUERY_CACHE,
    // Compile a query after its first run (graphql-jit): 1.4× the throughput measured in STACK.md.
    jit: 1,
    path: '/graphql',
    context: (request) => ({ services: app.services, scope: request.scope }),
    // Subscriptions over WebSocket (graphql-transport-ws); events reach them from every instance
    // through PostgreSQL (modules/events). The token may come as a header or in connection_init.
    subscription: {
      context: (_socket, request) => ({ services: app.services, scope: new RequestScope(app.services, request.headers.authorization, true) }),
      // A token in connection_init is checked before the connection is acknowledged: a bad,
      // unknown or revoked one closes it (4403) rather than subscribing as anonymous.
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        const headers = (payload?.headers ?? payload) as Record<string, unknown> | undefined
        const authorization = headers?.authorization ?? headers?.Authorization
        if (authorization === undefined) return true
        if (typeof authorization !== 'string') return false
        const scope = new RequestScope(app.services, authorization, true)
        try {
          await scope.viewer()
        } catch (err) {
          if (isAppError(err)) return false
          throw err
        }
        return { scope }
      },
    },
    errorFormatter: formatGraphQLErrors,
    // Apollo persisted queries over GET and POST (persisted.ts)
    ...(persisted.provider ? { persistedQueryProvider: persisted.provider } : {}),
    // Query limits (graphql/limits.ts): tokens while parsing, the rest as validation rules.
    graphql: { parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS } },
    validationRules: [...limitRules(limits), ...(config.GRAPHQL_INTROSPECTION ? [] : [NoSchemaIntrospectionCustomRule])],
    additionalRouteOptions: {
      // Queries over GET are cached like REST reads (http/caching.ts); POSTs never are.
      config: { freshness: (request: FastifyRequest) => graphqlDependence(request, persisted.textOf) },
      // What is not a GraphQL request at all, refused before the route's schema coerces it.
      preValidation: async (request, reply) => {
        if (request.method !== 'POST') return
        const type = request.headers['content-type'] ?? ''
        if (!/^application\/(json|graphql-response\+json)\b/i.test(type)) {
          return reply.code(415).send(refusalBody(`Send the request as application/json (got ${type || 'no content type'}), or use GET`, { code: 'BAD_REQUEST' }))
        }
        const body = request.body as Record<string, unknown> | null
        for (const [field, expected] of [['query', 'a string'], ['operationName', 'a string'], ['variables', 'an object'], ['extensions', 'an object']] as const) {
          const value = body?.[field]
          if (value === undefined || value === null) continue
          const fits = expected === 'a string' ? typeof value === 'string' : typeof value === 'object' && !Array.isArray(value)
          if (!fits) return reply.code(400).send(refusalBody(`"${field}" must be ${expected}`, { code: 'BAD_REQUEST' }))
        }
        // null means absent (GraphQL over HTTP); mercurius' schema would refuse a null extensions
        if (body && body.extensions === null) delete body.extensions
      },
      // application/graphql-response+json when the client prefers it (media-type.ts)
      onSend: async (request, reply, payload) => {
        if (wantsGraphQLResponse(request) && String(reply.getHeader('content-type') ?? '').startsWith('application/json')) {
          reply.header('content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`)
        }
        return payload
      },
      preHandler: async (request, reply) => {
        // The document's size, before mercurius parses (or caches) it.
        const document = documentOf(request)
        if (document !== undefined && Buffer.byteLength(document) > config.GRAPHQL_MAX_BYTES) {
          // a document refused before parsing is a request error like a validation failure
          const error = tooComplex('bytes', config.GRAPHQL_MAX_BYTES, `it has ${Buffer.byteLength(document)} bytes`)
          return reply.code(wantsGraphQLResponse(request) ? 400 : 200).send(refusalBody(error.message, { code: 'QUERY_TOO_COMPLEX', ...error.extensions }))
        }
        // Allow-list mode: an anonymous caller's full document must be a published one.
        if (document !== undefined && !request.headers.authorization && !persisted.allows(document)) {
          return reply.code(wantsGraphQLResponse(request) ? 400 : 200).send(refusalBody('PersistedQueryNotFound', { code: 'PERSISTED_QUERY_NOT_FOUND', reason: 'this server answers anonymous callers only the queries it publishes (GRAPHQL_PERSISTED_QUERIES=allowlist)' }))
        }
        // A bad, unknown or revoked token fails the whole request up front (401), in GraphQL's shape,
        // rather than only the fields that happen to look at the caller.
        if (!request.headers.authorization) return
        try {
          await request.scope.viewer()
        } catch (err) {
          if (!isAppError(err)) throw err
          return reply.code(err.statusCode).send(refusalBody(err.message, { code: err.code }, { data: null }))
        }
      },
    },
  })

  // A subscription sent over HTTP has no stream to answer on: a client's mistake, said plainly.
  // (WebSocket subscriptions run mercurius' preSubscriptionExecution hooks, not this one.)
  app.graphql.addHook('preExecution', async (_schema, document) => {
    if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription')) {
      throw Object.assign(new Error('Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP'), { statusCode: 400 })
    }
  })
}

export default fp(graphql, { name: 'graphql', dependencies: ['services', 'http-caching'] })
