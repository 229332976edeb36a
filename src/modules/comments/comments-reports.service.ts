// Readers' reports on comments and erasure of a commenter's personal data (issue 18).
// A reader reports an approved comment with a reason (rate-limited like comments, one report per
// client and comment); reported comments head the moderation queue with their report count until
// a moderator acts on them. An ADMIN erases what identifies a commenter by e-mail address, as
// privacy laws require: names replaced, addresses and client hashes removed, bodies kept or
// removed, stored receipts deleted, and the erasure recorded (without the address) in an audit log.
import { createHash } from 'node:crypto'
import { badUserInput, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { optionalText, text, uuid } from '../../lib/validate.ts'
import { requireRole, type Viewer } from '../auth/auth.service.ts'
import type { CommentReportsRepository, ErasureRow, ReportReason } from './comments-reports.repository.ts'
import type { CommentsRepository } from './comments.repository.ts'
import { COMMENT_LIMITS, EMAIL, type CommentsService } from './comments.service.ts'

export type { ErasureRow, ReportReason }

export const REPORT_REASONS: readonly ReportReason[] = ['SPAM', 'ABUSE', 'OFF_TOPIC', 'PERSONAL_DATA', 'OTHER']
export const REPORT_NOTE_MAX = 500
/** What an erased comment's author name becomes. */
export const ERASED_NAME = '—'

export interface ReportInput { commentId: string, reason: string, note?: string | null }
/** What the report needs of an HTTP request: the client and its rate limit. */
export interface ReportSubmission { clientIp: string, checkRate: () => Promise<void> }

export class CommentReportsService {
  constructor (
    private readonly repo: CommentReportsRepository,
    private readonly comments: CommentsService,
    private readonly commentsRepo: CommentsRepository,
    private readonly clock: Clock
  ) {}

  /**
   * A reader's report of a comment the public can see (else NOT_FOUND). True once it is recorded;
   * a second report by the same client changes nothing and answers the same.
   */
  async report (input: ReportInput, submission: ReportSubmission): Promise<boolean> {
    if (typeof input !== 'object' || input === null) throw badUserInput('input is required', { field: 'input' })
    const commentId = uuid(input.commentId, 'commentId')
    if (typeof input.reason !== 'string' || !REPORT_REASONS.includes(input.reason as ReportReason)) {
      throw badUserInput(`reason must be one of ${REPORT_REASONS.join(', ')}`, { field: 'reason' })
    }
    const note = input.note === undefined ? null : optionalText(input.note, 'note', REPORT_NOTE_MAX)
    await submission.checkRate()
    const [comment] = await this.comments.visible(null, [commentId])
    if (!comment) throw notFound(`no comment ${commentId}`)
    const clientHash = await this.comments.hashClient(submission.clientIp)
    await this.repo.transaction((tx) => this.repo.report(tx, { commentId, reason: input.reason as ReportReason, note, clientHash, at: this.clock.now() }))
    return true
  }

  /**
   * Erases a commenter's personal data by e-mail address (ADMIN): every comment sent with it
   * (any status) gets the name ERASED_NAME and loses its address and client hash; with
   * `removeBodies` its body too, and it leaves public threads. Public threads that changed move
   * their comment versions (caches refresh). Recorded in the audit log; returns the record.
   */
  async erase (viewer: Viewer | null, email: string, removeBodies = false): Promise<ErasureRow> {
    const by = requireRole(viewer, ['ADMIN'])
    const address = text(email, 'email', { max: COMMENT_LIMITS.authorEmail })
    if (!EMAIL.test(address)) throw badUserInput('email is not an email address', { field: 'email' })
    if (typeof removeBodies !== 'boolean') throw badUserInput('removeBodies must be a boolean', { field: 'removeBodies' })
    return this.repo.transaction(async (tx) => {
      const at = this.clock.now()
      const erased = await this.repo.erase(tx, address, ERASED_NAME, removeBodies, at)
      for (const articleId of erased.articles) await this.commentsRepo.threadChanged(tx, articleId, at)
      return this.repo.audit(tx, {
        emailHash: createHash('sha256').update(address.toLowerCase()).digest('hex'),
        comments: erased.comments,
        bodiesRemoved: removeBodies,
        erasedBy: by.name,
        erasedAt: at,
      })
    })
  }

  /** The audit log, newest first (ADMIN). */
  async erasures (viewer: Viewer | null, first?: number | null): Promise<ErasureRow[]> {
    requireRole(viewer, ['ADMIN'])
    const limit = first ?? 50
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badUserInput('first must be between 1 and 500', { field: 'first', limit: 500 })
    return this.repo.erasures(limit)
  }
}
