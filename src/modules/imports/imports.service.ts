// The legacy import (PRODUCT.md "Legacy import", issue 13): captured pages of the old site become
// sections and articles through the same services as the API (slugs, revisions, the content-state
// rule), each page in a transaction of its own, so that a page that cannot be read is reported and
// the others import. Idempotent: a page is keyed by its source (legacy article number, else file
// name) and a hash of what was written, so a second run over the same folder changes nothing, an
// edited page updates its article (with a revision), and an article an editor changed since its
// import is left alone unless forced. A whole run is one recorded change (one event, one webhook).
import { badUserInput, isAppError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import type { ArticleWritesService, ImportedState } from '../articles/articles-editorial.service.ts'
import type { Viewer } from '../auth/auth.service.ts'
import type { SectionWritesService } from '../sections/sections-editorial.service.ts'
import type { SiteRepository } from '../site/site.repository.ts'
import type { ImportRecord, ImportsRepository } from './imports.repository.ts'
import { parseLegacyPage, RejectedPage, type LegacyPage } from './legacy-page.ts'

/** A page file; its content may be read when its turn comes (the CLI reads a folder of 10,000 that way). */
export interface ImportFile { name: string, content: Uint8Array | string | (() => Promise<Uint8Array>) }

export interface ImportOptions {
  /** report what would happen, write nothing */
  dryRun?: boolean
  /** new articles are published (with a date) or archived (without one); default: drafts */
  publish?: boolean
  /** a published article's date: the page header's stamp, none, or this instant (default: none) */
  publishedAt?: 'header' | 'none' | Date
  /** re-import over an article an editor changed since its last import */
  force?: boolean
  /** where a page without a breadcrumb goes (a top-level section of this name) */
  defaultSection?: string
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'rejected'

export interface ImportEntry {
  file: string
  outcome: ImportOutcome
  source?: string
  articleId?: string
  slug?: string
  status?: string
  title?: string
  sectionPath?: string[]
  /** why a page was skipped or rejected */
  reason?: string
}

export interface ImportReport {
  dryRun: boolean
  totals: Record<ImportOutcome, number>
  /** sections the run created (path from the top) */
  sectionsCreated: string[][]
  entries: ImportEntry[]
}

export const DEFAULT_IMPORT_SECTION = 'أرشيف'

/** `--published-at` / `publishedAt`: header, none (the default) or an ISO date. */
export function publishedAtOption (value: string | undefined): ImportOptions['publishedAt'] {
  if (value === undefined || value === 'none') return 'none'
  if (value === 'header') return 'header'
  const at = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw badUserInput(`published-at must be header, none or an ISO date, not "${value.slice(0, 40)}"`, { field: 'publishedAt' })
  }
  return at
}

/** Pages read, and their sources looked up, at a time. */
const CHUNK = 500
/**
 * Pages being written at once, each in its own transaction. Measured on 2,000 new pages (2 cores):
 * one at a time 21.0 s, three 14.5 s (before the search documents were built a chunk at a time).
 * The article slugs are locked one slug at a time, so pages in flight do not wait on each other.
 */
const PAGES_AT_ONCE = 3

interface Run {
  viewer: Viewer | null
  opts: ImportOptions
  changedSections: Set<string>
  changedArticles: Set<string>
  report: ImportReport
  /** section ids by path (names joined by NUL), found or made in this run */
  sections: Map<string, string>
  /** articles created whose search documents are not built yet (built after each chunk) */
  unsearchable: string[]
}

/** A dry run's page transaction ends here, rolled back with what it would have done. */
class DryRun extends Error {
  constructor (readonly entry: ImportEntry, readonly created: string[][]) { super('dry run') }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

export class ImportsService {
  constructor (
    private readonly repo: ImportsRepository,
    private readonly articleWrites: ArticleWritesService,
    private readonly sectionWrites: SectionWritesService,
    private readonly site: SiteRepository,
    private readonly clock: Clock,
    private readonly timeZone: string
  ) {}

  /** Imports the pages in order; `progress` hears of each page as it is done. */
  async run (viewer: Viewer | null, files: ImportFile[], opts: ImportOptions = {}, progress?: (done: number, total: number, entry: ImportEntry) => void): Promise<ImportReport> {
    const report: ImportReport = {
      dryRun: opts.dryRun === true,
      totals: { created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0 },
      sectionsCreated: [],
      entries: [],
    }
    const changedSections = new Set<string>()
    const changedArticles = new Set<string>()
    const run: Run = { viewer, opts, changedSections, changedArticles, report, sections: new Map(), unsearchable: [] }
    let done = 0
    if (!report.dryRun) await this.repo.buildMissingSearch()
    for (let from = 0; from < files.length; from += CHUNK) {
      // a chunk's pages are read, then what their sources became is read in one statement: a
      // page imported before and unchanged since costs no statement of its own
      const chunk: Array<{ file: ImportFile, page?: LegacyPage, error?: unknown }> = []
      for (const file of files.slice(from, from + CHUNK)) {
        try {
          const content = typeof file.content === 'function' ? await file.content() : file.content
          chunk.push({ file, page: parseLegacyPage(file.name, typeof content === 'string' ? content : decode(content), this.timeZone) })
        } catch (err) {
          chunk.push({ file, error: err })
        }
      }
      const known = await this.repo.known(chunk.flatMap((c) => (c.page ? [c.page.source] : [])))
      // PAGES_AT_ONCE pages in flight, each in its own transaction: one page's statements run
      // while the next is prepared. The report keeps the folder's order.
      const entries: ImportEntry[] = new Array(chunk.length)
      let next = 0
      const worker = async (): Promise<void> => {
        for (let i = next++; i < chunk.length; i = next++) {
          const { file, page, error } = chunk[i] as (typeof chunk)[number]
          const entry = page ? await this.outcomeOf(run, page, known.get(page.source)) : { file: file.name, outcome: 'rejected' as const, reason: reasonOf(error) }
          entries[i] = entry
          report.totals[entry.outcome]++
          progress?.(++done, files.length, entry)
        }
      }
      await Promise.all(Array.from({ length: PAGES_AT_ONCE }, worker))
      report.entries.push(...entries)
      await this.repo.buildSearch(run.unsearchable.splice(0))
    }
    if (!report.dryRun && (changedSections.size > 0 || changedArticles.size > 0)) {
      await this.repo.transaction((tx) => this.site.recordChange(tx, this.clock.now(), [...changedSections], [...changedArticles]))
    }
    return report
  }

  /** A page that was read: unchanged or deleted since its import (from the chunk's lookup), else imported. */
  private async outcomeOf (run: Run, page: LegacyPage, previous: (ImportRecord & { deleted: boolean }) | undefined): Promise<ImportEntry> {
    const base = { file: page.file, source: page.source, title: page.title }
    try {
      if (previous?.deleted === true) return { ...base, outcome: 'skipped', articleId: previous.articleId, reason: 'deleted here since its import' }
      if (previous?.contentHash === page.hash) return { ...base, outcome: 'unchanged', articleId: previous.articleId }
      return await this.importOne(run, page)
    } catch (err) {
      return { file: page.file, outcome: 'rejected', reason: reasonOf(err) }
    }
  }

  private async importOne (run: Run, page: LegacyPage): Promise<ImportEntry> {
    const { viewer, opts, changedSections, changedArticles, report } = run
    const path = page.sectionPath.length > 0 ? page.sectionPath : [opts.defaultSection ?? DEFAULT_IMPORT_SECTION]
    const base = { file: page.file, source: page.source, title: page.title, sectionPath: path }
    const pathKey = path.join('\u0000')
    try {
      // locks in one order: this source, the section tree, the article slugs
      return await this.repo.pageTransaction(page.source, async (tx) => {
        const previous = await this.repo.find(tx, page.source)
        const existing = previous ? await this.articleWrites.lockForImport(tx, previous.articleId) : null
        if (previous && existing === null) return { ...base, outcome: 'skipped' as const, articleId: previous.articleId, reason: 'deleted here since its import' }
        if (previous && existing && previous.contentHash === page.hash) return { ...base, outcome: 'unchanged' as const, articleId: existing.id, slug: existing.slug, status: existing.status }
        if (previous && existing && existing.version !== previous.articleVersion && opts.force !== true) {
          return { ...base, outcome: 'skipped' as const, articleId: existing.id, slug: existing.slug, status: existing.status, reason: `changed here since its import (version ${existing.version}, imported as ${previous.articleVersion}); --force imports it over` }
        }
        // a path found or made once in this run is not looked up again (importPage checks the section still exists)
        const cached = run.sections.get(pathKey)
        const section = cached === undefined ? await this.sectionWrites.ensurePath(tx, viewer, path) : { id: cached, created: [] }
        const created = section.created.map((_s, i) => path.slice(0, path.length - section.created.length + i + 1))
        const written = await this.articleWrites.importPage(tx, viewer, existing ?? null, {
          title: page.title, paragraphs: page.paragraphs, sectionId: section.id, language: page.language,
        }, this.stateOf(page, opts))
        await this.repo.save(tx, {
          source: page.source,
          articleId: written.row.id,
          fileName: page.file,
          contentHash: page.hash,
          articleVersion: written.row.version,
          capturedAt: page.capturedAt,
        }, this.clock.now())
        const entry: ImportEntry = { ...base, outcome: previous ? 'updated' : 'created', articleId: written.row.id, slug: written.row.slug, status: written.row.status }
        if (opts.dryRun === true) throw new DryRun(entry, created)
        if (!previous) run.unsearchable.push(written.row.id)
        run.sections.set(pathKey, section.id)
        report.sectionsCreated.push(...created)
        for (const s of section.created) changedSections.add(s.id)
        if (written.changedSections) {
          for (const id of written.changedSections) changedSections.add(id)
          changedArticles.add(written.row.id)
        }
        return entry
      })
    } catch (err) {
      if (err instanceof DryRun) {
        report.sectionsCreated.push(...err.created.filter((p) => !report.sectionsCreated.some((q) => q.join('/') === p.join('/'))))
        const { articleId: _id, ...entry } = err.entry
        return entry
      }
      throw err
    }
  }

  /** A new article's state: a draft; or, with --publish, published at its date, archived without one. */
  private stateOf (page: LegacyPage, opts: ImportOptions): ImportedState {
    if (opts.publish !== true) return { status: 'DRAFT', publishedAt: null }
    const at = opts.publishedAt instanceof Date ? opts.publishedAt : opts.publishedAt === 'header' ? page.capturedAt : null
    return at ? { status: 'PUBLISHED', publishedAt: at } : { status: 'ARCHIVED', publishedAt: null }
  }
}

function decode (bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    throw new RejectedPage('not UTF-8 text')
  }
}

function reasonOf (err: unknown): string {
  if (err instanceof RejectedPage) return err.message
  if (isAppError(err)) return err.message
  if (typeof (err as NodeJS.ErrnoException).syscall === 'string') return `could not be read: ${(err as Error).message}`
  return `could not be written: ${(err as Error).message}`
}
