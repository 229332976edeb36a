// The service's log: pino, one JSON line per event, each request's lines carrying its id (the
// client's X-Request-Id when it sends a sane one, echoed back). Secrets never reach it: tokens in
// headers, cookies and comment authors' emails are redacted wherever they appear in a logged object.
import type { FastifyRequest } from 'fastify'
import { pino, type LoggerOptions } from 'pino'

export const REDACTED = '[redacted]'

/** Paths pino replaces with [redacted]: request headers, GraphQL variables, REST bodies, and any object one level down. */
export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]',
  'headers.authorization', 'headers.cookie',
  'token', '*.token', 'authorization', '*.authorization',
  'authorEmail', '*.authorEmail', '*.*.authorEmail', 'variables.input.authorEmail',
  'res.headers["set-cookie"]',
]

/** What a request's log lines say about it: enough to trace it, the secret headers redacted. */
function requestSerializer (request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url,
    remoteAddress: request.ip,
    headers: {
      'user-agent': request.headers['user-agent'],
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
    },
  }
}

export function loggerOptions (level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: requestSerializer as unknown as (req: unknown) => unknown },
  }
}

export function createLogger (level: string, destination?: pino.DestinationStream): pino.Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level))
}
