// What search stands on in the schema: search_normalize() is immutable (it builds stored documents
// and may build indexes), the documents, ranking vectors, titles and words have their GIN
// indexes and the search's statement reaches them, and no GIN index keeps a pending list that one
// publish would have to merge (migration 20261204080000_gin_without_pending_list).
import pg from 'pg'
import t from 'tap'
import { searchStatement, type SearchQuery } from '../../src/modules/search/search.repository.ts'
import { createTestDatabase } from '../helper.ts'

async function client (t: Parameters<typeof createTestDatabase>[0]): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: await createTestDatabase(t) })
  await c.connect()
  t.teardown(() => c.end())
  return c
}

t.test('search_normalize() is immutable and builds an index', async (t) => {
  const db = await client(t)
  const { rows: [fn] } = await db.query<{ volatile: string }>("SELECT provolatile AS volatile FROM pg_proc WHERE proname = 'search_normalize'")
  t.equal(fn?.volatile, 'i', 'declared IMMUTABLE')
  // PostgreSQL refuses a function that is not immutable in an index expression
  await db.query('CREATE INDEX articles_title_search_form_idx ON articles (search_normalize(title))')
  const { rows: [made] } = await db.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'articles_title_search_form_idx'")
  t.match(made?.def, /search_normalize\(title\)/, 'an index over the search form of titles')
})

t.test('the documents, ranking vectors, titles and words have GIN indexes, without pending lists', async (t) => {
  const db = await client(t)
  const { rows } = await db.query<{ table: string, name: string, method: string, def: string, options: string[] | null }>(`
    SELECT t.relname AS table, c.relname AS name, a.amname AS method, pg_get_indexdef(c.oid) AS def, c.reloptions AS options
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am a ON a.oid = c.relam
     WHERE t.relnamespace = 'public'::regnamespace`)
  const gin = rows.filter((r) => r.method === 'gin')
  const has = (table: string, pattern: RegExp, what: string): void => {
    t.ok(gin.some((r) => r.table === table && pattern.test(r.def)), what)
  }
  has('article_search', /\(document\) .*WHERE \(config = 'arabic'::text\)/, 'Arabic documents')
  has('article_search', /\(document\) .*WHERE \(config <> 'arabic'::text\)/, 'documents in other languages')
  has('article_search', /\(rank_vector\) .*WHERE \(config = 'arabic'::text\)/, 'Arabic titles and summaries (ranked hits)')
  has('article_search', /\(rank_vector\) .*WHERE \(config <> 'arabic'::text\)/, 'other titles and summaries')
  has('article_search', /\(title gin_trgm_ops\)/, 'title trigrams (related articles)')
  has('search_words', /\(word gin_trgm_ops\)/, 'word trigrams (spelling variants)')
  t.ok(gin.length >= 8, `${gin.length} GIN indexes`)
  for (const r of gin) {
    // with PostgreSQL's default list (4 MB) the publish that filled it merged it: 148-177 ms at 100,000 articles (bench:publish)
    t.ok(r.options?.includes('fastupdate=off'), `${r.name}: each write merges its own entries`)
  }
})

t.test("a search's statement finds its hits through the document and ranking indexes", async (t) => {
  const db = await client(t)
  // a tiny table would be read whole; with sequential scans priced out, the plan shows which
  // index the statement's predicates can use (a partial index only if its condition is implied)
  await db.query('SET enable_seqscan = off')
  const now = new Date()
  const base: SearchQuery = { text: 'نفط', widened: null, anyWord: "'نفط'", wordsAreMatches: false, sectionIds: null, tag: null, from: null, to: null, order: 'RELEVANCE', at: null, backward: false, limit: 21, withTotal: true }
  const plan = async (q: SearchQuery): Promise<string> => {
    const s = searchStatement(q, now)
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.text}`, s.values)
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  }
  const every = await plan(base)
  // (the other languages' branch is left out: on empty tables the planner may pick any index
  // whose condition holds and filter, so its choice says nothing)
  t.match(every, /Bitmap Index Scan on article_search_arabic_idx[^\n]*\n\s*Index Cond: \(document @@ qs\.exact\)/, 'Arabic documents matched in their index')
  const ranked = await plan({ ...base, wordsAreMatches: true })
  t.match(ranked, /Bitmap Index Scan on article_search_rank_arabic_idx[^\n]*\n\s*Index Cond: \(rank_vector @@ qs_\d+\.words\)/, 'ranked hits matched in the titles and summaries index')
})
