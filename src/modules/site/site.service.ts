import { createHash } from 'node:crypto'
import { isLocale, isTimeZone } from '../../config.ts'
import { badUserInput } from '../../errors.ts'
import { stampOf } from '../../db/replicas.ts'
import type { Clock } from '../../lib/clock.ts'
import type { SiteRepository } from './site.repository.ts'

export interface SiteSettings {
  name: string
  defaultLocale: string
  timeZone: string
}

export interface SiteInfo extends SiteSettings {
  lastUpdatedAt: Date
  contentVersion: string
}

/** What a public response can depend on, read in one statement (http/caching.ts keys on it). */
export interface Versions {
  /** Site.contentVersion */
  content: string
  lastUpdatedAt: Date
  /** the site's comment version: moves with every change to a public thread */
  comments: string
  commentsChangedAt: Date | null
  /** the section tree's structure version */
  tree: string
  /** the next scheduled go-live or curation expiry: these versions hold until then unless a write moves them */
  until: Date | null
  /** the recorded-write counters behind them: a replica that has replayed these answers alike (db/replicas.ts) */
  stamp: string
}

const MAX_FORMATTERS = 200
const MAX_TAG_LENGTH = 100

export class SiteService {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>()

  constructor (
    private readonly repo: SiteRepository,
    readonly settings: SiteSettings,
    private readonly clock: Clock
  ) {}

  /** The site with lastUpdatedAt and contentVersion as PRODUCT.md "Content state" defines them. */
  async site (): Promise<SiteInfo> {
    const { lastUpdatedAt, content } = await this.versions()
    return { ...this.settings, lastUpdatedAt, contentVersion: content }
  }

  /** Every version public responses depend on, as of now: one statement. */
  async versions (): Promise<Versions> {
    const state = await this.repo.freshness(this.clock.now())
    const latest = state.latestPublishedAt
    const lastUpdatedAt = latest && latest > state.contentChangedAt ? latest : state.contentChangedAt
    // Derived from exactly the inputs that change when visible content does: recorded changes,
    // go-lives, and curation expiries (a featured slot or breaking flag running out).
    const content = createHash('sha256')
      .update(`${state.changeCount}:${latest?.getTime() ?? 0}:${state.latestExpiry?.getTime() ?? 0}`)
      .digest('base64url')
      .slice(0, 20)
    const until = [state.nextGoLive, state.nextExpiry].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null
    return { content, lastUpdatedAt, comments: state.commentVersion, commentsChangedAt: state.commentsChangedAt, tree: state.treeVersion, until, stamp: stampOf(state.changeCount, state.commentVersion, state.treeVersion) }
  }

  /** Announces scheduled articles whose instant has passed (once across instances); returns how many. */
  announceGoLives (): Promise<number> {
    return this.repo.announceGoLives(this.clock.now())
  }

  /** Milliseconds until the next scheduled instant, or null when nothing is scheduled. */
  async untilNextGoLive (): Promise<number | null> {
    const now = this.clock.now()
    const next = await this.repo.nextGoLive(now)
    return next ? Math.max(next.getTime() - now.getTime(), 0) : null
  }

  /** The header label of `at` ("الخميس، 14 نوفمبر 2024"); invalid locale or zone → BAD_USER_INPUT. */
  label (at: Date, locale?: string | null, timeZone?: string | null): string {
    const loc = locale ?? this.settings.defaultLocale
    const zone = timeZone ?? this.settings.timeZone
    if (loc.length > MAX_TAG_LENGTH) throw badUserInput(`locale is longer than ${MAX_TAG_LENGTH} characters`, { field: 'locale', limit: MAX_TAG_LENGTH })
    if (zone.length > MAX_TAG_LENGTH) throw badUserInput(`timeZone is longer than ${MAX_TAG_LENGTH} characters`, { field: 'timeZone', limit: MAX_TAG_LENGTH })
    if (!isLocale(loc)) throw badUserInput(`"${loc}" is not a valid BCP-47 locale`, { field: 'locale' })
    if (!isTimeZone(zone)) throw badUserInput(`"${zone}" is not a valid IANA time zone`, { field: 'timeZone' })
    const key = `${loc}\u0000${zone}`
    let fmt = this.formatters.get(key)
    if (!fmt) {
      fmt = new Intl.DateTimeFormat(loc, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone })
      if (this.formatters.size >= MAX_FORMATTERS) this.formatters.clear()
      this.formatters.set(key, fmt)
    }
    return fmt.format(at)
  }
}
