// Reader comments: submission with its defences, public threads (approved only), moderation.
// Anonymous callers see APPROVED comments only, never an email, by any path; the one exception
// is the author's own receipt (status PENDING), which a honeypot hit gets too.
import { createHash, randomBytes } from 'node:crypto'
import { badUserInput, conflict, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { pageRequest, toBackwardConnection, toConnection, type Connection } from '../../lib/connection.ts'
import { decodeCursor, decodePosition, encodeCursor, encodePosition, listKey } from '../../lib/cursor.ts'
import { optionalText, text, uuid } from '../../lib/validate.ts'
import { MODERATORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import type { ArticlesRepository } from '../articles/articles.repository.ts'
import { notify } from '../events/events.ts'
import type { IdempotencyRepository } from '../idempotency/idempotency.repository.ts'
import type { CommentRecord, CommentsRepository, CommentStatus, PageRows } from './comments.repository.ts'

export type { CommentRecord }

export const COMMENT_LIMITS = { authorName: 80, authorEmail: 254, body: 5_000, website: 500 } as const
const DEFAULT_PAGE = 20
const MAX_PAGE = 100
const PAGE_LIMITS = { min: 0, max: MAX_PAGE, fallback: DEFAULT_PAGE }
// every scheme or www. starts a link, however they are glued together
const LINK = /https?:\/\/|www\./gi
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export interface CommentSettings {
  maxLinks: number
  /** ms */
  duplicateWindow: number
  /** ms */
  idempotencyTtl: number
  /** fixed salt, else one kept in the database */
  clientSalt?: string
}

export interface AddCommentInput {
  articleId: string
  parentId?: string | null
  authorName: string
  authorEmail?: string | null
  body: string
  website?: string | null
}

export interface Submission {
  /** the client's address: hashed with a salt, never stored */
  clientIp: string
  idempotencyKey?: string
  /** the per-client rate limit, checked once the request is known not to be a replay */
  checkRate: () => Promise<void>
}

export type ModerationAction = 'APPROVE' | 'REJECT' | 'MARK_SPAM'
const STATUS_OF: Record<ModerationAction, CommentStatus> = { APPROVE: 'APPROVED', REJECT: 'REJECTED', MARK_SPAM: 'SPAM' }

/** A page of a thread: first/after, or last/before walking backward (threads only; then first and after are not used). */
export interface PageArgs { first?: number | null, after?: string | null, last?: number | null, before?: string | null, withTotal?: boolean }

export const canModerate = (viewer: Viewer | null): boolean => viewer !== null && MODERATORS.includes(viewer.role)

export class CommentsService {
  private salt: Promise<string> | undefined

  constructor (
    private readonly repo: CommentsRepository,
    private readonly articles: ArticlesRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly clock: Clock,
    private readonly settings: CommentSettings
  ) {}

  /** A new comment: PENDING (SPAM for a honeypot hit, with the same receipt). */
  async submit (input: AddCommentInput, submission: Submission): Promise<CommentRecord> {
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    const articleId = uuid(input.articleId, 'articleId')
    const parentId = input.parentId === undefined || input.parentId === null ? null : uuid(input.parentId, 'parentId')
    const authorName = text(input.authorName, 'authorName', { max: COMMENT_LIMITS.authorName })
    const authorEmail = input.authorEmail === undefined ? null : optionalText(input.authorEmail, 'authorEmail', COMMENT_LIMITS.authorEmail)
    if (authorEmail !== null && !EMAIL.test(authorEmail)) throw badUserInput('authorEmail is not an email address', { field: 'authorEmail' })
    const body = text(input.body, 'body', { max: COMMENT_LIMITS.body })
    const links = body.match(LINK)?.length ?? 0
    if (links > this.settings.maxLinks) throw badUserInput(`a comment may hold at most ${this.settings.maxLinks} links`, { field: 'body', limit: this.settings.maxLinks })
    const website = input.website === undefined ? null : optionalText(input.website, 'website', COMMENT_LIMITS.website)
    const key = submission.idempotencyKey
    if (key !== undefined && (key.length === 0 || key.length > 200)) throw badUserInput('Idempotency-Key must be 1..200 characters', { field: 'Idempotency-Key', limit: 200 })
    const clientHash = await this.hashClient(submission.clientIp)
    const requestHash = createHash('sha256').update(JSON.stringify([articleId, parentId, authorName, authorEmail, body, website])).digest('hex')

    return this.repo.transaction(async (tx) => {
      const now = this.clock.now()
      if (key !== undefined) {
        const claim = await this.idempotency.claim(tx, 'comment', key, requestHash, new Date(now.getTime() + this.settings.idempotencyTtl), now)
        if (claim.replay) {
          if (claim.requestHash !== requestHash) throw conflict('this Idempotency-Key was used for another request', { field: 'Idempotency-Key' })
          return receiptFrom(claim.response)
        }
      }
      await submission.checkRate()
      if (!await this.repo.articleVisible(tx, articleId, now)) throw notFound(`no article ${articleId}`)
      let topLevelParent: string | null = null
      if (parentId) {
        const parent = await this.repo.find(tx, parentId)
        const top = parent?.parentId ? await this.repo.find(tx, parent.parentId) : parent
        if (!parent || parent.articleId !== articleId || parent.status !== 'APPROVED' || top?.status !== 'APPROVED') {
          throw badUserInput('parentId is not a published comment of this article', { field: 'parentId' })
        }
        topLevelParent = parent.parentId ?? parent.id // one level of replies: a reply to a reply joins the thread's top
      }
      if (await this.repo.duplicate(tx, clientHash, body, new Date(now.getTime() - this.settings.duplicateWindow))) {
        throw conflict('the same comment was just sent', { field: 'body' })
      }
      const stored = await this.repo.insert(tx, {
        articleId,
        parentId: topLevelParent,
        authorName,
        authorEmail,
        body,
        status: website ? 'SPAM' : 'PENDING',
        createdAt: now,
        clientHash,
      })
      const receipt: CommentRecord = { ...stored, status: 'PENDING' }
      if (key !== undefined) await this.idempotency.complete(tx, 'comment', key, { ...receipt, createdAt: receipt.createdAt.toISOString() })
      return receipt
    })
  }

  /** Approve, reject or mark as spam; a change to a public thread bumps its comment versions. */
  async moderate (viewer: Viewer | null, id: string, action: ModerationAction): Promise<CommentRecord> {
    const by = requireRole(viewer, MODERATORS)
    const commentId = uuid(id, 'id')
    const status = STATUS_OF[action]
    if (!status) throw badUserInput(`action must be one of ${Object.keys(STATUS_OF).join(', ')}`, { field: 'action' })
    return this.repo.transaction(async (tx) => {
      const comment = await this.repo.findForUpdate(tx, commentId)
      if (!comment) throw notFound(`no comment ${commentId}`)
      const at = this.clock.now()
      // acting on a reported comment deals with its reports (approving it again dismisses them)
      if ((comment.reportCount ?? 0) > 0) await this.repo.resolveReports(tx, commentId, at)
      if (comment.status === status) return { ...comment, reportCount: 0 }
      await this.repo.setStatus(tx, commentId, status, { at, name: by.name })
      if (comment.status === 'APPROVED' || status === 'APPROVED') await this.repo.threadChanged(tx, comment.articleId, at)
      if (status === 'APPROVED') await notify(tx, { kind: 'comment-approved', commentId, articleId: comment.articleId })
      return { ...comment, status, reportCount: 0 }
    })
  }

  /**
   * The moderation queue: approved comments that readers reported, most reported first (then
   * oldest), then PENDING comments, oldest first.
   */
  async queue (viewer: Viewer | null, args: PageArgs): Promise<Connection<CommentRecord>> {
    requireRole(viewer, MODERATORS)
    const { size: first, backward, cursor, cursorField } = pageRequest(args, PAGE_LIMITS)
    const key = listKey({ q: 'queue', v: 2 })
    const at = cursor ? decodePosition(cursor, key, cursorField) : null
    const rows = await this.repo.queue(at ? { part: at.tier as 0 | 1, reports: at.rank, createdAt: at.publishedAt, id: at.id } : null, first + 1, args.withTotal ?? true, backward)
    const cursorOf = (node: CommentRecord) => {
      const reported = node.status === 'APPROVED' && (node.reportCount ?? 0) > 0
      return encodePosition(key, { tier: reported ? 0 : 1, rank: reported ? node.reportCount ?? 0 : 0, publishedAt: node.createdAt, id: node.id })
    }
    return backward ? toBackwardConnection(rows.rows, rows.total, first, cursor, cursorOf) : toConnection(rows.rows, rows.total, first, cursor, cursorOf)
  }

  /** Approved top-level comments of many articles (`of: 'article'`) or approved replies of many comments, one statement. */
  async threads (of: 'article' | 'parent', owners: Array<{ id: string, args: PageArgs, prefetched?: { limit: number, rows: CommentRecord[] } }>): Promise<Array<Connection<CommentRecord>>> {
    const pages = owners.map(({ id, args, prefetched }) => {
      const page = { id, args, ...this.page(args, { t: of, owner: id }) }
      // The article's own statement already fetched this first page (see firstPageRows).
      const fetched = prefetched && prefetched.limit === this.firstPageRows(args) ? { rows: prefetched.rows, total: null } : undefined
      return { ...page, fetched }
    })
    const missing = pages.filter((p) => !p.fetched)
    // one statement per direction
    const query = (p: typeof missing[number]) => ({ ownerId: p.id, after: p.after, backward: p.backward, limit: p.first + 1, withTotal: p.args.withTotal ?? true })
    const [forward, backward] = [missing.filter((p) => !p.backward), missing.filter((p) => p.backward)]
    const [ahead, behind] = await Promise.all([this.repo.threads(of, forward.map(query)), this.repo.threads(of, backward.map(query))])
    const fetched = new Map([...forward.map((p, i) => [p, ahead[i] as PageRows] as const), ...backward.map((p, i) => [p, behind[i] as PageRows] as const)])
    return pages.map((p) => {
      const rows = p.fetched ?? fetched.get(p) as PageRows
      if (p.backward) return toBackwardConnection(rows.rows, rows.total, p.first, p.args.before ?? null, (node) => encodeCursor(p.key, { publishedAt: node.createdAt, id: node.id }))
      return connection(rows, p.first, p.key, p.args.after ?? null)
    })
  }

  /**
   * How many rows of an article thread's first page the article's own statement should fetch for
   * these arguments, so the page costs no statement of its own; undefined when it cannot (a cursor,
   * a totalCount, or arguments this page would refuse: its own statement reports those).
   */
  firstPageRows (args: PageArgs): number | undefined {
    if ((args.after ?? null) !== null || (args.last ?? null) !== null || (args.before ?? null) !== null || args.withTotal === true) return undefined
    const first = args.first ?? DEFAULT_PAGE
    return Number.isInteger(first) && first >= 0 && first <= MAX_PAGE ? first + 1 : undefined
  }

  /** Comments by id as the viewer may see them: moderators any; others approved ones in a public thread. */
  async visible (viewer: Viewer | null, ids: string[]): Promise<Array<CommentRecord | null>> {
    if (ids.length === 0) return []
    const found = await this.repo.byIds(ids.map((id) => id.toLowerCase()))
    if (canModerate(viewer)) return ids.map((id) => found.get(id.toLowerCase()) ?? null)
    const parents = await this.repo.byIds([...found.values()].flatMap((c) => c.parentId ? [c.parentId] : []))
    const articleIds = [...new Set([...found.values()].map((c) => c.articleId))]
    const live = new Set((await this.articles.findMany(articleIds, 'public', this.clock.now())).map((a) => a.id))
    return ids.map((id) => {
      const c = found.get(id.toLowerCase())
      if (!c || c.status !== 'APPROVED' || !live.has(c.articleId)) return null
      if (c.parentId && parents.get(c.parentId)?.status !== 'APPROVED') return null
      return c
    })
  }

  authorEmail (viewer: Viewer | null, comment: CommentRecord): string | null {
    return canModerate(viewer) ? comment.authorEmail : null
  }

  /** Open reports, for moderators only. */
  reportCount (viewer: Viewer | null, comment: CommentRecord): number | null {
    return canModerate(viewer) ? comment.reportCount ?? 0 : null
  }

  private page (args: PageArgs, list: Record<string, unknown>) {
    const { size: first, backward, cursor, cursorField } = pageRequest(args, PAGE_LIMITS)
    const key = listKey(list)
    const at = cursor ? decodeCursor(cursor, key, cursorField) : null
    return { first, key, backward, after: at ? { createdAt: at.publishedAt, id: at.id } : null }
  }

  /** A salted hash of a client (its address, or address and user agent): shared by every instance. */
  async hashClient (ip: string): Promise<string> {
    this.salt ??= this.settings.clientSalt ? Promise.resolve(this.settings.clientSalt) : this.repo.clientSalt(randomBytes(32).toString('hex'))
    return createHash('sha256').update(await this.salt).update(ip).digest('hex')
  }
}

function connection (page: PageRows, first: number, key: string, after: string | null): Connection<CommentRecord> {
  return toConnection(page.rows, page.total, first, after, (node) => encodeCursor(key, { publishedAt: node.createdAt, id: node.id }))
}

function receiptFrom (stored: unknown): CommentRecord {
  const r = stored as Omit<CommentRecord, 'createdAt'> & { createdAt: string }
  // the key's row and its response are written in one transaction, so a replay always has one
  if (!r || typeof r !== 'object') throw new Error('an idempotency key without its response')
  return { ...r, createdAt: new Date(r.createdAt) }
}
