// The search normalisation is written twice, in TypeScript (src/lib/arabic.ts, for queries and
// highlights) and in SQL (search_normalize(), for documents and indexes): proven equal here over a
// large generated set of strings, and each rule of PRODUCT.md "Arabic search" shown on its own.
import fc from 'fast-check'
import pg from 'pg'
import t from 'tap'
import { FOLD_FROM, FOLD_TO, normalizeForSearch, normalizeMapped, isSpellingVariant, SEARCH_WORD, slugify, textWords, type PlacedWord } from '../../src/lib/arabic.ts'
import { spellingVariants } from '../../src/modules/search/search.service.ts'
import { createTestDatabase } from '../helper.ts'

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))
// Every character a rule touches, its neighbours, and the text around them: Arabic letters and
// marks, presentation forms (NFKC), Persian letters and digits, Latin with accents and
// compatibility forms, zero-width and bidi controls, spaces and punctuation.
const ALPHABET = [
  ...range(0x0600, 0x06FF), ...range(0x0750, 0x077F), ...range(0xFB50, 0xFBB1), ...range(0xFE70, 0xFEFC), ...range(0xFDF0, 0xFDFB),
  ...range(0x0020, 0x007E), ...range(0x00A0, 0x017F), ...range(0x0300, 0x036F), ...range(0xFF01, 0xFF5E),
  ...range(0x200B, 0x200F), ...range(0x202A, 0x202E), ...range(0x2060, 0x2064), ...range(0x2066, 0x2069), '\uFEFF', '\u00AD', '\u061C',
  '\n', '\t', '\u3000', '😀', '’', '«', '»', '…',
]

t.test('search_normalize() in SQL equals normalizeForSearch() in TypeScript', async (t) => {
  const url = await createTestDatabase(t)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  const strings = fc.sample(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 0, maxLength: 40 }), { numRuns: 6000, seed: 20261202 })
  strings.push(...ALPHABET) // every character alone, too
  // text as newsrooms write it (NFKC as it is): letters, tashkeel, tatweel, invisible characters
  const written = [...range(0x0621, 0x064A), ...range(0x064B, 0x0652), '\u0640', '\u0640', ' ', ' ', '\u200C', '\u200F', 'a', 'Z', '٢', '«']
  strings.push(...fc.sample(fc.string({ unit: fc.constantFrom(...written), minLength: 1, maxLength: 40 }), { numRuns: 3000, seed: 20261203 }))
  const { rows } = await client.query<{ out: string }>('SELECT search_normalize(s) AS out FROM unnest($1::text[]) WITH ORDINALITY AS x(s, n) ORDER BY n', [strings])
  let differ = 0
  let mappedDiffer = 0
  let misplaced = 0
  let wordsDiffer = 0
  for (const [i, s] of strings.entries()) {
    const ts = normalizeForSearch(s)
    if (rows[i]?.out !== ts) {
      if (differ++ < 5) t.fail(`differs for ${JSON.stringify(s)}: SQL ${JSON.stringify(rows[i]?.out)}, TypeScript ${JSON.stringify(ts)}`)
    }
    const mapped = normalizeMapped(s)
    if (mapped.text !== ts) mappedDiffer++
    // each unit of the search form comes from the text it points at, in order
    for (let u = 0; u < mapped.text.length; u++) {
      const from = normalizeForSearch(s.slice(mapped.origin(u), mapped.originEnd(u)))
      if (!from.includes(mapped.text[u] as string) || (u > 0 && mapped.origin(u) < mapped.origin(u - 1))) {
        if (misplaced++ < 5) t.fail(`unit ${u} of ${JSON.stringify(s)} points at ${JSON.stringify(s.slice(mapped.origin(u), mapped.originEnd(u)))}`)
      }
    }
    // the words highlights mark: those of the search form, each placed on what it came from
    const { lists, starts } = textWords(s)
    const placed: PlacedWord[] = lists.flatMap((words, i) => words.map(([w, start, end]): PlacedWord => [w, (starts[i] as number) + start, (starts[i] as number) + end]))
    if (placed.map(([w]) => w).join(' ') !== (ts.match(SEARCH_WORD) ?? []).join(' ')) {
      if (wordsDiffer++ < 5) t.fail(`words of ${JSON.stringify(s)}: ${JSON.stringify(placed)}`)
    }
    for (const [w, start, end] of placed) {
      if (!normalizeForSearch(s.slice(start, end)).includes(w) && misplaced++ < 5) t.fail(`${w} of ${JSON.stringify(s)} placed on ${JSON.stringify(s.slice(start, end))}`)
    }
  }
  t.equal(differ, 0, `${strings.length} strings, the same search form in SQL and TypeScript`)
  t.equal(mappedDiffer, 0, 'the mapped normalisation (for highlights) gives the same text')
  t.equal(misplaced, 0, 'and each of its units (and words) points at the characters it came from')
  t.equal(wordsDiffer, 0, 'textWords() gives the words of the search form')
})

