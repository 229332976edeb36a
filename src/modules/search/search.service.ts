// Search (PRODUCT.md "Arabic search"): PostgreSQL full-text search over normalised documents in
// each article's language, widened with spelling variants when exact matches do not fill the page.
import { badUserInput } from '../../errors.ts'
import { isSpellingVariant, normalizeForSearch } from '../../lib/arabic.ts'
import type { Clock } from '../../lib/clock.ts'
import { pageRequest } from '../../lib/connection.ts'
import { decodePosition, EARLIEST, encodePosition, LATEST, listKey } from '../../lib/cursor.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../articles/articles.service.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import { addWords, highlightOf, hitField, type HitField, type TextRange } from './search.highlight.ts'
import type { Lexicon } from './search.lexicon.ts'
import type { SearchOrder, SearchPosition, SearchQuery, SearchRepository, SearchRow } from './search.repository.ts'

export type { SearchOrder, TextRange }

export const MAX_QUERY_LENGTH = 300
const MAX_TAG_LENGTH = 100
/**
 * Words of a query looked up for spelling variants; the closest words (trigrams) looked at per
 * word, and the variants kept among them: those with the word's spelling skeleton.
 */
const MAX_WIDENED_WORDS = 8
const CANDIDATES_PER_WORD = 16
const VARIANTS_PER_WORD = 4
/** Shorter words have too few trigrams to tell a variant from another word. */
const MIN_VARIANT_WORD = 4
export const MAX_RELATED = 20

export interface SearchArgs {
  query: string
  /** section slug: the section and its subsections; unknown → no hits */
  section?: string | null
  tag?: string | null
  /** published at or after */
  from?: Date | null
  /** published before */
  to?: Date | null
  orderBy?: SearchOrder | null
  first?: number | null
  after?: string | null
  /** walking backward: the `last` hits before `before` (without it: the list's end) */
  last?: number | null
  before?: string | null
  /** count every hit for totalCount (default true); GraphQL asks only when the field is selected */
  withTotal?: boolean
}

export interface SearchHit {
  cursor: string
  node: ArticleRecord
  score: number
  highlight: string
  matches: TextRange[]
}

export interface SearchConnection {
  edges: SearchHit[]
  pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }
  /** null when not asked for (withTotal false) */
  totalCount: number | null
}

/** A query's words as websearch syntax reads them: OR-separated clauses of words, phrases and exclusions. */
interface Term { words: string[], negated: boolean, phrase: boolean }

export function parseQuery (normalised: string): Term[][] {
  const clauses: Term[][] = [[]]
  for (const token of normalised.match(/-?"[^"]*"?|[^\s"]+/g) ?? []) {
    if (token.toLowerCase() === 'or') {
      clauses.push([])
      continue
    }
    const negated = token.startsWith('-') && token.length > 1
    const phrase = token.startsWith('"') || token.startsWith('-"')
    const words = token.match(/[\p{L}\p{N}]+/gu) ?? []
    if (words.length > 0) (clauses.at(-1) as Term[]).push({ words, negated, phrase })
  }
  return clauses.filter((c) => c.some((t) => !t.negated))
}

/**
 * Whether the query is single words OR-ed: no AND (two words in a clause, or a word the parser
 * splits), no phrase, no exclusion. Then a document holding one of its words is a match.
 */
export function wordsAreMatches (normalised: string, clauses: Term[][]): boolean {
  if (/(^|\s)-\S/.test(normalised) || normalised.includes('"')) return false
  return clauses.length > 0 && clauses.every((c) => c.length === 1 && !(c[0] as Term).negated && !(c[0] as Term).phrase && (c[0] as Term).words.length === 1)
}

