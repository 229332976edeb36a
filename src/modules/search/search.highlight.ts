// Matches as a reader sees them. PostgreSQL says which words of the normalised text matched (the
// same stemming and variants as the search: ts_headline with HighlightAll over search_normalize()
// of the field); normalizeMapped() carries those places back to the text as written, where the
// snippet marks them and the UTF-16 ranges point.
import { normalizeMapped } from '../../lib/arabic.ts'
import { escapeHtml } from '../../lib/html.ts'
import { MARK_END, MARK_START } from './search.repository.ts'

export type SearchField = 'title' | 'summary' | 'body'
export interface TextRange { field: SearchField, start: number, length: number }

const MARKS = new RegExp(`(${MARK_START}|${MARK_END})`)

/**
 * The matched ranges [start, end) of `original` (UTF-16 offsets), from ts_headline's marking of its
 * normalised form; null when the marked text is not the normalised form this process computes
 * (a character the two normalisations treat apart): no ranges rather than wrong ones.
 */
export function matchedRanges (original: string, marked: string | null): Array<[number, number]> | null {
  if (marked === null) return []
  if (!marked.includes(MARK_START)) return []
  const mapped = normalizeMapped(original)
  const pieces: string[] = []
  let length = 0
  let open = -1
  const found: Array<[number, number]> = []
  for (const piece of marked.split(MARKS)) {
    if (piece === MARK_START) open = length
    else if (piece === MARK_END) {
      if (open >= 0 && length > open) found.push([open, length])
      open = -1
    } else {
      pieces.push(piece)
      length += piece.length
    }
  }
  if (pieces.join('') !== mapped.text) return null
  return found.map(([s, e]) => [mapped.origin(s), mapped.originEnd(e - 1)])
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
export function highlightOf (fields: Array<{ field: SearchField, text: string | null, marked: string | null }>): Highlight {
  const matches: TextRange[] = []
  const ranges = new Map<SearchField, Array<[number, number]>>()
  for (const { field, text, marked: m } of fields) {
    if (text === null) continue
    const found = matchedRanges(text, m) ?? []
    ranges.set(field, found)
    for (const [s, e] of found) matches.push({ field, start: s, length: e - s })
  }
  const order: SearchField[] = ['body', 'summary', 'title']
  const source = order.find((f) => (ranges.get(f)?.length ?? 0) > 0) ?? (fields.find((f) => f.field === 'summary')?.text ? 'summary' : 'body')
  const text = fields.find((f) => f.field === source)?.text ?? ''
  return { highlight: snippet(text, ranges.get(source) ?? []), matches }
}
