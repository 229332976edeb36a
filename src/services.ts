import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { Clock } from './lib/clock.ts'
import { AuthRepository } from './modules/auth/auth.repository.ts'
import { AuthService, type Viewer } from './modules/auth/auth.service.ts'
import { ArticlesRepository } from './modules/articles/articles.repository.ts'
import { ArticlesService } from './modules/articles/articles.service.ts'
import type { SectionTree } from './modules/sections/section-tree.ts'
import { SectionsRepository } from './modules/sections/sections.repository.ts'
import { SectionsService } from './modules/sections/sections.service.ts'
import { SiteRepository } from './modules/site/site.repository.ts'
import { SiteService } from './modules/site/site.service.ts'

/** The service layer: GraphQL resolvers and REST routes both call these, and nothing else. */
export interface Services {
  site: SiteService
  sections: SectionsService
  articles: ArticlesService
  auth: AuthService
}

export function createServices (deps: { db: Database, config: Config, clock: Clock }): Services {
  const { db, config, clock } = deps
  return {
    site: new SiteService(new SiteRepository(db), {
      name: config.SITE_NAME,
      defaultLocale: config.SITE_DEFAULT_LOCALE,
      timeZone: config.SITE_TIME_ZONE,
    }, clock),
    sections: new SectionsService(new SectionsRepository(db), clock),
    articles: new ArticlesService(new ArticlesRepository(db), clock),
    auth: new AuthService(new AuthRepository(db), clock),
  }
}

/** What one request loads at most once, whichever resolvers or handlers ask for it. */
export class RequestScope {
  private tree: Promise<SectionTree> | undefined
  private caller: Promise<Viewer | null> | undefined

  constructor (
    private readonly services: Services,
    private readonly authorization?: string
  ) {}

  /** The caller (null: anonymous). A bad, unknown or revoked token rejects with UNAUTHENTICATED. */
  viewer (): Promise<Viewer | null> {
    this.caller ??= this.services.auth.authenticate(this.authorization)
    return this.caller
  }

  sectionTree (): Promise<SectionTree> {
    this.tree ??= this.services.sections.loadTree()
    return this.tree
  }
}
