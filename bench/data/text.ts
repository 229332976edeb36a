// Turns the vocabulary into headlines, paragraphs, summaries, comments and names. Each sentence is a
// template whose slots are filled from the article's topic; a {v:M/F} slot takes the form that
// agrees with the sentence's subject, so the Arabic stays grammatical.
import { type Rng, zipf } from './random.ts'
import {
  ACTORS, BYLINES, CITIES, COMMENTS, CONTEXTS, COUNTRIES, DELAYS, EN, ENGLISH_TAGS, EVENTS, FAMILY_NAMES, FEMALE_NAMES, FOREIGN_NAMES, FUTURE,
  GOALS, GROUPS, MALE_NAMES, METRICS, NICKNAMES, PERIODS, QUOTES, REPORTERS, ROLES, SENTENCES, SOURCES, SUBJECTS, TITLES, TOPIC_TAGS, WHEN,
  type Topic,
} from './vocabulary.ts'

export type Language = 'ar' | 'en'

/** ~200 tags, the common ones first: each topic's tags interleaved by rank, then places, then English. */
export const TAGS: string[] = (() => {
  const topics = Object.values(TOPIC_TAGS)
  const interleaved: string[] = []
  for (let rank = 0; rank < 12; rank++) for (const tags of topics) if (tags[rank]) interleaved.push(tags[rank] as string)
  return [...new Set([...interleaved, ...COUNTRIES, ...CITIES, ...ENGLISH_TAGS])]
})()

const SLOT = /\{([A-Za-z0-9]+)(?::([^}]*))?\}/g
const AR_LEADS = SENTENCES.filter((s) => !s.startsWith('و'))
const TAG_COUNTS = [1, 1, 1, 2, 2, 2, 2, 3, 3, 4] // 30 % one tag … 10 % four
const TAG_SAMPLER = zipf(TAGS.length, 1.0)
const TOPIC_TAG_SAMPLER = zipf(12, 0.8)
const BYLINE_SAMPLER = zipf(BYLINES.length, 0.7)
const SOURCE_SAMPLER = zipf(SOURCES.length, 0.9)

interface Subject { name: string, female: boolean }

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/** A reader's display name: the same client always gets the same one (the caller seeds `rng`). */
export function authorName (rng: Rng, lang: Language): string {
  if (lang === 'en' && rng.chance(0.7)) return rng.pick(EN.people).split(' ')[0] as string
  const r = rng.next()
  if (r < 0.12) return rng.pick(NICKNAMES)
  const first = rng.chance(0.35) ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES)
  return r < 0.45 ? first : `${first} ${rng.pick(FAMILY_NAMES)}`
}

export class TextMaker {
  constructor (private readonly rng: Rng) {}

  /** A headline of 6–14 words. */
  title (topic: Topic, lang: Language): string {
    const templates = lang === 'en' ? EN.titles : TITLES
    let text = ''
    for (let attempt = 0; attempt < 6; attempt++) {
      text = this.fill(this.rng.pick(templates), topic, lang)
      const n = wordCount(text)
      if (n >= 6 && n <= 14) return text
    }
    const words = text.split(' ')
    while (words.length < 6) words.push(lang === 'en' ? 'in' : 'في', lang === 'en' ? this.rng.pick(EN.cities) : this.rng.pick(CITIES))
    return words.slice(0, 14).join(' ')
  }

  /** One sentence, not opening with a connective. */
  summary (topic: Topic, lang: Language): string {
    return lang === 'en' ? this.fill(this.rng.pick(EN.sentences), topic, lang) : this.fill(this.rng.pick(AR_LEADS), topic, lang)
  }

  /** `count` paragraphs of whole sentences, about `totalBytes` of UTF-8 in all. */
  paragraphs (topic: Topic, lang: Language, count: number, totalBytes: number): string[] {
    const perParagraph = totalBytes / count
    // stop a paragraph about half a sentence early so the average lands on the target
    const slack = lang === 'en' ? 60 : 90
    const out: string[] = []
    for (let p = 0; p < count; p++) {
      const sentences: string[] = []
      let size = 0
      while (sentences.length === 0 || size < perParagraph - slack) {
        const first = p === 0 && sentences.length === 0
        const pool = lang === 'en' ? EN.sentences : first ? AR_LEADS : SENTENCES
        const sentence = this.fill(this.rng.pick(pool), topic, lang)
        sentences.push(sentence)
        size += bytes(sentence) + 1
      }
      out.push(sentences.join(' '))
    }
    return out
  }

