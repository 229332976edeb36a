// View counts (contract: recordView, Article.viewCount, mostRead). recordView answers at once: the
// view is buffered in memory and written with the others every VIEW_FLUSH_INTERVAL (and on
// shutdown), where PostgreSQL decides whether it counts (one per client, article and 30 minutes,
// across instances). A crash loses at most the views of one interval; a failed flush keeps its
// views for the next one.
import { badUserInput } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { ArticleRecord } from '../articles/articles.row.ts'
import type { SectionTree } from '../sections/sections.tree.ts'
import type { SeenView, ViewsRepository } from './views.repository.ts'

export const MAX_DAYS = 365
export const MAX_MOST_READ = 100

export class ViewsService {
  private buffer = new Map<string, SeenView>()
  /** views refused because the buffer was full (since start) */
  dropped = 0
  private flushing: Promise<number> | null = null

  constructor (
    private readonly repo: ViewsRepository,
    private readonly clock: Clock,
    private readonly hashClient: (client: string) => Promise<string>,
    private readonly maxBuffered: number
  ) {}

  /** Takes a view for counting (true), or refuses a malformed id. Unknown or hidden articles are not counted. */
  async record (articleId: string, client: string): Promise<boolean> {
    if (typeof articleId !== 'string' || !isUuid(articleId)) throw badUserInput(`"${String(articleId).slice(0, 60)}" is not an article id`, { field: 'articleId' })
    const view: SeenView = { articleId: articleId.toLowerCase(), client: await this.hashClient(client), seenAt: this.clock.now() }
    const key = `${view.articleId} ${view.client}`
    if (!this.buffer.has(key)) {
      if (this.buffer.size >= this.maxBuffered) this.dropped++
      else this.buffer.set(key, view)
    }
    return true
  }

  /** Views waiting for the next flush. */
  get pending (): number {
    return this.buffer.size
  }

  /** Writes the buffered views (one at a time per instance); returns how many counted. */
  flush (): Promise<number> {
    this.flushing ??= this.write().finally(() => { this.flushing = null })
    return this.flushing
  }

  private async write (): Promise<number> {
    if (this.buffer.size === 0) return 0
    const batch = [...this.buffer.values()]
    this.buffer = new Map()
    try {
      return await this.repo.flush(batch, this.clock.now())
    } catch (err) {
      // kept for the next flush, as far as the buffer has room
      for (const v of batch) {
        const key = `${v.articleId} ${v.client}`
        if (!this.buffer.has(key) && this.buffer.size < this.maxBuffered) this.buffer.set(key, v)
      }
      throw err
    }
  }

  async mostRead (tree: SectionTree, args: { section?: string | null, days?: number | null, first?: number | null }): Promise<ArticleRecord[]> {
    const days = args.days ?? 1
    const first = args.first ?? 10
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw badUserInput(`days must be between 1 and ${MAX_DAYS}`, { field: 'days', limit: MAX_DAYS })
    if (!Number.isInteger(first) || first < 1 || first > MAX_MOST_READ) throw badUserInput(`first must be between 1 and ${MAX_MOST_READ}`, { field: 'first', limit: MAX_MOST_READ })
    const sections = tree.sectionFilter(args.section)
    if (!sections.known) return []
    return this.repo.mostRead(sections.ids, days, first, this.clock.now())
  }
}
