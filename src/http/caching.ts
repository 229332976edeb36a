// HTTP caching, in one place for every public read (REST GETs and GraphQL queries): validators
// from the versions a response depends on, Cache-Control by who asks and how, 304s that run no
// query, and a response cache (response-cache.ts) keyed by the same versions.
//
// - A route says what its responses depend on with `config.freshness`: 'content' (visible
//   articles and sections), 'comments' (those and public comment threads or counts), or a function
//   of the request (GraphQL: by the document). Routes without it are not cached by anyone.
// - Versions (SiteService.versions: contentVersion, the site's comment version, the tree version,
//   the next scheduled instant) are read in one statement, or not at all: this instance remembers
//   them while its event listener is up, forgets them at every event any instance sends (a write
//   anywhere, a go-live) and after its own writes, and never keeps them past the next scheduled
//   instant, so a go-live changes the ETag at its instant with no write.
// - The versions are read before the route runs: a response is never tagged newer than its data.
// - Anonymous GET/HEAD answers 200, 301 and 404 are public (max-age, stale-while-revalidate);
//   anything sent with a token is `private, no-store`; everything else (writes, POSTs, errors)
//   `no-store`.
// - Anonymous answers of 200 without GraphQL errors are kept in the response cache under the
//   request (normalised document, variables, operation name, Accept) and the versions it depends
//   on (RESPONSE_CACHE_MB; GraphQL over POST too, mutations never); `X-Cache: HIT` or `MISS`.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import fresh from 'fresh'
import { stripIgnoredCharacters } from 'graphql'
import { LRUCache } from 'lru-cache'
import { ReplicaSet } from '../db/replicas.ts'
import type { Versions } from '../modules/site/site.service.ts'
import { hashOf } from '../graphql/persisted.ts'
import { ResponseCache, type Fill } from './response-cache.ts'

/**
 * What an answer depends on beyond the content: comments (their version), time alone (view
 * counts move without a content change, the news sitemap's 48-hour window slides: the minute the
 * answer was made in, so it is at most a minute old), and for GraphQL its document.
 */
export interface Dependence { comments: boolean, minute?: number | null, document?: string }

/** The minute an answer that changes with time alone belongs to. */
export function minuteOf (request: FastifyRequest): number {
  return Math.floor(request.server.clock.now().getTime() / 60_000)
}

export type FreshnessSpec = 'content' | 'comments' | ((request: FastifyRequest) => Dependence | null)

declare module 'fastify' {
  interface FastifyContextConfig {
    /** this route's anonymous GET answers are cacheable, and depend on this */
    freshness?: FreshnessSpec
    /** false: a POST that changes no content (a view), after which the cached versions stand */
    writesContent?: boolean
  }
  interface FastifyInstance {
    versions: VersionMemo
    /** null when RESPONSE_CACHE_MB is 0 */
    responses: ResponseCache | null
  }
  interface FastifyRequest {
    /** the validators this request's answer carries, set before the route runs */
    validators: Validators | null
    /** set when this request is the one filling its response-cache entry */
    cacheFill: Fill | null
  }
}

export interface Validators { etag: string, lastModified: string }

const CACHEABLE_STATUS = new Set([200, 301, 404])
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The versions as this instance last read them. `trusted` says whether changes reach this
 * instance right now (its LISTEN connection is up); without that every request reads them.
 */
export class VersionMemo {
  private known: Versions | undefined
  /** bumped by forget(): a read that started before a forget must not be remembered */
  private generation = 0
  private reading: Promise<Versions> | undefined

  constructor (
    private readonly read: () => Promise<Versions>,
    private readonly now: () => Date,
    private readonly trusted: () => boolean
  ) {}

  async current (): Promise<Versions> {
    const known = this.known
    if (known && this.trusted() && (known.until === null || this.now() < known.until)) return known
    // Concurrent requests share one read.
    if (!this.reading) {
      const generation = this.generation
      this.reading = this.read().then((versions) => {
        if (generation === this.generation) this.known = versions
        return versions
      }).finally(() => { this.reading = undefined })
    }
    return this.reading
  }

  /** Something changed (an event from any instance, a write here, a lost listener). */
  forget (): void {
    this.known = undefined
    this.generation++
    this.reading = undefined
  }
}

interface GraphQLParams { query?: unknown, extensions?: unknown, variables?: unknown, operationName?: unknown }

