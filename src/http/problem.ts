import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { errorDetails, isAppError, type ErrorCode } from '../errors.ts'

/** RFC 9457 problem details as this API sends them. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String({ description: 'the error code, as in GraphQL extensions.code' }),
  detail: Type.String(),
  instance: Type.String(),
  field: Type.Optional(Type.String({ description: 'the input that is wrong' })),
  limit: Type.Optional(Type.Number()),
  retryAfter: Type.Optional(Type.Integer()),
  currentVersion: Type.Optional(Type.Integer()),
}, { description: 'application/problem+json' })

/** A problem response's schema, for a route's `response`. */
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

/** Response schemas for the errors every route can answer. */
export const ProblemResponses = {
  400: problem('Bad input: the problem names the field'),
  404: problem('Not found'),
  500: problem('Server error (details only in the log)'),
}

/** ...and those of comment submissions. */
export const SubmitProblemResponses = {
  ...ProblemResponses,
  409: problem('The same comment was just sent, or the Idempotency-Key was used for another request'),
  429: problem('Too many comments from this client: see Retry-After'),
}

/** ...and those of writes: authentication, role, conflicts. */
export const WriteProblemResponses = {
  ...ProblemResponses,
  401: problem('No valid staff token (Authorization: Bearer <token>)'),
  403: problem('The token\'s role may not do this'),
  409: problem('Conflict: a taken slug, a section that is not empty, or a stale expectedVersion (currentVersion)'),
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** RFC 9457 problem details, with the project's error code and named extension keys. */
/** The RFC 9457 body of a problem answering this reply's request. */
export function problemBody (reply: FastifyReply, status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail, instance: reply.request.url, ...extra }
}

export function sendProblem (reply: FastifyReply, status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(reply, status, code, detail, extra))
}

function problemFromError (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAppError(err)) return sendProblem(reply, err.statusCode, err.code, err.message, { ...errorDetails(err) })
  if (err.validation) {
    const first = err.validation[0]
    const field = first ? (first.instancePath.replace(/^\//, '').replaceAll('/', '.') || (first.params as { missingProperty?: string }).missingProperty) : undefined
    return sendProblem(reply, 400, 'BAD_USER_INPUT', `${err.validationContext ?? 'request'}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`, field ? { field } : {})
  }
  const status = err.statusCode ?? 500
  if (status >= 500) {
    request.log.error({ err }, 'request failed')
    return sendProblem(reply, status, status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', 'The server could not answer this request.')
  }
  // Fastify's own 4xx (invalid JSON, body too large, unsupported media type…): safe to show.
  return sendProblem(reply, status, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', err.message)
}

/** A 404 for a path no route answers. */
export function noRoute (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)
}

/**
 * Every error under this scope answers application/problem+json, and every unknown route unless
 * `notFound` is false (a scope without a prefix of its own: the root's handler answers those).
 */
export function useProblemDetails (app: FastifyInstance, opts: { notFound?: boolean } = {}): void {
  app.setErrorHandler(problemFromError)
  if (opts.notFound !== false) app.setNotFoundHandler(noRoute)
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL with raw non-ASCII bytes, as
 * curl sends Arabic in a query string; headers too large; a timeout) answer problem+json too.
 */
export function clientErrorProblem (err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, detail]: [number, ErrorCode, string] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'BAD_REQUEST', 'the request took too long to arrive']
    : err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'BAD_REQUEST', 'the request headers are too large']
      : [400, 'BAD_REQUEST', 'the request could not be parsed as HTTP; characters outside ASCII in a URL must be percent-encoded (e.g. curl -G --data-urlencode "tag=اقتصاد")']
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, code, detail })
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  socket.destroy(err)
}
