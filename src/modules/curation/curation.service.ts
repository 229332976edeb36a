// Curation (issue 18): editors' featured slots on the site's and each section's front page, and
// breaking news. Both follow the content-state rule (only visible articles ever show) and expire
// at read time: a slot or flag past its `until` simply stops showing, with no job, and the site's
// versions (site.repository.ts) move at that instant, so no cache outlives it.
//
// What the public reads (every list's live slots and the breaking list) is one statement, kept
// per content version: any change to it is a recorded change, a go-live or an expiry, each of
// which moves Site.contentVersion, so a front page costs no curation SQL while nothing changes.
// The rows also carry commentCount and viewCount, so the key holds the comment version and the
// minute too (view counts may be a minute stale, as everywhere).
import { badUserInput, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { integer, uuid } from '../../lib/validate.ts'
import { EDITORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { SiteRepository } from '../site/site.repository.ts'
import type { Versions } from '../site/site.service.ts'
import { MAX_BREAKING, type CurationRepository, type FrontMatterRows, type SlotRow } from './curation.repository.ts'

export type { SlotRow }

/** Slots per list: a front page's pinned stories, not a second archive. */
export const MAX_SLOTS = 20
/** A breaking flag without an explicit `until` lasts this long. */
export const DEFAULT_BREAKING_MS = 6 * 3_600_000
/** The longest a flag or slot may be set for ahead. */
const MAX_AHEAD_MS = 31 * 24 * 3_600_000

export interface FeatureInput {
  articleId: string
  /** null or absent: the site's front page */
  sectionId?: string | null
  /** 0-based; absent: last */
  position?: number | null
  /** absent or null: until an editor removes it */
  until?: Date | null
}

export class CurationService {
  private memo: { version: string, rows: Promise<FrontMatterRows> } | undefined

  constructor (
    private readonly repo: CurationRepository,
    private readonly site: SiteRepository,
    private readonly clock: Clock,
    /** the current versions (the caching layer's remembered ones) */
    private readonly versions: () => Promise<Versions>
  ) {}

  /** Every list's live slots and the breaking list, read once per content version. */
  private async frontMatter (): Promise<FrontMatterRows> {
    const v = await this.versions()
    const version = `${v.content}\0${v.comments}\0${Math.floor(this.clock.now().getTime() / 60_000)}`
    if (this.memo?.version !== version) {
      const rows = this.repo.frontMatter(this.clock.now())
      this.memo = { version, rows }
      rows.catch(() => { if (this.memo?.rows === rows) this.memo = undefined })
    }
    return this.memo.rows
  }

  /**
   * The live featured articles of the site's front page (section null) or of a section's, in
   * slot order: visible, unexpired, and for a section still inside its subtree.
   */
  async featured (tree: SectionTree, sectionId: string | null, first?: number | null): Promise<ArticleRecord[]> {
    return (await this.featuredMany(tree, [{ sectionId, first }]))[0] as ArticleRecord[]
  }

  /** Many lists' featured articles (a request's Section.featured fields) from one read. */
  async featuredMany (tree: SectionTree, lists: Array<{ sectionId: string | null, first?: number | null }>): Promise<ArticleRecord[][]> {
    const limits = lists.map((l) => count(l.first, MAX_SLOTS, MAX_SLOTS))
    const { featured } = await this.frontMatter()
    return lists.map(({ sectionId }, i) => {
      const inSubtree = sectionId === null ? null : new Set(tree.subtreeIds(sectionId))
      return featured
        .filter((a) => a.list === sectionId && (inSubtree === null || inSubtree.has(a.sectionId)))
        .slice(0, limits[i])
        .map(({ list: _list, ...article }) => article)
    })
  }

  /** Visible stories flagged as breaking news, flag unexpired, newest first. */
  async breaking (first?: number | null): Promise<ArticleRecord[]> {
    const limit = count(first, MAX_BREAKING, 10)
    return (await this.frontMatter()).breaking.slice(0, limit).map(({ breakingUntil: _b, ...article }) => article)
  }

  /** Article.breakingUntil of many articles: the flag's end while it is in force, else null. */
  async breakingUntil (articleIds: string[]): Promise<Array<Date | null>> {
    const flags = await this.repo.breakingUntil([...new Set(articleIds)], this.clock.now())
    return articleIds.map((id) => flags.get(id) ?? null)
  }

  /** A list's slots as editors manage them (EDITOR, ADMIN): expired ones and unpublished articles included. */
  async slots (viewer: Viewer | null, tree: SectionTree, sectionId?: string | null): Promise<SlotRow[]> {
    requireRole(viewer, EDITORS)
    return this.repo.slots(this.list(tree, sectionId), this.clock.now())
  }

  /**
   * Places an article on a front page at `position` (absent: last; an article already there
   * moves), optionally until an instant. A section's front page takes articles of its subtree.
   * Any article that is not deleted may be placed (a scheduled story shows from its go-live);
   * a recorded change when the article is visible. Returns the list's slots.
   */
  async feature (viewer: Viewer | null, tree: SectionTree, input: FeatureInput): Promise<SlotRow[]> {
    const by = requireRole(viewer, EDITORS)
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    const articleId = uuid(input.articleId, 'articleId')
    const sectionId = this.list(tree, input.sectionId)
    const position = input.position === undefined || input.position === null ? null : integer(input.position, 'position', 0, MAX_SLOTS - 1)
    const now = this.clock.now()
    const until = input.until === undefined || input.until === null ? null : this.future(input.until, 'until', now)
    return this.repo.transaction(async (tx) => {
      await this.repo.lockList(tx, sectionId)
      const article = await this.repo.articleState(tx, articleId, now)
      if (!article) throw notFound(`no article ${articleId}`)
      if (sectionId !== null && !tree.subtreeIds(sectionId).includes(article.sectionId)) {
        throw badUserInput('the article is not in this section or its subsections', { field: 'articleId' })
      }
      const current = (await this.repo.slots(sectionId, now, tx)).filter((s) => s.articleId !== articleId && (s.until === null || s.until > now))
      if (current.length >= MAX_SLOTS) throw badUserInput(`a front page holds at most ${MAX_SLOTS} featured articles`, { field: 'articleId', limit: MAX_SLOTS })
      const slot = { articleId, until, placedAt: now, placedBy: by.name }
      const at = position === null ? current.length : Math.min(position, current.length)
      await this.repo.replaceList(tx, sectionId, [...current.slice(0, at), slot, ...current.slice(at)])
      if (article.visible) await this.site.recordChange(tx, now, sectionId === null ? [] : [sectionId], [articleId])
      return this.repo.slots(sectionId, now, tx)
    })
  }

  /** Takes an article off a front page (absent: nothing changes). Returns the list's slots. */
  async unfeature (viewer: Viewer | null, tree: SectionTree, input: { articleId: string, sectionId?: string | null }): Promise<SlotRow[]> {
    requireRole(viewer, EDITORS)
    const articleId = uuid(input.articleId, 'articleId')
    const sectionId = this.list(tree, input.sectionId)
    const now = this.clock.now()
    return this.repo.transaction(async (tx) => {
      await this.repo.lockList(tx, sectionId)
      const slots = await this.repo.slots(sectionId, now, tx)
      const gone = slots.find((s) => s.articleId === articleId)
      if (!gone) return slots
      const live = (await this.repo.articleState(tx, articleId, now))?.visible === true && (gone.until === null || gone.until > now)
      await this.repo.replaceList(tx, sectionId, slots.filter((s) => s !== gone && (s.until === null || s.until > now)))
      if (live) await this.site.recordChange(tx, now, sectionId === null ? [] : [sectionId], [articleId])
      return this.repo.slots(sectionId, now, tx)
    })
  }

  /**
   * Flags an article as breaking news until `until` (absent: DEFAULT_BREAKING_MS from now). A
   * visible article is announced to breakingNews subscribers now, a scheduled one at its go-live.
   */
  async markBreaking (viewer: Viewer | null, id: string, until?: Date | null): Promise<string> {
    const by = requireRole(viewer, EDITORS)
    const articleId = uuid(id, 'id')
    const now = this.clock.now()
    const end = until === undefined || until === null ? new Date(now.getTime() + DEFAULT_BREAKING_MS) : this.future(until, 'until', now)
    return this.repo.transaction(async (tx) => {
      const article = await this.repo.articleState(tx, articleId, now)
      if (!article) throw notFound(`no article ${articleId}`)
      await this.repo.flag(tx, articleId, end, now, by.name)
      if (article.visible) await this.site.recordChange(tx, now, [article.sectionId], [articleId])
      return articleId
    })
  }

  /** Removes the flag (none: nothing changes). */
  async clearBreaking (viewer: Viewer | null, id: string): Promise<string> {
    requireRole(viewer, EDITORS)
    const articleId = uuid(id, 'id')
    const now = this.clock.now()
    return this.repo.transaction(async (tx) => {
      const article = await this.repo.articleState(tx, articleId, now)
      if (!article) throw notFound(`no article ${articleId}`)
      const wasLive = await this.repo.unflag(tx, articleId, now)
      if (wasLive && article.visible) await this.site.recordChange(tx, now, [article.sectionId], [articleId])
      return articleId
    })
  }

  /** The list a section id names (null: the site's); an unknown section is NOT_FOUND. */
  private list (tree: SectionTree, sectionId: string | null | undefined): string | null {
    if (sectionId === undefined || sectionId === null) return null
    const id = uuid(sectionId, 'sectionId')
    if (!tree.get(id)) throw notFound(`no section ${id}`)
    return id
  }

  private future (at: Date, field: string, now: Date): Date {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw badUserInput(`${field} must be an instant`, { field })
    if (at <= now) throw badUserInput(`${field} must be in the future`, { field })
    if (at.getTime() - now.getTime() > MAX_AHEAD_MS) throw badUserInput(`${field} must be at most 31 days ahead`, { field })
    return at
  }
}

/** A list length argument: 0..max (null or absent: `fallback`). */
function count (value: number | null | undefined, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback
  return integer(value, 'first', 0, max)
}
