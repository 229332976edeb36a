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

const BadUserInputError = createError<[string]>('BAD_USER_INPUT', '%s', 400)
const UnauthenticatedError = createError<[string]>('UNAUTHENTICATED', '%s', 401)
const ForbiddenError = createError<[string]>('FORBIDDEN', '%s', 403)
const NotFoundError = createError<[string]>('NOT_FOUND', '%s', 404)
const ConflictError = createError<[string]>('CONFLICT', '%s', 409)
const RateLimitedError = createError<[string]>('RATE_LIMITED', '%s', 429)
const QueryTooComplexError = createError<[string]>('QUERY_TOO_COMPLEX', '%s', 400)
const ServiceUnavailableError = createError<[string]>('SERVICE_UNAVAILABLE', '%s', 503)

export const APP_ERROR_CODES = new Set([
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED',
  'QUERY_TOO_COMPLEX', 'SERVICE_UNAVAILABLE',
])

export type AppError = Error & ErrorDetails & { code: string, statusCode: number }

// `extensions` travels with the error wherever graphql-js wraps it (subscriptions' error messages
// included), so every GraphQL path reports the same code and details.
function withDetails<E extends Error & { code: string }> (err: E, details?: ErrorDetails): E & ErrorDetails {
  Object.assign(err, details)
  Object.defineProperty(err, 'extensions', { get: () => ({ code: err.code, ...errorDetails(err as unknown as AppError) }), enumerable: false })
  return err
}

export const badUserInput = (message: string, details?: ErrorDetails): AppError => withDetails(new BadUserInputError(message), details) as AppError
export const unauthenticated = (message = 'authentication required'): AppError => withDetails(new UnauthenticatedError(message)) as AppError
export const forbidden = (message = 'not allowed for this role'): AppError => withDetails(new ForbiddenError(message)) as AppError
export const notFound = (message: string): AppError => withDetails(new NotFoundError(message)) as AppError
export const conflict = (message: string, details?: ErrorDetails): AppError => withDetails(new ConflictError(message), details) as AppError
export const rateLimited = (message: string, retryAfter: number): AppError => withDetails(new RateLimitedError(message), { retryAfter }) as AppError
export const queryTooComplex = (message: string, limit?: number): AppError => withDetails(new QueryTooComplexError(message), { limit }) as AppError
export const serviceUnavailable = (message: string): AppError => withDetails(new ServiceUnavailableError(message)) as AppError

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
