// Authors (issue 18): people credited on articles, managed by editors (EDITOR, ADMIN), public to
// everyone (an author page lists the author's visible articles). Every author write is a
// recorded change: names and avatars show on visible articles and the author pages.
import { badUserInput, conflict, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { slugify } from '../../lib/arabic.ts'
import { derivedSlug, explicitSlug, optionalText, slugCandidates, text, uuid } from '../../lib/validate.ts'
import { EDITORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import { image, type ImageInput } from '../articles/articles-editorial.input.ts'
import type { SiteRepository } from '../site/site.repository.ts'
import type { AuthorData, AuthorRecord, AuthorsRepository } from './authors.repository.ts'

export type { AuthorRecord }

export const AUTHOR_LIMITS = { name: 100, bio: 2_000, slug: 100, list: 500 } as const

export interface AuthorInput { name: string, slug?: string | null, bio?: string | null, avatar?: ImageInput | null }
export type UpdateAuthorInput = { [K in keyof AuthorInput]?: AuthorInput[K] | null }

export class AuthorsService {
  constructor (
    private readonly repo: AuthorsRepository,
    private readonly site: SiteRepository,
    private readonly clock: Clock
  ) {}

  /** One author by exactly one of id or slug (a slug is compared after cleaning); null when there is none. */
  async find (by: { id?: string | null, slug?: string | null }): Promise<AuthorRecord | null> {
    const hasId = by.id !== undefined && by.id !== null
    const hasSlug = by.slug !== undefined && by.slug !== null
    if (hasId === hasSlug) throw badUserInput('give exactly one of id or slug', { field: hasId ? 'slug' : 'id' })
    if (hasId) return this.repo.find({ id: uuid(by.id, 'id') })
    const raw = by.slug as string
    if (raw.length > AUTHOR_LIMITS.slug * 4) throw badUserInput(`slug is longer than ${AUTHOR_LIMITS.slug} characters`, { field: 'slug', limit: AUTHOR_LIMITS.slug })
    const slug = slugify(raw)
    return slug === '' ? null : this.repo.find({ slug })
  }

  /** The id of the author a list filter names by slug (`field`: the filter's name in errors); null when there is none. */
  async idOf (slug: string, field: string): Promise<string | null> {
    if (slug.length > AUTHOR_LIMITS.slug * 4) throw badUserInput(`${field} is longer than ${AUTHOR_LIMITS.slug} characters`, { field, limit: AUTHOR_LIMITS.slug })
    const cleaned = slugify(slug)
    return cleaned === '' ? null : (await this.repo.find({ slug: cleaned }))?.id ?? null
  }

  /** Authors by id, in the order asked (Article.authors of a whole request: one statement). */
  async byIds (lists: string[][]): Promise<AuthorRecord[][]> {
    const found = new Map((await this.repo.findMany([...new Set(lists.flat())])).map((a) => [a.id, a]))
    return lists.map((ids) => ids.flatMap((id) => found.get(id) ?? []))
  }

  /** Every author by name (at most `first`, 1..500, default 100). */
  async list (first?: number | null): Promise<AuthorRecord[]> {
    const limit = first === undefined || first === null ? 100 : first
    if (!Number.isInteger(limit) || limit < 1 || limit > AUTHOR_LIMITS.list) throw badUserInput(`first must be between 1 and ${AUTHOR_LIMITS.list}`, { field: 'first', limit: AUTHOR_LIMITS.list })
    return this.repo.list(limit)
  }

  async create (viewer: Viewer | null, input: AuthorInput): Promise<AuthorRecord> {
    requireRole(viewer, EDITORS)
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    if (input.slug === null) throw badUserInput('slug cannot be null', { field: 'slug' })
    const fields = authorFields(input, false)
    const explicit = input.slug === undefined ? null : explicitSlug(input.slug, 'slug', AUTHOR_LIMITS.slug)
    return this.repo.transaction(async (tx) => {
      const now = this.clock.now()
      let slug = explicit
      if (slug !== null && await this.repo.slugTaken(tx, slug, null)) throw conflict(`the slug "${slug}" is taken`, { field: 'slug' })
      if (slug === null) {
        for (const candidate of slugCandidates(derivedSlug(fields.name as string, 'name', AUTHOR_LIMITS.slug), AUTHOR_LIMITS.slug)) {
          if (!await this.repo.slugTaken(tx, candidate, null)) { slug = candidate; break }
        }
      }
      const author = await this.repo.create(tx, { ...fields, name: fields.name as string, slug: slug as string }, now)
      await this.site.recordChange(tx, now, [])
      return author
    })
  }

  /** Only the fields given change; null clears bio or avatar. */
  async update (viewer: Viewer | null, id: string, input: UpdateAuthorInput): Promise<AuthorRecord> {
    requireRole(viewer, EDITORS)
    const authorId = uuid(id, 'id')
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    for (const key of ['name', 'slug'] as const) {
      if (key in input && input[key] === null) throw badUserInput(`${key} cannot be null`, { field: key })
    }
    const fields = authorFields(input, true)
    const slug = input.slug === undefined || input.slug === null ? undefined : explicitSlug(input.slug, 'slug', AUTHOR_LIMITS.slug)
    return this.repo.transaction(async (tx) => {
      const now = this.clock.now()
      const current = await this.repo.lock(tx, authorId)
      if (!current) throw notFound(`no author ${authorId}`)
      if (slug !== undefined && slug !== current.slug && await this.repo.slugTaken(tx, slug, authorId)) throw conflict(`the slug "${slug}" is taken`, { field: 'slug' })
      const author = await this.repo.update(tx, authorId, { ...fields, ...(slug === undefined ? {} : { slug }) }, now)
      await this.site.recordChange(tx, now, [])
      return author
    })
  }

  /** CONFLICT while an article (not deleted) still credits the author. */
  async delete (viewer: Viewer | null, id: string): Promise<string> {
    requireRole(viewer, EDITORS)
    const authorId = uuid(id, 'id')
    return this.repo.transaction(async (tx) => {
      if (!await this.repo.lock(tx, authorId)) throw notFound(`no author ${authorId}`)
      const credited = await this.repo.creditedOn(tx, authorId)
      if (credited > 0) throw conflict(`the author is credited on ${credited} article${credited === 1 ? '' : 's'}`)
      await this.repo.delete(tx, authorId)
      await this.site.recordChange(tx, this.clock.now(), [])
      return authorId
    })
  }
}

function authorFields (input: UpdateAuthorInput, partial: boolean): AuthorData {
  const out: AuthorData = {}
  if (!partial || input.name !== undefined) out.name = text(input.name, 'name', { max: AUTHOR_LIMITS.name })
  if (input.bio !== undefined) out.bio = optionalText(input.bio, 'bio', AUTHOR_LIMITS.bio)
  if (input.avatar !== undefined) out.avatar = input.avatar === null ? null : image(input.avatar, 'avatar')
  return out
}
