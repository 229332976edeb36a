// The shape of the dataset, decided before any text is written: which section each article is in,
// its state and instants, and every comment's time, status and parent. Planning first lets the
// article rows carry their final comment_count (no UPDATE of 100k rows after the COPY) and lets
// the hottest articles be chosen among the newest visible ones.
import { slugify } from '../../src/lib/arabic.ts'
import { Rng, WeightedSampler, uuidv7, zipf } from './random.ts'
import { SECTION_TREE, type Topic } from './vocabulary.ts'

/** Every timestamp derives from this instant, so the same seed gives the same rows on any day. */
export const ANCHOR_MS = Date.UTC(2026, 10, 30)
/** Scheduled articles go live years after the anchor, so they stay scheduled for a long while. */
export const SCHEDULED_FROM_MS = Date.UTC(2030, 0, 1)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Visible articles are published over the ~3 years before the anchor. */
const SPAN_MS = 3 * 365 * DAY
/** The newest visible articles each get at least this many approved top-level comments. */
export const HOT_MIN_APPROVED = 25

export type Kind = 'visible' | 'draft' | 'scheduled' | 'archived' | 'deleted'
export const COMMENT_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'SPAM'] as const
const APPROVED = 0

export interface SectionPlan {
  id: string
  name: string
  slug: string
  topic: Topic
  parent: number | null
  position: number
  createdMs: number
  /** the last recorded change touching the section or its own articles (see finishSections) */
  changedMs: number
}

export interface ArticlePlan {
  id: string
  kind: Kind
  section: number
  lang: 'ar' | 'en'
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
  createdMs: number
  updatedMs: number
  publishedMs: number | null
  firstPublishedMs: number | null
  deletedMs: number | null
  version: number
  /** how much this article draws readers (recency × a heavy-tailed popularity) */
  weight: number
  viewCount: number
  /** its comments are skeleton entries [firstComment, firstComment + comments) */
  firstComment: number
  comments: number
  /** approved comments whose top-level comment is approved (comments.repository.ts threadChanged) */
  commentCount: number
  commentVersion: number
}

/** Comments as parallel arrays (a million objects would cost far more memory). */
export interface CommentSkeleton {
  total: number
  /** index into COMMENT_STATUSES */
  status: Uint8Array
  /** index (within the article's own comments) of the top-level comment replied to, or -1 */
  parent: Int32Array
  createdMs: Float64Array
  /** how many of the newest visible articles got HOT_MIN_APPROVED approved top-level comments */
  hot: number
}

export function planSections (rng: Rng): SectionPlan[] {
  const out: SectionPlan[] = []
  const base = ANCHOR_MS - SPAN_MS - 30 * DAY
  const add = (name: string, topic: Topic, parent: number | null, position: number): number => {
    const createdMs = base + out.length * MINUTE
    out.push({ id: uuidv7(createdMs, rng), name, slug: slugify(name), topic, parent, position, createdMs, changedMs: createdMs })
    return out.length - 1
  }
  SECTION_TREE.forEach((top, position) => {
    const root = add(top.name, top.topic, null, position)
    top.children.forEach(([name, grandchildren], childPosition) => {
      const child = add(name, top.topic, root, childPosition)
      grandchildren.forEach((g, gPosition) => add(g, top.topic, child, gPosition))
    })
  })
  return out
}

/** A publish instant: density rising linearly towards the anchor (4× the oldest rate), whole minutes. */
function publishedAgo (rng: Rng): number {
  const k = 3
  const x = (-1 + Math.sqrt(1 + 2 * k * rng.next() * (1 + k / 2))) / k
  const ms = ANCHOR_MS - 5 * MINUTE - (1 - x) * SPAN_MS
  return Math.floor(ms / MINUTE) * MINUTE
}

const VERSIONS = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5] as const

