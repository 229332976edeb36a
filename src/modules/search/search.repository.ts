// Search over the documents of migration 20261202130000_search: one statement per page (matches,
// ranking, filters, the page and its total), plus one for spelling variants when a search is
// widened. Which words of a hit matched (its highlight) is search.lexicon.ts's part.
import type { Database } from '../../db/database.ts'
import { join, named, raw, sql, type Sql } from '../../db/sql.ts'
import { articleColumns, TREE_VERSION_COLUMN, type ArticleRecord } from '../articles/articles.row.ts'
import { visibleSql } from '../articles/articles.content-state.ts'

/** Text search configurations by language (BCP 47 primary tag); the SQL twin is search_config(). */
export const SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  en: 'english',
  fr: 'french',
  de: 'german',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
  ru: 'russian',
  tr: 'turkish',
  id: 'indonesian',
  sv: 'swedish',
  da: 'danish',
  nb: 'norwegian',
  no: 'norwegian',
  fi: 'finnish',
  hu: 'hungarian',
  ro: 'romanian',
  el: 'greek',
}

/** The configuration of most documents, with a document index of its own. */
const ARABIC = 'arabic'

export type SearchOrder = 'RELEVANCE' | 'DATE'

/** Where a page starts: after this hit in the list's order. Tier 0: exact matches; 1: variants. */
export interface SearchPosition { tier: number, rank: number, publishedAt: Date, id: string }

export interface SearchQuery {
  /** the normalised query, in websearch_to_tsquery syntax */
  text: string
  /** the widened query (to_tsquery syntax), or null: exact matches only */
  widened: string | null
  /** every word the query asks for (and their variants when widened), OR-ed (to_tsquery syntax): a hit ranks above 0 when its title or summary has one */
  anyWord: string
  /**
   * The query is single words OR-ed (no AND, phrase or exclusion), so a document whose title or
   * summary holds one of anyWord's is a match: the ranked hits can be found on their own.
   */
  wordsAreMatches: boolean
  /** null: every section */
  sectionIds: string[] | null
  tag: string | null
  from: Date | null
  to: Date | null
  order: SearchOrder
  /** the cursor's position: the page starts after it (before it walking backward) */
  at: SearchPosition | null
  /** the `limit` hits before `at` (or the list's end), returned in list order */
  backward: boolean
  limit: number
  /** count every hit (totalCount); without it the statement reads only what the page needs */
  withTotal: boolean
}

export interface SearchRow extends ArticleRecord {
  tier: number
  rank: number
  /** the text search configuration of the hit's document (search_config of its language): its words are stemmed by it (search.lexicon.ts) */
  config: string
  paragraphs: string[]
}

/**
 * Rows after the position in the list's order (variants after exact matches, then by rank or
 * date), or before it walking backward.
 */
function afterSql (order: SearchOrder, backward: boolean): Sql {
  const [later, earlier] = backward ? ['<', '>'] : ['>', '<']
  const rest = order === 'RELEVANCE'
    ? raw(`(h.rank, h.published_at, h.id) ${earlier} (p.rank, p.published_at, p.id)`)
    : raw(`(h.published_at, h.id) ${earlier} (p.published_at, p.id)`)
  return sql`(h.tier ${raw(later)} p.tier OR (h.tier = p.tier AND ${rest}))`
}

/** The list's order, or its reverse (a backward page is read nearest the cursor first). */
const orderSql = (order: SearchOrder, alias: string, backward = false): Sql => {
  const [up, down] = backward ? ['DESC', 'ASC'] : ['ASC', 'DESC']
  return raw(order === 'RELEVANCE'
    ? `${alias}.tier ${up}, ${alias}.rank ${down}, ${alias}.published_at ${down}, ${alias}.id ${down}`
    : `${alias}.tier ${up}, ${alias}.published_at ${down}, ${alias}.id ${down}`)
}

