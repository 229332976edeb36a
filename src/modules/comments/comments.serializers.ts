// The REST representation of a comment: its JSON Schemas and the function that makes it from a
// record. The author's email is staff-only: only the moderation answer carries it.
import { Type, type Static } from 'typebox'
import { Nullable } from '../../http/schemas.ts'
import type { CommentRecord } from './comments.repository.ts'

const fields = {
  id: Type.String({ format: 'uuid' }),
  articleId: Type.String({ format: 'uuid' }),
  parentId: Nullable(Type.String({ format: 'uuid' })),
  authorName: Type.String(),
  body: Type.String({ description: 'plain text; render it as text' }),
  createdAt: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('APPROVED'), Type.Literal('REJECTED'), Type.Literal('SPAM')]),
}

export const CommentBody = Type.Object(fields)

/** A comment as moderators see it: with the author's email. */
export const ModeratedComment = Type.Object({ ...fields, authorEmail: Nullable(Type.String()) })

/** A top-level comment with the first page of its replies. */
export const CommentThread = Type.Object({ ...fields, replies: Type.Array(CommentBody, { description: 'the first 20 approved replies' }), replyCount: Type.Integer() })

export function toCommentBody (c: CommentRecord): Static<typeof CommentBody> {
  return { id: c.id, articleId: c.articleId, parentId: c.parentId, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString(), status: c.status }
}

export function toModeratedComment (c: CommentRecord): Static<typeof ModeratedComment> {
  return { ...toCommentBody(c), authorEmail: c.authorEmail }
}