/** Article plans sorted by creation (so UUIDv7 ids rise with row order), ids assigned. */
export function planArticles (rng: Rng, idRng: Rng, visible: number, sections: SectionPlan[]): ArticlePlan[] {
  // Zipf over the sections in a fixed shuffled order (the same for every seed): one clearly largest.
  const order = sections.map((_, i) => i)
  const shuffle = new Rng(0x5eed, 0)
  for (let i = order.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1)
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  const popular = zipf(sections.length, 1.0)
  const kinds: Array<[Kind, number]> = [['visible', visible], ['draft', Math.round(visible / 20)], ['scheduled', Math.round(visible / 200)], ['archived', Math.round(visible / 200)], ['deleted', Math.round(visible / 200)]]
  const plans: ArticlePlan[] = []
  for (const [kind, count] of kinds) {
    for (let i = 0; i < count; i++) {
      // the first 120 visible articles go round the sections, so every section has some
      const section = kind === 'visible' && i < 2 * sections.length ? i % sections.length : order[popular.sample(rng)] as number
      plans.push(planOne(rng, kind, section))
    }
  }
  plans.sort((a, b) => a.createdMs - b.createdMs)
  for (const p of plans) p.id = uuidv7(p.createdMs, idRng)
  return plans
}

// Module-level helpers rather than closures made per article: with closures, planning 100k
// articles under tsx spent seconds in the garbage collector (1.2 s instead of 9 s now).
function writtenBefore (rng: Rng, ms: number): number {
  return ms - 10 * MINUTE - Math.floor(rng.next() ** 2 * 2 * DAY)
}

function between (rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * Math.max(0, to - from))
}

function planOne (rng: Rng, kind: Kind, section: number): ArticlePlan {
  const lang = rng.chance(0.1) ? 'en' : 'ar'
  const popularity = Math.min(20, 1 / (1 - rng.next()) ** 0.7)
  const plan: ArticlePlan = {
    id: '',
    kind,
    section,
    lang,
    status: 'PUBLISHED',
    createdMs: 0,
    updatedMs: 0,
    publishedMs: null,
    firstPublishedMs: null,
    deletedMs: null,
    version: rng.pick(VERSIONS),
    weight: 0,
    viewCount: 0,
    firstComment: 0,
    comments: 0,
    commentCount: 0,
    commentVersion: 0,
  }
  const published = kind === 'visible' || kind === 'archived' || (kind === 'deleted' && rng.chance(0.6))
  if (published) {
    const at = publishedAgo(rng)
    plan.publishedMs = at
    plan.firstPublishedMs = at
    plan.createdMs = writtenBefore(rng, at)
    // visible rows: updated_at ≥ published_at, or the app would announce them as fresh go-lives
    plan.updatedMs = plan.version === 1 ? at : between(rng, at, Math.min(ANCHOR_MS, at + 7 * DAY))
    const ageDays = (ANCHOR_MS - at) / DAY
    plan.weight = (Math.exp(-ageDays / 45) + 0.03) * popularity
    plan.viewCount = Math.floor(plan.weight * 800 * (0.5 + rng.next()))
    if (kind === 'archived') {
      plan.status = 'ARCHIVED'
      plan.version = Math.max(2, plan.version)
      plan.updatedMs = between(rng, at + MINUTE, Math.min(ANCHOR_MS, at + 60 * DAY))
    } else if (kind === 'deleted') {
      plan.deletedMs = between(rng, at + MINUTE, ANCHOR_MS)
      plan.updatedMs = plan.deletedMs
    }
  } else if (kind === 'scheduled') {
    plan.publishedMs = Math.floor(between(rng, SCHEDULED_FROM_MS, SCHEDULED_FROM_MS + 365 * DAY) / MINUTE) * MINUTE
    plan.createdMs = ANCHOR_MS - Math.floor(rng.next() * 14 * DAY) - HOUR
    plan.updatedMs = between(rng, plan.createdMs, ANCHOR_MS)
  } else {
    plan.status = 'DRAFT'
    plan.version = Math.min(3, plan.version)
    plan.createdMs = ANCHOR_MS - Math.floor(rng.next() ** 2 * 200 * DAY) - HOUR
    plan.updatedMs = between(rng, plan.createdMs, ANCHOR_MS)
    if (kind === 'deleted') {
      plan.deletedMs = plan.updatedMs
    }
  }
  return plan
}