const graphqlParams = (request: FastifyRequest): GraphQLParams | undefined =>
  (request.method === 'POST' ? request.body : request.query) as GraphQLParams | undefined

/** The document of a GraphQL request: its text, or the text of the persisted hash it sent. */
function graphqlDocument (request: FastifyRequest, textOf: (hash: string) => string | undefined): string | undefined {
  const params = graphqlParams(request)
  if (typeof params?.query === 'string') return params.query
  let extensions = params?.extensions
  if (typeof extensions === 'string') { // GET sends it as JSON text
    try { extensions = JSON.parse(extensions) } catch { return undefined }
  }
  const hash = hashOf({ extensions: extensions as Parameters<typeof hashOf>[0]['extensions'] })
  return hash ? textOf(hash) : undefined
}

/**
 * GraphQL documents that read comments (or their counts) depend on the comment version too.
 * Mutations and subscriptions are never cached (the words appear in any document that has one);
 * a persisted query this instance does not know is not either (it answers PersistedQueryNotFound).
 */
export function graphqlDependence (request: FastifyRequest, textOf: (hash: string) => string | undefined = () => undefined): Dependence | null {
  const query = graphqlDocument(request, textOf)
  if (query === undefined || /\b(mutation|subscription)\b/.test(query)) return null
  return { comments: /comment|replies/i.test(query), minute: /\b(viewCount|mostRead)\b/.test(query) ? minuteOf(request) : null, document: query }
}

/** Documents normalised once per text (white space, commas and comments do not split the cache). */
const normalised = new LRUCache<string, string>({ max: 256 })
function normalise (text: string): string {
  let out = normalised.get(text)
  if (out === undefined) {
    try { out = stripIgnoredCharacters(text) } catch { out = text } // not even lexable: it will fail, uncached
    normalised.set(text, out)
  }
  return out
}

/** The versions an answer depends on, as one string (ETags and response-cache keys hash it). */
const versionsOf = (v: Versions, depends: Dependence): string => `${v.content}\0${v.tree}\0${depends.comments ? v.comments : ''}\0${depends.minute ?? ''}`

/**
 * The response-cache key of a GraphQL POST: the versions, how it is to be answered, and what was
 * asked (a GET's key is its ETag, made of the same and its URL).
 */
function postKey (request: FastifyRequest, v: Versions, depends: Dependence): string {
  const params = graphqlParams(request)
  return createHash('sha256')
    .update(`${versionsOf(v, depends)}\0${request.headers.accept ?? ''}\0${normalise(depends.document ?? '')}\0${JSON.stringify(params?.variables ?? null)}\0${String(params?.operationName ?? '')}`)
    .digest('base64url')
}

/**
 * A GraphQL answer with errors (a bad document under application/json answers 200) is not
 * stored: some errors pass (SERVICE_UNAVAILABLE), and none is worth a CDN's space.
 */
function graphqlErrors (request: FastifyRequest, payload: unknown): boolean {
  return typeof request.routeOptions.config.freshness === 'function' && typeof payload === 'string' && payload.includes('"errors":[')
}

const ID = /"id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g
const MAX_KEYS = 100

/**
 * Purge keys of a public answer: `site`, and the id of every article, section and comment in it
 * (every "id" the answer carries; GraphQL answers name what they selected). The webhooks send the
 * same keys for each change (`surrogateKeys`), so a CDN purges exactly what a change touched;
 * an answer with more than MAX_KEYS ids is purged by `site`.
 */
export function surrogateKeys (payload: unknown): string[] {
  const keys = new Set(['site'])
  if (typeof payload === 'string') {
    for (const m of payload.matchAll(ID)) {
      keys.add(m[1] as string)
      if (keys.size > MAX_KEYS) return ['site']
    }
  }
  return [...keys]
}

function validatorsOf (request: FastifyRequest, v: Versions, depends: Dependence): Validators {
  const etag = createHash('sha256')
    .update(`${versionsOf(v, depends)}\0${request.url}\0${request.headers.accept ?? ''}`)
    .digest('base64url')
    .slice(0, 27)
  const commentsLater = depends.comments && v.commentsChangedAt && v.commentsChangedAt > v.lastUpdatedAt
  const modified = commentsLater ? v.commentsChangedAt as Date : v.lastUpdatedAt
  return { etag: `W/"${etag}"`, lastModified: modified.toUTCString() }
}

