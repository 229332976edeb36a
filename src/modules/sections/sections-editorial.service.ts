// Section writes (EDITOR, ADMIN): create, rename, re-slug, move, reorder, delete. Every one is a
// recorded change of visible content ("Content state"), written in the same transaction. Tree
// writes hold one lock, so two concurrent moves can never make a cycle between them.
import type { Prisma } from '../../db/database.ts'
import { badUserInput, conflict, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { normalizeForSearch } from '../../lib/arabic.ts'
import { derivedSlug, explicitSlug, integer, slugCandidates, text, uuid } from '../../lib/validate.ts'
import { EDITORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import type { SiteRepository } from '../site/site.repository.ts'
import type { SectionRecord, SectionsRepository } from './sections.repository.ts'

export const SECTION_LIMITS = { name: 100, slug: 200, position: 10_000 } as const

export interface SectionInput { name: string, slug?: string | null, parentId?: string | null, position?: number | null }
/** Only the keys present change; parentId: null moves the section to the top level. */
export interface UpdateSectionInput { name?: string | null, slug?: string | null, parentId?: string | null, position?: number | null }

type Tx = Prisma.TransactionClient

export class SectionWritesService {
  constructor (
    private readonly repo: SectionsRepository,
    private readonly site: SiteRepository,
    private readonly clock: Clock
  ) {}

  async create (viewer: Viewer | null, input: SectionInput): Promise<SectionRecord> {
    requireRole(viewer, EDITORS)
    const name = text(input.name, 'name', { max: SECTION_LIMITS.name })
    if ('slug' in input && input.slug === null) throw badUserInput('slug cannot be null', { field: 'slug' })
    const explicit = input.slug === undefined ? null : explicitSlug(input.slug, 'slug', SECTION_LIMITS.slug)
    const parentId = input.parentId === undefined || input.parentId === null ? null : uuid(input.parentId, 'parentId')
    const position = input.position === undefined || input.position === null ? null : integer(input.position, 'position', 0, SECTION_LIMITS.position)
    return this.repo.treeTransaction(async (tx) => {
      const now = this.clock.now()
      if (parentId && !await this.repo.findById(tx, parentId)) throw badUserInput(`no section ${parentId} to be the parent`, { field: 'parentId' })
      if (explicit && await this.repo.slugTaken(tx, explicit)) throw conflict(`the slug "${explicit}" is taken`, { field: 'slug' })
      const slug = explicit ?? await this.freeSlug(tx, derivedSlug(name, 'name', SECTION_LIMITS.slug))
      const created = await this.repo.create(tx, { name, slug, parentId })
      await this.place(tx, created.id, parentId, position)
      await this.site.recordChange(tx, now, [created.id])
      return this.reload(tx, created.id)
    })
  }

  async update (viewer: Viewer | null, id: string, input: UpdateSectionInput): Promise<SectionRecord> {
    requireRole(viewer, EDITORS)
    const sectionId = uuid(id, 'id')
    for (const key of ['name', 'slug', 'position'] as const) {
      if (key in input && input[key] === null) throw badUserInput(`${key} cannot be null`, { field: key })
    }
    const name = input.name === undefined ? undefined : text(input.name, 'name', { max: SECTION_LIMITS.name })
    const slug = input.slug === undefined ? undefined : explicitSlug(input.slug, 'slug', SECTION_LIMITS.slug)
    const parentId = input.parentId === undefined ? undefined : input.parentId === null ? null : uuid(input.parentId, 'parentId')
    const position = input.position === undefined || input.position === null ? undefined : integer(input.position, 'position', 0, SECTION_LIMITS.position)
    return this.repo.treeTransaction(async (tx) => {
      const now = this.clock.now()
      const current = await this.repo.findById(tx, sectionId)
      if (!current) throw notFound(`no section ${sectionId}`)
      if (slug !== undefined && await this.repo.slugTaken(tx, slug, sectionId)) throw conflict(`the slug "${slug}" is taken`, { field: 'slug' })
      if (parentId) {
        const chain = await this.repo.selfAndAncestors(tx, parentId)
        if (chain.length === 0) throw badUserInput(`no section ${parentId} to be the parent`, { field: 'parentId' })
        if (chain.includes(sectionId)) throw badUserInput('a section cannot move under itself or its own subsection', { field: 'parentId' })
      }
      const newParent = parentId === undefined ? current.parentId : parentId
      const unchanged = (name === undefined || name === current.name) && (slug === undefined || slug === current.slug) &&
        newParent === current.parentId && (position === undefined || position === current.position)
      if (unchanged) return current // not a change: nothing is recorded
      await this.repo.update(tx, sectionId, { name, slug, parentId: newParent, updatedAt: now })
      const moved = newParent !== current.parentId
      if (moved) await this.place(tx, null, current.parentId, null) // close the gap it leaves
      if (moved || position !== undefined) await this.place(tx, sectionId, newParent, position ?? null)
      // Its own stamp covers its ancestors, before and after a move; the old parent's subtree
      // lost it, so that parent is stamped too.
      await this.site.recordChange(tx, now, moved && current.parentId ? [sectionId, current.parentId] : [sectionId])
      return this.reload(tx, sectionId)
    })
  }

  /** CONFLICT while it has children or articles (deleted articles' tombstones go with it). */
  async delete (viewer: Viewer | null, id: string): Promise<string> {
    requireRole(viewer, EDITORS)
    const sectionId = uuid(id, 'id')
    return this.repo.treeTransaction(async (tx) => {
      const now = this.clock.now()
      const current = await this.repo.findById(tx, sectionId)
      if (!current) throw notFound(`no section ${sectionId}`)
      const children = await this.repo.countChildren(tx, sectionId)
      if (children > 0) throw conflict(`the section has ${children} subsection(s); move or delete them first`)
      const articles = await this.repo.countLiveArticles(tx, sectionId)
      if (articles > 0) throw conflict(`the section holds ${articles} article(s); move or delete them first`)
      await this.repo.delete(tx, sectionId)
      await this.place(tx, null, current.parentId, null)
      await this.site.recordChange(tx, now, current.parentId ? [current.parentId] : [])
      return sectionId
    })
  }

  /**
   * The section at a path of names from the top (the legacy import's breadcrumbs), in the caller's
   * transaction: each name is looked up among its parent's children (names compared in search
   * form, so "الرأي" and "الراي" are one section) and created, last among them, where missing.
   * Takes the tree lock. The new sections are returned, not recorded: the import records its run
   * as one change.
   */
  async ensurePath (tx: Tx, viewer: Viewer | null, names: string[]): Promise<{ id: string, created: SectionRecord[] }> {
    requireRole(viewer, EDITORS)
    if (names.length === 0) throw badUserInput('a section path needs at least one name', { field: 'sectionPath' })
    await this.repo.lockTree(tx)
    const created: SectionRecord[] = []
    let parentId: string | null = null
    for (const raw of names) {
      const name = text(raw, 'sectionPath', { max: SECTION_LIMITS.name })
      const form = normalizeForSearch(name).trim()
      const siblings: SectionRecord[] = await this.repo.children(tx, parentId)
      let section = siblings.find((s) => normalizeForSearch(s.name).trim() === form)
      if (!section) {
        const slug = await this.freeSlug(tx, derivedSlug(name, 'sectionPath', SECTION_LIMITS.slug))
        section = await this.repo.create(tx, { name, slug, parentId })
        await this.place(tx, section.id, parentId, null)
        created.push(section)
      }
      parentId = section.id
    }
    return { id: parentId as string, created }
  }

  private async reload (tx: Tx, id: string): Promise<SectionRecord> {
    const row = await this.repo.findById(tx, id)
    if (!row) throw new Error(`section ${id} vanished inside its own transaction`)
    return row
  }

  private async freeSlug (tx: Tx, base: string): Promise<string> {
    for (const candidate of slugCandidates(base, SECTION_LIMITS.slug)) {
      if (!await this.repo.slugTaken(tx, candidate)) return candidate
    }
    throw new Error('unreachable: slug candidates are endless')
  }

  /** Renumbers the siblings 0..n-1, with `sectionId` (if given) at `position` (default: last). */
  private async place (tx: Tx, sectionId: string | null, parentId: string | null, position: number | null): Promise<void> {
    const siblings = await this.repo.siblings(tx, parentId, sectionId)
    const order = siblings.map((s) => s.id)
    if (sectionId) order.splice(Math.min(position ?? order.length, order.length), 0, sectionId)
    const before = new Map(siblings.map((s) => [s.id, s.position]))
    await this.repo.setPositions(tx, order.map((id, position) => ({ id, position })).filter((p) => before.get(p.id) !== p.position))
  }
}
