import { notify } from '../events/events.ts'
import type { Database, Prisma } from '../../db/database.ts'
import { collectPages, keysetPagesSql, type PageRows as KeysetPage } from '../../db/keyset-pages.ts'
import { named, raw, sql, type Sql } from '../../db/sql.ts'
import { visibleSql } from '../articles/articles.content-state.ts'

export type CommentStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SPAM'

export interface CommentRecord {
  id: string
  articleId: string
  parentId: string | null
  authorName: string
  authorEmail: string | null
  body: string
  status: CommentStatus
  createdAt: Date
  /** open reports by readers (moderators see it) */
  reportCount?: number
}

const COLUMNS = `c.id, c.article_id AS "articleId", c.parent_id AS "parentId", c.author_name AS "authorName",
  c.author_email AS "authorEmail", c.body, c.status, c.created_at AS "createdAt", c.report_count AS "reportCount"`

/**
 * The first page of an article's thread (approved top-level comments, oldest first) as a JSON
 * array, to embed in the article's own statement: `article` is the articles row's alias, `limit`
 * the placeholder of the rows to fetch. The same rows as threads('article') with no cursor.
 */
export function firstThreadPageSql (article: string, limit: number): Sql {
  return sql`(SELECT coalesce(json_agg(t ORDER BY t."createdAt", t.id), '[]'::json) FROM (
      SELECT ${raw(COLUMNS)} FROM comments c
       WHERE c.article_id = ${raw(article)}.id AND c.parent_id IS NULL AND c.status = 'APPROVED'
       ORDER BY c.created_at, c.id LIMIT ${limit}) t)`
}

/** Rows of firstThreadPageSql as pg parsed its JSON (times as ISO strings). */
export function threadRowsFromJson (rows: Array<Omit<CommentRecord, 'createdAt'> & { createdAt: string }>): CommentRecord[] {
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }))
}

/** A page of one thread: approved top-level comments of an article, or approved replies of a comment. */
export interface ThreadQuery {
  /** the article (top-level comments) or the parent comment (replies) */
  ownerId: string
  after: { createdAt: Date, id: string } | null
  /** walk backward from `after` (null: from the thread's end), newest first; the service puts the page back in order */
  backward?: boolean
  limit: number
  withTotal: boolean
}

export type PageRows = KeysetPage<CommentRecord>

/** A place in the moderation queue: the reported part (0, by reports) or the pending part (1); 2: after its end. */
export interface QueuePosition { part: 0 | 1 | 2, reports: number, createdAt: Date | null, id: string | null }

type Tx = Prisma.TransactionClient

export class CommentsRepository {
  constructor (private readonly db: Database) {}

  /**
   * Pages of many threads in one statement, oldest first: approved top-level comments of
   * articles (`of: 'article'`) or approved replies of comments (`of: 'parent'`).
   */
  async threads (of: 'article' | 'parent', queries: ThreadQuery[]): Promise<PageRows[]> {
    if (queries.length === 0) return []
    const backward = queries.some((q) => q.backward === true)
    if (queries.some((q) => (q.backward === true) !== backward)) throw new Error('one statement walks one way: split forward and backward pages')
    const [cmp, ord] = backward ? [raw('<'), raw('DESC')] : [raw('>'), raw('ASC')]
    const owner = raw(of === 'article' ? 'c.article_id = q.owner AND c.parent_id IS NULL' : 'c.parent_id = q.owner')
    const specs = queries.map((q, idx) => ({ idx, lim: q.limit, with_total: q.withTotal, owner: q.ownerId, ...(backward ? beforeOf(q.after) : afterOf(q.after)) }))
    const { rows } = await this.db.pool.query<CommentRecord & { idx: number, total: string | null }>(named(`comments.threads-${of}${backward ? '-backward' : ''}`, keysetPagesSql(specs, {
      columns: 'owner uuid, after_at timestamptz, after_id uuid',
      page: sql`SELECT ${raw(COLUMNS)} FROM comments c
         WHERE ${owner} AND c.status = 'APPROVED' AND (c.created_at, c.id) ${cmp} (q.after_at, q.after_id)
         ORDER BY c.created_at ${ord}, c.id ${ord}
         LIMIT q.lim`,
      total: sql`(SELECT count(*) FROM comments c WHERE ${owner} AND c.status = 'APPROVED')`,
      order: backward ? 'p."createdAt" DESC, p.id DESC' : 'p."createdAt", p.id',
    })))
    return collectPages(specs, rows)
  }

