import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'

// The one schema of the service's configuration. No other file reads process.env.
const ConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'PostgreSQL to use; unset → embedded PostgreSQL' })),
  DATABASE_REPLICA_URLS: Type.String({ default: '', description: 'comma-separated PostgreSQL streaming replicas of DATABASE_URL: anonymous reads go to them (round-robin) when they have replayed what the primary has' }),
  REPLICA_MAX_LAG: Type.String({ default: '10s', description: 'a replica further behind than this is out of rotation' }),
  REPLICA_CHECK_INTERVAL: Type.String({ default: '250ms', description: 'how often each instance reads each replica\'s state (what it has replayed, its lag)' }),
  TEST_DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'where tests create and drop test_ databases' })),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL data and its state file' }),
  EMBEDDED_PG_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'port of the embedded server; unset → a free port, kept' })),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  SITE_NAME: Type.String({ default: 'الأفق الإخباري', minLength: 1 }),
  SITE_DEFAULT_LOCALE: Type.String({ default: 'ar', minLength: 1 }),
  SITE_TIME_ZONE: Type.String({ default: 'Asia/Damascus', minLength: 1 }),
  PUBLIC_URL: Type.String({ default: 'http://localhost:3000', pattern: '^https?://' }),
  ARTICLE_URL_PATTERN: Type.String({ default: '{PUBLIC_URL}/articles/{slug}', minLength: 1 }),
  GRAPHIQL: Type.Optional(Type.Boolean()),
  CORS_ORIGINS: Type.String({ default: '*' }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'),
    Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent'),
  ], { default: 'info' }),
  MODE: Type.Union([Type.Literal('development'), Type.Literal('production')], { default: 'development' }),
  REDIS_URL: Type.Optional(Type.String({ minLength: 1 })),
  SEED_SAMPLE_CONTENT: Type.Optional(Type.Boolean({ description: 'load the sample content at start when the database has none; default: only for the embedded database' })),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'take the client address from X-Forwarded-For (behind a load balancer)' }),
  COMMENT_RATE_LIMITS: Type.String({ default: '1/15s,5/10m', description: 'per-client comment submissions: max/window pairs' }),
  COMMENT_MAX_LINKS: Type.Integer({ default: 2, minimum: 0, description: 'more links than this in a comment is refused' }),
  COMMENT_DUPLICATE_WINDOW: Type.String({ default: '10m', description: 'the same body from the same client within this is refused' }),
  IDEMPOTENCY_TTL: Type.String({ default: '24h', description: 'how long an Idempotency-Key replays its first result' }),
  CLIENT_HASH_SALT: Type.Optional(Type.String({ minLength: 16, description: 'salt of client-address hashes; default: a random one kept in the database' })),
  GRAPHQL_INTROSPECTION: Type.Optional(Type.Boolean({ description: 'answer introspection; default: on in development and whenever GRAPHIQL is on, off in production' })),
  GRAPHQL_MAX_BYTES: Type.Integer({ default: 16_384, minimum: 256, description: 'largest GraphQL document, in UTF-8 bytes' }),
  GRAPHQL_MAX_TOKENS: Type.Integer({ default: 1_000, minimum: 50, description: 'most lexical tokens in a GraphQL document' }),
  GRAPHQL_MAX_DEPTH: Type.Integer({ default: 12, minimum: 2, description: 'deepest nesting of selections (introspection exempt)' }),
  GRAPHQL_MAX_ALIASES: Type.Integer({ default: 30, minimum: 0, description: 'most aliases in one operation' }),
  GRAPHQL_MAX_DIRECTIVES: Type.Integer({ default: 20, minimum: 0, description: 'most directives in one operation' }),
  GRAPHQL_MAX_NODES: Type.Integer({ default: 20_000, minimum: 100, description: 'most items all lists of one operation may return (first multiplied along each path)' }),
  GRAPHQL_QUERY_CACHE: Type.Integer({ default: 32, minimum: 0, maximum: 4096, description: 'parsed documents kept (and as many refused ones); 0: none (no JIT either)' }),
  GRAPHQL_PERSISTED_QUERIES: Type.Union([Type.Literal('automatic'), Type.Literal('allowlist'), Type.Literal('off')], { default: 'automatic', description: 'Apollo persisted queries: automatic (clients register documents by hash), allowlist (only GRAPHQL_ALLOWLIST_FILE runs), off' }),
  GRAPHQL_ALLOWLIST_FILE: Type.String({ default: 'persisted-queries.json', minLength: 1, description: 'the allow-list of documents (npm run queries:extract), for GRAPHQL_PERSISTED_QUERIES=allowlist' }),
  GRAPHQL_PERSISTED_CACHE_MB: Type.Integer({ default: 4, minimum: 1, maximum: 1024, description: 'MB of documents kept for automatic persisted queries (least recently used dropped)' }),
  HTTP_REQUEST_TIMEOUT: Type.String({ default: '30s', description: 'a request not received whole within this is closed (408)' }),
  HTTP_KEEP_ALIVE_TIMEOUT: Type.String({ default: '5s', description: 'an idle keep-alive connection is closed after this' }),
  DATABASE_STATEMENT_TIMEOUT: Type.String({ default: '10s', description: 'PostgreSQL cancels a statement running longer than this' }),
  READ_RATE_LIMIT: Type.String({ default: '600/1m', description: 'per-client anonymous reads (GET, GraphQL POST): max/window, or off' }),
  PRESSURE_MAX_EVENT_LOOP_DELAY: Type.Integer({ default: 1000, minimum: 0, description: 'ms of event-loop delay above which requests are shed with 503; 0: off' }),
  PRESSURE_MAX_HEAP_MB: Type.Integer({ default: 0, minimum: 0, description: 'MB of heap above which requests are shed with 503; 0: off' }),
  PRESSURE_SAMPLE_INTERVAL: Type.Integer({ default: 1000, minimum: 10, description: 'ms between load samples' }),
  RESPONSE_CACHE_MB: Type.Integer({ default: 64, minimum: 0, maximum: 65_536, description: 'MB of anonymous answers kept in memory, keyed by the versions they depend on; 0: off' }),
  HTTP_CACHE_MAX_AGE: Type.Integer({ default: 30, minimum: 0, maximum: 86_400, description: 'seconds clients and CDNs may reuse a public response without asking (Cache-Control max-age)' }),
  HTTP_CACHE_STALE_WHILE_REVALIDATE: Type.Integer({ default: 60, minimum: 0, maximum: 86_400, description: 'seconds after max-age a CDN may serve it while it revalidates (stale-while-revalidate)' }),
  WEBHOOK_URLS: Type.String({ default: '', description: 'comma-separated URLs that receive every content change (POST, signed); empty: no webhooks' }),
  WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1, description: 'Standard Webhooks signing secret, whsec_<base64 of 24 or more random bytes>; required with WEBHOOK_URLS' })),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ default: 10, minimum: 1, maximum: 100, description: 'a delivery is given up after this many failed attempts' }),
  WEBHOOK_RETRY_BASE: Type.String({ default: '10s', description: 'wait before the first retry; each next one doubles, up to an hour' }),
  WEBHOOK_TIMEOUT: Type.String({ default: '10s', description: 'a receiver that has not answered within this has failed the attempt' }),
  WEBHOOK_POLL_INTERVAL: Type.String({ default: '5s', description: 'how often each instance looks for due retries (events wake it at once)' }),
  SITEMAP_PAGE_SIZE: Type.Integer({ default: 50_000, minimum: 1, maximum: 50_000, description: 'URLs in each article sitemap page (the sitemap protocol allows 50,000)' }),
  VIEW_FLUSH_INTERVAL: Type.String({ default: '5s', description: 'how often each instance writes the views it buffered (a crash loses at most this much)' }),
  VIEW_RATE_LIMIT: Type.String({ default: '60/1m', description: 'recordView calls per client and window (max/window), or off' }),
  VIEW_BUFFER_MAX: Type.Integer({ default: 100_000, minimum: 1, maximum: 10_000_000, description: 'distinct (article, client) views an instance holds between flushes; more are dropped' }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'serve Prometheus metrics at /metrics to this bearer token; unset → no /metrics' })),
})

