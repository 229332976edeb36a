// `npm run bench:publish`: what a newsroom's writes cost once the search indexes are large. An
// editor's token publishes drafts and edits published articles' text, one request after another
// through the service's GraphQL mutations, on a copy of the bench dataset; each write rebuilds the
// article's search document and writes its entries into the GIN indexes (issue 12: "an index
// build that keeps a publish under 50 ms"). The same writes run, interleaved, on copies whose GIN
// indexes keep a pending list of 4 MB (PostgreSQL's default: the baseline) and of 256 kB, in the
// same run. After each write the bench reads the lists' sizes (pgstatginindex): a write after
// which they shrank merged them, and the report says how many slow writes did. Options: --help.
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
import { databaseUrl, ginIndexes, withClient } from './lib/pg.ts'
import { ROOT } from './lib/processes.ts'
import { describeMachine, machineLines, positive } from './lib/report.ts'
import { percentile } from './lib/stats.ts'

const HELP = `npm run bench:publish -- [options]
  --size 100000               articles in the dataset (made once and reused, as npm run bench does)
  --writes 1500               publishes of drafts and as many edits of published articles' text, per variant (after 20 of each untimed)
  --server <url>              PostgreSQL server (default: BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
  --out bench/RESULTS-publish.md`

const PUBLISH = 'mutation Publish($id: ID!) { publishArticle(id: $id) { id status } }'
const EDIT = 'mutation Edit($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id version } }'

/** Writes of each kind sent before the timed ones. */
const WARM_UP = 20
/** A write this slow or slower is counted (issue 12's bound for a publish). */
const SLOW_MS = 50

interface Variant { name: string, note: string, setup: (index: string) => string | null }
/** One timed write: its time, and whether a GIN pending list was merged while it ran. */
interface Write { ms: number, merged: boolean }
interface Timings { publish: Write[], edit: Write[] }

const VARIANTS: Variant[] = [
  { name: 'PostgreSQL default', note: 'GIN pending lists of 4 MB', setup: (i) => `ALTER INDEX ${i} SET (fastupdate = on, gin_pending_list_limit = 4096)` },
  { name: 'short lists', note: 'GIN pending lists of 256 kB', setup: (i) => `ALTER INDEX ${i} SET (fastupdate = on, gin_pending_list_limit = 256)` },
  { name: 'as migrated', note: 'no pending list: each write merges its own entries', setup: () => null },
]

interface Copy {
  variant: Variant
  send: (query: string, variables: Record<string, unknown>) => Promise<Write>
  close: () => Promise<void>
}

/** The copies' names: fixed, so a run that died leaves nothing the next one does not drop. */
const copyName = (dataset: string, index: number): string => `${dataset}_publish_${index}`

