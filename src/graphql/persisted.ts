// Persisted queries, Apollo's protocol (`extensions.persistedQuery: { version: 1, sha256Hash }`)
// over GET and POST, through Mercurius' persistedQueryProvider, so that a CDN caches a query by a
// short URL. Two modes (GRAPHQL_PERSISTED_QUERIES):
// - automatic: a client sends the hash alone; on PersistedQueryNotFound it sends hash and text
//   once, and the text is kept after it ran (validated, within the query limits) in an LRU
//   bounded in bytes. Full documents are answered as usual.
// - allowlist (Mercurius' onlyPersisted, for Apollo's protocol): anonymous callers run only the
//   documents of the allow-list file (`npm run queries:extract` builds it from the README and the
//   reader pages), by hash or by full text whose hash is listed; anything else is
//   PERSISTED_QUERY_NOT_FOUND. Staff tokens may send any document (their tools are not
//   published queries). Nothing is added at run time.
// `textOf` gives the document of a hash without running it (http/caching.ts keys on it).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { LRUCache } from 'lru-cache'
import type { PersistedQueryProvider } from 'mercurius'

export type PersistedMode = 'automatic' | 'allowlist' | 'off'

export interface PersistedQueries {
  provider: PersistedQueryProvider | undefined
  /** the document a hash stands for, if this instance knows it */
  textOf: (hash: string) => string | undefined
  /** whether an anonymous caller may run this full document (allowlist: only listed ones) */
  allows: (text: string) => boolean
}

interface QueryRequest { query?: string, extensions?: { persistedQuery?: { version?: unknown, sha256Hash?: unknown } } }

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** The hash an Apollo client sent, or undefined; a malformed one is `false`. */
export function hashOf (request: QueryRequest): string | false | undefined {
  const persisted = request.extensions?.persistedQuery
  if (persisted === undefined) return undefined
  const { version, sha256Hash } = persisted
  return version === 1 && typeof sha256Hash === 'string' && /^[0-9a-f]{64}$/.test(sha256Hash) ? sha256Hash : false
}

/** Reads an allow-list file: `{ "<sha256 hex>": "<document>" }`, each hash checked against its text. */
export function readAllowList (file: string): Map<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`GRAPHQL_PERSISTED_QUERIES=allowlist needs ${file} (npm run queries:extract): ${(err as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} must hold an object of hash → document`)
  const list = new Map<string, string>()
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || sha256(text) !== hash) throw new Error(`${file}: the entry ${hash.slice(0, 12)}… is not the SHA-256 of its document`)
    list.set(hash, text)
  }
  return list
}

export function persistedQueries (mode: PersistedMode, opts: { maxBytes: number, allowList?: Map<string, string> }): PersistedQueries {
  if (mode === 'off') return { provider: undefined, textOf: () => undefined, allows: () => true }
  if (mode === 'allowlist') {
    const list = opts.allowList ?? new Map<string, string>()
    return {
      textOf: (hash) => list.get(hash),
      allows: (text) => list.has(sha256(text)),
      provider: {
        // By hash: from the list. Full documents run as usual once graphql/index.ts let them in.
        isPersistedQuery: (request: QueryRequest) => !request.query && hashOf(request) !== undefined,
        isPersistedQueryRetry: () => false,
        getHash: (request: QueryRequest) => hashOf(request) as string,
        getQueryFromHash: async (hash: string) => list.get(hash),
        notFoundError: 'PersistedQueryNotFound',
        notSupportedError: 'PersistedQueryNotSupported',
      } as PersistedQueryProvider,
    }
  }
  // Bounded by the bytes of the documents kept (each at most GRAPHQL_MAX_BYTES).
  const kept = new LRUCache<string, string>({ maxSize: opts.maxBytes, sizeCalculation: (text) => Math.max(1, Buffer.byteLength(text)) })
  return {
    textOf: (hash) => kept.get(hash),
    allows: () => true,
    provider: {
      isPersistedQuery: (request: QueryRequest) => !request.query && hashOf(request) !== undefined,
      isPersistedQueryRetry: (request: QueryRequest) => Boolean(request.query) && hashOf(request) !== undefined,
      getHash: (request: QueryRequest) => hashOf(request) as string,
      getQueryFromHash: async (hash: string) => kept.get(hash),
      getHashForQuery: sha256,
      saveQuery: async (hash: string, query: string) => { kept.set(hash, query) },
      notFoundError: 'PersistedQueryNotFound',
      notSupportedError: 'PersistedQueryNotSupported',
      mismatchError: 'provided sha does not match query',
    } as PersistedQueryProvider,
  }
}