type RawConfig = Static<typeof ConfigSchema>

export interface RateWindow { max: number, ms: number }

export interface Config extends Omit<RawConfig, 'GRAPHIQL' | 'GRAPHQL_INTROSPECTION' | 'HTTP_REQUEST_TIMEOUT' | 'HTTP_KEEP_ALIVE_TIMEOUT' | 'DATABASE_STATEMENT_TIMEOUT' | 'DATABASE_REPLICA_URLS' | 'REPLICA_MAX_LAG' | 'REPLICA_CHECK_INTERVAL' | 'READ_RATE_LIMIT' | 'COMMENT_RATE_LIMITS' | 'COMMENT_DUPLICATE_WINDOW' | 'IDEMPOTENCY_TTL' | 'WEBHOOK_URLS' | 'WEBHOOK_RETRY_BASE' | 'WEBHOOK_TIMEOUT' | 'WEBHOOK_POLL_INTERVAL' | 'VIEW_FLUSH_INTERVAL' | 'VIEW_RATE_LIMIT'> {
  GRAPHIQL: boolean
  GRAPHQL_INTROSPECTION: boolean
  /** milliseconds */
  HTTP_REQUEST_TIMEOUT: number
  /** milliseconds */
  HTTP_KEEP_ALIVE_TIMEOUT: number
  /** milliseconds */
  DATABASE_STATEMENT_TIMEOUT: number
  DATABASE_REPLICA_URLS: string[]
  REPLICA_MAX_LAG: number
  REPLICA_CHECK_INTERVAL: number
  /** null: off */
  READ_RATE_LIMIT: RateWindow | null
  COMMENT_RATE_LIMITS: RateWindow[]
  /** milliseconds */
  COMMENT_DUPLICATE_WINDOW: number
  /** milliseconds */
  IDEMPOTENCY_TTL: number
  WEBHOOK_URLS: string[]
  /** milliseconds */
  WEBHOOK_RETRY_BASE: number
  /** milliseconds */
  WEBHOOK_TIMEOUT: number
  /** milliseconds */
  WEBHOOK_POLL_INTERVAL: number
  /** milliseconds */
  VIEW_FLUSH_INTERVAL: number
  /** null: off */
  VIEW_RATE_LIMIT: RateWindow | null
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "15s", "10m", "24h", "500ms" → milliseconds. */
export function parseDuration (value: string, name: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value.trim())
  if (!match) throw new ConfigError(`invalid configuration: ${name} "${value}" is not a duration like 15s, 10m or 24h`)
  return Number(match[1]) * (UNITS[match[2] as string] as number)
}