async function caching (app: FastifyInstance): Promise<void> {
  const memo = new VersionMemo(
    () => app.services.site.versions(),
    () => app.clock.now(),
    () => app.hasDecorator('events') && app.events.listening()
  )
  app.decorate('versions', memo)
  app.decorateRequest('validators', null)
  app.decorateRequest('cacheFill', null)
  const responses = app.config.RESPONSE_CACHE_MB > 0 ? new ResponseCache(app.config.RESPONSE_CACHE_MB * 1024 * 1024) : null
  app.decorate('responses', responses)
  const replicas = app.db.replicas
  const publicPolicy = `public, max-age=${app.config.HTTP_CACHE_MAX_AGE}, stale-while-revalidate=${app.config.HTTP_CACHE_STALE_WHILE_REVALIDATE}`

  const setPublic = (reply: FastifyReply, validators: Validators): void => {
    reply.header('cache-control', publicPolicy)
    reply.header('etag', validators.etag)
    reply.header('last-modified', validators.lastModified)
    // A CDN keeps anonymous answers apart from anything a token sees (added to CORS' Origin).
    const vary = String(reply.getHeader('vary') ?? '')
    if (!/\bauthorization\b/i.test(vary)) reply.header('vary', vary ? `${vary}, Authorization` : 'Authorization')
  }

  app.addHook('preHandler', async (request, reply) => {
    const spec = request.routeOptions.config.freshness
    if (!spec || request.headers.authorization) return
    const read = READS.has(request.method)
    // GraphQL queries over POST: not for HTTP caches, but for the response cache and the replicas.
    if (!read && !((responses || replicas) && request.method === 'POST' && typeof spec === 'function')) return
    const depends = typeof spec === 'function' ? spec(request) : { comments: spec === 'comments' }
    if (!depends) return
    const versions = await memo.current()
    // An anonymous read goes to a replica that has replayed exactly the versions it is tagged with.
    if (replicas) ReplicaSet.use(replicas.pick(versions.stamp))
    if (read) {
      const validators = validatorsOf(request, versions, depends)
      request.validators = validators
      if (fresh(request.headers, { etag: validators.etag, 'last-modified': validators.lastModified })) {
        setPublic(reply, validators)
        return reply.code(304).send()
      }
    }
    if (!responses || request.method === 'HEAD') return
    const key = request.validators ? `GET ${request.validators.etag}` : postKey(request, versions, depends)
    let found = responses.lookup(key)
    if (found instanceof Promise) found = await found // an identical request is running: its answer
    if (found) {
      responses.hits++
      reply.header('x-cache', 'HIT')
      return reply.code(found.status).type(found.type).send(found.body)
    }
    responses.misses++
    reply.header('x-cache', 'MISS')
    // The first miss fills the entry; one that waited in vain (no cacheable answer) runs alone.
    if (responses.lookup(key) === undefined) request.cacheFill = responses.claim(key)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const fill = request.cacheFill
    if (fill) {
      request.cacheFill = null
      const keep = reply.statusCode === 200 && typeof payload === 'string' && !graphqlErrors(request, payload)
      fill.settle(keep ? { status: 200, type: String(reply.getHeader('content-type') ?? 'application/json'), body: payload as string } : undefined)
    }
    // A REST write answered here is known here before its answer leaves, and before its NOTIFY
    // comes back (GraphQL mutations forget in graphql/index.ts; a POST query changes nothing).
    if (!READS.has(request.method) && !request.url.startsWith('/graphql') && request.routeOptions.config.writesContent !== false) memo.forget()
    if (reply.statusCode === 304) return payload
    if (request.validators && CACHEABLE_STATUS.has(reply.statusCode) && !graphqlErrors(request, payload)) {
      setPublic(reply, request.validators)
      const keys = surrogateKeys(payload)
      reply.header('surrogate-key', keys.join(' ')) // Fastly, Varnish (xkey)
      reply.header('cache-tag', keys.join(',')) // Cloudflare, Akamai
    } else if (!reply.hasHeader('cache-control')) {
      // (a route that says its own, like /metrics, keeps it)
      reply.header('cache-control', request.headers.authorization ? 'private, no-store' : 'no-store')
    }
    return payload
  })

  // A request that ended without sending (aborted) gives its fill up, so waiters run on their own.
  if (responses) app.addHook('onResponse', async (request) => { request.cacheFill?.settle() })
}

export default fp(caching, { name: 'http-caching', dependencies: ['services'] })
