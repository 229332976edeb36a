// XML in tests: saxes, a strict XML 1.0 + namespaces parser, says whether a document is well
// formed as a feed reader or validator would (disallowed characters, `]]>` in text, unbound
// prefixes: fast-xml-parser's validator lets these through); fast-xml-parser gives its structure.
import { XMLParser } from 'fast-xml-parser'
import { SaxesParser } from 'saxes'

/** null when `xml` is a well-formed, namespace-well-formed XML 1.0 document, else the first error. */
export function xmlError (xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true })
  let error: string | null = null
  parser.on('error', (err) => { error ??= err.message })
  try {
    parser.write(xml).close()
  } catch (err) {
    error ??= (err as Error).message
  }
  return error
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // repeatable elements as arrays (Atom's link, not RSS's single channel link)
  isArray: (name, jpath) => ['item', 'entry', 'category', 'url', 'sitemap', 'author', 'enclosure', 'atom:link'].includes(name) || (name === 'link' && String(jpath).startsWith('feed')),
})

/** The document as objects: attributes as `@name`, an element with attributes and text has `#text`. */
export const parseXml = (xml: string): any => parser.parse(xml)

/** An element's text whether it carries attributes (`{ '#text' }`) or not. */
export const text = (node: unknown): string => typeof node === 'object' && node !== null ? String((node as Record<string, unknown>)['#text'] ?? '') : String(node ?? '')
