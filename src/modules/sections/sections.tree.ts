import type { SectionRecord } from './sections.repository.ts'

/**
 * The whole section tree in memory. A newsroom has tens to hundreds of sections, so one query
 * loads them all per request, and parent, children, path and subtrees cost no further SQL.
 */
export class SectionTree {
  private readonly byId = new Map<string, SectionRecord>()
  private readonly bySlug = new Map<string, SectionRecord>()
  private readonly childrenOf = new Map<string | null, SectionRecord[]>()

  constructor (rows: SectionRecord[]) {
    for (const row of rows) {
      this.byId.set(row.id, row)
      this.bySlug.set(row.slug, row)
      const siblings = this.childrenOf.get(row.parentId)
      if (siblings) siblings.push(row)
      else this.childrenOf.set(row.parentId, [row])
    }
    for (const siblings of this.childrenOf.values()) {
      siblings.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
    }
  }

  get size (): number { return this.byId.size }
  get (id: string): SectionRecord | undefined { return this.byId.get(id) }
  getBySlug (slug: string): SectionRecord | undefined { return this.bySlug.get(slug) }
  roots (): SectionRecord[] { return this.childrenOf.get(null) ?? [] }
  children (id: string): SectionRecord[] { return this.childrenOf.get(id) ?? [] }

  /** Root .. the section itself. */
  path (id: string): SectionRecord[] {
    const out: SectionRecord[] = []
    const seen = new Set<string>()
    for (let s = this.byId.get(id); s && !seen.has(s.id); s = s.parentId ? this.byId.get(s.parentId) : undefined) {
      seen.add(s.id)
      out.push(s)
    }
    return out.reverse()
  }

  /** The section and all its descendants. */
  subtreeIds (id: string): string[] {
    const out: string[] = []
    const stack = [id]
    while (stack.length > 0) {
      const current = stack.pop() as string
      if (out.includes(current)) continue
      out.push(current)
      for (const child of this.children(current)) stack.push(child.id)
    }
    return out
  }
}
