// Feeds (issue 15): the newest visible articles of the site, a section (with its subsections) or
// a tag, as one FeedDocument that feeds.formats.ts writes as RSS, Atom or JSON Feed. A feed is
// one list statement (ArticlesService.list with bodies, no count): the same content-state rule,
// order and section filter as every list of the API.
import type { ArticleLinks } from '../articles/articles.links.ts'
import type { ArticleRecord, ArticlesService } from '../articles/articles.service.ts'
import type { SectionRecord } from '../sections/sections.repository.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { SiteService } from '../site/site.service.ts'
import type { AuthorRecord, AuthorsService } from '../authors/authors.service.ts'
import { labelsFor } from '../reader/reader.labels.ts'
import type { FeedDocument, FeedEntry, FeedFormat } from './feeds.formats.ts'

/** How many articles a feed lists. */
export const FEED_SIZE = 50

export type FeedScope = { kind: 'site' } | { kind: 'section', slug: string } | { kind: 'tag', tag: string } | { kind: 'author', slug: string }

export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' }

const enc = encodeURIComponent

/** A URL as feeds carry it: percent-encoded (an enclosure's url is a URI, not an IRI). */
const hrefOf = (url: string): string => {
  try {
    return new URL(url).href
  } catch {
    return url // writes check image URLs; only old data could get here
  }
}

export class FeedsService {
  constructor (
    private readonly articles: ArticlesService,
    private readonly site: SiteService,
    private readonly links: ArticleLinks,
    private readonly publicUrl: string,
    private readonly authors: Pick<AuthorsService, 'find'>
  ) {}

  sectionUrl (section: Pick<SectionRecord, 'slug'>): string {
    return `${this.publicUrl}/sections/${enc(section.slug)}`
  }

  /** The path of a feed (from the service's root), in each format. */
  feedPaths (scope: FeedScope): Record<FeedFormat, string> {
    const base = scope.kind === 'site'
      ? '/feeds'
      : scope.kind === 'section' ? `/feeds/sections/${enc(scope.slug)}` : scope.kind === 'author' ? `/feeds/authors/${enc(scope.slug)}` : `/feeds/tags/${enc(scope.tag)}`
    return { rss: `${base}/${FEED_FILES.rss}`, atom: `${base}/${FEED_FILES.atom}`, json: `${base}/${FEED_FILES.json}` }
  }

  /**
   * The feed of `scope`, or null for a section or author that does not exist. A tag nobody used yet has an
   * empty feed (a partner may subscribe before its first story). `lastUpdatedAt`: the site's, the
   * feed's date when it lists nothing.
   */
  async feed (tree: SectionTree, scope: FeedScope, lastUpdatedAt: Date): Promise<FeedDocument | null> {
    const siteName = this.site.settings.name
    const language = this.site.settings.defaultLocale
    const latest = labelsFor(language).latest
    let section: SectionRecord | undefined
    if (scope.kind === 'section') {
      // the slug as a client typed it, cleaned the way slugs are; ids[0] is the section itself
      const filter = tree.sectionFilter(scope.slug)
      section = filter.ids ? tree.get(filter.ids[0] as string) : undefined
      if (!section) return null
    }
    let author: AuthorRecord | null = null
    if (scope.kind === 'author') {
      author = await this.authors.find({ slug: scope.slug })
      if (!author) return null
    }
    const page = await this.articles.list(tree, {
      section: section ? { id: section.id } : null,
      tag: scope.kind === 'tag' ? scope.tag : null,
      author: author ? { id: author.id } : null,
      first: FEED_SIZE,
      withBodies: true,
      withTotal: false,
    }, null)
    const entries = page.edges.map(({ node }) => this.entry(tree, node))
    const updated = entries.reduce<Date | null>((max, e) => max === null || e.updatedAt > max ? e.updatedAt : max, null) ?? lastUpdatedAt
    const paths = this.feedPaths(scope)
    const url = (path: string): string => `${this.publicUrl}${path}`
    const name = section?.name ?? author?.name ?? (scope.kind === 'tag' ? scope.tag : null)
    return {
      title: name === null ? siteName : `${name} · ${siteName}`,
      description: `${name ?? siteName}: ${latest}`,
      language,
      homeUrl: section ? this.sectionUrl(section) : author ? `${this.publicUrl}/authors/${enc(author.slug)}` : `${this.publicUrl}/`,
      links: { rss: url(paths.rss), atom: url(paths.atom), json: url(paths.json) },
      updated,
      publisher: siteName,
      entries,
    }
  }

  private entry (tree: SectionTree, a: ArticleRecord): FeedEntry {
    const section = tree.get(a.sectionId) as SectionRecord
    const publishedAt = a.publishedAt as Date // visible articles are published
    return {
      id: a.id,
      title: a.title,
      url: this.links.url(a),
      summary: a.summary,
      paragraphs: a.paragraphs ?? [],
      language: a.language,
      publishedAt,
      updatedAt: a.updatedAt > publishedAt ? a.updatedAt : publishedAt,
      section: { name: section.name, url: this.sectionUrl(section) },
      tags: a.tags,
      byline: a.byline,
      image: a.image
        ? { url: hrefOf(a.image.url), alt: a.image.alt ?? null, caption: a.image.caption ?? null, credit: a.image.credit ?? null, width: a.image.width ?? null, height: a.image.height ?? null }
        : null,
    }
  }
}
