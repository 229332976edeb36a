import { badUserInput, forbidden } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { pageRequest, toBackwardConnection, toConnection, type Connection } from '../../lib/connection.ts'
import { decodeCursor, decodeFrontCursor, encodeCursor, encodeFeaturedCursor, listKey, type KeysetPosition } from '../../lib/cursor.ts'
import { slugify } from '../../lib/arabic.ts'
import { isUuid } from '../../lib/uuid.ts'
import { isEditor, type Viewer } from '../auth/auth.service.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { ArticleRecord, ArticlesRepository, Audience, PageQuery } from './articles.repository.ts'
import { ARTICLE_STATES, stateOf, type ArticleState } from './articles.content-state.ts'
import type { ArticleLinks } from './articles.links.ts'

export type { ArticleRecord, Connection }

export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100
const MAX_SLUG_LENGTH = 200
const MAX_TAG_LENGTH = 100

export interface ListArgs {
  /** section slug (as typed by a client) or id; unknown → an empty list */
  section?: { slug: string } | { id: string } | null
  includeSubsections?: boolean | null
  tag?: string | null
  /** a credited author's articles; id null: an author that does not exist (an empty list) */
  author?: { id: string | null } | null
  /** staff only (EDITOR, ADMIN): keep these derived statuses; default for staff: every status */
  status?: readonly string[] | null
  first?: number | null
  after?: string | null
  /** walk backward: the `last` items before the `before` cursor (either given: first and after are not used) */
  last?: number | null
  before?: string | null
  withTotal?: boolean
  /** fetch the paragraphs with the list (default: no) */
  withBodies?: boolean
  /**
   * A front page: the list's featured articles first (the site's, or the section's), then the
   * newest without them. Not with tag or status.
   */
  featuredFirst?: boolean | null
}

/** Where a front page's featured articles come from (curation.service.ts). */
export type FeaturedSource = (tree: SectionTree, sectionId: string | null) => Promise<ArticleRecord[]>

interface PreparedList {
  query: PageQuery | null
  key: string
  /** the page size (first, or last walking backward) */
  first: number
  /** the cursor the page was asked from (after, or before walking backward) */
  after: string | null
  backward: boolean
  /** a front page: its featured list (null: every section's), and where the cursor points */
  front?: { sectionId: string | null, sectionIds: string[] | null, position: { featured: number } | KeysetPosition | null }
}

/** What a viewer may see: EDITOR and ADMIN see drafts and scheduled articles; nobody else ever does. */
export const audienceOf = (viewer: Viewer | null): Audience => isEditor(viewer) ? 'staff' : 'public'

export class ArticlesService {
  constructor (
    private readonly repo: ArticlesRepository,
    private readonly clock: Clock,
    /** canonical, print and share links (articles.links.ts) */
    readonly links: ArticleLinks,
    private readonly featuredOf: FeaturedSource = async () => []
  ) {}

  /** The API's status now (articles.content-state.ts: PUBLISHED with a future publishedAt reads as SCHEDULED). */
  statusOf (article: Pick<ArticleRecord, 'status' | 'publishedAt'>): ArticleState {
    return stateOf(article, this.clock.now())
  }

  /**
   * Exactly one of id or slug. A former slug still finds the article; `canonical` says whether
   * the slug asked for is the current one (REST redirects when it is not). `comments`: also fetch
   * that many rows of the comment thread's first page in the same statement (article.firstComments).
   */
  async find (by: { id?: string | null, slug?: string | null }, viewer: Viewer | null, opts: { comments?: number } = {}): Promise<{ article: ArticleRecord, canonical: boolean } | null> {
    const hasId = by.id !== undefined && by.id !== null
    const hasSlug = by.slug !== undefined && by.slug !== null
    if (hasId === hasSlug) throw badUserInput('give exactly one of id or slug', { field: hasId ? 'slug' : 'id' })
    const audience = audienceOf(viewer)
    if (hasId) {
      const id = by.id as string
      if (!isUuid(id)) throw badUserInput(`"${id.slice(0, 60)}" is not an article id`, { field: 'id' })
      const article = await this.repo.find({ id: id.toLowerCase() }, audience, this.clock.now(), opts)
      return article ? { article, canonical: true } : null
    }
    const raw = by.slug as string
    if (raw.length > MAX_SLUG_LENGTH) throw badUserInput(`slug is longer than ${MAX_SLUG_LENGTH} characters`, { field: 'slug', limit: MAX_SLUG_LENGTH })
    const slug = slugify(raw)
    if (slug === '') return null
    const article = await this.repo.find({ slug }, audience, this.clock.now(), opts)
    return article ? { article, canonical: article.slug === raw } : null
  }

