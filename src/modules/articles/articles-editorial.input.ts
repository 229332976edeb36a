// Article input: the limits and the checks shared by create and update.
import { isLocale } from '../../config.ts'
import { badUserInput } from '../../errors.ts'
import { httpUrl, longerThan, integer, optionalText, text, uuid } from '../../lib/validate.ts'
import type { ArticleData } from './articles-editorial.repository.ts'
import type { ImageValue } from './articles.repository.ts'

/** The limits of article input, documented in the README. */
export const ARTICLE_LIMITS = {
  title: 300,
  summary: 1_000,
  paragraphs: 500,
  paragraph: 20_000,
  bodyTotal: 200_000,
  tags: 20,
  tag: 50,
  authors: 10,
  byline: 200,
  source: 200,
  language: 35,
  slug: 200,
  imageUrl: 2_000,
  imageText: 500,
  imageSize: 20_000,
} as const

export interface ImageInput { url: string, alt?: string | null, caption?: string | null, credit?: string | null, width?: number | null, height?: number | null }
export interface ArticleInput {
  title: string
  summary?: string | null
  paragraphs: string[]
  sectionId: string
  image?: ImageInput | null
  tags?: string[] | null
  /** credited authors, in order */
  authorIds?: string[] | null
  byline?: string | null
  source?: string | null
  language?: string | null
  slug?: string | null
}
/** Only the keys present change; null clears an optional field. */
export type UpdateArticleInput = { [K in keyof ArticleInput]?: ArticleInput[K] | null }

const OPTIONAL_TEXT = { summary: ARTICLE_LIMITS.summary, byline: ARTICLE_LIMITS.byline, source: ARTICLE_LIMITS.source } as const

/** Validates the fields present in `input` (all required ones when not partial). */
export function articleFields (input: UpdateArticleInput, opts: { partial: boolean }): ArticleData {
  const has = (key: keyof ArticleInput) => !opts.partial || (key in input && input[key] !== undefined)
  const out: ArticleData = {}
  if (has('title')) out.title = text(input.title, 'title', { max: ARTICLE_LIMITS.title })
  if (has('paragraphs')) out.paragraphs = paragraphs(input.paragraphs)
  if (has('sectionId')) out.sectionId = uuid(input.sectionId, 'sectionId')
  for (const [key, max] of Object.entries(OPTIONAL_TEXT) as Array<[keyof typeof OPTIONAL_TEXT, number]>) {
    if (key in input && input[key] !== undefined) out[key] = optionalText(input[key], key, max)
  }
  if ('tags' in input && input.tags !== undefined) out.tags = tags(input.tags)
  if ('authorIds' in input && input.authorIds !== undefined) out.authorIds = authorIds(input.authorIds)
  if ('image' in input && input.image !== undefined) out.image = input.image === null ? null : { ...image(input.image) }
  if ('language' in input && input.language !== undefined && input.language !== null) out.language = language(input.language)
  return out
}

function paragraphs (value: unknown): string[] {
  if (!Array.isArray(value)) throw badUserInput('paragraphs must be a list of strings', { field: 'paragraphs' })
  if (value.length === 0) throw badUserInput('paragraphs must not be empty', { field: 'paragraphs' })
  if (value.length > ARTICLE_LIMITS.paragraphs) throw badUserInput(`at most ${ARTICLE_LIMITS.paragraphs} paragraphs`, { field: 'paragraphs', limit: ARTICLE_LIMITS.paragraphs })
  const out = value.map((p, i) => text(p, `paragraphs.${i}`, { max: ARTICLE_LIMITS.paragraph }))
  if (longerThan(out.join(''), ARTICLE_LIMITS.bodyTotal)) throw badUserInput(`the body is longer than ${ARTICLE_LIMITS.bodyTotal} characters`, { field: 'paragraphs', limit: ARTICLE_LIMITS.bodyTotal })
  return out
}

function tags (value: unknown): string[] {
  if (value === null) return []
  if (!Array.isArray(value)) throw badUserInput('tags must be a list of strings', { field: 'tags' })
  if (value.length > ARTICLE_LIMITS.tags) throw badUserInput(`at most ${ARTICLE_LIMITS.tags} tags`, { field: 'tags', limit: ARTICLE_LIMITS.tags })
  return [...new Set(value.map((t, i) => text(t, `tags.${i}`, { max: ARTICLE_LIMITS.tag })))]
}

function authorIds (value: unknown): string[] {
  if (value === null) return []
  if (!Array.isArray(value)) throw badUserInput('authorIds must be a list of ids', { field: 'authorIds' })
  if (value.length > ARTICLE_LIMITS.authors) throw badUserInput(`at most ${ARTICLE_LIMITS.authors} authors`, { field: 'authorIds', limit: ARTICLE_LIMITS.authors })
  return [...new Set(value.map((id, i) => uuid(id, `authorIds.${i}`)))]
}

function language (value: unknown): string {
  const tag = text(value, 'language', { max: ARTICLE_LIMITS.language })
  if (!isLocale(tag)) throw badUserInput(`"${tag}" is not a BCP-47 language tag`, { field: 'language' })
  return Intl.getCanonicalLocales(tag)[0] as string
}

/** An image input (an article's lead image, an author's avatar), checked; `field` names it in errors. */
export function image (value: unknown, field = 'image'): ImageValue {
  if (typeof value !== 'object' || value === null) throw badUserInput(`${field} must be an object`, { field })
  const v = value as ImageInput
  const size = (key: 'width' | 'height') => v[key] === undefined || v[key] === null ? null : integer(v[key], `${field}.${key}`, 1, ARTICLE_LIMITS.imageSize)
  const words = (key: 'alt' | 'caption' | 'credit') => v[key] === undefined ? null : optionalText(v[key], `${field}.${key}`, ARTICLE_LIMITS.imageText)
  return {
    url: httpUrl(v.url, `${field}.url`, ARTICLE_LIMITS.imageUrl),
    alt: words('alt'),
    caption: words('caption'),
    credit: words('credit'),
    width: size('width'),
    height: size('height'),
  }
}
