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

export function isAppError (err: unknown): err is AppError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && APP_ERROR_CODES.has((err as AppError).code)
}

/** The details of an AppError that are safe and useful to show a client. */
export function errorDetails (err: AppError): ErrorDetails {
  const out: ErrorDetails = {}
  for (const key of ERROR_DETAIL_KEYS) {
    if (err[key] !== undefined) (out as Record<string, unknown>)[key] = err[key]
  }
  return out
}
