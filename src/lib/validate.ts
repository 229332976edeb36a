// Small input checks shared by the write services. Each throws BAD_USER_INPUT naming the field
// (and the limit), so GraphQL and REST report bad input the same way.
import { badUserInput } from '../errors.ts'
import { slugify } from './arabic.ts'
import { isUuid } from './uuid.ts'

/** Characters as people (and JSON Schema's maxLength) count them: code points, not UTF-16 units. */
export function characters (value: string): number {
  return Array.from(value).length
}

/** More than `max` characters? Counts code points only when the UTF-16 length (never fewer) exceeds it. */
export function longerThan (value: string, max: number): boolean {
  return value.length > max && characters(value) > max
}

/** Trimmed, NFC-normalised text of min..max characters. NUL cannot be stored, so it is bad input. */
export function text (value: unknown, field: string, limits: { min?: number, max: number }): string {
  if (typeof value !== 'string') throw badUserInput(`${field} must be a string`, { field })
  if (value.includes('\u0000')) throw badUserInput(`${field} must not contain NUL characters`, { field })
  const out = value.normalize('NFC').trim()
  const min = limits.min ?? 1
  if (out.length < min || (min > 1 && characters(out) < min)) throw badUserInput(min === 1 ? `${field} must not be empty` : `${field} must have at least ${min} characters`, { field })
  if (longerThan(out, limits.max)) throw badUserInput(`${field} is longer than ${limits.max} characters`, { field, limit: limits.max })
  return out
}

/** Optional text: null or an empty string clears it. */
export function optionalText (value: unknown, field: string, max: number): string | null {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null
  return text(value, field, { max })
}

export function integer (value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badUserInput(`${field} must be an integer`, { field })
  if (value < min || value > max) throw badUserInput(`${field} must be between ${min} and ${max}`, { field, limit: max })
  return value
}

export function uuid (value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw badUserInput(`${field} is not an id`, { field })
  return value.toLowerCase()
}

export function httpUrl (value: unknown, field: string, max: number): string {
  const raw = text(value, field, { max })
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw badUserInput(`${field} is not a URL`, { field })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUserInput(`${field} must be an http(s) URL`, { field })
  return raw
}

/** A slug given explicitly: cleaned like generated slugs; empty, too long or UUID-shaped is refused. */
export function explicitSlug (value: unknown, field: string, max: number): string {
  if (value === null) throw badUserInput(`${field} cannot be null`, { field })
  if (typeof value !== 'string') throw badUserInput(`${field} must be a string`, { field })
  if (value.length > max * 4) throw badUserInput(`${field} is longer than ${max} characters`, { field, limit: max })
  const slug = slugify(value)
  if (slug === '') throw badUserInput(`${field} has no letters or digits`, { field })
  if (longerThan(slug, max)) throw badUserInput(`${field} is longer than ${max} characters`, { field, limit: max })
  if (isUuid(slug)) throw badUserInput(`${field} must not look like an id`, { field })
  return slug
}

/** The slug a title or name gives, cut to `max` at a word boundary where possible. */
export function derivedSlug (source: string, field: string, max: number): string {
  let slug = slugify(source)
  if (longerThan(slug, max)) {
    // cut by characters (code points), never inside a surrogate pair
    slug = Array.from(slug).slice(0, max).join('')
    const cut = slug.lastIndexOf('-')
    if (cut > slug.length / 2) slug = slug.slice(0, cut)
  }
  if (slug === '') throw badUserInput(`${field} has no letters or digits to make a slug from; give a slug`, { field })
  return slug
}

/** Candidates for a generated slug: the slug, then slug-2, slug-3… */
export function * slugCandidates (base: string, max: number): Generator<string> {
  if (!isUuid(base)) yield base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    yield Array.from(base).slice(0, max - suffix.length).join('') + suffix
  }
}
