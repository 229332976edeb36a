// The response cache behind http/caching.ts: whole answers to anonymous reads (REST GETs and
// GraphQL queries over GET or POST), keyed by the request and the versions it depends on, so a
// change anywhere makes new keys and no entry ever needs invalidating: nothing stale can be
// served, and the entries of old versions age out. Bounded in bytes (least recently used go
// first); concurrent identical misses wait for the first one instead of running the query each.
//
// Why not mercurius-cache / async-cache-dedupe: mercurius-cache caches resolver results per field
// (Query.*), by TTL or by references that every write path would have to name, and does not
// cover the REST mirror; async-cache-dedupe (its engine) dedupes and stores by TTL. Here one
// version lookup per request (or none, from memory) already says whether anything changed, so a
// version-keyed LRU (lru-cache, bounded by size) with an in-flight map answers both APIs with
// nothing to invalidate.
import { LRUCache } from 'lru-cache'

export interface CachedResponse {
  status: number
  type: string
  body: string
}

/** The first miss of a key fills it (or gives up); the others wait for that. */
export interface Fill { settle: (entry?: CachedResponse) => void }

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse>
  private readonly pending = new Map<string, Promise<CachedResponse | undefined>>()
  hits = 0
  misses = 0

  constructor (maxBytes: number) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (e) => Buffer.byteLength(e.body) + e.type.length + 64 })
  }

  /** What is there for `key` now, or what an identical request already running will give. */
  lookup (key: string): CachedResponse | Promise<CachedResponse | undefined> | undefined {
    return this.entries.get(key) ?? this.pending.get(key)
  }

  /** Marks `key` as being filled by the caller, who must settle() it once, with or without an entry. */
  claim (key: string): Fill {
    let done: (entry?: CachedResponse) => void = () => {}
    this.pending.set(key, new Promise((resolve) => { done = resolve }))
    let settled = false
    return {
      settle: (entry) => {
        if (settled) return
        settled = true
        this.pending.delete(key)
        if (entry) this.entries.set(key, entry)
        done(entry)
      },
    }
  }

  get size (): { entries: number, bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize }
  }
}
