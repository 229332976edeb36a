import { badUserInput } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { isUuid, slugify } from '../../lib/slug.ts'
import { SectionTree } from './section-tree.ts'
import type { SectionRecord, SectionsRepository } from './sections.repository.ts'

export type { SectionRecord }

const MAX_SLUG_LENGTH = 200

export class SectionsService {
  constructor (
    private readonly repo: SectionsRepository,
    private readonly clock: Clock
  ) {}

  async loadTree (): Promise<SectionTree> {
    return new SectionTree(await this.repo.all())
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
    const latest = await this.repo.latestVisiblePublishedAt([...new Set(subtrees.flat())], this.clock.now())
    return subtrees.map((members) => {
      let best: Date | null = null
      for (const id of members) {
        for (const candidate of [tree.get(id)?.contentChangedAt ?? null, latest.get(id) ?? null]) {
          if (candidate && (!best || candidate > best)) best = candidate
        }
      }
      return best
    })
  }
}
