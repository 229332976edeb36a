import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { Clock } from './lib/clock.ts'
import { CommentsRepository } from './modules/comments/comments.repository.ts'
import { CommentsService } from './modules/comments/comments.service.ts'
import { IdempotencyRepository } from './modules/idempotency/idempotency.repository.ts'
import { AuthRepository } from './modules/auth/auth.repository.ts'
import { AuthService, type Viewer } from './modules/auth/auth.service.ts'
import { ArticleWritesRepository } from './modules/articles/articles-editorial.repository.ts'
import { ArticleWritesService } from './modules/articles/articles-editorial.service.ts'
import { ArticlesRepository } from './modules/articles/articles.repository.ts'
import { ArticlesService } from './modules/articles/articles.service.ts'
import type { SectionTree } from './modules/sections/sections.tree.ts'
import { SectionsRepository } from './modules/sections/sections.repository.ts'
import { SectionWritesService } from './modules/sections/sections-editorial.service.ts'
import { SectionsService } from './modules/sections/sections.service.ts'
import { SearchRepository } from './modules/search/search.repository.ts'
import { SearchService } from './modules/search/search.service.ts'
import { Lexicon } from './modules/search/search.lexicon.ts'
import { ViewsRepository } from './modules/views/views.repository.ts'
import { ViewsService } from './modules/views/views.service.ts'
import { SiteRepository } from './modules/site/site.repository.ts'
import { SiteService, type Versions } from './modules/site/site.service.ts'
import { WebhooksRepository } from './modules/webhooks/webhooks.repository.ts'
import { WebhooksService } from './modules/webhooks/webhooks.service.ts'
import { ImportsRepository } from './modules/imports/imports.repository.ts'
import { ImportsService } from './modules/imports/imports.service.ts'
import { ArticleLinks } from './modules/articles/articles.links.ts'
import { FeedsService } from './modules/feeds/feeds.service.ts'
import { SitemapsRepository } from './modules/feeds/sitemaps.repository.ts'
import { SitemapsService } from './modules/feeds/sitemaps.service.ts'
import { CurationRepository } from './modules/curation/curation.repository.ts'
import { CurationService } from './modules/curation/curation.service.ts'
import { TagsRepository } from './modules/tags/tags.repository.ts'
import { TagsService } from './modules/tags/tags.service.ts'
import { AuthorsRepository } from './modules/authors/authors.repository.ts'
import { AuthorsService } from './modules/authors/authors.service.ts'
import { PreviewsRepository } from './modules/previews/previews.repository.ts'
import { PreviewsService } from './modules/previews/previews.service.ts'
import { CommentReportsRepository } from './modules/comments/comments-reports.repository.ts'
import { CommentReportsService } from './modules/comments/comments-reports.service.ts'

/** The service layer: GraphQL resolvers and REST routes both call these, and nothing else. */
export interface Services {
  site: SiteService
  sections: SectionsService
  articles: ArticlesService
  articleWrites: ArticleWritesService
  sectionWrites: SectionWritesService
  comments: CommentsService
  search: SearchService
  /** view counts: buffered here, flushed by views.plugin.ts */
  views: ViewsService
  auth: AuthService
  /** the Idempotency-Key store, swept of expired keys by the app */
  idempotency: IdempotencyRepository
  /** the webhook outbox: filled by recorded changes, delivered by webhooks.plugin.ts */
  webhooks: WebhooksService
  /** the legacy import (npm run import, POST /api/v1/imports) */
  imports: ImportsService
  /** RSS, Atom and JSON feeds of the site, sections and tags */
  feeds: FeedsService
  /** the sitemap index, article and section sitemaps, the news sitemap */
  sitemaps: SitemapsService
  /** featured slots of the front pages and breaking news */
  curation: CurationService
  /** tags with their visible article counts */
  tags: TagsService
  /** people credited on articles */
  authors: AuthorsService
  /** draft preview links */
  previews: PreviewsService
  /** readers' reports on comments, erasure of a commenter's data */
  commentReports: CommentReportsService
}

