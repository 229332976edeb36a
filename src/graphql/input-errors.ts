import { isAppError } from '../errors.ts'

/**
 * Services name bad fields relative to the input object ("title", "image.url"); in GraphQL they
 * live under the `input` argument, so extensions.field says "input.title".
 */
export async function underInput<T> (fn: () => Promise<T>, args: readonly string[] = ['id', 'expectedVersion', 'at']): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (isAppError(err) && err.field && !args.includes(err.field.split('.')[0] as string) && !err.field.startsWith('input')) {
      err.field = `input.${err.field}`
    }
    throw err
  }
}
