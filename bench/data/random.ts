// Seeded randomness for the benchmark dataset. Math.random cannot be seeded, and the dataset must
// come out identical (ids included) for the same seed and arguments, so: sfc32 (a small, fast,
// well-tested 128-bit generator), seeded through splitmix32, one independent stream per purpose so
// that a change in how comments are made does not shift every article.

function splitmix32 (state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) | 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** `stream` names the purpose (e.g. 1 = article plans, 2 = article text…). */
  constructor (seed: number, stream: number) {
    const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  uint32 (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0
    return t >>> 0
  }

  /** [0, 1) */
  next (): number {
    return this.uint32() / 4294967296
  }

  /** An integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max]. */
  between (min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance (p: number): boolean {
    return this.next() < p
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[this.int(items.length)] as T
  }
}

/** Draws indexes in proportion to weights: a cumulative table and a binary search. */
export class WeightedSampler {
  private readonly cumulative: Float64Array
  readonly total: number

  constructor (weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i] as number
      this.cumulative[i] = sum
    }
    this.total = sum
  }

  sample (rng: Rng): number {
    const x = rng.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.cumulative[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Zipf-like weights 1/(rank+1)^s: the first entries are the common ones. */
export function zipf (n: number, s: number): WeightedSampler {
  return new WeightedSampler(Array.from({ length: n }, (_, rank) => 1 / (rank + 1) ** s))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function hex32 (n: number): string {
  return (HEX[(n >>> 24) & 255] as string) + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255]
}

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, variant 10, and 74 random bits drawn
 * from `rng`, so ids sort by creation time like the app's own `uuid(7)` ids.
 */
export function uuidv7 (ms: number, rng: Rng): string {
  const time = ms.toString(16).padStart(12, '0')
  const r1 = rng.uint32()
  const r2 = rng.uint32()
  const r3 = rng.uint32()
  const randA = (0x7000 | (r1 & 0x0fff)).toString(16)
  const randB = (0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${randB}-${hex32(r2)}${hex32(r3).slice(0, 4)}`
}
