import { GraphQLError, GraphQLScalarType, Kind } from 'graphql'

// ISO-8601 with a zone, e.g. 2024-11-14T09:30:00.000Z or 2024-11-14T12:30:00+03:00.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

function parseInstant (value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 instant with a time zone, e.g. 2024-11-14T09:30:00.000Z', { extensions: { code: 'BAD_USER_INPUT' } })
  }
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`"${value}" is not a real instant`, { extensions: { code: 'BAD_USER_INPUT' } })
  return date
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 instant in UTC with milliseconds',
  serialize (value) {
    if (value instanceof Date) return value.toISOString()
    throw new TypeError('DateTime resolvers must return a Date')
  },
  parseValue: parseInstant,
  parseLiteral (ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } })
    return parseInstant(ast.value)
  },
})