/** The statement of one search page, exposed so that tests and the benchmark EXPLAIN what is sent. */
export function searchStatement (q: SearchQuery, now: Date): { name: string, text: string, values: unknown[] } {
  // Hits are found, checked visible (the content-state rule on the state article_search mirrors),
  // filtered and ordered on article_search alone; articles is read for the page's rows only.
  // Configurations that parse the query alike share one index scan. A hit is ranked (ts_rank on
  // its title and summary) only when one of the query's words is in them: the others rank 0 and
  // follow by recency.
  const filters = sql`${visibleSql('s', now)}
         AND (${q.sectionIds}::uuid[] IS NULL OR s.section_id = ANY(${q.sectionIds}::uuid[]))
         AND (${q.from}::timestamptz IS NULL OR s.published_at >= ${q.from}::timestamptz)
         AND (${q.to}::timestamptz IS NULL OR s.published_at < ${q.to}::timestamptz)
         AND (${q.tag}::text IS NULL OR EXISTS (SELECT 1 FROM articles t WHERE t.id = s.article_id AND t.tags @> ARRAY[${q.tag}::text]))`
  // A hit is its id, date and rank alone: 28,000 hits of a common word stay within work_mem.
  // Without a widened query the exact matches are the hits themselves. The counted part of a
  // search ranked first (below) reads nothing of a hit but what filters it.
  // Arabic documents and the others have an index each (see migration 20261202160000_search_state),
  // so a query parsed one way never visits the rows of documents parsed the other way.
  type Part = 'all' | 'ranked' | 'counted'
  // By date, ranks order nothing: only the page's rows are ranked (for their score), below.
  const byDate = q.order === 'DATE'
  const matches = (which: 'exact' | 'wide', part: Part = 'all'): Sql => {
    const columns = {
      all: byDate
        ? 's.article_id AS id, s.published_at, 0::real AS rank'
        : `s.article_id AS id, s.published_at, CASE WHEN s.rank_vector @@ qs.words THEN ts_rank(s.rank_vector, qs.${which}) ELSE 0 END AS rank`,
      ranked: `s.article_id AS id, s.published_at, ts_rank(s.rank_vector, qs.${which}) AS rank`,
      counted: '1 AS one',
    }[part]
    // the ranked hits are found through the index of titles and summaries (wordsAreMatches)
    const match = part === 'ranked' ? 's.rank_vector @@ qs.words' : `s.document @@ qs.${which}`
    const pick = (parsed: string, documents: string): Sql => sql`
      SELECT ${raw(columns)}
        FROM qs JOIN article_search s ON ${raw(documents)} AND s.config = ANY(qs.configs) AND ${raw(match)}
       WHERE ${raw(parsed)} AND ${filters}`
    return sql`${pick(`'${ARABIC}' = ANY(qs.configs)`, `s.config = '${ARABIC}'`)}
      UNION ALL ${pick(`NOT qs.configs <@ ARRAY['${ARABIC}']`, `s.config <> '${ARABIC}'`)}`
  }
  const hits = q.widened === null
    ? sql`hits AS MATERIALIZED (SELECT m.*, 0 AS tier FROM (${matches('exact')}) m)`
    : sql`exact AS MATERIALIZED (${matches('exact')}
    ), hits AS MATERIALIZED (
      SELECT e.*, 0 AS tier FROM exact e
      UNION ALL
      SELECT w.*, 1 AS tier FROM (${matches('wide')}) w WHERE NOT EXISTS (SELECT 1 FROM exact e WHERE e.id = w.id)
    )`
  // The cursor's position, when there is one: a first page compares nothing.
  const position = q.at === null
    ? sql``
    : sql`, p AS MATERIALIZED (
      SELECT ${q.at.tier}::int AS tier, ${q.at.rank}::real AS rank, ${q.at.publishedAt}::timestamptz AS published_at, ${q.at.id}::uuid AS id
    )`
  const after = (also: Sql | null = null): Sql => {
    const conditions = [...(q.at === null ? [] : [afterSql(q.order, q.backward)]), ...(also === null ? [] : [also])]
    return sql`${q.at === null ? sql`` : sql`, p`}${conditions.length === 0 ? sql`` : sql` WHERE ${join(conditions, ' AND ')}`}`
  }
  const pageOf = (rows: Sql, also: Sql | null = null): Sql =>
    sql`SELECT h.* FROM ${rows} h${after(also)} ORDER BY ${orderSql(q.order, 'h', q.backward)} LIMIT ${q.limit}`

  // Ranked first. By relevance, a query of single words OR-ed lists its ranked hits (rank > 0:
  // ts_rank gives at least 1e-20 to a document it is asked about) before the others. They are
  // found on their own, through the index of titles and summaries: 7,318 of the 28,364 hits of a
  // section's name at 100,000 articles. When they fill the page after the cursor, the page is
  // theirs and every other hit is only counted: nothing is ranked, kept or sorted that the page
  // does not need. Otherwise (few ranked hits) the page comes from every hit, as for any query;
  // PostgreSQL runs only the part the test chose (InitPlans and one-time filters run on demand).
  // Walking backward, only from a ranked cursor: every hit before it is ranked.
  const rankedFirst = q.widened === null && q.order === 'RELEVANCE' && q.wordsAreMatches &&
    (q.at === null ? !q.backward : q.at.tier === 0 && q.at.rank > 0)
  const enough = sql`(SELECT yes FROM enough)`
  const firsts = rankedFirst
    ? sql`, top AS MATERIALIZED (${pageOf(sql`(SELECT m.*, 0 AS tier FROM (${matches('exact', 'ranked')}) m)`)}
    ), enough AS MATERIALIZED (SELECT count(*) = ${q.limit}::int AS yes FROM top)`
    : sql``
  const page = rankedFirst
    ? sql`
        SELECT * FROM top WHERE ${enough}
        UNION ALL
        (${pageOf(sql`hits`, sql`NOT ${enough}`)})`
    : pageOf(sql`hits`)
  const counted = rankedFirst
    ? sql`CASE WHEN ${enough} THEN (SELECT count(*) FROM (${matches('exact', 'counted')}) c) ELSE (SELECT count(*) FROM hits) END`
    : sql`(SELECT count(*) FROM hits)`
  // Counting visits every hit (a common word's 28,000 at 100,000 articles): only when asked.
  const total = q.withTotal ? counted : sql`NULL`
  // the rank of a page's row, as `matches` ranks a hit by relevance (its tier says which query it matched)
  const pageRank = sql`(SELECT CASE WHEN s.rank_vector @@ qs.words THEN ts_rank(s.rank_vector, CASE WHEN h.tier = 0 THEN qs.exact ELSE qs.wide END) ELSE 0 END
           FROM article_search s JOIN qs ON s.config = ANY(qs.configs) WHERE s.article_id = h.id)`
  const query = sql`WITH qs AS MATERIALIZED (
      SELECT array_agg(parsed.config) AS configs, parsed.exact, parsed.wide, parsed.words FROM (
        SELECT c.name AS config, websearch_to_tsquery(c.name::regconfig, ${q.text}) AS exact,
               CASE WHEN ${q.widened}::text IS NULL THEN NULL ELSE to_tsquery(c.name::regconfig, ${q.widened}::text) END AS wide,
               CASE WHEN ${q.anyWord}::text = '' THEN NULL ELSE to_tsquery(c.name::regconfig, ${q.anyWord}::text) END AS words
          FROM search_configs c
      ) parsed GROUP BY parsed.exact, parsed.wide, parsed.words
    )${position}, ${hits}${firsts}, page AS (
      -- the page first (a top-N sort), then its order numbered: a window over every hit sorted them all
      SELECT l.*, row_number() OVER (ORDER BY ${orderSql(q.order, 'l')}) AS ord FROM (${page}
      ) l
    )
    SELECT t.total, x.* FROM (SELECT ${total}::int AS total) t
      LEFT JOIN LATERAL (
        -- the tree's version in the rows' snapshot: their sections come from the process's tree with no statement of its own
        SELECT ${articleColumns({ bodies: true })}, ${TREE_VERSION_COLUMN}, search_config(a.language) AS config,
               h.tier, ${byDate ? pageRank : raw('h.rank')} AS rank, h.ord
          FROM page h JOIN articles a ON a.id = h.id
      ) x ON true
     ORDER BY x.ord`
  const name = ['search.page-by-' + q.order.toLowerCase(), q.widened === null ? '' : '-widened', rankedFirst ? '-ranked-first' : '', q.at === null ? '' : '-after', q.backward ? '-backward' : '', q.withTotal ? '' : '-uncounted']
  return named(name.join(''), query)
}

