import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import type { ExecutionResult } from 'graphql'
import { errorDetails, isAppError } from '../errors.ts'
import { isTokenLimitError, tooComplex } from './limits.ts'
import { wantsGraphQLResponse } from './media-type.ts'

type Execution = ExecutionResult & { statusCode?: number }

/**
 * Where an error arose: the document (parse or validation, which mercurius wraps in one
 * MER_ERR_GQL_VALIDATION), the request before execution (variables, operation choice: graphql-js
 * answers those with no data at all), or a field during execution.
 */
type Phase = 'document' | 'request' | 'execution'

function classify (error: GraphQLError, phase: Phase, opts: { suggestions: boolean, tokens: number }): GraphQLFormattedError {
  const original = error.originalError
  // graphql-js' "Did you mean …?" names parts of the schema: production keeps them to itself
  const message = opts.suggestions ? error.message : error.message.replace(/ Did you mean .+\?$/, '')
  const base = { message, locations: error.locations, path: error.path }
  if (original && isAppError(original)) {
    // the service's own message (isAppError may have just mapped a lost database to one)
    return { ...base, message: original.message, extensions: { code: original.code, ...errorDetails(original) } }
  }
  const code = error.extensions?.code
  if (typeof code === 'string' && !original) return { ...base, extensions: { ...error.extensions, code } }
  if (phase === 'document' && isTokenLimitError(error)) {
    const limited = tooComplex('tokens', opts.tokens, 'parsing stopped there')
    return { message: limited.message, locations: error.locations, extensions: limited.extensions }
  }
  if (!original || original instanceof GraphQLError) {
    // graphql-js reporting on the document or the variables, not a crash, told apart by what the
    // error points at: a syntax error into the source with no AST node (there is no AST); a
    // variable's value at its definition alone; validation rules at the document's nodes. (A
    // rule that reports only a definition, such as an unused variable, reads as BAD_USER_INPUT.)
    if (phase === 'document') {
      const nodes = error.nodes ?? []
      const code = nodes.length === 0
        ? (error.source !== undefined ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED')
        : nodes.every((n) => n.kind === Kind.VARIABLE_DEFINITION) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED'
      return { ...base, extensions: { code } }
    }
    if (phase === 'request') return { ...base, extensions: { code: 'BAD_USER_INPUT' } }
  }
  return { message: 'Internal server error', locations: error.locations, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
}

/**
 * What Fastify or mercurius refused before any GraphQL ran, as a status and a message for the
 * client, or null for everything else.
 */
function transportProblem (err: Error): { status: number, message: string } | null {
  if (isAppError(err) || err instanceof GraphQLError) return null
  const e = err as Error & { code?: string, statusCode?: number, errors?: unknown[] }
  if (e.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND' && e.message === 'Unknown query') {
    return { status: 400, message: 'No GraphQL document: send {"query": "…"} as JSON with POST, or ?query=… with GET' }
  }
  // the route's schema refusing the body or query string (mercurius wraps it as a validation error)
  if (Array.isArray(e.errors)) {
    const first = e.errors[0] as { validation?: unknown, message?: string } | undefined
    return first && first.validation !== undefined ? { status: 400, message: `Not a GraphQL request: ${first.message ?? 'invalid'}` } : null
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && e.code !== 'MER_ERR_METHOD_NOT_ALLOWED') {
    return { status: e.statusCode, message: e.message }
  }
  return null
}

/**
 * The body of a GraphQL answer refused before any document ran (a transport mistake, a limit, a
 * token, load shedding): the same shape as formatGraphQLErrors' request errors, one error, its
 * code and details in `extensions`. `data: null` only where the spec has a request that ran.
 */
export function refusalBody (message: string, extensions: { code: string } & Record<string, unknown>, opts: { data?: null } = {}): { data?: null, errors: Array<{ message: string, extensions: Record<string, unknown> }> } {
  return { ...opts, errors: [{ message, extensions }] }
}

/** Mercurius' persisted-query refusals, in the words Apollo clients expect. */
const PERSISTED: Record<string, { message: string, code: string }> = {
  MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND: { message: 'PersistedQueryNotFound', code: 'PERSISTED_QUERY_NOT_FOUND' },
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: { message: 'PersistedQueryNotSupported', code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
  MER_ERR_GQL_PERSISTED_QUERY_MISMATCH: { message: 'provided sha does not match query', code: 'BAD_REQUEST' },
}

/**
 * Puts the project's error codes in extensions.code and masks everything unexpected: an
 * INTERNAL_SERVER_ERROR never carries a stack, SQL or the original message (those go to the log).
 */
export function formatGraphQLErrors (execution: Execution, ctx: MercuriusContext): { statusCode: number, response: ExecutionResult } {
  const log = ctx.reply?.log ?? ctx.app.log
  const flat: Array<{ error: GraphQLError, phase: Phase }> = []
  let status: number | undefined
  for (const error of execution.errors ?? []) {
    const original = error.originalError as { errors?: unknown, statusCode?: number, code?: string } | undefined
    const inner = original?.errors
    // ('Unknown query' is mercurius' word for no document at all: a transport mistake below)
    const persisted = original?.code && !(original as Error).message?.startsWith('Unknown query') ? PERSISTED[original.code] : undefined
    const transport = !persisted && error.originalError && transportProblem(error.originalError)
    if (persisted) {
      // Apollo's persisted-query protocol: clients look for this message and code (and, on
      // NOT_FOUND, send the document with its hash); a request error like a validation failure.
      flat.push({ error: new GraphQLError(persisted.message, { extensions: { code: persisted.code } }), phase: 'request' })
    } else if (transport) {
      // the HTTP request itself is wrong (not JSON, no document, too large…): a client's mistake
      status = transport.status
      log.info({ err: original }, 'refused a malformed GraphQL request')
      flat.push({ error: new GraphQLError(transport.message, { extensions: { code: 'BAD_REQUEST' } }), phase: 'request' })
    } else if (original?.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
      // a mutation or subscription over GET: 405, and GET stays safe to cache and prefetch
      status = 405
      flat.push({ error: new GraphQLError('Only queries may be sent with GET; send mutations with POST', { extensions: { code: 'METHOD_NOT_ALLOWED' } }), phase: 'document' })
    } else if (Array.isArray(inner)) {
      // mercurius wraps parse and validation errors in one MER_ERR_GQL_VALIDATION
      for (const e of inner) flat.push({ error: e instanceof GraphQLError ? e : new GraphQLError(String((e as Error).message)), phase: 'document' })
    } else {
      flat.push({ error, phase: execution.data === undefined ? 'request' : 'execution' })
    }
  }
  const config = ctx.app.config
  const opts = { suggestions: config.MODE !== 'production', tokens: config.GRAPHQL_MAX_TOKENS }
  const errors = flat.map(({ error, phase }) => {
    const formatted = classify(error, phase, opts)
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.originalError ?? error }, 'resolver failed')
    return formatted
  })
  // A request that failed before execution (parse, validation, variables) has no `data`; its
  // status depends on the media type the client accepts (see media-type.ts).
  const requestFailed = flat.length > 0 && flat.every((f) => f.phase !== 'execution')
  const failedStatus = wantsGraphQLResponse(ctx.reply?.request) ? 400 : 200
  // Nothing answered because the database is away: 503 and Retry-After, so clients and balancers
  // back off (a response with data stays 200 whatever its errors).
  const unavailable = execution.data == null && errors.length > 0 && errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')
  if (unavailable) {
    ctx.reply?.header('retry-after', '1')
    status ??= 503
  }
  return {
    statusCode: status ?? (requestFailed ? failedStatus : 200),
    response: requestFailed ? { errors: errors as unknown as GraphQLError[] } : { data: execution.data ?? null, errors: errors as unknown as GraphQLError[] },
  }
}