/** When the live window of a once-published article closed (comments arrive only while it was live). */
function liveUntil (a: ArticlePlan): number {
  if (a.kind === 'archived') return a.updatedMs
  if (a.kind === 'deleted') return a.deletedMs ?? ANCHOR_MS
  return ANCHOR_MS
}

/**
 * Spreads `total` comments: the newest visible articles (up to 1,000) get 32–56 each with at
 * least HOT_MIN_APPROVED approved top-level ones; the rest go by weight to visible articles and a
 * few to archived and deleted ones that were live. 90 % approved, ~20 % replies (one level).
 */
export function planComments (rng: Rng, articles: ArticlePlan[], total: number): CommentSkeleton {
  const visible = articles.map((a, i) => i).filter((i) => articles[i]?.kind === 'visible')
  const newest = (i: number, j: number): number => {
    const a = articles[i] as ArticlePlan
    const b = articles[j] as ArticlePlan
    return (b.publishedMs as number) - (a.publishedMs as number) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)
  }
  visible.sort(newest)
  const hot = Math.min(1000, Math.floor(visible.length / 20), Math.floor(total / 100))
  const counts = new Uint32Array(articles.length)
  let left = total
  for (let h = 0; h < hot; h++) {
    const k = rng.between(32, 56)
    counts[visible[h] as number] = k
    left -= k
  }
  const isHot = new Uint8Array(articles.length)
  for (let h = 0; h < hot; h++) isHot[visible[h] as number] = 1
  const weights = articles.map((a, i) => isHot[i] ? 0 : a.kind === 'visible' ? a.weight : a.firstPublishedMs !== null ? a.weight * 0.3 : 0)
  const sampler = new WeightedSampler(weights)
  if (left > 0 && sampler.total === 0) throw new Error('no article can take comments')
  for (let c = 0; c < left; c++) {
    const i = sampler.sample(rng)
    counts[i] = (counts[i] as number) + 1
  }

  const skeleton: CommentSkeleton = { total, status: new Uint8Array(total), parent: new Int32Array(total), createdMs: new Float64Array(total), hot }
  let offset = 0
  articles.forEach((a, i) => {
    const k = counts[i] as number
    a.firstComment = offset
    a.comments = k
    if (k === 0) return
    const start = (a.publishedMs as number) + 30_000
    const end = Math.max(start + k, Math.min(liveUntil(a) - 1000, start + 14 * DAY))
    const times = new Float64Array(k)
    for (let j = 0; j < k; j++) times[j] = start + Math.floor(rng.next() ** 2 * (end - start))
    times.sort()
    const tops: number[] = []
    let approvedTop = 0
    for (let j = 0; j < k; j++) {
      const at = j > 0 ? Math.max(times[j] as number, skeleton.createdMs[offset + j - 1] as number + 1) : times[j] as number
      skeleton.createdMs[offset + j] = at
      const forced = isHot[i] === 1 && HOT_MIN_APPROVED - approvedTop >= k - j
      const reply = !forced && tops.length > 0 && rng.chance(0.22)
      const r = rng.next()
      const status = forced || r < 0.9 ? APPROVED : r < 0.95 ? 1 : r < 0.98 ? 2 : 3
      const parent = reply ? tops[rng.int(tops.length)] as number : -1
      skeleton.status[offset + j] = status
      skeleton.parent[offset + j] = parent
      if (parent === -1) {
        tops.push(j)
        if (status === APPROVED) approvedTop++
      }
      if (status === APPROVED) {
        a.commentVersion++
        if (parent === -1 || skeleton.status[offset + parent] === APPROVED) a.commentCount++
      }
    }
    offset += k
  })
  return skeleton
}

/** Stamps each section with its last recorded change: its creation, or a visible write to its articles. */
export function finishSections (sections: SectionPlan[], articles: ArticlePlan[]): void {
  for (const a of articles) {
    if (a.firstPublishedMs === null && a.kind !== 'scheduled') continue
    const s = sections[a.section] as SectionPlan
    const at = a.kind === 'visible' ? Math.max(a.publishedMs as number, a.updatedMs) : a.updatedMs
    if (at <= ANCHOR_MS && at > s.changedMs) s.changedMs = at
  }
}
