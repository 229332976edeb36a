// Matches as a reader sees them. A field's words are found in its search form (textWords: the
// words of the normalisation that built the documents, each with the range of the text as written
// it came from); which of them matched is PostgreSQL's stemming (search.lexicon.ts); the snippet
// marks them, and the UTF-16 ranges point at them, in the text as written.
import { textWords, type PlacedWord, type TextWords } from '../../lib/arabic.ts'
import { escapeHtml } from '../../lib/html.ts'

export type SearchField = 'title' | 'summary' | 'body'
export interface TextRange { field: SearchField, start: number, length: number }

/** A field of a hit as written, and its words in search form. */
export interface HitField { field: SearchField, text: string | null, words: TextWords }

const NO_WORDS: TextWords = { lists: [], starts: [] }

export const hitField = (field: SearchField, text: string | null): HitField =>
  ({ field, text, words: text === null ? NO_WORDS : textWords(text) })

/** Adds every word of the field (in search form) to `to`. */
export function addWords ({ words: { lists } }: HitField, to: Set<string>): void {
  for (let i = 0; i < lists.length; i++) {
    const words = lists[i] as readonly PlacedWord[]
    for (let j = 0; j < words.length; j++) to.add((words[j] as PlacedWord)[0])
  }
}

/** The ranges [start, end) of the field as written (UTF-16 offsets) of the words that matched. */
export function matchedRanges ({ words: { lists, starts } }: HitField, matched: ReadonlySet<string>): Array<[number, number]> {
  const found: Array<[number, number]> = []
  for (let i = 0; i < lists.length; i++) {
    const words = lists[i] as readonly PlacedWord[]
    for (let j = 0; j < words.length; j++) {
      const [word, start, end] = words[j] as PlacedWord
      if (matched.has(word)) {
        const at = starts[i] as number
        found.push([at + start, at + end])
      }
    }
  }
  return found
}

/** `text` HTML-escaped, with the ranges (sorted, not overlapping) inside <mark>…</mark>. */
function marked (text: string, ranges: Array<[number, number]>, from: number, to: number): string {
  let out = ''
  let at = from
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue
    const start = Math.max(s, from)
    const end = Math.min(e, to)
    out += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>'
    at = end
  }
  return out + escapeHtml(text.slice(at, to))
}

const SNIPPET = 220
const LEAD = 60

/**
 * A snippet of about SNIPPET characters around the densest cluster of matches, cut at white
 * space, with "…" where it was cut. The whole text when it is short.
 */
export function snippet (text: string, ranges: Array<[number, number]>): string {
  if (text.length <= SNIPPET) return marked(text, ranges, 0, text.length)
  let best = ranges[0]?.[0] ?? 0
  let most = 0
  for (const [s] of ranges) {
    const count = ranges.filter(([x]) => x >= s && x < s + SNIPPET - LEAD).length
    if (count > most) { most = count; best = s }
  }
  let from = Math.max(0, best - LEAD)
  let to = Math.min(text.length, from + SNIPPET)
  if (to === text.length) from = Math.max(0, to - SNIPPET)
  // move the cuts to white space, never into a word or a match
  if (from > 0) {
    const space = text.lastIndexOf(' ', from)
    from = space > best - LEAD * 2 && space >= 0 ? space + 1 : from
    from = Math.min(from, best)
  }
  if (to < text.length) {
    const space = text.indexOf(' ', to)
    to = space >= 0 && space < to + 40 ? space : to
    const cut = ranges.find(([s, e]) => s < to && e > to)
    if (cut) to = cut[1]
  }
  return (from > 0 ? '…' : '') + marked(text, ranges, from, to).trim() + (to < text.length ? '…' : '')
}

export interface Highlight { highlight: string, matches: TextRange[] }

/**
 * The highlight of a hit: the snippet comes from the body where it matched, else the summary,
 * else the title; the matches list every field's ranges.
 */
export function highlightOf (fields: HitField[], matched: ReadonlySet<string>): Highlight {
  const matches: TextRange[] = []
  const ranges = new Map<SearchField, Array<[number, number]>>()
  for (const f of fields) {
    if (f.text === null) continue
    const found = matchedRanges(f, matched)
    ranges.set(f.field, found)
    for (const [s, e] of found) matches.push({ field: f.field, start: s, length: e - s })
  }
  const order: SearchField[] = ['body', 'summary', 'title']
  const source = order.find((f) => (ranges.get(f)?.length ?? 0) > 0) ?? (fields.find((f) => f.field === 'summary')?.text ? 'summary' : 'body')
  const text = fields.find((f) => f.field === source)?.text ?? ''
  return { highlight: snippet(text, ranges.get(source) ?? []), matches }
}
