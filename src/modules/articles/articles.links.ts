// An article's public links: its canonical URL (ARTICLE_URL_PATTERN, served by the reader site),
// its printable page (PUBLIC_URL/articles/<slug>/print) and the "send to a friend" links the
// legacy page offered, for GraphQL (`printUrl`, `share`), REST and the reader site alike. Every
// value is percent-encoded as UTF-8 (encodeURIComponent), so an Arabic title and slug survive
// any mail client or share endpoint and decode back exactly.

export interface ShareLinks {
  /** the canonical URL */
  url: string
  /** mailto: with the title as subject, the title and URL as body (RFC 6068) */
  email: string
  whatsapp: string
  telegram: string
  x: string
  facebook: string
}

interface Linkable { id: string, slug: string, title: string }

const enc = encodeURIComponent

export class ArticleLinks {
  constructor (private readonly publicUrl: string, private readonly pattern: string) {}

  /** The canonical URL: the pattern with {PUBLIC_URL}, {slug} and {id} filled in. */
  url (a: Pick<Linkable, 'id' | 'slug'>): string {
    return this.pattern.replaceAll('{PUBLIC_URL}', this.publicUrl).replaceAll('{slug}', enc(a.slug)).replaceAll('{id}', a.id)
  }

  /** The printable page, served by this service. */
  printUrl (a: Pick<Linkable, 'slug'>): string {
    return `${this.publicUrl}/articles/${enc(a.slug)}/print`
  }

  share (a: Linkable): ShareLinks {
    const url = this.url(a)
    return {
      url,
      // RFC 6068: spaces as %20, line breaks in a body as %0D%0A
      email: `mailto:?subject=${enc(a.title)}&body=${enc(`${a.title}\r\n${url}`)}`,
      whatsapp: `https://wa.me/?text=${enc(`${a.title} ${url}`)}`,
      telegram: `https://t.me/share/url?url=${enc(url)}&text=${enc(a.title)}`,
      x: `https://x.com/intent/tweet?text=${enc(a.title)}&url=${enc(url)}`,
      facebook: `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}`,
    }
  }
}

/** ARTICLE_URL_PATTERN's default. */
export const DEFAULT_ARTICLE_URL_PATTERN = '{PUBLIC_URL}/articles/{slug}'
