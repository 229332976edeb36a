// What one GraphQL document may ask, checked before anything runs: its size in bytes (before
// parsing) and tokens (graphql-js stops parsing past the limit), then validation rules for depth,
// aliases and directives (graphql-armor's) and for the number of nodes the lists may return
// (ours: graphql-armor's cost rule does not know that `first: 100` asks for a hundred). A refusal is
// QUERY_TOO_COMPLEX with the limit's name and value in `extensions`.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives'
import {
  getNamedType, GraphQLError, isInterfaceType, isObjectType, Kind, type ASTNode, type FieldNode, type FragmentDefinitionNode,
  type GraphQLField, type GraphQLNamedType, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql'

export interface QueryLimits {
  /** UTF-8 bytes of the document */
  bytes: number
  /** lexical tokens of the document */
  tokens: number
  /** nested selection sets (introspection's own queries are exempt) */
  depth: number
  aliases: number
  directives: number
  /** items all lists together may return: each `first` multiplied along its path, summed */
  nodes: number
}

export type LimitName = keyof QueryLimits

/** The error every refusal gives: the limit's name and value are in `extensions`. */
export function tooComplex (limit: LimitName, max: number, detail: string, nodes?: readonly ASTNode[]): GraphQLError {
  return new GraphQLError(`The query exceeds the ${limit} limit of ${max}: ${detail}`, {
    ...(nodes ? { nodes } : {}),
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, max },
  })
}

/** graphql-js' own message when `maxTokens` stops the parser (it has no code to test instead). */
export function isTokenLimitError (error: GraphQLError): boolean {
  return error.message.startsWith('Syntax Error: Document contains more that') || error.message.startsWith('Syntax Error: Document contains more than')
}

/** graphql-armor's rules report through onReject: we report our own error instead of theirs. */
function armor<O> (rule: (options: O) => (context: ValidationContext) => unknown, limit: LimitName, max: number, options: O): ValidationRule {
  return (context) => {
    const report = (_ctx: ValidationContext | null, err: GraphQLError): void => {
      context.reportError(tooComplex(limit, max, err.message.replace(/^Syntax Error: /, '')))
    }
    return rule({ ...options, n: max, propagateOnRejection: false, onReject: [report] })(context) as ReturnType<ValidationRule>
  }
}

/** The largest `first` a connection accepts; a variable is counted at it (its value is not known yet). */
const MAX_FIRST = 100

/**
 * Counts the items an operation's lists may return: a field with a `first` argument returns up
 * to `first` items (its default when not given), each of which resolves the field's selections,
 * so nested lists multiply. The schema says which fields take `first`.
 */
function nodeLimitRule (max: number): ValidationRule {
  return (context) => {
    const schema = context.getSchema()
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)

    const sizeOf = (field: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number | null => {
      const param = def?.args.find((a) => a.name === 'first')
      if (!param) return null
      const arg = field.arguments?.find((a) => a.name.value === 'first')
      if (!arg || arg.value.kind === Kind.NULL) return typeof param.defaultValue === 'number' ? param.defaultValue : MAX_FIRST
      return arg.value.kind === Kind.INT ? Math.max(0, Number(arg.value.value)) : MAX_FIRST
    }
    // items under one resolution of a selection set of `type` (a fragment is counted once: a
    // document that spreads fragments into fragments costs no more to count than to read)
    const perFragment = new Map<string, number>()
    const count = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined): number => {
      let total = 0
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) {
          const def = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[sel.name.value] : undefined
          const inner = count(sel.selectionSet, def ? getNamedType(def.type) : undefined)
          const size = sizeOf(sel, def)
          total += size === null ? inner : size * (1 + inner)
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          total += count(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) ?? undefined : type)
        } else {
          const name = sel.name.value
          if (!perFragment.has(name)) {
            perFragment.set(name, 0) // a cycle (refused by graphql-js' own rule) counts nothing
            const fragment = fragments.get(name)
            perFragment.set(name, fragment ? count(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined) : 0)
          }
          total += perFragment.get(name) ?? 0
        }
      }
      return total
    }
    return {
      OperationDefinition (operation) {
        const root = schema.getRootType(operation.operation) ?? undefined
        if (count(operation.selectionSet, root) > max) {
          context.reportError(tooComplex('nodes', max, `its lists may return more than ${max} items`, [operation]))
        }
        return false
      },
    }
  }
}

export function limitRules (limits: QueryLimits): ValidationRule[] {
  return [
    armor(maxDepthRule, 'depth', limits.depth, { ignoreIntrospection: true, flattenFragments: true }),
    armor(maxAliasesRule, 'aliases', limits.aliases, {}),
    armor(maxDirectivesRule, 'directives', limits.directives, {}),
    nodeLimitRule(limits.nodes),
  ]
}