  /**
   * Which of these article ids the viewer may hear about (change events): staff every one, a
   * deleted article's included; others the visible ones (one statement).
   */
  async idsVisibleTo (viewer: Viewer | null, ids: readonly string[]): Promise<string[]> {
    if (audienceOf(viewer) === 'staff') return [...ids]
    const visible = await this.visibleByIds([...ids], viewer)
    return ids.filter((id) => visible.has(id))
  }

  /** Articles by id as the viewer may see them (one statement); absent ids are not visible to it. */
  async visibleByIds (ids: string[], viewer: Viewer | null): Promise<Map<string, ArticleRecord>> {
    const rows = await this.repo.findMany([...new Set(ids)], audienceOf(viewer), this.clock.now())
    return new Map(rows.map((a) => [a.id, a]))
  }

  /** The body of an article fetched without it. */
  async paragraphs (article: ArticleRecord): Promise<string[]> {
    if (article.paragraphs) return article.paragraphs
    return (await this.repo.paragraphs([article.id])).get(article.id) ?? []
  }

  /** Any number of lists in one SQL statement (a loader's batch, or one list). */
  async lists (tree: SectionTree, args: ListArgs[], viewer: Viewer | null): Promise<Array<Connection<ArticleRecord>>> {
    const audience = audienceOf(viewer)
    const prepared = args.map((a) => this.prepare(tree, a, audience))
    const heads = await Promise.all(prepared.map((p) => p.front ? this.featuredHead(tree, p) : null))
    const runnable = prepared.filter((p): p is PreparedList & { query: PageQuery } => p.query !== null)
    // one statement per direction (a request rarely walks both ways)
    const now = this.clock.now()
    const [forward, backward] = [runnable.filter((p) => !p.backward), runnable.filter((p) => p.backward)]
    const [ahead, behind] = await Promise.all([forward, backward].map((group) => this.repo.pages(group.map((p) => p.query), audience, now)))
    const byList = new Map([...forward.map((p, i) => [p, ahead?.[i]] as const), ...backward.map((p, i) => [p, behind?.[i]] as const)])
    return prepared.map((p, i) => {
      const page = byList.get(p as PreparedList & { query: PageQuery }) ?? { rows: [], total: 0 }
      const keyset = (node: ArticleRecord) => encodeCursor(p.key, { publishedAt: node.publishedAt ?? node.createdAt, id: node.id })
      const head = heads[i]
      if (!head) return p.backward ? toBackwardConnection(page.rows, page.total, p.first, p.after, keyset) : toConnection(page.rows, page.total, p.first, p.after, keyset)
      const index = new Map(head.all.map((a, n) => [a.id, n]))
      const cursorOf = (node: ArticleRecord) => {
        const n = index.get(node.id)
        return n === undefined ? keyset(node) : encodeFeaturedCursor(p.key, n, { publishedAt: node.publishedAt ?? node.createdAt, id: node.id })
      }
      if (p.backward) {
        // nearest first: the newest without the featured back from the cursor and, once they run
        // out, the featured from the last; a cursor among the featured: those before it
        const position = p.front?.position ?? null
        const newest = page.rows.filter((r) => !index.has(r.id))
        const exhausted = page.rows.length < (p.query?.limit ?? 0)
        const near = position !== null && 'featured' in position
          ? head.all.slice(0, Math.min(position.featured, head.all.length)).reverse()
          : exhausted ? [...newest, ...[...head.all].reverse()] : newest
        return toBackwardConnection(near, page.total, p.first, p.after, cursorOf)
      }
      // featured first (from the cursor's place among them), then the newest without them
      return toConnection([...head.rest, ...page.rows.filter((r) => !index.has(r.id))], page.total, p.first, p.after, cursorOf)
    })
  }