  /**
   * The moderation queue, one statement (the count when asked): approved comments that readers
   * reported, most reported first (then oldest), then PENDING comments, oldest first. Each part
   * walks its own index from the cursor's place; `after` is (part, reports, createdAt, id).
   */
  async queue (after: QueuePosition | null, limit: number, withTotal: boolean, backward = false): Promise<PageRows> {
    if (backward) return this.queueBackward(after ?? { part: 2, reports: 0, createdAt: null, id: null }, limit, withTotal)
    const position = after ?? { part: 0, reports: 2 ** 31 - 1, createdAt: null, id: null }
    const specs = [{
      idx: 0,
      lim: limit,
      with_total: withTotal,
      part: position.part,
      reports: position.reports,
      ...afterOf(position.createdAt && position.id ? { createdAt: position.createdAt, id: position.id } : null),
    }]
    const { rows } = await this.db.pool.query<CommentRecord & { idx: number, total: string | null }>(named('comments.queue', keysetPagesSql(specs, {
      columns: 'part int, reports int, after_at timestamptz, after_id uuid',
      page: sql`SELECT * FROM (
          (SELECT ${raw(COLUMNS)} FROM comments c
            WHERE q.part = 0 AND c.status = 'APPROVED' AND c.report_count > 0
              AND (c.report_count < q.reports OR (c.report_count = q.reports AND (c.created_at, c.id) > (q.after_at, q.after_id)))
            ORDER BY c.report_count DESC, c.created_at, c.id
            LIMIT q.lim)
          UNION ALL
          (SELECT ${raw(COLUMNS)} FROM comments c
            WHERE c.status = 'PENDING' AND (q.part = 0 OR (c.created_at, c.id) > (q.after_at, q.after_id))
            ORDER BY c.created_at, c.id
            LIMIT q.lim)
        ) c ORDER BY c."reportCount" DESC, c."createdAt", c.id LIMIT q.lim`,
      total: sql`(SELECT count(*) FROM comments WHERE status = 'PENDING' OR (status = 'APPROVED' AND report_count > 0))`,
      order: 'p."reportCount" DESC, p."createdAt", p.id',
    })))
    return collectPages(specs, rows)[0] as PageRows
  }

  /** The queue before a position, nearest first: the pending part backward, then the reported part backward. */
  private async queueBackward (before: QueuePosition, limit: number, withTotal: boolean): Promise<PageRows> {
    const specs = [{
      idx: 0,
      lim: limit,
      with_total: withTotal,
      part: before.part,
      reports: before.reports,
      after_at: before.createdAt?.toISOString() ?? 'infinity',
      after_id: before.id ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    }]
    const { rows } = await this.db.pool.query<CommentRecord & { idx: number, total: string | null }>(named('comments.queue-backward', keysetPagesSql(specs, {
      columns: 'part int, reports int, after_at timestamptz, after_id uuid',
      page: sql`SELECT * FROM (
          (SELECT ${raw(COLUMNS)} FROM comments c
            WHERE q.part >= 1 AND c.status = 'PENDING' AND (q.part = 2 OR (c.created_at, c.id) < (q.after_at, q.after_id))
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT q.lim)
          UNION ALL
          (SELECT ${raw(COLUMNS)} FROM comments c
            WHERE c.status = 'APPROVED' AND c.report_count > 0
              AND (q.part >= 1 OR c.report_count > q.reports OR (c.report_count = q.reports AND (c.created_at, c.id) < (q.after_at, q.after_id)))
            ORDER BY c.report_count, c.created_at DESC, c.id DESC
            LIMIT q.lim)
        ) c ORDER BY c."reportCount", c."createdAt" DESC, c.id DESC LIMIT q.lim`,
      total: sql`(SELECT count(*) FROM comments WHERE status = 'PENDING' OR (status = 'APPROVED' AND report_count > 0))`,
      order: 'p."reportCount", p."createdAt" DESC, p.id DESC',
    })))
    return collectPages(specs, rows)[0] as PageRows
  }

  /** A moderator dealt with the comment: its open reports are resolved. */
  async resolveReports (tx: Tx, commentId: string, at: Date): Promise<void> {
    await tx.$executeRaw`UPDATE comment_reports SET resolved_at = ${at} WHERE comment_id = ${commentId}::uuid AND resolved_at IS NULL`
    await tx.$executeRaw`UPDATE comments SET report_count = 0 WHERE id = ${commentId}::uuid AND report_count <> 0`
  }

