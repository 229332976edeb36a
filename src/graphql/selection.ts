import { getArgumentValues, getNamedType, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql'

type Info = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>

function fieldsNamed (info: Info, set: SelectionSetNode | undefined, name: string): SelectionSetNode[] {
  const out: SelectionSetNode[] = []
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD && sel.name.value === name) out.push(sel.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] })
    else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsNamed(info, sel.selectionSet, name))
    else if (sel.kind === Kind.FRAGMENT_SPREAD) out.push(...fieldsNamed(info, info.fragments[sel.name.value]?.selectionSet, name))
  }
  return out
}

/**
 * Does the query select the path under the current field, e.g. ['totalCount'] or
 * ['edges', 'node', 'paragraphs'] (through fragments too)? Lets a list resolver fetch only
 * what was asked for, in its one statement.
 */
export function selectsPath (info: Info, path: string[]): boolean {
  let sets: Array<SelectionSetNode | undefined> = info.fieldNodes.map((node) => node.selectionSet)
  for (const name of path) {
    sets = sets.flatMap((set) => fieldsNamed(info, set, name))
    if (sets.length === 0) return false
  }
  return true
}

export function selectsField (info: Info, name: string): boolean {
  return selectsPath(info, [name])
}

/**
 * The arguments of a field selected right under the current one (e.g. an article's `comments`),
 * when it is selected with one set of arguments; null when it is not selected, or selected
 * several times (aliases) with different ones. For resolvers that fetch a child in their own
 * statement.
 */
export function childArguments (info: GraphQLResolveInfo, name: string): Record<string, unknown> | null {
  const parent = getNamedType(info.returnType)
  const field = isObjectType(parent) ? parent.getFields()[name] : undefined
  if (!field) return null
  const nodes: FieldNode[] = []
  const collect = (set: SelectionSetNode | undefined): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD && sel.name.value === name) nodes.push(sel)
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet)
      else if (sel.kind === Kind.FRAGMENT_SPREAD) collect(info.fragments[sel.name.value]?.selectionSet)
    }
  }
  for (const node of info.fieldNodes) collect(node.selectionSet)
  const sets = nodes.map((node) => getArgumentValues(field, node, info.variableValues))
  const first = sets[0]
  if (!first || sets.some((s) => JSON.stringify(s) !== JSON.stringify(first))) return null
  return first
}
