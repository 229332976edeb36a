// REST names some list arguments differently from GraphQL (limit for first, cursor for after).
// Services report input errors under the GraphQL names; a REST route that calls them renames the
// field (and the message that starts with it) here, so the services never learn REST's names.
import { isAppError } from '../errors.ts'

export const LIST_PARAMETERS = { first: 'limit', after: 'cursor', last: 'limit' } as const

export async function withParameterNames<T> (names: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (isAppError(err) && err.code === 'BAD_USER_INPUT' && err.field !== undefined && names[err.field] !== undefined) {
      const rest = names[err.field] as string
      if (err.message.startsWith(`${err.field} `)) err.message = `${rest}${err.message.slice(err.field.length)}`
      err.field = rest
    }
    throw err
  }
}