export class SearchRepository {
  constructor (private readonly db: Database) {}

  /**
   * Related articles of many articles in one statement: visible ones sharing tags (the newest 200
   * that share any) or the section (the newest 50), or whose normalised title is similar
   * (trigrams, the title index), never the article itself; ordered by shared tags plus the same
   * section, then title similarity, then newest.
   */
  async related (sources: Array<{ id: string, limit: number }>, now: Date): Promise<ArticleRecord[][]> {
    const spec = JSON.stringify(sources.map((s, idx) => ({ idx, id: s.id, lim: s.limit })))
    const { rows } = await this.db.pool.query<ArticleRecord & { idx: number }>(named('search.related', sql`
      SELECT src.idx, r.* FROM jsonb_to_recordset(${spec}::jsonb) AS src(idx int, id uuid, lim int)
      JOIN articles s ON s.id = src.id
      LEFT JOIN article_search ss ON ss.article_id = s.id
      CROSS JOIN LATERAL (
        SELECT ${articleColumns({ bodies: false })},
               (SELECT count(*) FROM unnest(a.tags) t WHERE t = ANY(s.tags))::int + (a.section_id = s.section_id)::int AS shared,
               coalesce(similarity(x.title, ss.title), 0) AS sim
          FROM (
            (SELECT a.id FROM articles a WHERE a.tags && s.tags AND a.id <> s.id AND ${visibleSql('a', now)} ORDER BY a.published_at DESC LIMIT 200)
            UNION
            (SELECT a.id FROM articles a WHERE a.section_id = s.section_id AND a.id <> s.id AND ${visibleSql('a', now)} ORDER BY a.published_at DESC, a.id DESC LIMIT 50)
            UNION
            (SELECT x.article_id FROM article_search x WHERE x.title % ss.title AND x.article_id <> s.id ORDER BY similarity(x.title, ss.title) DESC LIMIT 50)
          ) c
          JOIN articles a ON a.id = c.id
          LEFT JOIN article_search x ON x.article_id = a.id
         WHERE ${visibleSql('a', now)}
         ORDER BY shared DESC, sim DESC, a.published_at DESC, a.id DESC
         LIMIT src.lim
      ) r
      ORDER BY src.idx, r.shared DESC, r.sim DESC, r."publishedAt" DESC, r.id DESC`))
    const out: ArticleRecord[][] = sources.map(() => [])
    for (const { idx, shared: _s, sim: _m, ...row } of rows as Array<ArticleRecord & { idx: number, shared: number, sim: number }>) out[idx]?.push(row)
    return out
  }

