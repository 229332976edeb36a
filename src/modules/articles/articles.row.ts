// The articles row, described once: Prisma's model type (from schema.prisma) is the row, the read
// record is a view of it, and the hand-written read SQL takes its column list from COLUMN_OF, whose
// type lists every field of the model, so a new column fails to compile until it is mapped here.
import { raw, type Sql } from '../../db/sql.ts'
import type { Article as ArticleRow } from '../../generated/prisma/client.ts'
import type { CommentRecord } from '../comments/comments.repository.ts'

export type { ArticleRow }

export interface ImageValue {
  url: string
  alt?: string | null
  caption?: string | null
  credit?: string | null
  width?: number | null
  height?: number | null
}

/** Columns of the row by field name. */
const COLUMN_OF: { readonly [K in keyof ArticleRow]: string } = {
  id: 'id',
  slug: 'slug',
  title: 'title',
  summary: 'summary',
  paragraphs: 'paragraphs',
  image: 'image',
  language: 'language',
  tags: 'tags',
  authorIds: 'author_ids',
  byline: 'byline',
  source: 'source',
  status: 'status',
  publishedAt: 'published_at',
  version: 'version',
  viewCount: 'view_count',
  commentCount: 'comment_count',
  commentVersion: 'comment_version',
  firstPublishedAt: 'first_published_at',
  deletedAt: 'deleted_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  updatedBy: 'updated_by',
  sectionId: 'section_id',
}

/** Fields the API reads never need (write bookkeeping); reads of deleted rows do not happen. */
type WriteOnly = 'firstPublishedAt' | 'deletedAt' | 'updatedBy'

/** An article as reads return it: the row without write bookkeeping, its image typed. */
export type ArticleRecord = Omit<ArticleRow, WriteOnly | 'image' | 'paragraphs'> & {
  image: ImageValue | null
  /** absent when a list did not ask for bodies (they are most of a row's bytes) */
  paragraphs?: string[]
  /**
   * The section tree's version, read in the same snapshot as the row by the single-article
   * statements, so that the row's section path can come from the in-memory tree without SQL.
   */
  treeVersion?: string
  /** the first page of the comment thread, when the single-article statement was asked for it */
  firstComments?: { limit: number, rows: CommentRecord[] }
}

const WRITE_ONLY: ReadonlySet<string> = new Set<WriteOnly>(['firstPublishedAt', 'deletedAt', 'updatedBy'])
// Arrays come as JSON: node-postgres parses a text[] character by character in JavaScript
// (postgres-array, 4 % of the service's CPU on the article page at 100,000 articles), a json
// value with JSON.parse. The values are the same string arrays.
const ARRAYS: ReadonlySet<string> = new Set(['paragraphs', 'tags', 'author_ids'])
const columnList = (alias: string, bodies: boolean): string => Object.entries(COLUMN_OF)
  .filter(([field]) => !WRITE_ONLY.has(field) && (bodies || field !== 'paragraphs'))
  .map(([field, column]) => ARRAYS.has(column)
    ? `to_json(${alias}.${column}) AS "${field}"`
    : column === field ? `${alias}.${column}` : `${alias}.${column} AS "${field}"`)
  .join(', ')

const LIST = columnList('a', false)
const FULL = columnList('a', true)

/** The read columns of the articles row `a`, with the paragraphs when `bodies`. */
export function articleColumns (opts: { bodies: boolean }): Sql {
  return raw(opts.bodies ? FULL : LIST)
}

/** ArticleRecord.treeVersion: the section tree's version, read in the statement's snapshot. */
export const TREE_VERSION_COLUMN = raw('(SELECT v.version::text FROM section_tree_version v WHERE v.id = 1) AS "treeVersion"')

/** A row the write side read (Prisma) as the read record. */
export function toRecord (row: ArticleRow): ArticleRecord {
  const { firstPublishedAt: _f, deletedAt: _d, updatedBy: _u, image, ...rest } = row
  return { ...rest, image: image as ImageValue | null }
}