  async byIds (ids: string[]): Promise<Map<string, CommentRecord>> {
    if (ids.length === 0) return new Map()
    const { rows } = await this.db.pool.query<CommentRecord>({ name: 'comments.by-ids', text: `SELECT ${COLUMNS} FROM comments c WHERE c.id = ANY($1::uuid[])`, values: [ids] })
    return new Map(rows.map((r) => [r.id, r]))
  }

  transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction(fn)
  }

  async findForUpdate (tx: Tx, id: string): Promise<CommentRecord | null> {
    const rows = await tx.$queryRaw<CommentRecord[]>`
      SELECT id, article_id AS "articleId", parent_id AS "parentId", author_name AS "authorName", author_email AS "authorEmail",
             body, status::text AS status, created_at AS "createdAt", report_count AS "reportCount"
        FROM comments WHERE id = ${id}::uuid FOR UPDATE`
    return rows[0] ?? null
  }

  async find (tx: Tx, id: string): Promise<CommentRecord | null> {
    return tx.comment.findUnique({ where: { id }, select: { id: true, articleId: true, parentId: true, authorName: true, authorEmail: true, body: true, status: true, createdAt: true } })
  }

  /**
   * Whether the article is visible, read inside the comment's own transaction: asking the pool
   * instead needed a second connection while this one was held, and with every connection held by
   * a submission (10 at once) none could ever be had.
   */
  async articleVisible (tx: Tx, articleId: string, now: Date): Promise<boolean> {
    const rows = await tx.$queryRaw<unknown[]>(sql`SELECT 1 FROM articles a WHERE a.id = ${articleId}::uuid AND ${visibleSql('a', now)}`)
    return rows.length > 0
  }

  /** Was the same body sent from the same client since `since`? */
  async duplicate (tx: Tx, clientHash: string, body: string, since: Date): Promise<boolean> {
    return (await tx.comment.count({ where: { clientHash, body, createdAt: { gte: since } } })) > 0
  }

  insert (tx: Tx, data: Omit<CommentRecord, 'id'> & { clientHash: string }): Promise<CommentRecord> {
    return tx.comment.create({ data, select: { id: true, articleId: true, parentId: true, authorName: true, authorEmail: true, body: true, status: true, createdAt: true } })
  }

  async setStatus (tx: Tx, id: string, status: CommentStatus, by: { at: Date, name: string }): Promise<void> {
    await tx.comment.update({ where: { id }, data: { status, moderatedAt: by.at, moderatedBy: by.name } })
  }

  /**
   * After a public thread changed: the article's approved count (replies count when their
   * top-level comment is approved, so counts match what lists show) and both comment versions.
   */
  async threadChanged (tx: Tx, articleId: string, at: Date): Promise<void> {
    await tx.$executeRaw`
      UPDATE articles a SET comment_version = a.comment_version + 1, comment_count = (
        SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
         WHERE c.article_id = a.id AND c.status = 'APPROVED' AND (c.parent_id IS NULL OR p.status = 'APPROVED'))
       WHERE a.id = ${articleId}::uuid`
    await tx.$executeRaw`UPDATE site_state SET comment_version = comment_version + 1, comments_changed_at = ${at} WHERE id = 1`
    // Every instance forgets the comment version it holds (http/caching.ts), whatever the change.
    await notify(tx, { kind: 'thread', articleId })
  }

  /** The salt of client-address hashes: made once, shared by every instance through the database. */
  async clientSalt (fresh: string): Promise<string> {
    await this.db.pool.query('UPDATE site_state SET client_salt = $1 WHERE id = 1 AND client_salt IS NULL', [fresh])
    const { rows } = await this.db.pool.query<{ salt: string }>('SELECT client_salt AS salt FROM site_state WHERE id = 1')
    return rows[0]?.salt ?? fresh
  }
}

/** Keyset bounds after the last row of a thread, for a backward walk from its end. */
function beforeOf (before: ThreadQuery['after']): { after_at: string, after_id: string } {
  return { after_at: before?.createdAt.toISOString() ?? 'infinity', after_id: before?.id ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff' }
}

/** Keyset bounds before the first row of a thread (oldest first): every row sorts after them. */
function afterOf (after: ThreadQuery['after']): { after_at: string, after_id: string } {
  return { after_at: after?.createdAt.toISOString() ?? '-infinity', after_id: after?.id ?? '00000000-0000-0000-0000-000000000000' }
}
