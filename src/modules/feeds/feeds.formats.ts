// The three feed formats of one feed (issue 15): RSS 2.0 (with content:encoded, Dublin Core and
// Media RSS), Atom (RFC 4287) and JSON Feed 1.1, from the same FeedDocument.
//
// XML is built with xmlbuilder2, which escapes every text and attribute value and drops the
// characters XML 1.0 cannot carry (control characters, U+FFFE/FFFF, lone surrogates), so no
// title or body can break a document. It also leaves what looks like an entity (`&lt;`) as it is
// (no double encoding), which would turn an escaped `<` of a body back into markup: every value
// goes in through add(), which escapes its `&` first, so each comes out exactly as given. (The `feed` package was the first choice; its 6.0 writes
// JSON Feed 1.0, leaves `<` unescaped in Atom attributes and escapes only the first `]]>` of a
// CDATA section, so hostile text could break its XML.) JSON Feed is a plain object serialised by
// JSON.stringify.
//
// Text fields (titles, Atom summaries) are plain text; HTML fields (RSS description and
// content:encoded, Atom content, JSON content_html) are HTML the service builds with every value
// escaped. An article's text survives exactly: a parser gives back the title as stored.
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { escapeHtml } from '../../lib/html.ts'
import { directionOf } from '../../lib/direction.ts'

export interface FeedImage { url: string, alt: string | null, caption: string | null, credit: string | null, width: number | null, height: number | null }

export interface FeedEntry {
  /** the article's id (stable; the slug may change) */
  id: string
  title: string
  /** the canonical URL (ARTICLE_URL_PATTERN) */
  url: string
  summary: string | null
  paragraphs: string[]
  language: string
  publishedAt: Date
  /** the later of its last change and its publication (a scheduled article goes live without a write) */
  updatedAt: Date
  section: { name: string, url: string }
  tags: string[]
  byline: string | null
  image: FeedImage | null
}

export interface FeedDocument {
  title: string
  description: string
  language: string
  /** the page this feed follows (the reader site's home or section page) */
  homeUrl: string
  /** this feed's own URL in each format */
  links: { rss: string, atom: string, json: string }
  /** the newest change of what the feed lists */
  updated: Date
  /** the site (publisher, and Atom's feed-level author) */
  publisher: string
  entries: FeedEntry[]
}

export const FEED_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const

export type FeedFormat = keyof typeof FEED_TYPES

const GENERATOR = 'news-content-api'

/** An image's media type from its file name, for RSS enclosures (which must say one). */
const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml' }
function imageType (url: string): string | null {
  try {
    const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? ''
    return IMAGE_TYPES[ext] ?? null
  } catch {
    return null
  }
}

/** The article's body as HTML: escaped paragraphs in a block that carries its language and direction. */
export function bodyHtml (entry: Pick<FeedEntry, 'paragraphs' | 'language'>): string {
  const dir = directionOf(entry.language).toLowerCase()
  return `<div lang="${escapeHtml(entry.language)}" dir="${dir}">${entry.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div>`
}

const document = (): XMLBuilder => create({ version: '1.0', encoding: 'utf-8', invalidCharReplacement: '' })

/** `&` escaped, so xmlbuilder2 (which escapes `<`, `>` and quotes) writes the value exactly. */
const exact = (value: string): string => value.replaceAll('&', '&amp;')

/** A child element with attributes and text, every value written exactly. */
function add (parent: XMLBuilder, name: string, attributes: Record<string, string | null | undefined> = {}, text?: string): XMLBuilder {
  const attrs: Record<string, string> = {}
  for (const [key, value] of Object.entries(attributes)) if (value !== null && value !== undefined) attrs[key] = exact(value)
  const node = parent.ele(name, attrs)
  if (text !== undefined) node.txt(exact(text))
  return node
}

