import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { notFound } from '../../errors.ts'
import { ProblemResponses } from '../../http/problem.ts'
import { listBody, Nullable, PageInfo } from '../../http/schemas.ts'
import { directionOf } from '../../lib/direction.ts'
import { isUuid } from '../../lib/slug.ts'
import type { SectionTree } from '../sections/section-tree.ts'
import type { ArticleRecord } from './articles.repository.ts'
import { LIST_PARAMETERS, withParameterNames } from '../../http/parameter-names.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './articles.service.ts'
import type { ArticleState } from './content-state.ts'

const DateTimeString = Type.String({ format: 'date-time' })

const SectionRef = Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() })

const ArticleCommon = {
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  title: Type.String(),
  summary: Nullable(Type.String()),
  image: Nullable(Type.Object({
    url: Type.String(),
    alt: Type.Optional(Nullable(Type.String())),
    caption: Type.Optional(Nullable(Type.String())),
    credit: Type.Optional(Nullable(Type.String())),
    width: Type.Optional(Nullable(Type.Integer())),
    height: Type.Optional(Nullable(Type.Integer())),
  })),
  language: Type.String(),
  direction: Type.Union([Type.Literal('RTL'), Type.Literal('LTR')]),
  section: Type.Object({ ...SectionRef.properties, path: Type.Array(SectionRef, { description: 'root .. the section' }) }),
  tags: Type.Array(Type.String()),
  byline: Nullable(Type.String()),
  source: Nullable(Type.String()),
  status: Type.Union([Type.Literal('DRAFT'), Type.Literal('SCHEDULED'), Type.Literal('PUBLISHED'), Type.Literal('ARCHIVED')]),
  version: Type.Integer(),
  publishedAt: Nullable(DateTimeString),
  updatedAt: DateTimeString,
  viewCount: Type.Integer(),
  commentCount: Type.Integer({ description: 'approved comments, replies included' }),
}

export const ArticleListItem = Type.Object(ArticleCommon, { description: 'An article in a list: everything but the body' })
export const ArticleBody = Type.Object({
  ...ArticleCommon,
  paragraphs: Type.Array(Type.String(), { description: 'the body as plain-text paragraphs' }),
  bodyText: Type.String({ description: 'the paragraphs joined by blank lines' }),
})

type ListItem = Static<typeof ArticleListItem>
type Full = Static<typeof ArticleBody>

export function toListItem (a: ArticleRecord, tree: SectionTree, status: ArticleState): ListItem {
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
    byline: a.byline,
    source: a.source,
    status,
    version: a.version,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
    viewCount: a.viewCount,
    commentCount: a.commentCount,
  }
}

export function toFull (a: ArticleRecord, tree: SectionTree, status: ArticleState): Full {
  const paragraphs = a.paragraphs ?? []
  return { ...toListItem(a, tree, status), paragraphs, bodyText: paragraphs.join('\n\n') }
}

export const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { articles } = app.services

  app.get('/articles', {
    schema: {
      tags: ['articles'],
      summary: 'Visible articles, newest first; filter by section (with its subsections by default) and tag',
      querystring: Type.Object({
        section: Type.Optional(Type.String({ maxLength: 200, description: 'section slug; unknown → an empty list' })),
        includeSubsections: Type.Boolean({ default: true }),
        tag: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
        cursor: Type.Optional(Type.String({ maxLength: 200, description: 'pageInfo.endCursor of the previous page' })),
        status: Type.Optional(Type.String({ maxLength: 100, description: 'EDITOR/ADMIN only: comma-separated DRAFT, SCHEDULED, PUBLISHED, ARCHIVED' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          data: Type.Array(ArticleListItem),
          pageInfo: PageInfo,
          totalCount: Type.Integer(),
        }),
        ...ProblemResponses,
      },
    },
  }, async (request) => {
    const q = request.query
    const tree = await request.scope.sectionTree()
    const page = await withParameterNames(LIST_PARAMETERS, async () => articles.list(tree, {
      section: q.section === undefined ? null : { slug: q.section },
      includeSubsections: q.includeSubsections,
      tag: q.tag,
      first: q.limit,
      after: q.cursor,
      withTotal: true,
      status: q.status === undefined ? null : q.status.split(','),
    }, await request.scope.viewer()))
    return listBody(page, (node) => toListItem(node, tree, articles.statusOf(node)))
  })

  app.get('/articles/:idOrSlug', {
    schema: {
      tags: ['articles'],
      summary: 'One visible article by id or slug; a former slug answers 301 to the current one',
      params: Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: Type.Object({ data: ArticleBody }), 301: Type.Null({ description: 'moved: Location is the current URL' }), ...ProblemResponses },
    },
  }, async (request, reply) => {
    const { idOrSlug } = request.params
    const found = await articles.find(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug }, await request.scope.viewer())
    if (!found) throw notFound(`no article ${idOrSlug}`)
    if (!found.canonical) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      return reply.redirect(`${request.url.split('/articles/')[0]}/articles/${encodeURIComponent(found.article.slug)}${query}`, 301)
    }
    const tree = await request.scope.sectionTree(found.article.treeVersion)
    return { data: toFull(found.article, tree, articles.statusOf(found.article)) }
  })
}
