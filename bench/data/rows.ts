// The COPY rows of each table, produced lazily from the plan in a fixed order so the same seed
// always writes the same bytes. Text comes from its own random streams (see generate.ts).
import { slugify } from '../../src/lib/arabic.ts'
import { isUuid } from '../../src/lib/uuid.ts'
import { copyJson, copyLine, copyText, copyTextArray, copyTime } from './copy.ts'
import { ANCHOR_MS, COMMENT_STATUSES, type ArticlePlan, type CommentSkeleton, type SectionPlan } from './plan.ts'
import { hex32, Rng, uuidv7 } from './random.ts'
import { authorName, TextMaker } from './text.ts'

export const SECTION_COLUMNS = ['id', 'slug', 'name', 'position', 'parent_id', 'content_changed_at', 'created_at', 'updated_at']
export const ARTICLE_COLUMNS = ['id', 'slug', 'title', 'summary', 'paragraphs', 'image', 'language', 'tags', 'byline', 'source', 'status',
  'published_at', 'version', 'view_count', 'comment_count', 'comment_version', 'first_published_at', 'deleted_at', 'created_at', 'updated_at', 'section_id']
export const COMMENT_COLUMNS = ['id', 'article_id', 'parent_id', 'author_name', 'author_email', 'body', 'status', 'client_hash', 'created_at', 'moderated_at', 'moderated_by']

const IMAGE_SIZES: Array<[number, number]> = [[1200, 675], [1600, 900], [1024, 768], [800, 600], [1920, 1080]]
const MODERATORS = ['moderator desk', 'night desk', 'admin']
/** Target UTF-8 size of an article body; each article draws 60–140 % of it. */
const BODY_BYTES = 1600

export function * sectionLines (sections: SectionPlan[]): Generator<string> {
  for (const s of sections) {
    const parent = s.parent === null ? null : (sections[s.parent] as SectionPlan).id
    yield copyLine([s.id, copyText(s.slug), copyText(s.name), String(s.position), parent ?? '\\N', copyTime(s.changedMs), copyTime(s.createdMs), copyTime(s.createdMs)])
  }
}

/** Keeps article slugs unique the app's way: the title's slug, then -2, -3… when taken. */
export class SlugBook {
  private readonly taken = new Set<string>()

  claim (title: string): string {
    const base = slugify(title)
    if (base.length === 0 || isUuid(base)) throw new Error(`bench title makes no usable slug: ${title}`)
    let slug = base
    for (let n = 2; this.taken.has(slug); n++) slug = `${base}-${n}`
    this.taken.add(slug)
    return slug
  }
}

export function * articleLines (articles: ArticlePlan[], sections: SectionPlan[], rng: Rng, progress: (done: number) => void): Generator<string> {
  const text = new TextMaker(rng)
  const slugs = new SlugBook()
  let done = 0
  for (const a of articles) {
    const section = sections[a.section] as SectionPlan
    const title = text.title(section.topic, a.lang)
    const summary = rng.chance(0.85) ? text.summary(section.topic, a.lang) : null
    const paragraphs = text.paragraphs(section.topic, a.lang, rng.between(3, 7), BODY_BYTES * (0.6 + 0.8 * rng.next()))
    const tags = text.tags(section.topic)
    const byline = rng.chance(0.8) ? text.byline(a.lang) : null
    const source = rng.chance(0.7) ? text.source(a.lang) : null
    let image = null
    if (rng.chance(0.6)) {
      const [width, height] = rng.pick(IMAGE_SIZES)
      const month = new Date(a.createdMs).toISOString().slice(0, 7).replace('-', '/')
      image = { url: `https://images.example.com/news/${month}/${hex32(rng.uint32())}.jpg`, alt: title, width, height }
    }
    yield copyLine([
      a.id, copyText(slugs.claim(title)), copyText(title), copyText(summary), copyTextArray(paragraphs), copyJson(image), a.lang,
      copyTextArray(tags), copyText(byline), copyText(source), a.status, copyTime(a.publishedMs), String(a.version), String(a.viewCount),
      String(a.commentCount), String(a.commentVersion), copyTime(a.firstPublishedMs), copyTime(a.deletedMs), copyTime(a.createdMs),
      copyTime(a.updatedMs), section.id,
    ])
    if (++done % 10_000 === 0) progress(done)
  }
}

/** A reader: the same client index always has the same address hash, name and e-mail. */
function reader (seed: number, client: number, lang: 'ar' | 'en'): { hash: string, name: string, email: string | null } {
  const rng = new Rng(seed, 0x10000 + client)
  let hash = ''
  for (let i = 0; i < 8; i++) hash += hex32(rng.uint32())
  return { hash, name: authorName(rng, lang), email: rng.chance(0.25) ? `reader${client}@example.com` : null }
}

export function * commentLines (articles: ArticlePlan[], skeleton: CommentSkeleton, seed: number, rng: Rng, progress: (done: number) => void): Generator<string> {
  const text = new TextMaker(rng)
  // a few heavy commenters and a long tail of occasional ones, as on any news site
  const clients = Math.max(50, Math.floor(skeleton.total / 4))
  let done = 0
  for (const a of articles) {
    const ids: string[] = []
    for (let j = 0; j < a.comments; j++) {
      const k = a.firstComment + j
      const createdMs = skeleton.createdMs[k] as number
      const id = uuidv7(createdMs, rng)
      ids.push(id)
      const parent = skeleton.parent[k] as number
      const status = COMMENT_STATUSES[skeleton.status[k] as number] as string
      const who = reader(seed, Math.floor(clients * rng.next() ** 2), a.lang)
      const moderated = status === 'APPROVED' || status === 'REJECTED'
      const moderatedMs = moderated ? Math.min(ANCHOR_MS, createdMs + rng.between(2, 720) * 60_000) : null
      yield copyLine([
        id, a.id, parent === -1 ? '\\N' : ids[parent] as string, copyText(who.name), copyText(who.email), copyText(text.comment(a.lang)),
        status, who.hash, copyTime(createdMs), copyTime(moderatedMs), moderated ? rng.pick(MODERATORS) : '\\N',
      ])
      if (++done % 100_000 === 0) progress(done)
    }
  }
}