  /**
   * A front page's featured articles (those of its sections) and the ones still to show from its
   * cursor; its newest-articles query is widened by their number, since it drops them.
   */
  private async featuredHead (tree: SectionTree, p: PreparedList): Promise<{ all: ArticleRecord[], rest: ArticleRecord[] }> {
    const front = p.front as NonNullable<PreparedList['front']>
    const inList = front.sectionIds === null ? null : new Set(front.sectionIds)
    const all = (await this.featuredOf(tree, front.sectionId)).filter((a) => inList === null || inList.has(a.sectionId))
    const position = front.position
    const rest = position === null ? all : 'featured' in position ? all.slice(position.featured + 1) : []
    if (p.query) p.query.limit += all.length
    return { all, rest }
  }

  list (tree: SectionTree, args: ListArgs, viewer: Viewer | null): Promise<Connection<ArticleRecord>> {
    return this.lists(tree, [args], viewer).then(([c]) => c as Connection<ArticleRecord>)
  }

  private prepare (tree: SectionTree, a: ListArgs, audience: Audience): PreparedList {
    const { size: first, backward, cursor: after, cursorField } = pageRequest(a, { min: 0, max: MAX_PAGE_SIZE, fallback: DEFAULT_PAGE_SIZE })
    const tag = a.tag === undefined || a.tag === null ? null : a.tag.normalize('NFC').trim()
    if (tag !== null && tag.includes('\u0000')) throw badUserInput('tag must not contain NUL characters', { field: 'tag' })
    if (tag !== null && tag.length > MAX_TAG_LENGTH) throw badUserInput(`tag is longer than ${MAX_TAG_LENGTH} characters`, { field: 'tag', limit: MAX_TAG_LENGTH })
    const includeSubsections = a.includeSubsections ?? true
    let statuses: string[] | null = null
    if (a.status !== undefined && a.status !== null) {
      if (audience !== 'staff') throw forbidden('only EDITOR and ADMIN tokens may filter by status')
      const unknown = a.status.find((s) => !ARTICLE_STATES.includes(s as ArticleState))
      if (unknown !== undefined) throw badUserInput(`status must be among ${ARTICLE_STATES.join(', ')}`, { field: 'status' })
      statuses = [...new Set(a.status)].sort()
    }

    let sectionId: string | null = null
    let known = true
    if (a.section) {
      if ('slug' in a.section) {
        if (a.section.slug.length > MAX_SLUG_LENGTH) throw badUserInput(`section is longer than ${MAX_SLUG_LENGTH} characters`, { field: 'section', limit: MAX_SLUG_LENGTH })
        sectionId = tree.getBySlug(slugify(a.section.slug))?.id ?? null
      } else {
        sectionId = tree.get(a.section.id)?.id ?? null
      }
      known = sectionId !== null
    }
    const featuredFirst = a.featuredFirst === true
    const author = a.author ?? null
    if (featuredFirst && (tag !== null || statuses !== null || author !== null)) throw badUserInput('featuredFirst cannot be combined with tag, author or status', { field: 'featuredFirst' })
    const key = listKey({ s: a.section ? (sectionId ?? 'unknown') : null, sub: includeSubsections, tag, audience, statuses, ...(featuredFirst ? { front: true } : {}), ...(author ? { by: author.id ?? 'unknown' } : {}) })
    const frontPosition = after === null || !featuredFirst ? null : decodeFrontCursor(after, key)
    const position = after === null ? null : featuredFirst ? (frontPosition && 'id' in frontPosition ? frontPosition : null) : decodeCursor(after, key, cursorField)
    if (!known || tag === '' || statuses?.length === 0 || author?.id === null) return { query: null, key, first, after, backward } // nothing can match: an empty list
    const sectionIds = sectionId === null ? null : includeSubsections ? tree.subtreeIds(sectionId) : [sectionId]
    return {
      query: { sectionIds, tag, authorId: author?.id ?? null, after: position, backward, limit: first + 1, withTotal: a.withTotal ?? true, withBodies: a.withBodies ?? false, statuses },
      key,
      first,
      after,
      backward,
      ...(featuredFirst ? { front: { sectionId, sectionIds, position: frontPosition } } : {}),
    }
  }
}