  /** One page of hits and the number of hits (null when not asked: q.withTotal), in one statement. */
  async page (q: SearchQuery, now: Date): Promise<{ rows: SearchRow[], total: number | null }> {
    const { rows } = await this.db.pool.query<SearchRow & { total: number | null, ord: string }>(searchStatement(q, now))
    const total = q.withTotal ? rows[0]?.total ?? 0 : null
    return { rows: rows.filter((r) => r.id !== null).map(({ total: _t, ord: _o, ...row }) => row), total }
  }

  /**
   * Spelling variants of each word from the documents' words (trigram similarity, the
   * pg_trgm.similarity_threshold of `%`), the closest first, at most `each` per word.
   */
  async variants (words: string[], each: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(words.map((w) => [w, []]))
    if (words.length === 0) return out
    const { rows } = await this.db.pool.query<{ term: string, word: string }>(named('search.variants', sql`
      SELECT t.term, w.word FROM unnest(${words}::text[]) AS t(term)
      CROSS JOIN LATERAL (
        SELECT s.word FROM search_words s
         WHERE s.word % t.term AND s.word <> t.term
         ORDER BY similarity(s.word, t.term) DESC, s.word
         LIMIT ${each}
      ) w`))
    for (const r of rows) out.get(r.term)?.push(r.word)
    return out
  }
}
