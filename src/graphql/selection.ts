import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql'

/** Does the query select `name` directly under the current field (through fragments too)? */
export function selectsField (info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD && sel.name.value === name) return true
      if (sel.kind === Kind.INLINE_FRAGMENT && visit(sel.selectionSet)) return true
      if (sel.kind === Kind.FRAGMENT_SPREAD && visit(info.fragments[sel.name.value]?.selectionSet)) return true
    }
    return false
  }
  return info.fieldNodes.some((node) => visit(node.selectionSet))
}
