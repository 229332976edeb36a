// The reader's site (PRODUCT.md "REST mirror", issue 14): `/`, `/sections/:slug`,
// `/articles/:idOrSlug` and the print page, HTML rendered on the server from the same services as
// GraphQL and REST, with Eta templates (views/, `<%= %>` escapes by default) through
// @fastify/view. Small module scripts (static/reader/) enhance the article page through the
// GraphQL API: more comments over GET, the comment form, live comments by subscription. It is
// the example frontend teams copy from.
//
// Page routes answer HTML, errors included: an unknown or invisible article or section is an
// HTML 404 page, a former slug a 301, a failure an HTML page with its status. They are cached like
// every public read (config.freshness: ETags, 304s, the response cache).
import { fileURLToPath } from 'node:url'
import { dirname } from 'node:path'
import { createRequire } from 'node:module'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import view from '@fastify/view'
import { Eta } from 'eta'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { isAppError } from '../../errors.ts'
import { noRoute } from '../../http/problem.ts'
import { directionOf } from '../../lib/direction.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import type { CommentRecord } from '../comments/comments.repository.ts'
import { submissionOf } from '../comments/comments.submission.ts'
import type { SectionRecord } from '../sections/sections.repository.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import { FEED_TYPES, type FeedFormat } from '../feeds/feeds.formats.ts'
import { labelsFor, type Labels } from './reader.labels.ts'

/** The templates and the pages' own files: views/ and static/reader/ at the project's top (the same from src/ and dist/). */
export const VIEWS_DIR = fileURLToPath(new URL('../../../views/', import.meta.url))
const ASSETS_DIR = fileURLToPath(new URL('../../../static/reader/', import.meta.url))
/** graphql-ws's browser client (ES modules with relative imports only), for live comments. */
const GRAPHQL_WS_DIR = dirname(createRequire(import.meta.url).resolve('graphql-ws'))

const PAGE_SIZE = 20
const COMMENTS_PAGE = 20
const IdOrSlug = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) })
const Listing = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })) })

const path = (kind: 'articles' | 'sections' | 'tags' | 'authors', slug: string): string => `/${kind}/${encodeURIComponent(slug)}`

/** JSON for a <script type="application/ld+json"> block: `<` escaped, so no text can close the element. */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

