// npm run bench:data -- --articles 100000 [--comments N] [--seed 1] [--force] [--server URL]
// Builds (or reuses) the benchmark database bench_news_<articles> on a PostgreSQL server.
import { parseArgs } from 'node:util'
import { DEFAULT_SEED, ensureDataset } from './data/generate.ts'

const USAGE = `usage: npm run bench:data -- --articles N [--comments N] [--seed N] [--force] [--server postgresql://…]
  --articles  visible published articles (drafts, scheduled, archived, deleted come on top), 1..10000000
  --comments  reader comments (default 10 × articles)
  --seed      random seed (default ${DEFAULT_SEED}); same seed and arguments → identical rows
  --force     drop and rebuild the database even when it is complete and current
  --server    a database URL on the target server (default $BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)`

function integer (name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in ${min}..${max}, got "${value}"`)
  return n
}

class UsageError extends Error {}

function readArgs (): { articles: number, comments?: number, seed?: number, force: boolean, server: string } {
  let values
  try {
    ({ values } = parseArgs({
      options: {
        articles: { type: 'string' },
        comments: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean', default: false },
        server: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }))
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const articles = integer('articles', values.articles, 1, 10_000_000)
  if (articles === undefined) throw new UsageError('--articles is required')
  const server = values.server ?? process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  if (!/^postgres(ql)?:\/\//.test(server)) throw new UsageError(`--server must be a postgresql:// URL, got "${server}"`)
  return {
    articles,
    comments: integer('comments', values.comments, 0, 100_000_000),
    seed: integer('seed', values.seed, 0, 0xffffffff),
    force: values.force,
    server,
  }
}

let args
try {
  args = readArgs()
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  console.error(`bench:data: ${err.message}\n${USAGE}`)
  process.exit(2)
}

const started = performance.now()
const stamp = (): string => `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`
try {
  const { name, url, summary, reused } = await ensureDataset(args.server, args.articles, {
    comments: args.comments,
    seed: args.seed,
    force: args.force,
    onProgress: (msg) => console.log(`${stamp()} ${msg}`),
  })
  console.log(`${stamp()} ${reused ? 'reused' : 'built'} ${name}: ${url.replace(/:[^:@/]+@/, ':***@')}`)
  console.log(JSON.stringify(summary, null, 2))
} catch (err) {
  console.error(`bench:data failed: ${(err as Error).stack ?? String(err)}`)
  process.exit(1)
}