const quote = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`

/** Any of these words, in to_tsquery syntax ('' for none). */
const anyOf = (words: string[]): string => words.map(quote).join(' | ')

/**
 * The widened query in to_tsquery syntax: every word may also be one of its variants; phrases,
 * exclusions and OR stay as asked. Null when no word has a variant (widening would find nothing new).
 */
export function widenedQuery (clauses: Term[][], variants: Map<string, string[]>): string | null {
  let widened = false
  const text = clauses.map((clause) => clause.map((term) => {
    if (term.negated) return `!(${term.words.map(quote).join(term.phrase ? ' <-> ' : ' & ')})`
    if (term.phrase) return `(${term.words.map(quote).join(' <-> ')})`
    return term.words.map((w) => {
      const vs = variants.get(w) ?? []
      if (vs.length > 0) widened = true
      return `(${[w, ...vs].map(quote).join(' | ')})`
    }).join(' & ')
  }).join(' & ')).map((c) => `(${c})`).join(' | ')
  return widened ? text : null
}

/**
 * Of each word's closest words, its spelling variants (isSpellingVariant: long vowels, a doubled
 * letter or an ending -يا / -ية apart), at most VARIANTS_PER_WORD. Trigram closeness
 * alone also finds other words one letter apart (التمن → الثمن), which would widen a misspelt
 * name to a common word and thousands of wrong hits.
 */
export function spellingVariants (candidates: Map<string, string[]>): Map<string, string[]> {
  return new Map([...candidates].map(([word, close]) => [word, close.filter((c) => isSpellingVariant(word, c)).slice(0, VARIANTS_PER_WORD)]))
}

export class SearchService {
  constructor (
    private readonly repo: SearchRepository,
    private readonly lexicon: Lexicon,
    private readonly clock: Clock
  ) {}

  /**
   * `treeOf`: the request's section tree, asked for only to resolve a section filter. The hits
   * carry the tree's version read with them (ArticleRecord.treeVersion), so their sections come
   * from the process's tree without a statement when it is current: a search without a section
   * filter is one statement.
   */
  async search (treeOf: () => Promise<SectionTree>, args: SearchArgs): Promise<SearchConnection> {
    const raw = args.query
    if (raw.length > MAX_QUERY_LENGTH) throw badUserInput(`query is longer than ${MAX_QUERY_LENGTH} characters`, { field: 'query', limit: MAX_QUERY_LENGTH })
    if (raw.includes('\u0000')) throw badUserInput('query must not contain NUL characters', { field: 'query' })
    const text = normalizeForSearch(raw).trim()
    if (text === '') throw badUserInput('query must not be empty', { field: 'query' })
    const { size, backward, cursor, cursorField } = pageRequest(args, { min: 1, max: MAX_PAGE_SIZE, fallback: DEFAULT_PAGE_SIZE })
    const tag = args.tag === undefined || args.tag === null ? null : args.tag.normalize('NFC').trim()
    if (tag !== null && (tag.length > MAX_TAG_LENGTH || tag.includes('\u0000'))) throw badUserInput(`tag must be at most ${MAX_TAG_LENGTH} characters`, { field: 'tag', limit: MAX_TAG_LENGTH })
    const from = args.from ?? null
    const to = args.to ?? null
    for (const [field, at] of [['from', from], ['to', to]] as const) {
      if (at !== null && !(at.getTime() >= EARLIEST && at.getTime() <= LATEST)) throw badUserInput(`${field} must be a date between the years 1 and 9999`, { field })
    }
    if (from && to && from > to) throw badUserInput('from must not be after to', { field: 'from' })
    const order = args.orderBy ?? 'RELEVANCE'

    // Two lists answer a search: its exact matches, and the widened one (the exact matches, then
    // the spelling variants). The first page decides which (widened when the exact matches do not
    // fill it) and its cursors carry that choice in their list key, so every later page, forward or
    // backward, walks the same list and totalCount stays the same on each of them.
    const { known: knownSection, ids: sectionIds } = args.section === undefined || args.section === null
      ? { known: true, ids: null }
      : (await treeOf()).sectionFilter(args.section)
    const identity = { search: text, s: sectionIds?.[0] ?? (knownSection ? null : 'unknown'), tag, from: from?.getTime() ?? null, to: to?.getTime() ?? null, order }
    const exactKey = listKey(identity)
    const wideKey = listKey({ ...identity, widened: true })
    const at = cursor === null ? null : decodePosition(cursor, [exactKey, wideKey], cursorField)
    const withTotal = args.withTotal ?? true
    const connection = async (rows: SearchRow[], total: number | null, list: string, marked: Marked = { exact: [], wide: [] }): Promise<SearchConnection> => {
      const more = rows.length > size
      // a backward page comes in list order with its extra row (the one before it) first
      const page = backward ? rows.slice(more ? 1 : 0) : rows.slice(0, size)
      const edges = await this.hits(page, list, marked)
      return {
        edges,
        pageInfo: {
          hasNextPage: backward ? cursor !== null : more,
          hasPreviousPage: backward ? more : cursor !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: total,
      }
    }
    if (!knownSection || tag === '') return await connection([], withTotal ? 0 : null, exactKey)

    const now = this.clock.now()
    const clauses = parseQuery(text)
    const asked = [...new Set(clauses.flat().filter((t) => !t.negated).flatMap((t) => t.words))]
    const base: SearchQuery = { text, widened: null, anyWord: anyOf(asked), wordsAreMatches: wordsAreMatches(text, clauses), sectionIds, tag, from, to, order, at, backward, limit: size + 1, withTotal }
    // a first page's exact matches, when they do not fill it
    let exact: { rows: SearchRow[], total: number | null } | null = null
    if (at === null || at.list === exactKey) {
      exact = await this.repo.page(base, now)
      // a first page reads size + 1 rows: it holds `size` of them exactly when there are that many hits
      if (at !== null || exact.rows.length >= size) return connection(exact.rows, exact.total, exactKey, { exact: asked, wide: asked })
    }
    const words = [...new Set(clauses.flat().filter((t) => !t.negated && !t.phrase).flatMap((t) => t.words))]
      .filter((w) => w.length >= MIN_VARIANT_WORD).slice(0, MAX_WIDENED_WORDS)
    const variants = spellingVariants(await this.repo.variants(words, CANDIDATES_PER_WORD))
    // No word has a variant: the widened list is the exact one (a cursor into it stays valid). A
    // first page has read it already; a later page of it reads it as the exact list.
    const widened = widenedQuery(clauses, variants)
    if (widened === null) {
      const same = exact ?? await this.repo.page(base, now)
      return connection(same.rows, same.total, wideKey, { exact: asked, wide: asked })
    }
    const found = [...asked, ...[...variants.values()].flat()]
    const wide = await this.repo.page({ ...base, widened, anyWord: anyOf(found) }, now)
    return connection(wide.rows, wide.total, wideKey, { exact: asked, wide: found })
  }

  /** Related articles of each article (one statement for all): `first` 0..20 each. */
  async related (requests: Array<{ article: ArticleRecord, first?: number | null }>): Promise<ArticleRecord[][]> {
    for (const r of requests) {
      const first = r.first ?? 5
      if (!Number.isInteger(first) || first < 0 || first > MAX_RELATED) throw badUserInput(`first must be between 0 and ${MAX_RELATED}`, { field: 'first', limit: MAX_RELATED })
    }
    return this.repo.related(requests.map((r) => ({ id: r.article.id, limit: r.first ?? 5 })), this.clock.now())
  }

  /**
   * The page's hits with their highlights: the words of their fields that match the query's
   * (exact matches) or the widened query's (variants), by their lexemes (search.lexicon.ts).
   */
  private async hits (rows: SearchRow[], list: string, marked: Marked): Promise<SearchHit[]> {
    const fields = rows.map((row): HitField[] => [
      hitField('title', row.title),
      hitField('summary', row.summary),
      hitField('body', row.paragraphs.join('\n\n')),
    ])
    const wanted = new Map<string, Set<string>>()
    rows.forEach((row, i) => {
      let words = wanted.get(row.config)
      if (!words) wanted.set(row.config, words = new Set([...marked.exact, ...marked.wide]))
      for (const field of fields[i] as HitField[]) addWords(field, words)
    })
    const lexemes = await this.lexicon.lexemes(wanted)
    // per configuration and tier: the page's words that have one of the query's lexemes
    const matching = new Map<string, Set<string>>()
    const matchedWords = (config: string, tier: number): Set<string> => {
      const k = `${tier}:${config}`
      let set = matching.get(k)
      if (!set) {
        const of = lexemes.get(config) ?? new Map<string, readonly string[]>()
        const query = new Set((tier === 0 ? marked.exact : marked.wide).flatMap((w) => of.get(w) ?? []))
        matching.set(k, set = new Set([...of].filter(([, ls]) => ls.some((l) => query.has(l))).map(([w]) => w)))
      }
      return set
    }
    return rows.map((row, i) => {
      const { tier, rank, config, ...article } = row
      const position: SearchPosition = { tier, rank, publishedAt: article.publishedAt as Date, id: article.id }
      return {
        cursor: encodePosition(list, position),
        node: article,
        score: rank,
        ...highlightOf(fields[i] as HitField[], matchedWords(config, tier)),
      }
    })
  }
}

/** The words a page's highlights mark: the query's for exact matches, with their variants for the others. */
interface Marked { exact: string[], wide: string[] }