export default async function readerPages (app: FastifyInstance): Promise<void> {
  const production = app.config.MODE === 'production'
  const eta = new Eta({ views: VIEWS_DIR, cache: production })
  await app.register(view, { engine: { eta }, root: VIEWS_DIR, production })
  await app.register(formbody, { bodyLimit: 16 * 1024 })
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', maxAge: production ? 3_600_000 : 0, index: false, wildcard: false })
  await app.register(fastifyStatic, { root: GRAPHQL_WS_DIR, prefix: '/assets/vendor/graphql-ws/', decorateReply: false, maxAge: production ? 86_400_000 : 0, wildcard: false, allowedPath: (p) => /^\/[\w.-]+\.js$/.test(p) })
  const { site, articles, comments } = app.services
  const siteLanguage = site.settings.defaultLocale

  const html = (reply: FastifyReply): FastifyReply => reply.header('content-type', 'text/html; charset=utf-8')

  /** A page's feeds (<link rel="alternate">): the section's first when it has one, then the site's. */
  const feedLinks = (section: SectionRecord | null, tag: string | null = null, author: { slug: string, name: string } | null = null) => [
    ...(author ? [{ scope: { kind: 'author', slug: author.slug } as const, title: `${author.name} · ${site.settings.name}` }] : []),
    ...(section ? [{ scope: { kind: 'section', slug: section.slug } as const, title: `${section.name} · ${site.settings.name}` }] : []),
    ...(tag ? [{ scope: { kind: 'tag', tag } as const, title: `${tag} · ${site.settings.name}` }] : []),
    { scope: { kind: 'site' } as const, title: site.settings.name },
  ].flatMap(({ scope, title }) => {
    const paths = app.services.feeds.feedPaths(scope)
    return (Object.keys(paths) as FeedFormat[]).map((format) => ({ type: FEED_TYPES[format].split(';')[0], title, href: paths[format] }))
  })

  /** What every page's layout shows: the site's name, its "last updated" label and the sections. */
  async function layoutData (tree: SectionTree, lang: string, current: string | null = null) {
    // the versions the caching layer read for this request (remembered while events are heard)
    const { lastUpdatedAt } = await app.versions.current()
    const item = (s: SectionRecord) => ({ name: s.name, href: path('sections', s.slug), current: s.id === current })
    // read once per content version by the curation service: no statement while nothing changed
    const breaking = (await app.services.curation.breaking(3)).map((a) => ({ title: a.title, href: path('articles', a.slug), lang: a.language, dir: directionOf(a.language).toLowerCase() }))
    return {
      breaking,
      lang,
      dir: directionOf(lang).toLowerCase(),
      labels: labelsFor(lang),
      siteName: site.settings.name,
      timeZone: site.settings.timeZone,
      lastUpdatedAt: lastUpdatedAt.toISOString(),
      lastUpdatedLabel: site.label(lastUpdatedAt, lang),
      nav: tree.roots().map((root) => ({ ...item(root), children: tree.children(root.id).map(item) })),
      feeds: feedLinks(null),
    }
  }

  const dateLabel = (at: Date | null, lang: string): string => at ? site.label(at, lang) : ''

  /** An HTML error page in the site's language; 4xx errors of the service say what was wrong. */
  const errorPage = (reply: FastifyReply, status: number, detail?: string): FastifyReply => {
    const labels = labelsFor(siteLanguage)
    const notFound = status === 404
    return html(reply.code(status)).view('error.eta', {
      lang: siteLanguage,
      dir: directionOf(siteLanguage).toLowerCase(),
      siteName: site.settings.name,
      status,
      title: notFound ? labels.notFoundTitle : labels.errorTitle,
      message: detail ?? (notFound ? labels.notFound : labels.error),
      labels,
    })
  }

  // A path no route answers (outside /api/v1 and the feeds, which have their own): the site's HTML
  // 404 page for a browser (a GET or HEAD that accepts text/html), problem+json for everyone else.
  app.setNotFoundHandler((request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && /\btext\/html\b/.test(request.headers.accept ?? '')) return errorPage(reply, 404)
    return noRoute(request, reply)
  })

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = isAppError(err) ? err.statusCode : err.validation ? 400 : (err.statusCode ?? 500)
    if (status >= 500) request.log.error({ err }, 'page failed')
    if (isAppError(err) && err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter))
    return errorPage(reply, status, status < 500 && isAppError(err) ? err.message : undefined)
  })

  /** A list page's items and pager (home and sections). */
  function listing (tree: SectionTree, page: Awaited<ReturnType<typeof articles.list>>, base: string, cursor: string | undefined, featured: ArticleRecord[] = []) {
    const picks = new Set(featured.map((a) => a.id))
    return {
      items: page.edges.map(({ node: a }) => {
        const section = tree.get(a.sectionId) as SectionRecord
        return {
          featured: picks.has(a.id),
          title: a.title,
          href: path('articles', a.slug),
          summary: a.summary,
          image: a.image,
          lang: a.language,
          dir: directionOf(a.language).toLowerCase(),
          publishedAt: a.publishedAt?.toISOString() ?? '',
          dateLabel: dateLabel(a.publishedAt, a.language),
          sectionName: section.name,
          sectionHref: path('sections', section.slug),
        }
      }),
      nextHref: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? `${base}?cursor=${encodeURIComponent(page.pageInfo.endCursor)}` : null,
      firstHref: cursor ? base : null,
    }
  }

  app.get('/', { config: { freshness: 'content' }, schema: { querystring: Listing } }, async (request, reply) => {
    const { cursor } = request.query as { cursor?: string }
    const tree = await request.scope.sectionTree()
    // editors' featured stories first, then the newest (curation.service.ts)
    const page = await articles.list(tree, { first: PAGE_SIZE, after: cursor, featuredFirst: true }, null)
    const featured = await app.services.curation.featured(tree, null)
    const layout = await layoutData(tree, siteLanguage)
    return html(reply).view('home.eta', {
      ...layout,
      title: cursor ? `${layout.labels.older} · ${layout.siteName}` : layout.siteName,
      description: `${layout.siteName}: ${layout.labels.latest}`,
      canonical: `${app.config.PUBLIC_URL}/${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      og: [['og:type', 'website'], ['og:site_name', layout.siteName], ['og:title', layout.siteName], ['og:url', `${app.config.PUBLIC_URL}/`]],
      ...listing(tree, page, '/', cursor, featured),
    })
  })

  app.get('/sections/:slug', { config: { freshness: 'content' }, schema: { params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: Listing } }, async (request, reply) => {
    const { cursor } = request.query as { cursor?: string }
    const tree = await request.scope.sectionTree()
    const section = app.services.sections.find(tree, { slug: (request.params as { slug: string }).slug })
    if (!section) return errorPage(reply, 404)
    const page = await articles.list(tree, { section: { id: section.id }, first: PAGE_SIZE, after: cursor, featuredFirst: true }, null)
    const featured = await app.services.curation.featured(tree, section.id)
    const layout = await layoutData(tree, siteLanguage, section.id)
    const trail = tree.path(section.id)
    const base = path('sections', section.slug)
    return html(reply).view('section.eta', {
      ...layout,
      title: `${section.name} · ${layout.siteName}`,
      description: `${section.name}: ${layout.labels.latest}`,
      canonical: `${app.config.PUBLIC_URL}${base}`,
      og: [['og:type', 'website'], ['og:site_name', layout.siteName], ['og:title', section.name], ['og:url', `${app.config.PUBLIC_URL}${base}`]],
      feeds: feedLinks(section),
      section,
      breadcrumb: [{ name: layout.labels.home, href: '/' }, ...trail.map((s) => ({ name: s.name, href: s.id === section.id ? null : path('sections', s.slug) }))],
      subsections: tree.children(section.id).map((s) => ({ name: s.name, href: path('sections', s.slug) })),
      ...listing(tree, page, base, cursor, featured),
    })
  })

  // A tag's page: its visible articles, newest first; a tag no visible article carries is a 404.
  app.get('/tags/:tag', { config: { freshness: 'content' }, schema: { params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: Listing } }, async (request, reply) => {
    const { cursor } = request.query as { cursor?: string }
    const { tag } = request.params as { tag: string }
    const tree = await request.scope.sectionTree()
    const page = await articles.list(tree, { tag, first: PAGE_SIZE, after: cursor }, null)
    if (page.totalCount === 0) return errorPage(reply, 404)
    const name = tag.normalize('NFC').trim()
    const layout = await layoutData(tree, siteLanguage)
    const base = path('tags', name)
    return html(reply).view('tag.eta', {
      ...layout,
      title: `${name} · ${layout.siteName}`,
      description: `${name}: ${layout.labels.latest}`,
      canonical: `${app.config.PUBLIC_URL}${base}`,
      og: [['og:type', 'website'], ['og:site_name', layout.siteName], ['og:title', name], ['og:url', `${app.config.PUBLIC_URL}${base}`]],
      feeds: feedLinks(null, name),
      tag: name,
      count: page.totalCount,
      breadcrumb: [{ name: layout.labels.home, href: '/' }, { name, href: null }],
      ...listing(tree, page, base, cursor),
    })
  })

  // An author's page: name, avatar, bio and their visible articles, newest first.
  app.get('/authors/:slug', { config: { freshness: 'content' }, schema: { params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 400 }) }), querystring: Listing } }, async (request, reply) => {
    const { cursor } = request.query as { cursor?: string }
    const author = await app.services.authors.find({ slug: (request.params as { slug: string }).slug })
    if (!author) return errorPage(reply, 404)
    const tree = await request.scope.sectionTree()
    const page = await articles.list(tree, { author: { id: author.id }, first: PAGE_SIZE, after: cursor }, null)
    const layout = await layoutData(tree, siteLanguage)
    const base = path('authors', author.slug)
    const url = `${app.config.PUBLIC_URL}${base}`
    return html(reply).view('author.eta', {
      ...layout,
      title: `${author.name} · ${layout.siteName}`,
      description: author.bio ?? `${author.name}: ${layout.labels.latest}`,
      canonical: url,
      og: [['og:type', 'profile'], ['og:site_name', layout.siteName], ['og:title', author.name], ['og:url', url], ...(author.avatar ? [['og:image', author.avatar.url]] : [])],
      jsonLd: jsonForScript({ '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.name, url, ...(author.bio ? { description: author.bio } : {}), ...(author.avatar ? { image: author.avatar.url } : {}) } }),
      feeds: feedLinks(null, null, author),
      author,
      breadcrumb: [{ name: layout.labels.home, href: '/' }, { name: author.name, href: null }],
      ...listing(tree, page, base, cursor),
    })
  })

  /** The article page, with its first comments (and, after a form post without script, the receipt). */
  async function articlePage (request: FastifyRequest, reply: FastifyReply, article: ArticleRecord, receipt: CommentRecord | null = null, preview: { token: string } | null = null) {
    const tree = await request.scope.sectionTree(article.treeVersion)
    const lang = article.language
    const layout = await layoutData(tree, lang, article.sectionId)
    const trail = tree.path(article.sectionId)
    const paragraphs = await articles.paragraphs(article)
    // credited authors (a statement only for an article that credits any)
    const credited = article.authorIds && article.authorIds.length > 0 ? (await app.services.authors.byIds([article.authorIds]))[0] ?? [] : []
    const people = credited.map((a) => ({ name: a.name, href: path('authors', a.slug), url: `${app.config.PUBLIC_URL}${path('authors', a.slug)}` }))
    // a preview shows no comments (nobody may comment on a draft) and loads no script
    const [thread] = preview ? [] : await comments.threads('article', [{ id: article.id, args: { first: COMMENTS_PAGE }, prefetched: article.firstComments }])
    const top = thread?.edges.map((e) => e.node) ?? []
    const replies = top.length > 0 ? await comments.threads('parent', top.map((c) => ({ id: c.id, args: { first: 20 } }))) : []
    const shown = (c: CommentRecord) => ({ id: c.id, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString(), dateLabel: dateLabel(c.createdAt, lang) })
    const canonical = articles.links.url(article)
    const section = tree.get(article.sectionId) as SectionRecord
    const image = article.image
    const og: Array<[string, string]> = [
      ['og:type', 'article'], ['og:site_name', layout.siteName], ['og:title', article.title], ['og:url', canonical],
      ['og:locale', lang.replace('-', '_')],
      ...(article.summary ? [['og:description', article.summary] as [string, string]] : []),
      ...(image ? [['og:image', image.url] as [string, string]] : []),
      ...(article.publishedAt ? [['article:published_time', article.publishedAt.toISOString()] as [string, string]] : []),
      ['article:modified_time', article.updatedAt.toISOString()],
      ['article:section', section.name],
      ...article.tags.map((tag) => ['article:tag', tag] as [string, string]),
    ]
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      ...(article.summary ? { description: article.summary } : {}),
      inLanguage: lang,
      url: canonical,
      mainEntityOfPage: canonical,
      ...(article.publishedAt ? { datePublished: article.publishedAt.toISOString() } : {}),
      dateModified: article.updatedAt.toISOString(),
      articleSection: trail.map((s) => s.name),
      ...(article.tags.length > 0 ? { keywords: article.tags } : {}),
      ...(image ? { image: [image.url] } : {}),
      ...(people.length > 0
        ? { author: people.map((p) => ({ '@type': 'Person', name: p.name, url: p.url })) }
        : article.byline ? { author: [{ '@type': 'Person', name: article.byline }] } : {}),
      publisher: { '@type': 'Organization', name: layout.siteName, url: `${app.config.PUBLIC_URL}/` },
    }
    const labels: Labels = layout.labels
    return html(reply).view('article.eta', {
      ...layout,
      title: `${article.title} · ${layout.siteName}`,
      description: article.summary ?? paragraphs[0]?.slice(0, 200) ?? '',
      canonical,
      og,
      jsonLd: jsonForScript(jsonLd),
      script: preview ? null : '/assets/article.js',
      preview: preview !== null,
      noindex: preview !== null,
      authors: people,
      breadcrumb: [{ name: labels.home, href: '/' }, ...trail.map((s) => ({ name: s.name, href: path('sections', s.slug) }))],
      article,
      paragraphs,
      tags: article.tags.map((tag) => ({ name: tag, href: path('tags', tag) })),
      publishedAt: article.publishedAt?.toISOString() ?? '',
      dateLabel: dateLabel(article.publishedAt, lang),
      printHref: preview ? `/preview/${preview.token}/print` : `${path('articles', article.slug)}/print`,
      share: articles.links.share(article),
      commentAction: `${path('articles', article.slug)}/comments`,
      comments: {
        total: article.commentCount,
        items: top.map((c, i) => ({ ...shown(c), replies: (replies[i]?.edges ?? []).map((r) => shown(r.node)) })),
        hasMore: thread?.pageInfo.hasNextPage ?? false,
        endCursor: thread?.pageInfo.endCursor ?? null,
      },
      receipt: receipt ? shown(receipt) : null,
    })
  }

  /** The article of a page route, or the reply that answers instead (a 404 page, a 301). */
  async function articleOr (request: FastifyRequest, reply: FastifyReply, suffix: string): Promise<ArticleRecord | FastifyReply> {
    const { idOrSlug } = request.params as { idOrSlug: string }
    const found = await articles.find(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug }, await request.scope.viewer(), { comments: comments.firstPageRows({ first: COMMENTS_PAGE }) })
    if (!found) return errorPage(reply, 404)
    if (!found.canonical) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      return reply.redirect(`${path('articles', found.article.slug)}${suffix}${query}`, 301)
    }
    return found.article
  }
  const isReply = (value: ArticleRecord | FastifyReply): value is FastifyReply => typeof (value as FastifyReply).send === 'function'

  app.get('/articles/:idOrSlug', { config: { freshness: 'comments' }, schema: { params: IdOrSlug } }, async (request, reply) => {
    const article = await articleOr(request, reply, '')
    return isReply(article) ? article : articlePage(request, reply, article)
  })

  // The comment form without script: the same submission as the API's (limits, honeypot,
  // rate limit), answered with the article page and the author's receipt.
  app.post('/articles/:idOrSlug/comments', {
    schema: {
      params: IdOrSlug,
      body: Type.Object({
        authorName: Type.Optional(Type.String()),
        authorEmail: Type.Optional(Type.String()),
        body: Type.Optional(Type.String()),
        website: Type.Optional(Type.String()),
        parentId: Type.Optional(Type.String()),
      }),
    },
  }, async (request, reply) => {
    const article = await articleOr(request, reply, '/comments')
    if (isReply(article)) return article
    const form = request.body as Record<string, string | undefined>
    const receipt = await comments.submit({
      articleId: article.id,
      parentId: form.parentId ? form.parentId : null,
      authorName: form.authorName ?? '',
      authorEmail: form.authorEmail ? form.authorEmail : null,
      body: form.body ?? '',
      website: form.website ? form.website : null,
    }, submissionOf(request, reply))
    return articlePage(request, reply.code(201), article, receipt)
  })

  app.get('/articles/:idOrSlug/print', { config: { freshness: 'content' }, schema: { params: IdOrSlug } }, async (request, reply) => {
    const article = await articleOr(request, reply, '/print')
    if (isReply(article)) return article
    return printPage(request, reply, article)
  })

  // Draft previews (previews.service.ts): the article a link's token shows, whatever its status,
  // for whoever has the link. Never cached by anyone, never indexed, and the token never leaves in
  // a Referer header; an unknown, expired or revoked link is a 404 page like any other.
  const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) })
  const previewOf = async (request: FastifyRequest, reply: FastifyReply): Promise<{ article: ArticleRecord, token: string } | null> => {
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer')
    const { token } = request.params as { token: string }
    const article = await app.services.previews.article(token)
    return article ? { article, token } : null
  }
  app.get('/preview/:token', { schema: { params: Token } }, async (request, reply) => {
    const found = await previewOf(request, reply)
    return found ? articlePage(request, reply, found.article, null, { token: found.token }) : errorPage(reply, 404)
  })
  app.get('/preview/:token/print', { schema: { params: Token } }, async (request, reply) => {
    const found = await previewOf(request, reply)
    return found ? printPage(request, reply, found.article) : errorPage(reply, 404)
  })

  async function printPage (request: FastifyRequest, reply: FastifyReply, article: ArticleRecord) {
    const tree = await request.scope.sectionTree(article.treeVersion)
    return html(reply).view('print.eta', {
      lang: article.language,
      dir: directionOf(article.language).toLowerCase(),
      siteName: site.settings.name,
      article,
      paragraphs: await articles.paragraphs(article),
      sectionPath: tree.path(article.sectionId).map((s) => s.name),
      publishedAt: article.publishedAt?.toISOString() ?? '',
      dateLabel: dateLabel(article.publishedAt, article.language),
      canonicalUrl: articles.links.url(article),
      labels: labelsFor(article.language),
    })
  }
}