export function rss (feed: FeedDocument): string {
  const root = document().ele('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:dcterms': 'http://purl.org/dc/terms/',
    'xmlns:media': 'http://search.yahoo.com/mrss/',
  })
  const channel = add(root, 'channel')
  add(channel, 'title', {}, feed.title)
  add(channel, 'link', {}, feed.homeUrl)
  add(channel, 'description', {}, feed.description)
  add(channel, 'language', {}, feed.language)
  add(channel, 'lastBuildDate', {}, feed.updated.toUTCString())
  add(channel, 'generator', {}, GENERATOR)
  add(channel, 'docs', {}, 'https://www.rssboard.org/rss-specification')
  add(channel, 'atom:link', { href: feed.links.rss, rel: 'self', type: 'application/rss+xml' })
  for (const e of feed.entries) {
    const item = add(channel, 'item')
    add(item, 'title', {}, e.title)
    add(item, 'link', {}, e.url)
    add(item, 'guid', { isPermaLink: 'false' }, e.id)
    add(item, 'pubDate', {}, e.publishedAt.toUTCString())
    add(item, 'dcterms:modified', {}, e.updatedAt.toISOString())
    add(item, 'description', {}, escapeHtml(e.summary ?? e.paragraphs[0] ?? ''))
    add(item, 'content:encoded', {}, bodyHtml(e))
    add(item, 'category', { domain: e.section.url }, e.section.name)
    for (const tag of e.tags) add(item, 'category', {}, tag)
    if (e.byline) add(item, 'dc:creator', {}, e.byline)
    add(item, 'dc:language', {}, e.language)
    if (e.image) {
      const type = imageType(e.image.url)
      if (type) add(item, 'enclosure', { url: e.image.url, length: '0', type })
      const media = add(item, 'media:content', { url: e.image.url, medium: 'image', type, width: e.image.width?.toString(), height: e.image.height?.toString() })
      const text = e.image.caption ?? e.image.alt
      if (text) add(media, 'media:description', { type: 'plain' }, text)
      if (e.image.credit) add(media, 'media:credit', {}, e.image.credit)
    }
  }
  return root.end({ prettyPrint: true })
}

export function atom (feed: FeedDocument): string {
  const root = document().ele('http://www.w3.org/2005/Atom', 'feed', { 'xml:lang': exact(feed.language) })
  add(root, 'id', {}, feed.links.atom)
  add(root, 'title', { type: 'text' }, feed.title)
  add(root, 'subtitle', { type: 'text' }, feed.description)
  add(root, 'updated', {}, feed.updated.toISOString())
  add(root, 'link', { rel: 'self', type: 'application/atom+xml', href: feed.links.atom })
  add(root, 'link', { rel: 'alternate', type: 'text/html', href: feed.homeUrl })
  add(add(root, 'author'), 'name', {}, feed.publisher)
  add(root, 'generator', {}, GENERATOR)
  for (const e of feed.entries) {
    const entry = add(root, 'entry', { 'xml:lang': e.language })
    add(entry, 'id', {}, `urn:uuid:${e.id}`)
    add(entry, 'title', { type: 'text' }, e.title)
    add(entry, 'link', { rel: 'alternate', type: 'text/html', href: e.url })
    add(entry, 'published', {}, e.publishedAt.toISOString())
    add(entry, 'updated', {}, e.updatedAt.toISOString())
    if (e.summary) add(entry, 'summary', { type: 'text' }, e.summary)
    add(entry, 'content', { type: 'html' }, bodyHtml(e))
    if (e.byline) add(add(entry, 'author'), 'name', {}, e.byline)
    add(entry, 'category', { term: e.section.name, scheme: e.section.url, label: e.section.name })
    for (const tag of e.tags) add(entry, 'category', { term: tag })
    if (e.image) add(entry, 'link', { rel: 'enclosure', href: e.image.url, type: imageType(e.image.url), title: e.image.alt })
  }
  return root.end({ prettyPrint: true })
}

export function jsonFeed (feed: FeedDocument): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.links.json,
    description: feed.description,
    language: feed.language,
    authors: [{ name: feed.publisher }],
    items: feed.entries.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      content_html: bodyHtml(e),
      ...(e.summary ? { summary: e.summary } : {}),
      ...(e.image ? { image: e.image.url } : {}),
      date_published: e.publishedAt.toISOString(),
      date_modified: e.updatedAt.toISOString(),
      ...(e.byline ? { authors: [{ name: e.byline }] } : {}),
      tags: [e.section.name, ...e.tags.filter((t) => t !== e.section.name)],
      language: e.language,
    })),
  }, null, 2)
}

export const WRITERS: Record<FeedFormat, (feed: FeedDocument) => string> = { rss, atom, json: jsonFeed }
