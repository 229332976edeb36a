import { createHash } from 'node:crypto'
import { badUserInput } from '../errors.ts'
import { isUuid } from './uuid.ts'

// Opaque cursors: the sort key (publishedAt, id) plus a short key of the list they belong to,
// so a cursor from one list (another section, tag or filter) is refused rather than misread.

export interface KeysetPosition { publishedAt: Date, id: string }

const VERSION = 1
const MAX_CURSOR_LENGTH = 200
/** Instants a cursor may hold: years 1 to 9999, inside both JavaScript's and PostgreSQL's ranges. */
export const EARLIEST = -62_135_596_800_000 // 0001-01-01T00:00:00Z (Date.UTC maps years below 100 to 19xx)
export const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** A short, stable key of a list's identity (its filters). */
export function listKey (parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 10)
}

export function encodeCursor (list: string, at: KeysetPosition): string {
  return Buffer.from(JSON.stringify([VERSION, list, at.publishedAt.getTime(), at.id])).toString('base64url')
}

/**
 * A cursor's fields between its version and its sort key, checked: the list key, then what
 * `middle` (the count given) holds, then the sort key (publishedAt, id).
 */
function decode (cursor: string, list: string | readonly string[], field: string, version: number, middle: number): { middle: unknown[], at: KeysetPosition, list: string } {
  const invalid = (why: string) => badUserInput(`${field} is not a valid cursor ${why}`, { field })
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) throw invalid('(malformed)')
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid('(malformed)')
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 + middle || parsed[0] !== version) throw invalid('(malformed)')
  const key: unknown = parsed[1]
  const [ms, id] = parsed.slice(2 + middle) as [unknown, unknown]
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || typeof id !== 'string' || !isUuid(id)) throw invalid('(malformed)')
  if (ms < EARLIEST || ms > LATEST) throw invalid('(its position is out of range)')
  if (typeof key !== 'string' || !(typeof list === 'string' ? [list] : list).includes(key)) throw invalid('for this list (it belongs to another list or filter)')
  return { middle: parsed.slice(2, 2 + middle), at: { publishedAt: new Date(ms), id }, list: key }
}

export function decodeCursor (cursor: string, list: string, field = 'after'): KeysetPosition {
  return decode(cursor, list, field, VERSION, 0).at
}

/** A position inside a front page's featured head: the slot's index (the articles list after it is keyset). */
const FEATURED = 3
const MAX_FEATURED_INDEX = 1_000

export function encodeFeaturedCursor (list: string, index: number, at: KeysetPosition): string {
  return Buffer.from(JSON.stringify([FEATURED, list, index, at.publishedAt.getTime(), at.id])).toString('base64url')
}

/** A front-page list's cursor: into its featured head ({ featured: index }) or its newest articles (keyset). */
export function decodeFrontCursor (cursor: string, list: string, field = 'after'): { featured: number } | KeysetPosition {
  let version: unknown
  try {
    version = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[])[0]
  } catch {
    version = undefined
  }
  if (version !== FEATURED) return decodeCursor(cursor, list, field)
  const { middle: [index] } = decode(cursor, list, field, FEATURED, 1)
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_FEATURED_INDEX) {
    throw badUserInput(`${field} is not a valid cursor (malformed)`, { field })
  }
  return { featured: index }
}

/** A search position: a tier (exact matches, then variants) and a rank before the sort key. */
export interface RankedPosition extends KeysetPosition { tier: number, rank: number }

const RANKED = 2

export function encodePosition (list: string, at: RankedPosition): string {
  return Buffer.from(JSON.stringify([RANKED, list, at.tier, at.rank, at.publishedAt.getTime(), at.id])).toString('base64url')
}

/** A ranked cursor of `list`, or of any of several lists (`list` then says which one it belongs to). */
export function decodePosition (cursor: string, list: string | readonly string[], field = 'after'): RankedPosition & { list: string } {
  const { middle: [tier, rank], at, list: key } = decode(cursor, list, field, RANKED, 2)
  if ((tier !== 0 && tier !== 1) || typeof rank !== 'number' || !Number.isFinite(rank) || Math.abs(rank) > 1e30) {
    throw badUserInput(`${field} is not a valid cursor (malformed)`, { field })
  }
  return { tier, rank, ...at, list: key }
}
