// GraphQL operation labels that clients cannot multiply: every distinct label value is a new time
// series kept forever by the process and by Prometheus, and operation names are chosen by whoever
// sends the query.
import { getOperationAST, type DocumentNode } from 'graphql'

/** Distinct operation names kept per process; later names are counted as `other`. */
export const MAX_OPERATION_NAMES = 50

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/

export interface OperationLabels {
  operation_type: string
  operation_name: string
}

/** Requests to /graphql refused before an operation ran (unparsable, invalid, bad token, too large…). */
export const REJECTED: OperationLabels = Object.freeze({ operation_type: 'rejected', operation_name: 'other' })

/** The first `max` well-formed names seen keep their own label; unnamed is `anonymous`; the rest `other`. */
export class OperationNames {
  readonly #seen = new Set<string>()
  readonly #max: number

  constructor (max = MAX_OPERATION_NAMES) {
    this.#max = max
  }

  label (name: string | undefined): string {
    if (name === undefined) return 'anonymous'
    if (this.#seen.has(name)) return name
    if (this.#seen.size >= this.#max || !NAME.test(name)) return 'other'
    this.#seen.add(name)
    return name
  }
}

/**
 * The labels of the operation a request runs: its type and bounded name. `requested` is the
 * request's operationName, which picks one operation out of a document holding several.
 */
export function operationLabels (document: DocumentNode, requested: unknown, names: OperationNames): OperationLabels {
  const operation = getOperationAST(document, typeof requested === 'string' ? requested : undefined)
  if (!operation) return REJECTED
  return { operation_type: operation.operation, operation_name: names.label(operation.name?.value) }
}
