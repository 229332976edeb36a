import { badUserInput } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { slugify } from '../../lib/arabic.ts'
import { isUuid } from '../../lib/uuid.ts'
import { SectionTree } from './sections.tree.ts'
import type { SectionRecord, SectionsRepository } from './sections.repository.ts'

export type { SectionRecord }

const MAX_SLUG_LENGTH = 200

export class SectionsService {
  constructor (
    private readonly repo: SectionsRepository,
    private readonly clock: Clock
  ) {}

  /** The newest tree this process has read, and its version. */
  private cached: { version: bigint, tree: SectionTree } | null = null

  /**
   * The section tree. It is kept in memory between requests and reused only while it is provably
   * current: either the caller has read the tree's version in the same snapshot as its own rows
   * (`atLeast`, e.g. from the article statement) and the cached tree is at least that new, or one
   * cheap statement compares the stored version with the cached one (and reads the rows only when
   * they differ). Section writes move the version by trigger, so no instance serves a stale tree.
   */
  async loadTree (atLeast?: string | null): Promise<SectionTree> {
    const cached = this.cached
    if (cached && atLeast && cached.version >= BigInt(atLeast)) return cached.tree
    const { version, rows } = await this.repo.tree(cached ? String(cached.version) : null)
    if (rows === null && cached) return cached.tree
    const fresh = { version: BigInt(version), tree: new SectionTree(rows ?? []) }
    // Concurrent loads finish in any order: keep the newest.
    if (!this.cached || this.cached.version < fresh.version) this.cached = fresh
    return fresh.tree
  }

  /** Exactly one of slug or id; a slug is compared after the same cleaning that made it. */
  find (tree: SectionTree, by: { slug?: string | null, id?: string | null }): SectionRecord | null {
    const hasSlug = by.slug !== undefined && by.slug !== null
    const hasId = by.id !== undefined && by.id !== null
    if (hasSlug === hasId) throw badUserInput('give exactly one of slug or id', { field: hasSlug ? 'id' : 'slug' })
    if (hasId) {
      const id = by.id as string
      if (!isUuid(id)) throw badUserInput(`"${id.slice(0, 60)}" is not a section id`, { field: 'id' })
      return tree.get(id.toLowerCase()) ?? null
    }
    const slug = by.slug as string
    if (slug.length > MAX_SLUG_LENGTH) throw badUserInput(`slug is longer than ${MAX_SLUG_LENGTH} characters`, { field: 'slug', limit: MAX_SLUG_LENGTH })
    return tree.getBySlug(slugify(slug)) ?? null
  }

  /**
   * Section.lastUpdatedAt for each id: the later of the newest recorded change and the newest
   * visible publishedAt anywhere in its subtree; null when there was neither. One SQL statement.
   */
  async lastUpdatedAt (tree: SectionTree, ids: readonly string[]): Promise<Array<Date | null>> {
    const subtrees = ids.map((id) => tree.subtreeIds(id))
    const times = await this.repo.freshness([...new Set(subtrees.flat())], this.clock.now())
    return subtrees.map((members) => {
      let best: Date | null = null
      for (const id of members) {
        const own = times.get(id)
        for (const candidate of [own?.changedAt ?? null, own?.latest ?? null]) {
          if (candidate && (!best || candidate > best)) best = candidate
        }
      }
      return best
    })
  }
}
