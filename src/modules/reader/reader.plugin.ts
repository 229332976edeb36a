// The reader's pages (PRODUCT.md "REST mirror", issue 14): HTML rendered on the server from the
// same services as GraphQL and REST, with Eta templates (views/, `<%= %>` escapes by default) through
// @fastify/view. Page routes answer HTML, errors included: an unknown or invisible article is an
// HTML 404 page, a failure an HTML error page with its status. Cached like every public read
// (config.freshness), so ETags, 304s and the response cache apply.
import { fileURLToPath } from 'node:url'
import view from '@fastify/view'
import { Eta } from 'eta'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { isAppError } from '../../errors.ts'
import { directionOf } from '../../lib/direction.ts'
import { isUuid } from '../../lib/uuid.ts'
import { labelsFor } from './reader.labels.ts'

/** The templates: views/ at the project's top, the same from src/ and dist/. */
export const VIEWS_DIR = fileURLToPath(new URL('../../../views/', import.meta.url))

const IdOrSlug = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) })

export default async function readerPages (app: FastifyInstance): Promise<void> {
  const eta = new Eta({ views: VIEWS_DIR, cache: app.config.MODE === 'production' })
  await app.register(view, { engine: { eta }, root: VIEWS_DIR, production: app.config.MODE === 'production' })
  const { site, articles } = app.services
  const siteLanguage = site.settings.defaultLocale

  /** An HTML error page in the site's language. */
  const errorPage = (reply: FastifyReply, status: number): FastifyReply => {
    const labels = labelsFor(siteLanguage)
    const notFound = status === 404
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').view('error.eta', {
      lang: siteLanguage,
      dir: directionOf(siteLanguage).toLowerCase(),
      siteName: site.settings.name,
      status,
      title: notFound ? labels.notFoundTitle : labels.errorTitle,
      message: notFound ? labels.notFound : labels.error,
      labels,
    })
  }

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = isAppError(err) ? err.statusCode : err.validation ? 400 : (err.statusCode ?? 500)
    if (status >= 500) request.log.error({ err }, 'page failed')
    if (isAppError(err) && err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter))
    return errorPage(reply, status)
  })

  app.get('/articles/:idOrSlug/print', {
    config: { freshness: 'content' },
    schema: { params: IdOrSlug },
  }, async (request, reply) => {
    const { idOrSlug } = request.params as { idOrSlug: string }
    const found = await articles.find(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug }, await request.scope.viewer())
    if (!found) return errorPage(reply, 404)
    const article = found.article
    if (!found.canonical) return reply.redirect(`/articles/${encodeURIComponent(article.slug)}/print`, 301)
    const tree = await request.scope.sectionTree(article.treeVersion)
    const labels = labelsFor(article.language)
    return reply.header('content-type', 'text/html; charset=utf-8').view('print.eta', {
      lang: article.language,
      dir: directionOf(article.language).toLowerCase(),
      siteName: site.settings.name,
      article,
      paragraphs: await articles.paragraphs(article),
      sectionPath: tree.path(article.sectionId).map((s) => s.name),
      publishedAt: article.publishedAt?.toISOString() ?? '',
      dateLabel: article.publishedAt ? site.label(article.publishedAt, article.language) : '',
      canonicalUrl: articles.links.url(article),
      labels,
    })
  })
}
