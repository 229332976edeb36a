// `npm run bench:publish`: what a newsroom's writes cost once the search indexes are large. An
// editor's token publishes drafts and edits published articles' text, one request after another
// through the service's GraphQL mutations, on a copy of the bench dataset; each write rebuilds the
// article's search document and writes its entries into the GIN indexes (issue 12: "an index
// build that keeps a publish under 50 ms"). The same writes run, interleaved, on copies whose GIN
// indexes keep PostgreSQL's default pending list (4 MB, the baseline) and a short one (256 kB),
// in the same run. Options: --help.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDatabase } from '../src/db/database.ts'
import { systemClock } from '../src/lib/clock.ts'
import { AuthRepository } from '../src/modules/auth/auth.repository.ts'
import { AuthService } from '../src/modules/auth/auth.service.ts'
import { ensureDataset } from './data/generate.ts'
import { ROOT } from './lib/processes.ts'
import { describeMachine, machineLines, positive } from './lib/report.ts'

const HELP = `npm run bench:publish -- [options]
  --size 100000               articles in the dataset (made once and reused, as npm run bench does)
  --writes 1500               publishes of drafts and as many edits of published articles' text, per variant (after 20 of each untimed)
  --server <url>              PostgreSQL server (default: BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
  --out bench/RESULTS-publish.md`

/** The GIN indexes a publish or an edit writes (migration 20261204080000_gin_without_pending_list). */
const GIN_INDEXES = ['article_search_arabic_idx', 'article_search_other_idx', 'article_search_rank_arabic_idx', 'article_search_rank_other_idx',
  'article_search_title_idx', 'search_words_word_idx', 'articles_tags_idx', 'articles_author_ids_idx']

const PUBLISH = 'mutation Publish($id: ID!) { publishArticle(id: $id) { id status } }'
const EDIT = 'mutation Edit($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id version } }'

/** Writes of each kind sent before the timed ones. */
const WARM_UP = 20

interface Variant { name: string, note: string, setup: string[] }
interface Timings { publish: number[], edit: number[] }

const VARIANTS: Variant[] = [
  { name: 'PostgreSQL default', note: 'GIN pending lists of 4 MB', setup: GIN_INDEXES.map((i) => `ALTER INDEX "${i}" SET (fastupdate = on)`) },
  { name: 'short lists', note: 'GIN pending lists of 256 kB', setup: GIN_INDEXES.map((i) => `ALTER INDEX "${i}" SET (fastupdate = on, gin_pending_list_limit = 256)`) },
  { name: 'as migrated', note: 'no pending list: each write merges its own entries', setup: [] },
]

