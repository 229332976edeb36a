import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import type { ExecutionResult } from 'graphql'
import { errorDetails, isAppError } from '../errors.ts'
import { isTokenLimitError, tooComplex } from './limits.ts'

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
    return { ...base, extensions: { code: original.code, ...errorDetails(original) } }
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
    if (original?.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
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
  const requestFailed = flat.length > 0 && flat.every((f) => f.phase !== 'execution')
  return {
    statusCode: status ?? (requestFailed ? 400 : 200),
    response: { data: execution.data ?? null, errors: errors as unknown as GraphQLError[] },
  }
}