  /** A reader comment of 1–3 sentences. */
  comment (lang: Language): string {
    const pool = lang === 'en' && this.rng.chance(0.8) ? EN.comments : COMMENTS
    const n = 1 + this.rng.int(3)
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(this.rng.pick(pool))
    return out.join(' ')
  }

  /** 1–4 distinct tags, skewed to the common ones; the first often from the article's topic. */
  tags (topic: Topic): string[] {
    const want = this.rng.pick(TAG_COUNTS)
    const out = new Set<string>()
    if (this.rng.chance(0.6)) out.add(TOPIC_TAGS[topic][TOPIC_TAG_SAMPLER.sample(this.rng)] as string)
    for (let attempt = 0; out.size < want && attempt < 20; attempt++) out.add(TAGS[TAG_SAMPLER.sample(this.rng)] as string)
    return [...out]
  }

  byline (lang: Language): string {
    return lang === 'en' ? this.rng.pick(EN.bylines) : BYLINES[BYLINE_SAMPLER.sample(this.rng)] as string
  }

  source (lang: Language): string {
    return lang === 'en' ? this.rng.pick(EN.sources) : SOURCES[SOURCE_SAMPLER.sample(this.rng)] as string
  }

  private actor (topic: Topic, lang: Language): Subject {
    if (lang === 'en') return { name: this.rng.pick(EN.actors), female: false }
    const { m, f } = ACTORS[topic]
    const female = this.rng.chance(f.length / (m.length + f.length))
    return { name: this.rng.pick(female ? f : m), female }
  }

  private person (topic: Topic, lang: Language): Subject {
    if (lang === 'en') return { name: this.rng.pick(EN.people), female: false }
    if ((topic === 'world' || topic === 'sport' || topic === 'tech') && this.rng.chance(0.15)) {
      const female = this.rng.chance(0.2)
      return { name: this.rng.pick(female ? FOREIGN_NAMES.f : FOREIGN_NAMES.m), female }
    }
    const female = this.rng.chance(0.3)
    return { name: `${this.rng.pick(female ? FEMALE_NAMES : MALE_NAMES)} ${this.rng.pick(FAMILY_NAMES)}`, female }
  }

  private fill (template: string, topic: Topic, lang: Language): string {
    const en = lang === 'en'
    const actor = /\{[Aa]ctor\}/.test(template) ? this.actor(topic, lang) : null
    const person = template.includes('{person}') ? this.person(topic, lang) : null
    const female = (actor ?? person)?.female ?? false
    const r = this.rng
    return template.replace(SLOT, (_match, key: string, forms: string | undefined) => {
      switch (key) {
        case 'v': return (forms ?? '').split('/')[female ? 1 : 0] ?? ''
        case 'actor': return actor?.name ?? ''
        case 'Actor': return capitalize(actor?.name ?? '')
        case 'person': return person?.name ?? ''
        case 'role': return en ? r.pick(EN.roles) : r.pick(ROLES).split('/')[person?.female ? 1 : 0] ?? ''
        case 'subject': case 'subject2': return en ? r.pick(EN.subjects) : r.pick(SUBJECTS[topic])
        case 'goal': return r.pick(en ? EN.goals : GOALS)
        case 'context': return r.pick(en ? EN.contexts : CONTEXTS)
        case 'when': return r.pick(en ? EN.when : WHEN)
        case 'future': return r.pick(en ? EN.future : FUTURE)
        case 'city': case 'City': return en ? r.pick(EN.cities) : r.pick(CITIES)
        case 'event': return r.pick(en ? EN.events : EVENTS)
        case 'quote': return r.pick(en ? EN.quotes : QUOTES)
        case 'num': return String(r.between(2, 120) * 50)
        case 'pct': case 'pct2': return `${r.between(1, 40)}.${r.int(10)} في المئة`
        case 'period': return r.pick(PERIODS)
        case 'metric': return r.pick(METRICS)
        case 'group': return r.pick(GROUPS)
        case 'country': return r.pick(COUNTRIES)
        case 'reporters': return r.pick(REPORTERS)
        case 'delay': return r.pick(DELAYS)
        case 'verb': return r.pick(EN.verbs)
        default: throw new Error(`unknown slot {${key}} in a bench vocabulary template`)
      }
    })
  }
}

function wordCount (text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length
}
