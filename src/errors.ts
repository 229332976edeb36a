// The project's error codes. Services throw these; the GraphQL formatter puts `code` in
// `extensions.code` (with `field`, `limit`, `retryAfter`, `currentVersion` when set), and REST
// turns them into application/problem+json with `statusCode`.
import createError from '@fastify/error'

export interface ErrorDetails {
  /** the input path that is wrong, e.g. "locale" or "input.title" */
  field?: string
  limit?: number
  retryAfter?: number
  currentVersion?: number
}

export const ERROR_DETAIL_KEYS = ['field', 'limit', 'retryAfter', 'currentVersion'] as const

/** Every error code the API answers with, and its HTTP status: the one list. */
export const ERROR_CODES = {
  // thrown by the services (AppError)
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400, // the hardening issue (#10) throws it
  SERVICE_UNAVAILABLE: 503,
  // answered by the protocol layers: a request that never reached a service
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INTERNAL_SERVER_ERROR: 500,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

const SERVICE_CODES = ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'SERVICE_UNAVAILABLE'] as const satisfies readonly ErrorCode[]
export const APP_ERROR_CODES: ReadonlySet<string> = new Set(SERVICE_CODES)

type ErrorConstructor = new (message: string) => Error & { code: string, statusCode: number }
const constructors = Object.fromEntries(SERVICE_CODES.map((code) => [code, createError<[string]>(code, '%s', ERROR_CODES[code])])) as unknown as Record<typeof SERVICE_CODES[number], ErrorConstructor>

export type AppError = Error & ErrorDetails & { code: ErrorCode, statusCode: number }

// `extensions` travels with the error wherever graphql-js wraps it (subscriptions' error messages
// included), so every GraphQL path reports the same code and details.
function withDetails<E extends Error & { code: string }> (err: E, details?: ErrorDetails): E & ErrorDetails {
  Object.assign(err, details)
  Object.defineProperty(err, 'extensions', { get: () => ({ code: err.code, ...errorDetails(err as unknown as AppError) }), enumerable: false })
  return err
}

export const badUserInput = (message: string, details?: ErrorDetails): AppError => withDetails(new constructors.BAD_USER_INPUT(message), details) as AppError
export const unauthenticated = (message = 'authentication required'): AppError => withDetails(new constructors.UNAUTHENTICATED(message)) as AppError
export const forbidden = (message = 'not allowed for this role'): AppError => withDetails(new constructors.FORBIDDEN(message)) as AppError
export const notFound = (message: string): AppError => withDetails(new constructors.NOT_FOUND(message)) as AppError
export const conflict = (message: string, details?: ErrorDetails): AppError => withDetails(new constructors.CONFLICT(message), details) as AppError
export const rateLimited = (message: string, retryAfter: number): AppError => withDetails(new constructors.RATE_LIMITED(message), { retryAfter }) as AppError
export const queryTooComplex = (message: string, limit?: number): AppError => withDetails(new constructors.QUERY_TOO_COMPLEX(message), { limit }) as AppError
export const serviceUnavailable = (message: string): AppError => withDetails(new constructors.SERVICE_UNAVAILABLE(message)) as AppError

/**
 * Whether `err` is one of the project's errors. This is where errors are classified, so it is also
 * the one place that maps a lost database to SERVICE_UNAVAILABLE: an error that says PostgreSQL
 * cannot be reached (see isDatabaseUnavailable) is turned into that AppError in place (503, a
 * fixed message, the driver's code kept in `databaseCode` for the log), for REST and GraphQL alike.
 */
export function isAppError (err: unknown): err is AppError {
  if (!(err instanceof Error)) return false
  if (typeof (err as { code?: unknown }).code === 'string' && APP_ERROR_CODES.has((err as AppError).code)) return true
  if (!isDatabaseUnavailable(err)) return false
  const original = (err as { code?: unknown }).code
  Object.defineProperty(err, 'databaseCode', { value: original, enumerable: true, configurable: true })
  Object.assign(err, { code: 'SERVICE_UNAVAILABLE', statusCode: ERROR_CODES.SERVICE_UNAVAILABLE, message: DATABASE_UNAVAILABLE, retryAfter: 1 })
  withDetails(err as Error & { code: string })
  return true
}

export const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly.'

// PostgreSQL SQLSTATEs: 08xxx connection exceptions, 57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now, 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/
// Prisma: P1001 can't reach the server, P1002 timed out reaching it, P1008 socket timeout, P1017
// server closed the connection, P2028 transaction API (could not start one in time; lost), P2037
// too many connections.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2028', 'P2037'])
// Node's socket errors while connecting to or talking with the server.
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// node-postgres' own errors carry no code: a lost connection, a pool connect timeout
// (connectionTimeoutMillis), a client that broke earlier, a pool being shut down.
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed and is not queryable/

/**
 * Whether an error means "PostgreSQL is not reachable right now" rather than a fault in the
 * request: pg's socket and SQLSTATE errors, node-postgres' connection messages, and Prisma's
 * connection-level errors (whose driver error sits in `meta.driverAdapterError.cause`). Follows
 * `cause` chains.
 */
export function isDatabaseUnavailable (err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false
  const e = err as { code?: unknown, message?: unknown, cause?: unknown, errors?: unknown, meta?: { driverAdapterError?: { cause?: { kind?: unknown, originalCode?: unknown, code?: unknown } } } }
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code !== undefined && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_SOCKET.has(code))) return true
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true
  const driver = e.meta?.driverAdapterError?.cause
  if (driver) {
    if (driver.kind === 'DatabaseNotReachable' || driver.kind === 'ConnectionClosed' || driver.kind === 'SocketTimeout' || driver.kind === 'TooManyConnections') return true
    for (const c of [driver.originalCode, driver.code]) if (typeof c === 'string' && UNAVAILABLE_SQLSTATE.test(c)) return true
  }
  // AggregateError (a connect to every address of a host failed) and `cause` chains
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true
  return isDatabaseUnavailable(e.cause, depth + 1)
}

/** The details of an AppError that are safe and useful to show a client. */
export function errorDetails (err: AppError): ErrorDetails {
  const out: ErrorDetails = {}
  for (const key of ERROR_DETAIL_KEYS) {
    if (err[key] !== undefined) (out as Record<string, unknown>)[key] = err[key]
  }
  return out
}
