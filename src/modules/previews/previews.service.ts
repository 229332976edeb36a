// Draft preview links (issue 18): an editor asks for a link that shows one article (a draft, a
// scheduled one) on the reader site and its print page to someone without a staff token, for a
// chosen time (up to 7 days), revocable. The link carries a random 256-bit token; only its
// SHA-256 is stored, so the database never holds a usable link. Pages shown through a link are
// never cached by anyone and never indexed (the reader plugin's preview routes).
import { createHash, randomBytes } from 'node:crypto'
import { badUserInput, notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuid } from '../../lib/validate.ts'
import { EDITORS, requireRole, type Viewer } from '../auth/auth.service.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import type { PreviewRow, PreviewsRepository } from './previews.repository.ts'

export const MAX_PREVIEW_MS = 7 * 24 * 3_600_000
export const DEFAULT_PREVIEW_MS = 24 * 3_600_000
const TOKEN = /^[A-Za-z0-9_-]{43}$/

/** A link as editors see it; `url` only right after it was made (the token is not stored). */
export interface PreviewLinkRecord extends PreviewRow { url: string | null }

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex')

export class PreviewsService {
  constructor (
    private readonly repo: PreviewsRepository,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    /** whether an article exists and is not deleted (EDITOR, ADMIN see every such article) */
    private readonly articleExists: (id: string) => Promise<boolean>
  ) {}

  /** A new link for the article, valid until `expiresAt` (default: 24 hours; at most 7 days ahead). */
  async create (viewer: Viewer | null, articleId: string, expiresAt?: Date | null): Promise<PreviewLinkRecord> {
    const by = requireRole(viewer, EDITORS)
    const id = uuid(articleId, 'articleId')
    const now = this.clock.now()
    let until = new Date(now.getTime() + DEFAULT_PREVIEW_MS)
    if (expiresAt !== undefined && expiresAt !== null) {
      if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) throw badUserInput('expiresAt must be an instant', { field: 'expiresAt' })
      if (expiresAt <= now) throw badUserInput('expiresAt must be in the future', { field: 'expiresAt' })
      if (expiresAt.getTime() - now.getTime() > MAX_PREVIEW_MS) throw badUserInput('expiresAt must be at most 7 days ahead', { field: 'expiresAt' })
      until = expiresAt
    }
    if (!await this.articleExists(id)) throw notFound(`no article ${id}`)
    const token = randomBytes(32).toString('base64url')
    const row = await this.repo.create({ articleId: id, tokenHash: hashOf(token), expiresAt: until, createdAt: now, createdBy: by.name })
    return { ...row, url: `${this.publicUrl}/preview/${token}` }
  }

  async revoke (viewer: Viewer | null, id: string): Promise<PreviewLinkRecord> {
    requireRole(viewer, EDITORS)
    const row = await this.repo.revoke(uuid(id, 'id'), this.clock.now())
    if (!row) throw notFound(`no preview link ${id}`)
    return { ...row, url: null }
  }

  /** An article's links, newest first (EDITOR, ADMIN). */
  async links (viewer: Viewer | null, articleId: string): Promise<PreviewLinkRecord[]> {
    requireRole(viewer, EDITORS)
    return (await this.repo.forArticle(articleId)).map((row) => ({ ...row, url: null }))
  }

  /** The article a token shows now; null when the token is malformed, unknown, expired or revoked. */
  async article (token: string): Promise<ArticleRecord | null> {
    if (!TOKEN.test(token)) return null
    return this.repo.articleFor(hashOf(token), this.clock.now())
  }
}
