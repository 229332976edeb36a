// `npm run bench`: for each dataset size, the service and its baselines under the same load, every
// answer checked first; prints a table per size and writes bench/RESULTS.md. Options: --help.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ensureDataset } from './data/generate.ts'
import { inspect, timeAll, type LoadSettings } from './lib/measure.ts'
import { loadPeer, type Peer } from './lib/peer.ts'
import { buildService, ROOT } from './lib/processes.ts'
import { describeMachine, growth, positive, resultsMarkdown, sizeTable, yardstickTable, type SizeReport } from './lib/report.ts'
import { scenarios } from './scenarios.ts'

const HELP = `npm run bench -- [options]
  --sizes 1000,20000,100000   articles per dataset (each its own database, made once and reused)
  --duration 10               seconds measured per scenario and server
  --warmup 3                  seconds of load before each measured run
  --connections 16            concurrent connections
  --scenarios a,b             only these (default: all: ${scenarios.map((s) => s.name).join(', ')})
  --no-postgraphile           skip the PostGraphile baseline
  --no-build                  use dist/ as it is (default: npm run build first)
  --metrics                   run the service with METRICS_TOKEN set (default: off, like the baselines)
  --server <url>              PostgreSQL server for the bench databases
                              (default: BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
  --out bench/RESULTS.md      where the report goes`

interface Options extends LoadSettings {
  sizes: number[]
  scenarios: string[] | null
  postgraphile: boolean
  build: boolean
  server: string
  out: string
}

function parseOptions (argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,20000,100000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      scenarios: { type: 'string' },
      'no-postgraphile': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      metrics: { type: 'boolean', default: false },
      server: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
      out: { type: 'string', default: 'bench/RESULTS.md' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return null
  const chosen = values.scenarios?.split(',').map((s) => s.trim()).filter(Boolean) ?? null
  const unknown = chosen?.filter((name) => !scenarios.some((s) => s.name === name)) ?? []
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`)
  return {
    sizes: values.sizes.split(',').map((s) => positive('sizes', s.trim())),
    duration: positive('duration', values.duration),
    warmup: Number(values.warmup) >= 0 ? Number(values.warmup) : positive('warmup', values.warmup),
    connections: positive('connections', values.connections),
    scenarios: chosen,
    postgraphile: !values['no-postgraphile'],
    build: !values['no-build'],
    metrics: values.metrics,
    server: values.server,
    out: path.resolve(ROOT, values.out),
  }
}

async function benchSize (articles: number, options: Options, peer: Peer | string): Promise<SizeReport> {
  const started = performance.now()
  process.stdout.write(`\n== ${articles.toLocaleString('en-US')} articles\n`)
  const dataset = await ensureDataset(options.server, articles, { onProgress: (msg) => process.stdout.write(`  dataset: ${msg}\n`) })
  const chosen = scenarios.filter((s) => !options.scenarios || options.scenarios.includes(s.name))
  // The expected answers come from here, in every phase.
  const db = new pg.Pool({ connectionString: dataset.url, max: 2 })
  try {
    process.stdout.write('checking answers, counting and explaining statements (through the wire proxy)\n')
    const inspected = await inspect(dataset.url, db, chosen)
    process.stdout.write('timing the service, then right after each scenario its baselines (ceiling, PostGraphile)\n')
    const peerStatus = await timeAll(dataset.url, inspected, options, peer)
    if (peerStatus !== 'started') process.stdout.write(`PostGraphile: ${peerStatus}\n`)
    return { articles, summary: dataset.summary, reused: dataset.reused, scenarios: inspected.map((x) => x.report), peer: peerStatus, seconds: (performance.now() - started) / 1000 }
  } finally {
    for (const s of chosen) await s.cleanUp?.(db)
    await db.end()
  }
}

async function main (): Promise<void> {
  const started = performance.now()
  const options = parseOptions(process.argv.slice(2))
  if (!options) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')
  const machine = await describeMachine(options.server, command)
  if (options.build) buildService()
  const peer: Peer | string = options.postgraphile ? await loadPeer() : 'turned off with --no-postgraphile'
  const sizes: SizeReport[] = []
  for (const articles of options.sizes) {
    const size = await benchSize(articles, options, peer)
    sizes.push(size)
    process.stdout.write(`\n${sizeTable(size)}\n`)
    const yardsticks = yardstickTable(size)
    if (yardsticks) process.stdout.write(`\n${yardsticks}\n`)
    // Written after every size: a long run that fails later still leaves what it measured.
    writeFileSync(options.out, resultsMarkdown(machine, options, sizes, (performance.now() - started) / 1000))
  }
  const grown = growth(sizes)
  if (grown) process.stdout.write(`\n${grown}\n`)
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), options.out)} in ${((performance.now() - started) / 60_000).toFixed(1)} min\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
