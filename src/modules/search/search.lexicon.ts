// Which words of a hit its search matched, for highlights. PostgreSQL stems: a word's lexemes are
// to_tsvector() of the word alone in the document's configuration, the same dictionaries that
// built the document and parsed the query. A word of a text matches when one of its lexemes is
// one of the query's. Words and their lexemes do not depend on the search, so they are
// remembered per process: a search page asks PostgreSQL only for the words it has not met yet
// (one statement, none once the vocabulary is known).
//
// Before, ts_headline() re-parsed and stemmed every word of the page's bodies on each search:
// measured at 100,000 articles, 10 of a search statement's 26 ms (mean of the bench's queries).
import { LRUCache } from 'lru-cache'
import type { Database } from '../../db/database.ts'
import { named, sql } from '../../db/sql.ts'

/** Longer runs are no words a reader searches for (PostgreSQL's parser skips them too). */
const MAX_WORD_LENGTH = 100

/**
 * Words remembered. A newsroom's vocabulary (word forms with their clitics) is some hundreds of
 * thousands; the frequent ones make most of any text. An entry is about 150 bytes; each configuration
 * met has its own.
 */
const REMEMBERED_WORDS = 100_000

export class Lexicon {
  /** per configuration: word → lexemes */
  private readonly known = new Map<string, LRUCache<string, readonly string[]>>()

  constructor (private readonly db: Database) {}

  /**
   * The lexemes of each word in its configuration (config → word → lexemes): remembered ones
   * from memory, the others from PostgreSQL in one statement. Words over MAX_WORD_LENGTH have none.
   */
  async lexemes (wanted: Map<string, Set<string>>): Promise<Map<string, Map<string, readonly string[]>>> {
    const out = new Map<string, Map<string, readonly string[]>>()
    const configs: string[] = []
    const words: string[] = []
    for (const [config, set] of wanted) {
      let known = this.known.get(config)
      if (!known) this.known.set(config, known = new LRUCache({ max: REMEMBERED_WORDS }))
      const found = new Map<string, readonly string[]>()
      out.set(config, found)
      for (const word of set) {
        const lexemes = known.get(word)
        if (lexemes !== undefined) found.set(word, lexemes)
        else if (word.length <= MAX_WORD_LENGTH) {
          configs.push(config)
          words.push(word)
        }
      }
    }
    if (words.length === 0) return out
    const { rows } = await this.db.pool.query<{ c: string, w: string, lexemes: string[] }>(named('search.lexemes', sql`
      SELECT x.c, x.w, tsvector_to_array(to_tsvector(x.c::regconfig, x.w)) AS lexemes
        FROM unnest(${configs}::text[], ${words}::text[]) AS x(c, w)`))
    for (const row of rows) {
      this.known.get(row.c)?.set(row.w, row.lexemes)
      out.get(row.c)?.set(row.w, row.lexemes)
    }
    return out
  }
}
