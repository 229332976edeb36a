import { badUserInput } from '../../errors.ts'
import { slugify } from '../../lib/arabic.ts'
import type { SectionRecord } from './sections.repository.ts'

/** The longest section slug a filter may name (longer ones are refused, not looked up). */
export const MAX_SECTION_FILTER = 200

/** A list's section filter: every section id it covers (null: no filter), or unknown (nothing matches). */
export type SectionFilter = { known: true, ids: string[] | null } | { known: false, ids: null }

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

  /** Every section, in tree order (a parent before its children, siblings by position). */
  all (): SectionRecord[] {
    const out: SectionRecord[] = []
    const visit = (s: SectionRecord): void => { out.push(s); this.children(s.id).forEach(visit) }
    this.roots().forEach(visit)
    return out
  }

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

  /**
   * The filter `section: <slug>` of a list (search, most read): the section, its slug cleaned as
   * slugs are, with its subsections; no slug, no filter; a slug no section has, unknown.
   */
  sectionFilter (slug: string | null | undefined, field = 'section'): SectionFilter {
    if (slug === undefined || slug === null) return { known: true, ids: null }
    if (slug.length > MAX_SECTION_FILTER) throw badUserInput(`${field} is longer than ${MAX_SECTION_FILTER} characters`, { field, limit: MAX_SECTION_FILTER })
    const section = this.bySlug.get(slugify(slug))
    return section ? { known: true, ids: this.subtreeIds(section.id) } : { known: false, ids: null }
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