/** A fresh copy of the dataset set up as the variant says, served by the service in this process. */
async function openCopy (serverUrl: string, dataset: string, variant: Variant, index: number): Promise<Copy> {
  const name = copyName(dataset, index)
  const drop = (): Promise<unknown> => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  await drop()
  // copied file by file: WAL_LOG (the default) would write the whole dataset to the WAL, and the
  // checkpoints that follow would fall on the timed writes
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${dataset}" STRATEGY = FILE_COPY`))
  const url = databaseUrl(serverUrl, name)
  const db = createDatabase(url, { max: 4 })
  let app: Awaited<ReturnType<typeof buildApp>> | undefined
  const close = async (): Promise<void> => {
    try {
      await app?.close()
      await db.close()
    } finally {
      await drop()
    }
  }
  try {
    // the lists' sizes, read after each write (pgstattuple ships with PostgreSQL's contrib modules)
    const lists = await withClient(url, async (c) => {
      const indexes = (await ginIndexes(c)).map((i) => i.name)
      for (const index of indexes) {
        const statement = variant.setup(index)
        if (statement) await c.query(statement)
      }
      await c.query('CREATE EXTENSION IF NOT EXISTS pgstattuple')
      return indexes
    })
    const pendingPages = async (): Promise<number> => {
      const { rows } = await db.pool.query<{ pages: string }>('SELECT sum((pgstatginindex(i::regclass)).pending_pages) AS pages FROM unnest($1::text[]) AS i', [lists])
      return Number(rows[0]?.pages ?? 0)
    }
    const token = (await new AuthService(new AuthRepository(db), systemClock).createToken({ name: 'bench desk', role: 'EDITOR' })).token
    app = await buildApp({ config: loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', RESPONSE_CACHE_MB: '0', PRESSURE_MAX_EVENT_LOOP_DELAY: '0' }), db, logger: false })
    const served = app
    let before = await pendingPages()
    return {
      variant,
      send: async (query, variables) => {
        const started = performance.now()
        const res = await served.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } })
        const ms = performance.now() - started
        if (res.statusCode !== 200 || res.body.includes('"errors"')) throw new Error(`${variant.name}: ${res.statusCode} ${res.body.slice(0, 300)}`)
        const after = await pendingPages()
        const merged = after < before
        before = after
        return { ms, merged }
      },
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}

/**
 * The same writes on every variant's copy, interleaved (write i on each copy in turn, the order
 * rotating), so that drift on a shared machine falls on all of them alike.
 */
async function timeWrites (serverUrl: string, dataset: string, writes: number): Promise<Map<Variant, Timings>> {
  // the same articles, in the same order, on every copy
  const { drafts, published } = await withClient(databaseUrl(serverUrl, dataset), async (c) => ({
    drafts: (await c.query<{ id: string }>("SELECT id FROM articles WHERE status = 'DRAFT' AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT $1", [writes + WARM_UP])).rows,
    published: (await c.query<{ id: string, paragraphs: string[] }>("SELECT id, paragraphs FROM articles WHERE status = 'PUBLISHED' AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT $1", [writes + WARM_UP])).rows,
  }))
  const copies: Copy[] = []
  try {
    for (const [i, variant] of VARIANTS.entries()) copies.push(await openCopy(serverUrl, dataset, variant, i))
    await withClient(serverUrl, (c) => c.query('CHECKPOINT'))
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
    const closed = await Promise.allSettled(copies.map((c) => c.close()))
    for (const r of closed) if (r.status === 'rejected') console.error(`a copy was not closed: ${String(r.reason)}`)
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
  // one run at a time on a server (the copies' names are fixed): a lock held for the run
  const lock = new pg.Client({ connectionString: values.server })
  await lock.connect()
  let all: Map<Variant, Timings>
  try {
    const { rows: [held] } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`bench publish ${dataset.name}`])
    if (!held?.ok) throw new Error(`another bench:publish is running on ${dataset.name}`)
    console.log(`${writes} publishes and ${writes} edits on each of ${VARIANTS.length} copies, interleaved…`)
    all = await timeWrites(values.server, dataset.name, writes)
  } finally {
    await lock.end()
  }
  const rows: string[] = []
  for (const variant of VARIANTS) {
    const timings = all.get(variant) as Timings
    for (const [kind, list] of [['publish a draft', timings.publish], ['edit the text', timings.edit]] as const) {
      const ms = list.map((w) => w.ms)
      const slow = list.filter((w) => w.ms >= SLOW_MS)
      const f = (n: number): string => n.toFixed(1)
      const row = `| ${variant.name} (${variant.note}) | ${kind} | ${list.length} | ${f(percentile(ms, 50))} / ${f(percentile(ms, 95))} / ${f(percentile(ms, 99))} | ${f(Math.max(...ms))} | ${list.filter((w) => w.merged).length} | ${slow.length} (${slow.filter((w) => w.merged).length}) |`
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
    '- *Merged*: writes after which the GIN pending lists were smaller than before (`pgstatginindex`, read after each write, untimed): the write merged them (or autovacuum did, since the write before).',
    '',
    `| variant | write | requests | p50 / p95 / p99 ms | slowest ms | merged | ≥ ${SLOW_MS} ms (of which merged) |`,
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n')
  writeFileSync(path.resolve(ROOT, values.out), report)
  console.log(`written to ${values.out}`)
}
