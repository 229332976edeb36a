// Arabic-aware text handling, in one place: the search normalisation (whose SQL twin is the
// immutable function search_normalize() of migration 20261202130000_search, used by the search
// documents and their indexes) and the slug cleaning. Search folds letters that spellers mix up;
// slugs do not (PRODUCT.md): "الرأي" stays a slug of its own, while a search for "الراي" finds it.
// test/search/normalize.test.ts proves the TypeScript and SQL normalisations equal over a large
// generated set of strings.

// Arabic tashkeel (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel.
const TASHKEEL_AND_TATWEEL = '\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06DC\\u06DF-\\u06E8\\u06EA-\\u06ED\\u0640'
// Zero-width and invisible formatting characters: soft hyphen, Arabic letter mark, ZWSP, ZWNJ,
// ZWJ, LRM/RLM, bidi embeddings and isolates, word joiner and invisible operators, BOM.
const ZERO_WIDTH = '\\u00AD\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF'

/** What search drops: the same character class as search_normalize()'s regexp_replace. */
const DROPPED = new RegExp(`[${TASHKEEL_AND_TATWEEL}${ZERO_WIDTH}]`, 'gu')
const DROPPED_RUNS = new RegExp(`[${TASHKEEL_AND_TATWEEL}${ZERO_WIDTH}]+`, 'gu')

/**
 * Letters folded one to one (SQL: translate(text, FOLD_FROM, FOLD_TO)): hamza and wasla forms of
 * alef → ا, alef maqsura → ي, ta marbuta → ه, hamza on waw → و, on ya → ي, Persian ya and kaf →
 * Arabic ones, Arabic-Indic and Persian digits → 0-9, Latin capitals (ASCII, Latin-1, Latin
 * Extended-A) → small letters.
 */
export const FOLD_FROM = 'أإآٱىةؤئیک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹' +
  'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ'
export const FOLD_TO = 'اااايهوييك01234567890123456789' +
  'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž'

const FOLD = new Map([...FOLD_FROM].map((from, i) => [from, [...FOLD_TO][i] as string]))
const FOLDABLE = new RegExp(`[${FOLD_FROM}]`, 'gu')

/**
 * The search form of a text: NFKC; tashkeel, tatweel and zero-width characters removed; letter
 * variants folded (FOLD_FROM → FOLD_TO). Twin of SQL search_normalize().
 */
export function normalizeForSearch (text: string): string {
  return text.normalize('NFKC').replace(DROPPED, '').replace(FOLDABLE, (ch) => FOLD.get(ch) as string)
}

/**
 * A text's search form with, for each of its UTF-16 units, where in the original the cluster it
 * came from starts (origin) and ends (originEnd).
 */
export interface MappedText { text: string, origin: (unit: number) => number, originEnd: (unit: number) => number }

// A base character and the combining marks that follow it: NFKC composes within such a cluster.
const CLUSTER = /[^\p{M}]\p{M}*|\p{M}+/gsu
// What can make the search form differ from the text other than unit by unit (dropped or combined characters).
const NOT_ONE_TO_ONE = new RegExp(`[\\p{M}${TASHKEEL_AND_TATWEEL}${ZERO_WIDTH}]`, 'u')

/**
 * normalizeForSearch, cluster by cluster, remembering where each output unit came from, so that a
 * match found in the search form can be marked in the text as written. Equal to
 * normalizeForSearch(text) for the text a newsroom writes (the test proves it over the generated
 * set). Most text (no tashkeel, nothing NFKC changes) folds unit by unit, and its offsets are its
 * own; text that NFKC leaves as it is only loses the dropped characters (tashkeel, tatweel: "بـ22")
 * and keeps every other unit, so its offsets are its own between them.
 */
