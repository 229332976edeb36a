// Sitemaps (issue 15), written by the `sitemap` package's streams (escaping, namespaces, limits):
// - /sitemap.xml: a sitemap index of the sections sitemap and the article pages;
// - /sitemaps/articles-<n>.xml: SITEMAP_PAGE_SIZE (≤ 50,000) visible articles each, oldest
//   first, `lastmod` the later of their last change and publication, streamed from keyset
//   batches (a page is never held in memory);
// - /sitemaps/sections.xml: the home page and every section page;
// - /news-sitemap.xml: Google News: visible articles published in the last 48 hours (at most
//   1,000, newest first), with the publication's name, the article's language and title.
import { pipeline, Readable } from 'node:stream'
import { ErrorLevel, SitemapIndexStream, SitemapStream, type SitemapItemLoose } from 'sitemap'
import type { Clock } from '../../lib/clock.ts'
import type { ArticleLinks } from '../articles/articles.links.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { SitemapsRepository, SitemapRow } from './sitemaps.repository.ts'

/** The sitemap protocol's limit of URLs in one sitemap. */
export const MAX_SITEMAP_URLS = 50_000
/** Google News: articles of the last two days, at most 1,000 URLs. */
export const NEWS_WINDOW_MS = 48 * 3600_000
export const NEWS_MAX_URLS = 1_000

const NO_EXTENSIONS = { news: false, xhtml: false, image: false, video: false }

/** Google News wants an ISO 639 code: the language subtag (zh-cn and zh-tw keep their region). */
export function newsLanguage (language: string): string {
  const lower = language.toLowerCase()
  if (lower === 'zh-cn' || lower === 'zh-tw') return lower
  return lower.split('-')[0] as string
}

export interface SitemapOptions {
  publicUrl: string
  pageSize: number
  publicationName: string
  /** where the stream's item errors go (a value the protocol refuses; it is left out) */
  warn: (err: Error) => void
}

export class SitemapsService {
  constructor (
    private readonly repo: SitemapsRepository,
    private readonly clock: Clock,
    private readonly links: ArticleLinks,
    private readonly opts: SitemapOptions
  ) {}

  /** The sitemap index: the sections sitemap and one entry per page of articles (one statement). */
  async index (): Promise<Readable> {
    const pages = await this.repo.pages(this.opts.pageSize, this.clock.now())
    const items = [
      { url: `${this.opts.publicUrl}/sitemaps/sections.xml` },
      ...pages.map((p) => ({ url: `${this.opts.publicUrl}/sitemaps/articles-${p.page}.xml`, lastmod: p.lastmod.toISOString() })),
    ]
    return this.write(Readable.from(items), new SitemapIndexStream({ level: ErrorLevel.SILENT }))
  }

  /**
   * Page `page` of the articles, or null past the last page (a sitemap must list at least one
   * URL: a site with no visible article has none). The first batch is read before answering, so
   * a page that does not exist is a 404, not an empty stream.
   */
  async articles (page: number): Promise<Readable | null> {
    const batches = this.repo.page(page, this.opts.pageSize, this.clock.now())
    const first = await batches.next()
    if (first.done) return null
    const head = first.value
    const links = this.links
    async function * items (): AsyncGenerator<SitemapItemLoose> {
      const toItem = (r: SitemapRow): SitemapItemLoose => ({ url: links.url(r), lastmod: r.lastmod.toISOString() })
      for (const row of head) yield toItem(row)
      for await (const batch of batches) for (const row of batch) yield toItem(row)
    }
    return this.write(Readable.from(items()), this.urlset(NO_EXTENSIONS))
  }

  /** The home page and every section page, in tree order. */
  sections (tree: SectionTree): Readable {
    const base = this.opts.publicUrl
    const items = [{ url: `${base}/` }, ...tree.all().map((s) => ({ url: `${base}/sections/${encodeURIComponent(s.slug)}` }))]
    return this.write(Readable.from(items), this.urlset(NO_EXTENSIONS))
  }

  /** The Google News sitemap (one statement). */
  async news (): Promise<Readable> {
    const now = this.clock.now()
    const rows = await this.repo.recent(new Date(now.getTime() - NEWS_WINDOW_MS), now, NEWS_MAX_URLS)
    const items = rows.map((r): SitemapItemLoose => ({
      url: this.links.url(r),
      lastmod: r.lastmod.toISOString(),
      news: {
        publication: { name: this.opts.publicationName, language: newsLanguage(r.language) },
        publication_date: r.publishedAt.toISOString(),
        title: r.title,
      },
    }))
    return this.write(Readable.from(items), this.urlset({ ...NO_EXTENSIONS, news: true }))
  }

  private urlset (xmlns: typeof NO_EXTENSIONS): SitemapStream {
    return new SitemapStream({ xmlns, errorHandler: (err) => { this.opts.warn(err) } })
  }

  /** source → sitemap writer; an error on either side ends the answer (the writer is destroyed). */
  private write (source: Readable, writer: SitemapStream | SitemapIndexStream): Readable {
    return pipeline(source, writer, () => {})
  }
}
