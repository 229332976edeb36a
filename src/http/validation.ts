import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

// Query strings and path parameters arrive as text, so they are coerced ("20" → 20); JSON bodies
// are not: a title sent as 123 or a paragraph list sent as a string is a 400, not a guess. Unknown
// properties are refused everywhere rather than silently dropped.
const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false }

function ajvWith (coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...common, coerceTypes })
  addFormats.default(ajv)
  return ajv
}

export function useStrictBodies (app: FastifyInstance): void {
  const bodies = ajvWith(false)
  const others = ajvWith('array')
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : others).compile(schema))
}
