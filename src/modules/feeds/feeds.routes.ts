// Feeds, sitemaps and robots.txt (issue 15), at the service's root where aggregators and
// crawlers look for them. Every answer is a public read of the caching layer (http/caching.ts,
// config.freshness): ETag and Last-Modified from the content's versions, Cache-Control, and a 304
// to a conditional request before anything is built. The news sitemap also changes with time
// alone (its 48-hour window slides), so its validators carry the minute as view counts' do.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { minuteOf } from '../../http/caching.ts'
import { ProblemResponses, sendProblem, useProblemDetails } from '../../http/problem.ts'
import { FEED_TYPES, WRITERS, type FeedFormat } from './feeds.formats.ts'
import { FEED_FILES, FEED_SIZE, type FeedScope } from './feeds.service.ts'

const XML = 'application/xml; charset=utf-8'
const FORMATS = Object.keys(FEED_FILES) as FeedFormat[]
const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom', json: 'JSON Feed 1.1' }
const Document = { 200: { description: 'the document', content: { 'application/xml': { schema: Type.Unknown() } } } }

export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // (no prefix: unknown paths at the root are the reader site's, which negotiates HTML or problem+json)
  useProblemDetails(app, { notFound: false })
  const { feeds, sitemaps } = app.services
  const publicUrl = app.config.PUBLIC_URL

  const feedRoute = (prefix: string, what: string, params: ReturnType<typeof Type.Object> | undefined, scopeOf: (params: Record<string, string>) => FeedScope): void => {
    for (const format of FORMATS) {
      app.get(`${prefix}/${FEED_FILES[format]}`, {
        config: { freshness: 'content' },
        schema: {
          tags: ['feeds'],
          summary: `${FORMAT_NAMES[format]} feed of ${what}: the newest ${FEED_SIZE} visible articles`,
          ...(params ? { params } : {}),
          response: { 200: { description: 'the feed', content: { [FEED_TYPES[format].split(';')[0] as string]: { schema: Type.String() } } }, ...ProblemResponses },
        },
      }, async (request, reply) => {
        const tree = await request.scope.sectionTree()
        const { lastUpdatedAt } = await app.versions.current()
        const feed = await feeds.feed(tree, scopeOf(request.params as Record<string, string>), lastUpdatedAt)
        if (!feed) return sendProblem(reply, 404, 'NOT_FOUND', 'no such section or author')
        return reply.type(FEED_TYPES[format]).send(WRITERS[format](feed))
      })
    }
  }
  feedRoute('/feeds', 'the site', undefined, () => ({ kind: 'site' }))
  feedRoute('/feeds/sections/:slug', 'a section and its subsections', Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }), (p) => ({ kind: 'section', slug: p.slug as string }))
  feedRoute('/feeds/authors/:slug', 'an author', Type.Object({ slug: Type.String({ minLength: 1, maxLength: 400 }) }), (p) => ({ kind: 'author', slug: p.slug as string }))
  feedRoute('/feeds/tags/:tag', 'a tag', Type.Object({ tag: Type.String({ minLength: 1, maxLength: 100 }) }), (p) => ({ kind: 'tag', tag: p.tag as string }))

  app.get('/sitemap.xml', {
    config: { freshness: 'content' },
    schema: { tags: ['feeds'], summary: 'Sitemap index: the sections sitemap and the article sitemaps', response: Document },
  }, async (_request, reply) => reply.type(XML).send(await sitemaps.index()))

  app.get('/sitemaps/articles-:page.xml', {
    config: { freshness: 'content' },
    schema: {
      tags: ['feeds'],
      summary: `Visible articles, oldest first, ${app.config.SITEMAP_PAGE_SIZE} a page (SITEMAP_PAGE_SIZE)`,
      params: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      response: { ...Document, ...ProblemResponses },
    },
  }, async (request, reply) => {
    const stream = await sitemaps.articles(request.params.page)
    if (!stream) return sendProblem(reply, 404, 'NOT_FOUND', `there is no article sitemap page ${request.params.page}`)
    return reply.type(XML).send(stream)
  })

  app.get('/sitemaps/sections.xml', {
    config: { freshness: 'content' },
    schema: { tags: ['feeds'], summary: 'The home page and every section page', response: Document },
  }, async (request, reply) => reply.type(XML).send(sitemaps.sections(await request.scope.sectionTree())))

  app.get('/news-sitemap.xml', {
    config: { freshness: (request) => ({ comments: false, minute: minuteOf(request) }) },
    schema: { tags: ['feeds'], summary: 'Google News sitemap: articles published in the last 48 hours', response: Document },
  }, async (_request, reply) => reply.type(XML).send(await sitemaps.news()))

  app.get('/robots.txt', {
    config: { freshness: 'content' },
    schema: { tags: ['feeds'], summary: 'Where crawlers may go, and the sitemaps', response: { 200: { description: 'robots.txt', content: { 'text/plain': { schema: Type.String() } } } } },
  }, async (_request, reply) => reply.type('text/plain; charset=utf-8').send([
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /graphql',
    'Disallow: /graphiql',
    'Allow: /',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    `Sitemap: ${publicUrl}/news-sitemap.xml`,
    '',
  ].join('\n')))
}
