// Starts the PostGraphile peer against a database, runs its three documents once, prints each
// body's size and article ids (and, with --sql, the SQL PostGraphile sent), then stops it.
//   npx tsx bench/baselines/postgraphile-try.ts postgresql://postgres@127.0.0.1:5432/bench_news_20000 [--sql]
import pg from 'pg'
import { explainedSql, postgraphileScenarios, startPostGraphile, type PeerScenarioName } from './postgraphile.ts'

const databaseUrl = process.argv[2] ?? process.env.DATABASE_URL
if (!databaseUrl) throw new Error('usage: postgraphile-try.ts <database url> [--sql]')
const showSql = process.argv.includes('--sql')

// A few visible slugs, as the runner would rotate over.
const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()
const { rows } = await client.query<{ slug: string }>(
  `SELECT slug FROM articles WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= now()
    ORDER BY comment_count DESC, published_at DESC LIMIT 3`)
await client.end()
const ctx = { slugs: rows.map((r) => r.slug) }

let t = Date.now()
const server = await startPostGraphile(databaseUrl, { explain: showSql, log: (m) => console.log(m) })
console.log(`PostGraphile pid ${server.pid} answering at ${server.url} after ${Date.now() - t} ms`)
try {
  for (const [name, scenario] of Object.entries(postgraphileScenarios) as Array<[PeerScenarioName, typeof postgraphileScenarios.frontPage]>) {
    t = Date.now()
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: scenario.query, variables: scenario.variables?.(0, ctx) }),
    })
    const text = await res.text()
    const body = JSON.parse(text) as { errors?: unknown }
    const ids = scenario.articleIds(body)
    console.log(`\n${name}: HTTP ${res.status}, ${text.length} bytes, ${Date.now() - t} ms, ${ids.length} ids${body.errors ? `, errors ${JSON.stringify(body.errors)}` : ''}`)
    console.log(ids.join('\n'))
    if (showSql) for (const sql of explainedSql(body)) console.log(`--- SQL\n${sql}`)
  }
} finally {
  await server.stop()
}