function quantile (sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

function databaseUrl (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

interface Copy { variant: Variant, name: string, send: (query: string, variables: Record<string, unknown>) => Promise<number>, close: () => Promise<void> }

/** A fresh copy of the dataset set up as the variant says, served by the service in this process. */
async function openCopy (serverUrl: string, dataset: string, variant: Variant, index: number): Promise<Copy> {
  const name = `${dataset}_publish_${index}`
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    // copied file by file: WAL_LOG (the default) would write the whole dataset to the WAL, and
    // the checkpoints that follow would fall on the timed writes
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${dataset}" STRATEGY = FILE_COPY`)
  })
  const url = databaseUrl(serverUrl, name)
  const db = createDatabase(url, { max: 4 })
  for (const statement of variant.setup) await db.pool.query(statement)
  const token = (await new AuthService(new AuthRepository(db), systemClock).createToken({ name: 'bench desk', role: 'EDITOR' })).token
  const app = await buildApp({ config: loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', RESPONSE_CACHE_MB: '0', PRESSURE_MAX_EVENT_LOOP_DELAY: '0' }), db, logger: false })
  return {
    variant,
    name,
    send: async (query, variables) => {
      const started = performance.now()
      const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } })
      const ms = performance.now() - started
      if (res.statusCode !== 200 || res.body.includes('"errors"')) throw new Error(`${variant.name}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      return ms
    },
    close: async () => {
      await app.close()
      await db.close()
      await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}

async function admin<T> (serverUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl })
  await c.connect()
  try {
    return await work(c)
  } finally {
    await c.end()
  }
}

/**
 * The same writes on every variant's copy, interleaved (write i on each copy in turn, the order
 * rotating), so that drift on a shared machine falls on all of them alike.
 */
async function timeWrites (serverUrl: string, dataset: string, writes: number): Promise<Map<Variant, Timings>> {
  // the same articles, in the same order, on every copy
  const { drafts, published } = await admin(databaseUrl(serverUrl, dataset), async (c) => ({
    drafts: (await c.query<{ id: string }>("SELECT id FROM articles WHERE status = 'DRAFT' AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT $1", [writes + WARM_UP])).rows,
    published: (await c.query<{ id: string, paragraphs: string[] }>("SELECT id, paragraphs FROM articles WHERE status = 'PUBLISHED' AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT $1", [writes + WARM_UP])).rows,
  }))
  const copies: Copy[] = []
  try {
    for (const [i, variant] of VARIANTS.entries()) copies.push(await openCopy(serverUrl, dataset, variant, i))
    await admin(serverUrl, (c) => c.query('CHECKPOINT'))
    const timings = new Map<Variant, Timings>(VARIANTS.map((v) => [v, { publish: [], edit: [] }]))
    // as a desk works: a draft goes live, a published article is corrected; the first WARM_UP of
    // each are not timed (a new connection's first statements plan and load caches)
    for (let i = 0; i < Math.max(drafts.length, published.length); i++) {
      const draft = drafts[i]
      const article = published[i]
      const paragraphs = [...article?.paragraphs ?? [], `تحديث ${i + 1}: أضيفت تفاصيل جديدة عن الاجتماع والطاقة والأسعار في الساعات الأخيرة.`]
      for (let k = 0; k < copies.length; k++) {
        const copy = copies[(i + k) % copies.length] as Copy
        const publish = draft ? await copy.send(PUBLISH, { id: draft.id }) : null
        const edit = article ? await copy.send(EDIT, { id: article.id, input: { paragraphs } }) : null
        if (i < WARM_UP) continue
        const t = timings.get(copy.variant) as Timings
        if (publish !== null) t.publish.push(publish)
        if (edit !== null) t.edit.push(edit)
      }
    }
    return timings
  } finally {
    for (const copy of copies) await copy.close()
  }
}

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    writes: { type: 'string', default: '1500' },
    server: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: 'bench/RESULTS-publish.md' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(HELP)
} else {
  const size = positive('size', values.size)
  const writes = positive('writes', values.writes)
  const started = performance.now()
  const machine = await describeMachine(values.server, `npm run bench:publish -- ${process.argv.slice(2).join(' ')}`.trim())
  const dataset = await ensureDataset(values.server, size, { onProgress: (msg) => console.log(msg) })
  const rows: string[] = []
  console.log(`${writes} publishes and ${writes} edits on each of ${VARIANTS.length} copies, interleaved…`)
  const all = await timeWrites(values.server, dataset.name, writes)
  for (const variant of VARIANTS) {
    const timings = all.get(variant) as Timings
    for (const [kind, list] of [['publish a draft', timings.publish], ['edit the text', timings.edit]] as const) {
      const sorted = [...list].sort((a, b) => a - b)
      const f = (n: number): string => n.toFixed(1)
      const row = `| ${variant.name} (${variant.note}) | ${kind} | ${sorted.length} | ${f(quantile(sorted, 0.5))} / ${f(quantile(sorted, 0.95))} / ${f(quantile(sorted, 0.99))} | ${f(sorted.at(-1) ?? NaN)} | ${sorted.filter((ms) => ms >= 50).length} |`
      console.log(row)
      rows.push(row)
    }
  }
  const report = [
    '# Publish and edit at size',
    '',
    'Written by `npm run bench:publish` (bench/publish.ts); run it again rather than editing this file.',
    '',
    ...machineLines(machine),
    `- Dataset: ${dataset.name} (${size.toLocaleString('en-US')} articles); each variant on a fresh copy of it; total runtime ${((performance.now() - started) / 60_000).toFixed(1)} min`,
    '- One request at a time through the service in this process (GraphQL `publishArticle` of a draft, then `updateArticle` of a published article with a paragraph added), the same articles on each copy, the copies in turn (their order rotating); milliseconds per request as the client sees it.',
    '',
    '| variant | write | requests | p50 / p95 / p99 ms | slowest ms | ≥ 50 ms |',
    '|---|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n')
  writeFileSync(path.resolve(ROOT, values.out), report)
  console.log(`written to ${values.out}`)
}