/** "1/15s,5/10m" → [{ max: 1, ms: 15000 }, { max: 5, ms: 600000 }] */
export function parseRateLimits (value: string, name: string): RateWindow[] {
  return value.split(',').map((part) => {
    const [max, window] = part.split('/')
    if (!max || !window || !/^\d+$/.test(max.trim()) || Number(max) < 1) throw new ConfigError(`invalid configuration: ${name} "${value}" must look like 1/15s,5/10m`)
    return { max: Number(max), ms: parseDuration(window, name) }
  })
}

function oneWindow (value: string, name: string): RateWindow {
  const windows = parseRateLimits(value, name)
  if (windows.length !== 1) throw new ConfigError(`invalid configuration: ${name} "${value}" must be one max/window pair like 600/1m, or off`)
  return windows[0] as RateWindow
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function isLocale (value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false // RangeError: not a well-formed BCP-47 tag
  }
}

function isTimeZone (value: string): boolean {
  try {
    Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false // RangeError: unknown IANA zone
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means unset (what `FOO=` in an .env file or a compose interpolation of an
  // unset variable gives), for every setting.
  const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''))
  let raw: RawConfig
  try {
    raw = envSchema<RawConfig>({ schema: ConfigSchema, data, env: false })
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`)
  }
  if (!isLocale(raw.SITE_DEFAULT_LOCALE)) throw new ConfigError(`invalid configuration: SITE_DEFAULT_LOCALE "${raw.SITE_DEFAULT_LOCALE}" is not a BCP-47 locale`)
  if (!isTimeZone(raw.SITE_TIME_ZONE)) throw new ConfigError(`invalid configuration: SITE_TIME_ZONE "${raw.SITE_TIME_ZONE}" is not an IANA time zone`)
  const sampleUrl = raw.ARTICLE_URL_PATTERN.replaceAll('{PUBLIC_URL}', raw.PUBLIC_URL.replace(/\/+$/, '')).replaceAll('{slug}', 'slug').replaceAll('{id}', 'id')
  if (!/\{(slug|id)\}/.test(raw.ARTICLE_URL_PATTERN) || !/^https?:\/\/[^\s]+$/.test(sampleUrl) || !URL.canParse(sampleUrl)) {
    throw new ConfigError(`invalid configuration: ARTICLE_URL_PATTERN "${raw.ARTICLE_URL_PATTERN}" must make an http(s) URL with {slug} or {id} (and may start with {PUBLIC_URL})`)
  }
  const graphiql = raw.GRAPHIQL ?? raw.MODE === 'development'
  const webhookUrls = raw.WEBHOOK_URLS.split(',').map((u) => u.trim()).filter(Boolean)
  for (const u of webhookUrls) {
    if (!/^https?:\/\/[^\s]+$/.test(u) || !URL.canParse(u)) throw new ConfigError(`invalid configuration: WEBHOOK_URLS: "${u}" is not an http(s) URL`)
  }
  const replicaUrls = raw.DATABASE_REPLICA_URLS.split(',').map((u) => u.trim()).filter(Boolean)
  for (const u of replicaUrls) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(u) || !URL.canParse(u)) throw new ConfigError(`invalid configuration: DATABASE_REPLICA_URLS: "${u.replace(/:[^:@/]*@/, ':***@')}" is not a postgresql:// URL`)
  }
  if (webhookUrls.length > 0) {
    if (!raw.WEBHOOK_SECRET) throw new ConfigError('invalid configuration: WEBHOOK_URLS needs WEBHOOK_SECRET (whsec_ and the base64 of 24 or more random bytes: echo whsec_$(openssl rand -base64 32))')
    const key = Buffer.from(raw.WEBHOOK_SECRET.replace(/^whsec_/, ''), 'base64')
    if (key.length < 24) throw new ConfigError('invalid configuration: WEBHOOK_SECRET must be whsec_ and the base64 of 24 or more random bytes')
  }
  return {
    ...raw,
    PUBLIC_URL: raw.PUBLIC_URL.replace(/\/+$/, ''),
    GRAPHIQL: graphiql,
    // GraphiQL needs introspection: turning it on turns introspection on
    GRAPHQL_INTROSPECTION: graphiql || (raw.GRAPHQL_INTROSPECTION ?? raw.MODE === 'development'),
    HTTP_REQUEST_TIMEOUT: parseDuration(raw.HTTP_REQUEST_TIMEOUT, 'HTTP_REQUEST_TIMEOUT'),
    HTTP_KEEP_ALIVE_TIMEOUT: parseDuration(raw.HTTP_KEEP_ALIVE_TIMEOUT, 'HTTP_KEEP_ALIVE_TIMEOUT'),
    DATABASE_STATEMENT_TIMEOUT: parseDuration(raw.DATABASE_STATEMENT_TIMEOUT, 'DATABASE_STATEMENT_TIMEOUT'),
    DATABASE_REPLICA_URLS: replicaUrls,
    REPLICA_MAX_LAG: parseDuration(raw.REPLICA_MAX_LAG, 'REPLICA_MAX_LAG'),
    REPLICA_CHECK_INTERVAL: parseDuration(raw.REPLICA_CHECK_INTERVAL, 'REPLICA_CHECK_INTERVAL'),
    READ_RATE_LIMIT: raw.READ_RATE_LIMIT.trim() === 'off' ? null : oneWindow(raw.READ_RATE_LIMIT, 'READ_RATE_LIMIT'),
    COMMENT_RATE_LIMITS: parseRateLimits(raw.COMMENT_RATE_LIMITS, 'COMMENT_RATE_LIMITS'),
    COMMENT_DUPLICATE_WINDOW: parseDuration(raw.COMMENT_DUPLICATE_WINDOW, 'COMMENT_DUPLICATE_WINDOW'),
    IDEMPOTENCY_TTL: parseDuration(raw.IDEMPOTENCY_TTL, 'IDEMPOTENCY_TTL'),
    WEBHOOK_URLS: webhookUrls,
    WEBHOOK_RETRY_BASE: parseDuration(raw.WEBHOOK_RETRY_BASE, 'WEBHOOK_RETRY_BASE'),
    WEBHOOK_TIMEOUT: parseDuration(raw.WEBHOOK_TIMEOUT, 'WEBHOOK_TIMEOUT'),
    WEBHOOK_POLL_INTERVAL: parseDuration(raw.WEBHOOK_POLL_INTERVAL, 'WEBHOOK_POLL_INTERVAL'),
    VIEW_FLUSH_INTERVAL: parseDuration(raw.VIEW_FLUSH_INTERVAL, 'VIEW_FLUSH_INTERVAL'),
    VIEW_RATE_LIMIT: raw.VIEW_RATE_LIMIT.trim() === 'off' ? null : oneWindow(raw.VIEW_RATE_LIMIT, 'VIEW_RATE_LIMIT'),
  }
}

export { isLocale, isTimeZone }
