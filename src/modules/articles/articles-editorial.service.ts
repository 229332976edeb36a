// Article writes (EDITOR, ADMIN) with the semantics of PRODUCT.md "Content state": drafts,
// publishing now, scheduling, backdating, unpublishing, soft delete, slugs that keep resolving,
// optimistic concurrency on `version`, a revision of every replaced version, and a recorded
// change in the same transaction whenever what anonymous callers see changes.
import { badUserInput, conflict, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { derivedSlug, explicitSlug, integer, slugCandidates, uuid } from '../../lib/validate.ts'
import { ARTICLE_LIMITS, articleFields, type ArticleInput, type UpdateArticleInput } from './articles-editorial.input.ts'
import { EDITORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import type { SiteRepository } from '../site/site.repository.ts'
import type { ArticleData, ArticleRow, ArticleWritesRepository, RevisionRow, Tx } from './articles-editorial.repository.ts'

export type { ArticleRow, Tx }
import { toRecord, type ArticleRecord } from './articles.row.ts'
import { isVisible } from './articles.content-state.ts'

export { ARTICLE_LIMITS, type ArticleInput, type UpdateArticleInput }

const REQUIRED_ON_UPDATE = ['title', 'paragraphs', 'sectionId', 'slug', 'language'] as const

/** What the legacy import writes of a page, and the state a new article gets. */
export interface ImportedText { title: string, paragraphs: string[], sectionId: string, language: string }
export type ImportedState = { status: 'DRAFT', publishedAt: null } | { status: 'PUBLISHED', publishedAt: Date } | { status: 'ARCHIVED', publishedAt: null }

export class ArticleWritesService {
  constructor (
    private readonly repo: ArticleWritesRepository,
    private readonly site: SiteRepository,
    private readonly clock: Clock,
    private readonly defaultLanguage: string
  ) {}

  /** A new article is a DRAFT, version 1; not a change anonymous callers can see. */
  async create (viewer: Viewer | null, input: ArticleInput): Promise<ArticleRecord> {
    const by = requireRole(viewer, EDITORS)
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    if (input.slug === null) throw badUserInput('slug cannot be null', { field: 'slug' })
    const fields = articleFields(input, { partial: false })
    const explicit = input.slug === undefined ? null : explicitSlug(input.slug, 'slug', ARTICLE_LIMITS.slug)
    return this.repo.transaction(async (tx) => {
      const now = this.clock.now()
      await this.assertSection(tx, fields.sectionId as string)
      await this.assertAuthors(tx, fields.authorIds)
      if (explicit && await this.ownerOf(tx, explicit)) throw conflict(`the slug "${explicit}" is taken`, { field: 'slug' })
      const slug = explicit ?? await this.freeSlug(tx, derivedSlug(fields.title as string, 'title', ARTICLE_LIMITS.slug))
      const row = await this.insert(tx, fields, slug, { status: 'DRAFT', publishedAt: null }, by, now)
      return toRecord(row)
    })
  }

  /** Partial update; `expectedVersion` that does not match is CONFLICT with currentVersion. */
  async update (viewer: Viewer | null, id: string, input: UpdateArticleInput, expectedVersion?: number | null): Promise<ArticleRecord> {
    const by = requireRole(viewer, EDITORS)
    const articleId = uuid(id, 'id')
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    for (const key of REQUIRED_ON_UPDATE) {
      if (key in input && input[key] === null) throw badUserInput(`${key} cannot be null`, { field: key })
    }
    if (expectedVersion !== undefined && expectedVersion !== null) integer(expectedVersion, 'expectedVersion', 1, 2 ** 31 - 1)
    const fields = articleFields(input, { partial: true })
    const slug = input.slug === undefined || input.slug === null ? undefined : explicitSlug(input.slug, 'slug', ARTICLE_LIMITS.slug)
    return this.repo.transaction(async (tx) => {
      const now = this.clock.now()
      const row = await this.locked(tx, articleId, expectedVersion)
      if (fields.sectionId !== undefined && fields.sectionId !== row.sectionId) await this.assertSection(tx, fields.sectionId)
      await this.assertAuthors(tx, fields.authorIds)
      const changes = onlyChanged(row, { ...fields, ...(slug === undefined ? {} : { slug }) })
      if (Object.keys(changes).length === 0) return toRecord(row)
      if (changes.slug !== undefined) {
        const owner = await this.ownerOf(tx, changes.slug)
        if (owner && owner !== row.id) throw conflict(`the slug "${changes.slug}" is taken`, { field: 'slug' })
        await this.repo.moveSlug(tx, row.id, row.slug, changes.slug)
      }
      return this.write(tx, row, changes, by, now, isVisible(row, now) ? sectionsOf(row, changes) : null)
    })
  }

  /**
   * Publish now (never published: publishedAt = now; ARCHIVED: its original publishedAt comes
   * back), or at `at`: a future instant reads as SCHEDULED and goes live then with no write; a past
   * one backdates. Each is a recorded change. Publishing a PUBLISHED article without `at` changes nothing.
   */
  async publish (viewer: Viewer | null, id: string, at?: Date | null): Promise<ArticleRecord> {
    if (at !== undefined && at !== null && (!(at instanceof Date) || Number.isNaN(at.getTime()))) throw badUserInput('at must be an instant', { field: 'at' })
    return this.withLocked(viewer, id, async (tx, row, by, now) => {
      let publishedAt: Date
      if (at) publishedAt = at
      else if (row.status === 'PUBLISHED') return toRecord(row)
      else if (row.status === 'ARCHIVED' && row.publishedAt) publishedAt = row.publishedAt
      else publishedAt = now
      const firstPublishedAt = row.firstPublishedAt ?? (publishedAt <= now ? publishedAt : null)
      return this.write(tx, row, { status: 'PUBLISHED', publishedAt, firstPublishedAt }, by, now, [row.sectionId])
    })
  }

  /** → ARCHIVED if it was ever live (it can be published again), else back to DRAFT. */
  async unpublish (viewer: Viewer | null, id: string): Promise<ArticleRecord> {
    return this.withLocked(viewer, id, async (tx, row, by, now) => {
      if (row.status !== 'PUBLISHED') return toRecord(row)
      const live = isVisible(row, now)
      const firstPublishedAt = row.firstPublishedAt ?? (live ? row.publishedAt : null)
      const changes: ArticleData = firstPublishedAt
        ? { status: 'ARCHIVED', publishedAt: live ? row.publishedAt : firstPublishedAt, firstPublishedAt }
        : { status: 'DRAFT', publishedAt: null }
      return this.write(tx, row, changes, by, now, live ? [row.sectionId] : null)
    })
  }

  /** Soft delete: a tombstone; the article disappears everywhere and its slugs stay reserved. */
  async delete (viewer: Viewer | null, id: string): Promise<string> {
    return this.withLocked(viewer, id, async (tx, row, by, now) => {
      await this.write(tx, row, { deletedAt: now }, by, now, isVisible(row, now) ? [row.sectionId] : null)
      return row.id
    })
  }

  /**
   * The legacy import's write of one page (imports.service.ts), in the caller's transaction: a new
   * article in `state` (its slug locked like an editor's), or the page's new text on the article it became (`existing`, locked; the replaced version kept as a revision, its state unchanged).
   * The same checks, slugs and revisions as an editor's writes; what it does not do is record the
   * change: it returns the sections whose visible content changed (null: none), and the import
   * records its whole run as one change.
   */
  async importPage (tx: Tx, viewer: Viewer | null, existing: ArticleRow | null, text: ImportedText, state: ImportedState): Promise<{ row: ArticleRecord, changedSections: string[] | null }> {
    const by = requireRole(viewer, EDITORS)
    const fields = articleFields(text, { partial: false })
    const now = this.clock.now()
    await this.assertSection(tx, fields.sectionId as string)
    if (existing === null) {
      const slug = await this.freeSlug(tx, derivedSlug(fields.title as string, 'title', ARTICLE_LIMITS.slug))
      const row = await this.insert(tx, fields, slug, state, by, now)
      return { row: toRecord(row), changedSections: isVisible(row, now) ? [row.sectionId] : null }
    }
    const changes = onlyChanged(existing, fields)
    if (Object.keys(changes).length === 0) return { row: toRecord(existing), changedSections: null }
    const row = await this.write(tx, existing, changes, by, now, null)
    return { row, changedSections: isVisible(existing, now) ? sectionsOf(existing, changes) : null }
  }

  /** The article locked for the import's transaction; null when it is missing or deleted. */
  lockForImport (tx: Tx, id: string): Promise<ArticleRow | null> {
    return this.repo.lock(tx, id)
  }

  /** Previous versions of many articles (newest first), EDITOR and ADMIN only. */
  async revisions (viewer: Viewer | null, articleIds: string[]): Promise<RevisionRow[][]> {
    requireRole(viewer, EDITORS)
    const byArticle = await this.repo.revisions(articleIds)
    return articleIds.map((id) => byArticle.get(id) ?? [])
  }

  /** An editor's change of one article: its row locked for the transaction, NOT_FOUND when missing. */
  private withLocked<T> (viewer: Viewer | null, id: string, fn: (tx: Tx, row: ArticleRow, by: Viewer, now: Date) => Promise<T>): Promise<T> {
    const by = requireRole(viewer, EDITORS)
    const articleId = uuid(id, 'id')
    return this.repo.transaction(async (tx) => fn(tx, await this.locked(tx, articleId), by, this.clock.now()))
  }

  private async locked (tx: Tx, id: string, expectedVersion?: number | null): Promise<ArticleRow> {
    const row = await this.repo.lock(tx, id)
    if (!row) throw notFound(`no article ${id}`)
    if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== row.version) {
      throw conflict(`the article is at version ${row.version}, not ${expectedVersion}`, { currentVersion: row.version })
    }
    return row
  }

  /** Keeps the replaced version as a revision, writes the change, records it when visible content changed. */
  private async write (tx: Tx, row: ArticleRow, changes: ArticleData, by: Viewer, now: Date, recordSections: string[] | null): Promise<ArticleRecord> {
    await this.repo.addRevision(tx, {
      articleId: row.id,
      version: row.version,
      snapshot: snapshotOf(row),
      editedBy: row.updatedBy,
      editedAt: row.updatedAt,
      replacedBy: by.name,
      replacedAt: now,
    })
    const updated = await this.repo.update(tx, row.id, changes, { at: now, name: by.name })
    if (recordSections) await this.site.recordChange(tx, now, [...new Set(recordSections)], [row.id])
    return toRecord(updated)
  }

  /** A new article row at version 1 from validated fields, in `state`. */
  private insert (tx: Tx, fields: ArticleData, slug: string, state: ImportedState, by: Viewer, now: Date): Promise<ArticleRow> {
    return this.repo.create(tx, {
      ...fields,
      title: fields.title as string,
      paragraphs: fields.paragraphs as string[],
      sectionId: fields.sectionId as string,
      language: fields.language ?? this.defaultLanguage,
      slug,
      status: state.status,
      publishedAt: state.publishedAt,
      firstPublishedAt: state.publishedAt !== null && state.publishedAt <= now ? state.publishedAt : null,
      createdAt: now,
      updatedAt: now,
      updatedBy: by.name,
    })
  }

  /** Every credited author exists (locked against deletion until the transaction ends). */
  private async assertAuthors (tx: Tx, ids: string[] | undefined): Promise<void> {
    if (!ids || ids.length === 0) return
    const missing = await this.repo.missingAuthors(tx, ids)
    if (missing.length > 0) throw badUserInput(`no author ${missing[0]}`, { field: `authorIds.${ids.indexOf(missing[0] as string)}` })
  }

  private async assertSection (tx: Tx, sectionId: string): Promise<void> {
    if (!await this.repo.sectionExists(tx, sectionId)) throw badUserInput(`no section ${sectionId}`, { field: 'sectionId' })
  }

  /** Who owns a slug, the slug locked first (held until the transaction ends). */
  private async ownerOf (tx: Tx, slug: string): Promise<string | null> {
    await this.repo.lockSlug(tx, slug)
    return this.repo.slugOwner(tx, slug)
  }

  /** The first free candidate from `base`, locked for this transaction. */
  private async freeSlug (tx: Tx, base: string): Promise<string> {
    for (const candidate of slugCandidates(base, ARTICLE_LIMITS.slug)) {
      if (!await this.ownerOf(tx, candidate)) return candidate
    }
    throw new Error('unreachable: slug candidates are endless')
  }
}

/** JSON with object keys sorted (jsonb does not keep key order). */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v)

/** The subset of `changes` that differs from the row. */
function onlyChanged (row: ArticleRow, changes: ArticleData): ArticleData {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes)) {
    if (canonical(value) !== canonical((row as Record<string, unknown>)[key])) out[key] = value
  }
  return out as ArticleData
}

function sectionsOf (row: ArticleRow, changes: ArticleData): string[] {
  return changes.sectionId ? [row.sectionId, changes.sectionId] : [row.sectionId]
}

function snapshotOf (row: ArticleRow): Record<string, unknown> {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    paragraphs: row.paragraphs,
    image: row.image,
    language: row.language,
    tags: row.tags,
    authorIds: row.authorIds,
    byline: row.byline,
    source: row.source,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    sectionId: row.sectionId,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  }
}