export function normalizeMapped (text: string): MappedText {
  const stable = text.normalize('NFKC') === text
  if (stable && !NOT_ONE_TO_ONE.test(text)) {
    return { text: text.replace(FOLDABLE, (ch) => FOLD.get(ch) as string), origin: (i) => i, originEnd: (i) => i + 1 }
  }
  if (stable) return withoutDropped(text)
  const pieces: string[] = []
  const origin: number[] = []
  const originEnd: number[] = []
  for (const match of text.matchAll(CLUSTER)) {
    const piece = clusterForm(match[0])
    pieces.push(piece)
    for (let i = 0; i < piece.length; i++) {
      origin.push(match.index)
      originEnd.push(match.index + match[0].length)
    }
  }
  return { text: pieces.join(''), origin: (i) => origin[i] as number, originEnd: (i) => originEnd[i] as number }
}

/**
 * A text NFKC leaves as it is: its search form is its kept runs (between dropped characters),
 * folded unit by unit. A unit's origin is its own place; a run's last unit ends where the next run
 * starts, so a word's range takes in the marks and tatweel written on and after it.
 */
function withoutDropped (text: string): MappedText {
  const runStarts: number[] = [] // where each kept run starts in the search form
  const runOrigins: number[] = [] // and in the text
  const runEnds: number[] = [] // where the text goes on after the run and the characters dropped after it
  let out = ''
  let at = 0
  const keep = (end: number, next: number): void => {
    if (end <= at) return
    runStarts.push(out.length)
    runOrigins.push(at)
    runEnds.push(next)
    out += text.slice(at, end)
  }
  for (const drop of text.matchAll(DROPPED_RUNS)) {
    keep(drop.index, drop.index + drop[0].length)
    at = drop.index + drop[0].length
  }
  keep(text.length, text.length)
  const runOf = (unit: number): number => {
    let lo = 0
    let hi = runStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((runStarts[mid] as number) <= unit) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  return {
    text: out.replace(FOLDABLE, (ch) => FOLD.get(ch) as string),
    origin: (unit) => { const r = runOf(unit); return (runOrigins[r] as number) + unit - (runStarts[r] as number) },
    originEnd: (unit) => {
      const r = runOf(unit)
      const end = (runStarts[r + 1] ?? out.length) - 1
      return unit === end ? runEnds[r] as number : (runOrigins[r] as number) + unit - (runStarts[r] as number) + 1
    },
  }
}

/** A word in search form, and where it is in the text as written: [word, start, end) in UTF-16 units. */
export type PlacedWord = readonly [word: string, start: number, end: number]

/** A word of search form: a run of letters and digits. */
export const SEARCH_WORD = /[\p{L}\p{N}]+/gu

// A stretch of the text as written that holds words: letters, digits, and what search drops or
// combines inside words (marks, tatweel, invisible characters). Whatever separates stretches
// (white space, punctuation) separates words in search form too. A table of the UTF-16 units
// (surrogates count as inside: an astral letter is one), as a regular expression over a body
// took most of a search page's time in Node.
const IN_STRETCH = new Uint8Array(0x10000)
{
  const inside = new RegExp(`[\\p{L}\\p{M}\\p{N}${TASHKEEL_AND_TATWEEL}${ZERO_WIDTH}]`, 'u')
  for (let unit = 0; unit < 0x10000; unit++) {
    if ((unit >= 0xD800 && unit <= 0xDFFF) || inside.test(String.fromCharCode(unit))) IN_STRETCH[unit] = 1
  }
}

// The words of each stretch seen, remembered: a newsroom's texts repeat their words, so a text's
// words are mostly found here rather than normalised again.
const STRETCH_WORDS = new Map<string, readonly PlacedWord[]>()
const MAX_STRETCH_WORDS = 100_000

function stretchWords (stretch: string): readonly PlacedWord[] {
  let words = STRETCH_WORDS.get(stretch)
  if (words === undefined) {
    const mapped = normalizeMapped(stretch)
    words = Array.from(mapped.text.matchAll(SEARCH_WORD), (m): PlacedWord => [m[0], mapped.origin(m.index), mapped.originEnd(m.index + m[0].length - 1)])
    if (STRETCH_WORDS.size >= MAX_STRETCH_WORDS) STRETCH_WORDS.clear()
    STRETCH_WORDS.set(stretch, words)
  }
  return words
}

/**
 * The words of a text in search form, stretch by stretch: `lists[i]` holds the words of the stretch
 * of the text as written that starts at `starts[i]`, placed within that stretch. The lists are
 * remembered and shared between texts, so a text costs an entry per stretch, not an array per word.
 */
export interface TextWords { readonly lists: ReadonlyArray<readonly PlacedWord[]>, readonly starts: readonly number[] }

export function textWords (text: string): TextWords {
  const lists: Array<readonly PlacedWord[]> = []
  const starts: number[] = []
  const length = text.length
  for (let at = 0; at < length;) {
    while (at < length && IN_STRETCH[text.charCodeAt(at)] === 0) at++
    const from = at
    while (at < length && IN_STRETCH[text.charCodeAt(at)] === 1) at++
    if (at > from) {
      const words = stretchWords(text.slice(from, at))
      if (words.length > 0) {
        lists.push(words)
        starts.push(from)
      }
    }
  }
  return { lists, starts }
}

// The search form of each cluster seen, remembered: a body is a few dozen distinct clusters
// repeated, and normalising each occurrence afresh was most of a search page's time in Node.
const CLUSTER_FORMS = new Map<string, string>()
const MAX_CLUSTER_FORMS = 50_000

function clusterForm (cluster: string): string {
  let form = CLUSTER_FORMS.get(cluster)
  if (form === undefined) {
    form = normalizeForSearch(cluster)
    if (CLUSTER_FORMS.size >= MAX_CLUSTER_FORMS) CLUSTER_FORMS.clear()
    CLUSTER_FORMS.set(cluster, form)
  }
  return form
}

const LONG_VOWELS = new Set(['ا', 'و', 'ي'])

/** A word with the ending -يا / -يه made -ي and doubled letters made single. */
const spellingForm = (word: string): string => word.replace(/ي[اه]$/u, 'ي').replace(/(.)\1+/gu, '$1')

/**
 * Whether two words in search form are spellings of one word, as transliterated names and
 * place names are written: equal once the ending -يا / -يه is made -ي, doubled letters single,
 * and long vowels (ا و ي) left out of the longer one. بوتين and بوتن, ترامب and ترمب, روسيا and
 * روسيه, mohammed and mohamed are; التمن and الثمن (another letter) or المياه and الامه (a vowel
 * moved) are not.
 */
export function isSpellingVariant (a: string, b: string): boolean {
  const [x, y] = [spellingForm(a), spellingForm(b)]
  const [long, short] = x.length >= y.length ? [x, y] : [y, x]
  // can[i][j]: long from i on becomes short from j on by leaving out long vowels of long alone
  let next: boolean[] = Array.from({ length: short.length + 1 }, (_, j) => j === short.length)
  for (let i = long.length - 1; i >= 0; i--) {
    const here: boolean[] = []
    for (let j = short.length; j >= 0; j--) {
      here[j] = (LONG_VOWELS.has(long[i] as string) && next[j] === true) || (j < short.length && long[i] === short[j] && next[j + 1] === true)
    }
    next = here
  }
  return next[0] === true
}

// Slugs keep the letters as typed (Arabic stays Arabic, "الرأي" stays "الرأي") with the noise
// removed: tashkeel and tatweel dropped, Latin lower-cased, punctuation dropped, runs of spaces
// and dashes → one hyphen, NFC. Lookups clean their input the same way.
const SLUG_DROPPED = new RegExp(`[${TASHKEEL_AND_TATWEEL}]`, 'gu')
const SEPARATORS = /[\s\p{Pd}_]+/gu
const PUNCTUATION = /[\p{P}\p{S}\p{Cc}\p{Cf}]/gu

export function slugify (text: string): string {
  return text
    .normalize('NFC')
    .replace(SLUG_DROPPED, '')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .replace(PUNCTUATION, '')
    .trim()
    .replace(/ +/g, '-')
}
