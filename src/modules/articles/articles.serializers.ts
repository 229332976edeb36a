// The REST (and feed, print) representation of an article: its JSON Schema and the functions that
// make it from a record. Every route that answers an article uses these.
import { Type, type Static } from 'typebox'
import { Nullable } from '../../http/schemas.ts'
import { directionOf } from '../../lib/direction.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { ArticleRecord } from './articles.row.ts'
import type { ArticlesService } from './articles.service.ts'

const DateTimeString = Type.String({ format: 'date-time' })

const SectionRef = Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() })

/** An image as REST answers it (an article's lead image, an author's avatar). */
export const ImageBody = Type.Object({
  url: Type.String(),
  alt: Type.Optional(Nullable(Type.String())),
  caption: Type.Optional(Nullable(Type.String())),
  credit: Type.Optional(Nullable(Type.String())),
  width: Type.Optional(Nullable(Type.Integer())),
  height: Type.Optional(Nullable(Type.Integer())),
})

const ArticleCommon = {
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  title: Type.String(),
  summary: Nullable(Type.String()),
  image: Nullable(ImageBody),
  language: Type.String(),
  direction: Type.Union([Type.Literal('RTL'), Type.Literal('LTR')]),
  section: Type.Object({ ...SectionRef.properties, path: Type.Array(SectionRef, { description: 'root .. the section' }) }),
  tags: Type.Array(Type.String()),
  authorIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'credited authors in order (GET /api/v1/authors/{slug} or /api/v1/authors)' }),
  byline: Nullable(Type.String()),
  source: Nullable(Type.String()),
  status: Type.Union([Type.Literal('DRAFT'), Type.Literal('SCHEDULED'), Type.Literal('PUBLISHED'), Type.Literal('ARCHIVED')]),
  version: Type.Integer(),
  publishedAt: Nullable(DateTimeString),
  updatedAt: DateTimeString,
  viewCount: Type.Integer(),
  commentCount: Type.Integer({ description: 'approved comments, replies included' }),
  printUrl: Type.String({ description: 'absolute URL of the printable page' }),
  share: Type.Object({
    url: Type.String({ description: 'the canonical URL (ARTICLE_URL_PATTERN)' }),
    email: Type.String(),
    whatsapp: Type.String(),
    telegram: Type.String(),
    x: Type.String(),
    facebook: Type.String(),
  }, { description: '"send to a friend" links, percent-encoded' }),
}

export const ArticleListItem = Type.Object(ArticleCommon, { description: 'An article in a list: everything but the body' })
export const ArticleBody = Type.Object({
  ...ArticleCommon,
  paragraphs: Type.Array(Type.String(), { description: 'the body as plain-text paragraphs' }),
  bodyText: Type.String({ description: 'the paragraphs joined by blank lines' }),
})

type ListItem = Static<typeof ArticleListItem>
type Full = Static<typeof ArticleBody>

/** What a representation needs from the articles service: the status now and the links. */
export type Presenter = Pick<ArticlesService, 'statusOf' | 'links'>

export function toListItem (a: ArticleRecord, tree: SectionTree, articles: Presenter): ListItem {
  const ref = (s: { id: string, slug: string, name: string }) => ({ id: s.id, slug: s.slug, name: s.name })
  const section = tree.get(a.sectionId)
  if (!section) throw new Error(`article ${a.id} refers to a missing section`)
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    image: a.image,
    language: a.language,
    direction: directionOf(a.language),
    section: { ...ref(section), path: tree.path(section.id).map(ref) },
    tags: a.tags,
    authorIds: a.authorIds ?? [],
    byline: a.byline,
    source: a.source,
    status: articles.statusOf(a),
    version: a.version,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
    viewCount: a.viewCount,
    commentCount: a.commentCount,
    printUrl: articles.links.printUrl(a),
    share: articles.links.share(a),
  }
}

export function toFull (a: ArticleRecord, tree: SectionTree, articles: Presenter): Full {
  const paragraphs = a.paragraphs ?? []
  return { ...toListItem(a, tree, articles), paragraphs, bodyText: paragraphs.join('\n\n') }
}