t.test('each rule', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['tashkeel', 'مُحَمَّدٌ', 'محمد'],
    ['tatweel', 'سيـــاسة', 'سياسه'],
    ['hamza and wasla forms of alef', 'أحمد إبراهيم آمنة ٱلله', 'احمد ابراهيم امنه الله'],
    ['alef maqsura', 'مصطفى', 'مصطفي'],
    ['ta marbuta', 'مدرسة', 'مدرسه'],
    ['hamza on waw and ya', 'مؤتمر رئيس', 'موتمر رييس'],
    ['Persian ya and kaf', 'ایران کرد', 'ايران كرد'],
    ['Arabic-Indic digits', '٢٠٢٤', '2024'],
    ['Persian digits', '۱۴۰۳', '1403'],
    ['zero-width characters', 'سي\u200Cاسة\u200F', 'سياسه'],
    ['Latin lower-cased, accents kept', 'Élysée PARIS', 'élysée paris'],
    ['NFKC: presentation forms and full-width letters', 'ﻻ ＡＢＣ', 'لا abc'],
    ['a combining hamza composes, then folds', 'ا\u0654حمد', 'احمد'],
  ]
  for (const [rule, input, expected] of cases) t.equal(normalizeForSearch(input), expected, rule)
})

t.test('highlight offsets point into the text as written', async (t) => {
  const text = 'قالَ الرئيـس «أحمد»'
  const mapped = normalizeMapped(text)
  t.equal(mapped.text, 'قال الرييس «احمد»')
  const at = mapped.text.indexOf('الرييس')
  t.equal(text.slice(mapped.origin(at), mapped.originEnd(at + 'الرييس'.length - 1)), 'الرئيـس', 'a word with a tatweel inside maps back whole')
  const name = mapped.text.indexOf('احمد')
  t.equal(text.slice(mapped.origin(name), mapped.originEnd(name + 3)), 'أحمد')
  // text that folds unit by unit (no tashkeel, tatweel or invisible characters; NFKC as written) maps to itself
  const plain = 'قال الرئيس أحمد: Paris'
  const folded = normalizeMapped(plain)
  t.equal(folded.text, normalizeForSearch(plain))
  const word = folded.text.indexOf('الرييس')
  t.equal(plain.slice(folded.origin(word), folded.originEnd(word + 5)), 'الرئيس')
})

t.test('slugs keep their letters: search folds, slugs do not', async (t) => {
  t.equal(slugify('الرأي'), 'الرأي')
  t.equal(normalizeForSearch('الرأي'), 'الراي')
  t.equal(slugify('مُحَمَّد  ـ  Élysée!'), 'محمد-élysée')
})

t.test('search_config() gives each language its stemmer, others simple (SEARCH_CONFIGS is its twin)', async (t) => {
  const { SEARCH_CONFIGS } = await import('../../src/modules/search/search.repository.ts')
  const url = await createTestDatabase(t)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  const languages = [...Object.keys(SEARCH_CONFIGS), 'ar-SY', 'EN-gb', 'xx', 'fa']
  const { rows } = await client.query<{ config: string, known: boolean }>(
    'SELECT search_config(l) AS config, EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = search_config(l)) AS known FROM unnest($1::text[]) WITH ORDINALITY AS x(l, n) ORDER BY n', [languages])
  const expected = languages.map((l) => SEARCH_CONFIGS[l.split('-')[0]?.toLowerCase() ?? ''] ?? 'simple')
  t.same(rows.map((r) => r.config), expected)
  t.ok(rows.every((r) => r.known), 'every configuration exists in this PostgreSQL')
  t.equal([...FOLD_FROM].length, [...FOLD_TO].length, 'the fold tables pair one to one')
})

t.test('spelling variants: a long vowel, a doubled letter or an ending apart, not another word', async (t) => {
  for (const [a, b] of <Array<[string, string]>>[['بوتين', 'بوتن'], ['ترامب', 'ترمب'], ['روسيا', 'روسيه'], ['اوكرانيا', 'اوكرانيه'], ['mohammed', 'mohamed'], ['التمان', 'التمن'], ['ماكرون', 'ماكرن']]) {
    t.ok(isSpellingVariant(a, b) && isSpellingVariant(b, a), `${a} and ${b} are one name`)
  }
  for (const [a, b] of <Array<[string, string]>>[['الثمن', 'التمن'], ['حلب', 'حلم'], ['ترامب', 'ترابط'], ['المياه', 'الامه'], ['سوريا', 'سيرا']]) {
    t.notOk(isSpellingVariant(a, b) || isSpellingVariant(b, a), `${a} and ${b} are two words`)
  }
  // the closest words by trigrams, as the repository gives them: only the variants are kept, at most four
  const kept = spellingVariants(new Map([
    ['التمن', ['الثمن', 'التمان', 'التي', 'المتن']],
    ['بوتن', ['بوتين', 'بوتينن', 'بوتان', 'بوتيين', 'بووتين', 'بوطن']],
  ]))
  t.same(kept.get('التمن'), ['التمان'], 'a misspelt name widens to the name, not to a common word one letter away')
  t.same(kept.get('بوتن'), ['بوتين', 'بوتينن', 'بوتان', 'بوتيين'], 'at most four variants, the closest first')
})
