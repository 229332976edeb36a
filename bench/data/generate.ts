// The benchmark dataset: a realistic, deterministic news site (60 sections, N visible articles
// and their drafts, scheduled, archived and deleted companions, 10 × N reader comments) loaded
// with COPY into a migrated, empty database. ensureDataset keeps one such database per size on
// a server and reuses it while its marker says it is complete and current.
import { createHash } from 'node:crypto'
import pg from 'pg'
import { migrate, readMigrations } from '../../src/db/migrator.ts'
import { databaseUrl, ginIndexes } from '../lib/pg.ts'
import { copyInto, copyTime } from './copy.ts'
import { ANCHOR_MS, finishSections, planArticles, planComments, planSections, type ArticlePlan } from './plan.ts'
import { Rng } from './random.ts'
import { ARTICLE_COLUMNS, articleLines, COMMENT_COLUMNS, commentLines, SECTION_COLUMNS, sectionLines } from './rows.ts'

/** Bump whenever the generated rows change (vocabulary, plan, rows): older databases are rebuilt. */
export const GENERATOR_VERSION = 2
export const DEFAULT_SEED = 1

export interface GenerateOptions {
  /** visible published articles; drafts, scheduled, archived and deleted ones come on top */
  articles: number
  /** default 10 × articles */
  comments?: number
  seed?: number
  onProgress?: (msg: string) => void
}

export interface DatasetSummary {
  generator: number
  seed: number
  anchor: string
  sections: number
  articles: { total: number, visible: number, drafts: number, scheduled: number, archived: number, deleted: number }
  comments: { total: number, approved: number, pending: number, rejected: number, spam: number, replies: number }
  /** the newest visible articles that got at least 25 approved top-level comments */
  hotArticles: number
  /** most visible articles filed directly in one section, and in one section's subtree */
  largestSection: { slug: string, visibleArticles: number }
  largestTree: { slug: string, visibleArticles: number }
  /** whether section_article_counts (when that table exists) matched the articles after loading */
  sectionCounts: 'absent' | 'match' | 'mismatch' | 'unchecked'
  generationSeconds: number
}

// One random stream per purpose: changing how comments are written leaves the articles as they were.
const STREAM = { sections: 1, plan: 2, articleIds: 3, comments: 4, articleText: 5, commentText: 6 }