export function createServices (deps: {
  db: Database
  config: Config
  clock: Clock
  warn?: (err: Error) => void
  /** the current versions as the caching layer remembers them (default: read them) */
  versions?: () => Promise<Versions>
}): Services {
  const { db, config, clock } = deps
  const webhooks = new WebhooksService(new WebhooksRepository(db), config.WEBHOOK_URLS, clock)
  // every recorded change (and go-live) also goes to the webhook outbox, in the same transaction
  const siteRepository = new SiteRepository(db, (tx, at, articleIds, sectionIds) => webhooks.contentChanged(tx, at, articleIds, sectionIds))
  const sectionsRepository = new SectionsRepository(db)
  const articlesRepository = new ArticlesRepository(db)
  const idempotency = new IdempotencyRepository(db)
  const commentsRepository = new CommentsRepository(db)
  const comments = new CommentsService(commentsRepository, articlesRepository, idempotency, clock, {
    maxLinks: config.COMMENT_MAX_LINKS,
    duplicateWindow: config.COMMENT_DUPLICATE_WINDOW,
    idempotencyTtl: config.IDEMPOTENCY_TTL,
    clientSalt: config.CLIENT_HASH_SALT,
  })
  const sectionWrites = new SectionWritesService(sectionsRepository, siteRepository, clock)
  const articleWrites = new ArticleWritesService(new ArticleWritesRepository(db), siteRepository, clock, config.SITE_DEFAULT_LOCALE)
  const site = new SiteService(siteRepository, {
    name: config.SITE_NAME,
    defaultLocale: config.SITE_DEFAULT_LOCALE,
    timeZone: config.SITE_TIME_ZONE,
  }, clock)
  const links = new ArticleLinks(config.PUBLIC_URL, config.ARTICLE_URL_PATTERN)
  const authors = new AuthorsService(new AuthorsRepository(db), siteRepository, clock)
  const curation = new CurationService(new CurationRepository(db), siteRepository, clock, deps.versions ?? (() => site.versions()))
  const articles = new ArticlesService(articlesRepository, clock, links, (tree, sectionId) => curation.featured(tree, sectionId))
  return {
    site,
    sections: new SectionsService(sectionsRepository, clock),
    sectionWrites,
    articles,
    comments,
    articleWrites,
    search: new SearchService(new SearchRepository(db), new Lexicon(db), clock),
    views: new ViewsService(new ViewsRepository(db, config.SITE_TIME_ZONE), clock, (client) => comments.hashClient(client), config.VIEW_BUFFER_MAX),
    auth: new AuthService(new AuthRepository(db), clock),
    idempotency,
    webhooks,
    imports: new ImportsService(new ImportsRepository(db), articleWrites, sectionWrites, siteRepository, clock, config.SITE_TIME_ZONE),
    feeds: new FeedsService(articles, site, links, config.PUBLIC_URL, authors),
    curation,
    tags: new TagsService(new TagsRepository(db), clock),
    authors,
    commentReports: new CommentReportsService(new CommentReportsRepository(db), comments, commentsRepository, clock),
    previews: new PreviewsService(new PreviewsRepository(db), clock, config.PUBLIC_URL, async (id) => (await articlesRepository.findMany([id], 'staff', clock.now())).length > 0),
    sitemaps: new SitemapsService(new SitemapsRepository(db), clock, links, {
      publicUrl: config.PUBLIC_URL,
      pageSize: config.SITEMAP_PAGE_SIZE,
      publicationName: config.SITE_NAME,
      warn: deps.warn ?? (() => {}),
    }),
  }
}

/** What one request loads at most once, whichever resolvers or handlers ask for it. */
export class RequestScope {
  private tree: Promise<SectionTree> | undefined
  private caller: Promise<Viewer | null> | undefined

  /**
   * `live`: the scope of a subscription, which lasts as long as its socket: the caller is
   * authenticated again whenever it is asked for (each event), so a token revoked while the
   * socket is open stops seeing the staff view at the next event. Anonymous callers cost nothing.
   */
  constructor (
    private readonly services: Services,
    private readonly authorization?: string,
    readonly live = false
  ) {}

  /** The caller (null: anonymous). A bad, unknown or revoked token rejects with UNAUTHENTICATED. */
  viewer (): Promise<Viewer | null> {
    if (this.live && this.authorization) return this.services.auth.authenticate(this.authorization)
    this.caller ??= this.services.auth.authenticate(this.authorization)
    return this.caller
  }

  /**
   * The section tree, once per request. `atLeast`: a tree version read in the same snapshot as the
   * rows the caller holds (ArticleRecord.treeVersion); the process's cached tree serves it with no SQL
   * when it is that new.
   */
  sectionTree (atLeast?: string | null): Promise<SectionTree> {
    this.tree ??= this.services.sections.loadTree(atLeast)
    return this.tree
  }

  /** After a write in this request: what is read next must see it. */
  invalidate (): void {
    this.tree = undefined
  }
}
