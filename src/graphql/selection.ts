import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql'

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