export async function generateDataset (connectionString: string, opts: GenerateOptions): Promise<DatasetSummary> {
  const started = performance.now()
  const seed = opts.seed ?? DEFAULT_SEED
  const commentTotal = opts.comments ?? opts.articles * 10
  if (!Number.isInteger(opts.articles) || opts.articles < 1) throw new RangeError('articles must be a positive integer')
  if (!Number.isInteger(commentTotal) || commentTotal < 0) throw new RangeError('comments must be a non-negative integer')
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('seed must be an integer in 0..4294967295')
  const log = opts.onProgress ?? (() => {})
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`

  const sections = planSections(new Rng(seed, STREAM.sections))
  const articles = planArticles(new Rng(seed, STREAM.plan), new Rng(seed, STREAM.articleIds), opts.articles, sections)
  const skeleton = planComments(new Rng(seed, STREAM.comments), articles, commentTotal)
  finishSections(sections, articles)
  log(`planned ${sections.length} sections, ${articles.length} articles, ${commentTotal} comments (${elapsed()})`)

  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const { rows: [existing] } = await client.query<{ n: string }>('SELECT (SELECT count(*) FROM sections) + (SELECT count(*) FROM articles) + (SELECT count(*) FROM comments) AS n')
    if (Number(existing?.n) !== 0) throw new Error('generateDataset needs an empty database: sections, articles or comments already hold rows')
    // One transaction: a failed load leaves the database empty rather than half-filled.
    await client.query('BEGIN')
    // GIN indexes without a pending list (migration 20261204080000) take a COPY's rows one at a
    // time, twice as slow as through a list: the load has the lists, and they are merged after it
    const unlisted = (await ginIndexes(client)).filter((i) => !i.pendingList)
    for (const { name } of unlisted) await client.query(`ALTER INDEX ${name} SET (fastupdate = on)`)
    await copyInto(client, 'sections', SECTION_COLUMNS, sectionLines(sections))
    const articleRows = await copyInto(client, 'articles', ARTICLE_COLUMNS, articleLines(articles, sections, new Rng(seed, STREAM.articleText),
      (n) => log(`articles: ${n} / ${articles.length} (${elapsed()})`)))
    log(`articles loaded: ${articleRows} (${elapsed()})`)
    const commentRows = await copyInto(client, 'comments', COMMENT_COLUMNS, commentLines(articles, skeleton, seed, new Rng(seed, STREAM.commentText),
      (n) => log(`comments: ${n} / ${commentTotal} (${elapsed()})`)))
    log(`comments loaded: ${commentRows} (${elapsed()})`)
    await recordSiteState(client, articles, sections.length, Math.max(...sections.map((s) => s.changedMs)))
    for (const { name } of unlisted) await client.query(`ALTER INDEX ${name} SET (fastupdate = off)`)
    await client.query('COMMIT')
    for (const { name } of unlisted) await client.query('SELECT gin_clean_pending_list($1::regclass)', [name])
    if (unlisted.length > 0) log(`GIN pending lists merged (${elapsed()})`)
    const sectionCounts = await checkSectionCounts(client, log)
    const summary = await summarize(client, seed, skeleton.hot, sectionCounts)
    summary.generationSeconds = Math.round((performance.now() - started) / 100) / 10
    log(`loaded in ${elapsed()}`)
    return summary
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await client.end()
  }
}

/**
 * The single site_state row (the init migration inserts it; made here too if absent): its counters
 * as if every recorded change had gone through the app, its creation before the first section.
 */
async function recordSiteState (client: pg.ClientBase, articles: ArticlePlan[], sections: number, lastChangeMs: number): Promise<void> {
  let changes = sections
  let approved = 0
  for (const a of articles) {
    if (a.kind === 'scheduled') changes += 1
    else if (a.firstPublishedMs !== null) changes += a.version
    approved += a.commentVersion
  }
  await client.query(`
    INSERT INTO site_state (id, created_at, content_changed_at, change_count, comment_version) VALUES (1, $1, $2, $3, $4)
    ON CONFLICT (id) DO UPDATE SET created_at = $1, content_changed_at = $2, change_count = $3, comment_version = $4`,
  [copyTime(ANCHOR_MS - 3 * 365 * 86_400_000 - 31 * 86_400_000), copyTime(lastChangeMs), changes, approved])
}

/**
 * The per-section count table (added by a migration, kept by statement-level triggers on articles)
 * must agree with the articles after the COPY; a mismatch is that migration's bug, reported here.
 */
async function checkSectionCounts (client: pg.ClientBase, log: (msg: string) => void): Promise<DatasetSummary['sectionCounts']> {
  const { rows: columns } = await client.query<{ column_name: string, data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'section_article_counts'")
  if (columns.length === 0) return 'absent'
  const numeric = columns.filter((c) => c.column_name !== 'section_id' && /int|numeric/.test(c.data_type))
  const count = numeric.find((c) => c.column_name.includes('count')) ?? numeric[0]
  if (!columns.some((c) => c.column_name === 'section_id') || !count) {
    log(`warning: section_article_counts has columns ${columns.map((c) => c.column_name).join(', ')}; cannot tell which holds the count, not checked`)
    return 'unchecked'
  }
  const { rows: [row] } = await client.query<{ bad: string }>(`
    SELECT count(*) AS bad FROM (SELECT section_id, sum("${count.column_name}")::bigint AS n FROM section_article_counts GROUP BY section_id) c
      FULL JOIN (SELECT section_id, count(*) AS n FROM articles WHERE status = 'PUBLISHED' AND deleted_at IS NULL GROUP BY section_id) a USING (section_id)
     WHERE coalesce(c.n, 0) <> coalesce(a.n, 0)`)
  if (Number(row?.bad) === 0) return 'match'
  log(`warning: section_article_counts.${count.column_name} disagrees with the articles for ${row?.bad} section(s)`)
  return 'mismatch'
}

async function summarize (client: pg.ClientBase, seed: number, hot: number, sectionCounts: DatasetSummary['sectionCounts']): Promise<DatasetSummary> {
  const { rows: [a] } = await client.query<Record<string, string>>(`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= now()) AS visible,
           count(*) FILTER (WHERE status = 'DRAFT' AND deleted_at IS NULL) AS drafts,
           count(*) FILTER (WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at > now()) AS scheduled,
           count(*) FILTER (WHERE status = 'ARCHIVED' AND deleted_at IS NULL) AS archived,
           count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
      FROM articles`)
  const { rows: [c] } = await client.query<Record<string, string>>(`
    SELECT count(*) AS total, count(*) FILTER (WHERE status = 'APPROVED') AS approved, count(*) FILTER (WHERE status = 'PENDING') AS pending,
           count(*) FILTER (WHERE status = 'REJECTED') AS rejected, count(*) FILTER (WHERE status = 'SPAM') AS spam,
           count(*) FILTER (WHERE parent_id IS NOT NULL) AS replies
      FROM comments`)
  const { rows: sections } = await client.query<{ id: string, parent: string | null, slug: string, n: string }>(`
    SELECT s.id, s.parent_id AS parent, s.slug, count(a.id) AS n
      FROM sections s LEFT JOIN articles a ON a.section_id = s.id AND a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= now()
     GROUP BY s.id ORDER BY s.slug`)
  const own = new Map(sections.map((s) => [s.id, Number(s.n)]))
  const tree = new Map(own)
  for (const s of sections) {
    // add each section's own count to every ancestor (three levels: at most two hops)
    for (let p = s.parent; p !== null; p = sections.find((x) => x.id === p)?.parent ?? null) tree.set(p, (tree.get(p) ?? 0) + (own.get(s.id) ?? 0))
  }
  const largest = (counts: Map<string, number>): { slug: string, visibleArticles: number } => {
    const best = sections.reduce((x, y) => ((counts.get(y.id) ?? 0) > (counts.get(x.id) ?? 0) ? y : x))
    return { slug: best.slug, visibleArticles: counts.get(best.id) ?? 0 }
  }
  const n = (v: string | undefined): number => Number(v ?? 0)
  return {
    generator: GENERATOR_VERSION,
    seed,
    anchor: new Date(ANCHOR_MS).toISOString(),
    sections: sections.length,
    articles: { total: n(a?.total), visible: n(a?.visible), drafts: n(a?.drafts), scheduled: n(a?.scheduled), archived: n(a?.archived), deleted: n(a?.deleted) },
    comments: { total: n(c?.total), approved: n(c?.approved), pending: n(c?.pending), rejected: n(c?.rejected), spam: n(c?.spam), replies: n(c?.replies) },
    hotArticles: hot,
    largestSection: largest(own),
    largestTree: largest(tree),
    sectionCounts,
    generationSeconds: 0,
  }
}

/** Identifies the schema a dataset was loaded into: the committed migrations, names and contents. */
function migrationsHash (): string {
  const hash = createHash('sha256')
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum)
  return hash.digest('hex').slice(0, 16)
}

/** bench_ for benchmark datasets; test_bench_ for the tests' own (tests only touch test_ databases) */
export type DatasetPrefix = 'bench_' | 'test_bench_'

export interface EnsureOptions {
  prefix?: DatasetPrefix
  comments?: number
  seed?: number
  /** drop and rebuild even when a complete, current dataset is there */
  force?: boolean
  onProgress?: (msg: string) => void
}

export interface EnsuredDataset { name: string, url: string, summary: DatasetSummary, reused: boolean }

/** What COMMENT ON DATABASE holds once a build finished: reuse only on an exact match. */
interface Marker { generator: number, migrations: string, articles: number, comments: number, seed: number, summary: DatasetSummary }

/** bench_news_<articles>, with _s<seed> / _c<comments> only when those are not the defaults. */
export function datasetName (articles: number, opts: { comments?: number, seed?: number, prefix?: DatasetPrefix } = {}): string {
  let name = `${opts.prefix ?? 'bench_'}news_${articles}`
  if (opts.seed !== undefined && opts.seed !== DEFAULT_SEED) name += `_s${opts.seed}`
  if (opts.comments !== undefined && opts.comments !== articles * 10) name += `_c${opts.comments}`
  return name
}

/**
 * The dataset of `articles` on the server at `serverUrl`: reused when its marker matches this
 * generator, the migrations and the arguments; otherwise (absent, half-built, stale, or `force`)
 * dropped and built again: CREATE DATABASE, migrate, generate, VACUUM (ANALYZE), then the marker.
 */
export async function ensureDataset (serverUrl: string, articles: number, opts: EnsureOptions = {}): Promise<EnsuredDataset> {
  const seed = opts.seed ?? DEFAULT_SEED
  const comments = opts.comments ?? articles * 10
  const name = datasetName(articles, opts)
  // only names of this shape are ever dropped (the same guard as the tests' test_ databases)
  if (!/^(test_)?bench_news_[0-9a-z_]+$/.test(name)) throw new Error(`refusing to manage database ${name}`)
  const url = databaseUrl(serverUrl, name)
  const log = opts.onProgress ?? (() => {})
  const wanted = { generator: GENERATOR_VERSION, migrations: migrationsHash(), articles, comments, seed }
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    // two bench runs asking for the same dataset at once: the second waits, then reuses it
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`bench dataset ${name}`])
    const { rows } = await admin.query<{ marker: string | null }>("SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1", [name])
    if (rows.length > 0 && !opts.force) {
      const marker = parseMarker(rows[0]?.marker ?? null)
      const stale = marker === null ? 'no marker (a build did not finish)' : Object.entries(wanted).filter(([k, v]) => marker[k as keyof Marker] !== v).map(([k]) => k).join(', ')
      // a process still running older generator code must not drop what newer code built for others
      if (marker !== null && marker.generator > GENERATOR_VERSION) {
        throw new Error(`${name} was built by generator ${marker.generator}, newer than this one (${GENERATOR_VERSION}): update this checkout, or pass force`)
      }
      if (marker !== null && stale === '') {
        log(`reusing ${name} (built in ${marker.summary.generationSeconds} s)`)
        return { name, url, summary: marker.summary, reused: true }
      }
      log(`rebuilding ${name}: ${marker === null ? stale : `${stale} changed`}`)
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`)
    await migrate(url, { log })
    const summary = await generateDataset(url, { articles, comments, seed, onProgress: log })
    const started = performance.now()
    const db = new pg.Client({ connectionString: url })
    await db.connect()
    try {
      // hint bits, the visibility map (index-only scans) and planner statistics, before any bench
      await db.query('VACUUM (ANALYZE)')
    } finally {
      await db.end()
    }
    const vacuumSeconds = (performance.now() - started) / 1000
    log(`VACUUM (ANALYZE) took ${vacuumSeconds.toFixed(1)} s`)
    summary.generationSeconds = Math.round((summary.generationSeconds + vacuumSeconds) * 10) / 10
    const marker: Marker = { ...wanted, summary }
    await admin.query(`COMMENT ON DATABASE "${name}" IS ${admin.escapeLiteral(JSON.stringify(marker))}`)
    return { name, url, summary, reused: false }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`bench dataset ${name}`]).catch(() => {})
    await admin.end()
  }
}

function parseMarker (text: string | null): Marker | null {
  if (text === null) return null
  try {
    const marker = JSON.parse(text) as Marker
    return typeof marker === 'object' && marker !== null && typeof marker.summary === 'object' ? marker : null
  } catch {
    return null
  }
}
