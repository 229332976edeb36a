// `npm run bench:compare -- --ref <commit>`: the service as built now against the same service built
// from an earlier commit, on the same dataset, in alternating rounds (A B, then B A, …) so that drift
// on a shared machine falls on both alike. Reports medians of req/s and of the server's CPU time per
// request (read from /proc, less noisy than throughput when the load generator and PostgreSQL share
// the cores). Used to show what a change costs, e.g. the hardening of issue 10. Options: --help.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ensureDataset } from './data/generate.ts'
import { httpSender } from './lib/http.ts'
import { runLoad } from './lib/load.ts'
import { buildService, cpuSecondsOf, ROOT, startService, type RunningServer } from './lib/processes.ts'
import { describeMachine, machineLines } from './lib/report.ts'
import { scenarios, verify, type PreparedScenario } from './scenarios.ts'

const HELP = `npm run bench:compare -- --ref <commit> [options]
  --ref <commit>              the earlier build (required), e.g. the commit before a change
  --to <commit>               the later build (default: the working tree), e.g. to bisect
  --ref-env K=V,K=V           settings for the earlier build's server only (with --ref HEAD: what a setting costs)
  --size 20000                articles in the dataset (made once and reused, as npm run bench does)
  --scenarios a,b             default: frontPage,articlePage
  --rounds 6                  alternating rounds; each times every scenario on both builds
  --duration 8                seconds measured per scenario, build and round
  --warmup 2                  seconds of load before each measured run
  --connections 16
  --server <url>              PostgreSQL server (default: BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
  --out bench/COMPARE.md`

interface Run { reqPerSec: number, cpuMsPerRequest: number, failures: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] as number : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** The earlier commit's src/ compiled on its own, in a directory of its own, with today's node_modules. */
function buildRef (ref: string): { root: string, sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim()
  const root = path.join(os.tmpdir(), `news-api-bench-${sha.slice(0, 12)}`)
  if (!existsSync(path.join(root, 'dist/server.js'))) {
    rmSync(root, { recursive: true, force: true })
    mkdirSync(root, { recursive: true })
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${root}"`], { cwd: ROOT })
    // Dependencies are today's: this works while the earlier package.json asks for a subset of
    // them at the same versions (checked below), which is the case for a change that adds some.
    const then = JSON.parse(execFileSync('git', ['show', `${sha}:package.json`], { cwd: ROOT, encoding: 'utf8' })) as { dependencies: Record<string, string> }
    const now = JSON.parse(execFileSync('cat', [path.join(ROOT, 'package.json')], { encoding: 'utf8' })) as { dependencies: Record<string, string> }
    const differ = Object.entries(then.dependencies).filter(([name, version]) => now.dependencies[name] !== version)
    if (differ.length > 0) throw new Error(`${ref} depends on other versions (${differ.map(([n, v]) => `${n}@${v}`).join(', ')}): install them in ${root} by hand`)
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'))
    cpSync(path.join(ROOT, 'src/generated'), path.join(root, 'src/generated'), { recursive: true }) // Prisma's client, from the same schema
    const built = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
    if (built.status !== 0) throw new Error(`building ${ref} failed`)
  }
  return { root, sha }
}

async function timeOnce (server: RunningServer, prepared: PreparedScenario, o: { duration: number, warmup: number, connections: number }): Promise<Run> {
  if (o.warmup > 0) await runLoad({ url: server.url, requests: prepared.requests, connections: o.connections, duration: o.warmup, warmup: 0 })
  const before = cpuSecondsOf(server.pid) ?? NaN
  const r = await runLoad({ url: server.url, requests: prepared.requests, connections: o.connections, duration: o.duration, warmup: 0 })
  const cpu = (cpuSecondsOf(server.pid) ?? NaN) - before
  return { reqPerSec: r.reqPerSec, cpuMsPerRequest: (cpu * 1000) / r.total, failures: r.non2xx + r.errorBodies + r.errors }
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      ref: { type: 'string' },
      to: { type: 'string' },
      'ref-env': { type: 'string' },
      size: { type: 'string', default: '20000' },
      scenarios: { type: 'string', default: 'frontPage,articlePage' },
      rounds: { type: 'string', default: '6' },
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '16' },
      server: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
      out: { type: 'string', default: 'bench/COMPARE.md' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help || !values.ref) {
    process.stdout.write(`${HELP}\n`)
    if (!values.help) process.exitCode = 2
    return
  }
  const o = { rounds: Number(values.rounds), duration: Number(values.duration), warmup: Number(values.warmup), connections: Number(values.connections) }
  for (const [k, v] of Object.entries(o)) if (!Number.isInteger(v) || v < (k === 'warmup' ? 0 : 1)) throw new Error(`--${k} must be a whole number`)
  const chosen = values.scenarios.split(',').map((name) => {
    const s = scenarios.find((x) => x.name === name.trim())
    if (!s) throw new Error(`unknown scenario ${name}; known: ${scenarios.map((x) => x.name).join(', ')}`)
    if (s.cleanUp) throw new Error(`${name} writes; compare reads only`)
    return s
  })
  const machine = await describeMachine(values.server, `npm run bench:compare -- ${process.argv.slice(2).join(' ')}`)
  const refEnv = Object.fromEntries((values['ref-env'] ?? '').split(',').filter(Boolean).map((kv) => {
    const at = kv.indexOf('=')
    if (at < 1) throw new Error(`--ref-env: "${kv}" is not K=V`)
    return [kv.slice(0, at), kv.slice(at + 1)]
  }))
  const ref = buildRef(values.ref)
  const to = values.to ? buildRef(values.to) : null
  if (!to) buildService()
  const dataset = await ensureDataset(values.server, Number(values.size), { onProgress: (m) => process.stdout.write(`  dataset: ${m}\n`) })
  const db = new pg.Pool({ connectionString: dataset.url, max: 2 })
  const builds = [
    { name: `before (${ref.sha.slice(0, 7)}${values['ref-env'] ? ` with ${values['ref-env']}` : ''})`, server: await startService(dataset.url, { root: ref.root, env: refEnv }) },
    to
      ? { name: `after (${to.sha.slice(0, 7)})`, server: await startService(dataset.url, { root: to.root }) }
      : { name: 'now (working tree)', server: await startService(dataset.url) },
  ]
  const runs = new Map<string, Run[][]>() // scenario → per build → runs
  try {
    const prepared = new Map<string, PreparedScenario>()
    for (const s of chosen) {
      const p = await s.prepare({ db, send: httpSender(builds[1]?.server.url as string), now: new Date() })
      // Both builds must give the checked answer, or the comparison means nothing.
      for (const b of builds) await verify(p, httpSender(b.server.url))
      prepared.set(s.name, p)
      runs.set(s.name, builds.map(() => []))
    }
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0]
      for (const s of chosen) {
        for (const i of order) {
          const b = builds[i] as (typeof builds)[number]
          const run = await timeOnce(b.server, prepared.get(s.name) as PreparedScenario, o)
          runs.get(s.name)?.[i]?.push(run)
          process.stdout.write(`round ${round + 1}/${o.rounds} ${s.name} ${b.name}: ${run.reqPerSec.toFixed(0)} req/s, ${run.cpuMsPerRequest.toFixed(3)} CPU ms/req${run.failures ? `, ${run.failures} failures` : ''}\n`)
        }
      }
    }
  } finally {
    for (const b of builds) await b.server.stop()
    await db.end()
  }
  const rows = chosen.map((s) => {
    const [before, now] = runs.get(s.name) as [Run[], Run[]]
    const rate = (rs: Run[]): number => median(rs.map((r) => r.reqPerSec))
    const cpu = (rs: Run[]): number => median(rs.map((r) => r.cpuMsPerRequest))
    const spread = (rs: Run[]): string => `${Math.min(...rs.map((r) => r.reqPerSec)).toFixed(0)}–${Math.max(...rs.map((r) => r.reqPerSec)).toFixed(0)}`
    const failures = [...before, ...now].reduce((n, r) => n + r.failures, 0)
    return `| ${s.name} | ${rate(before).toFixed(0)} (${spread(before)}) | ${rate(now).toFixed(0)} (${spread(now)}) | ${(rate(now) / rate(before)).toFixed(3)} | ${cpu(before).toFixed(3)} | ${cpu(now).toFixed(3)} | ${(cpu(now) / cpu(before)).toFixed(3)} | ${failures} |`
  })
  const report = [
    '# Build against build',
    '',
    'Written by `npm run bench:compare` (bench/compare.ts); run it again rather than editing this file.',
    '',
    ...machineLines(machine),
    `- Dataset: ${dataset.summary.articles.visible.toLocaleString('en-US')} visible articles (${dataset.name}); ${o.rounds} alternating rounds of ${o.warmup} s warm-up + ${o.duration} s measured per scenario and build, ${o.connections} connections; both builds in production mode, logging off`,
    '',
    'Medians over the rounds (range of req/s in brackets). *CPU ms / req* is the server process\'s user + system time',
    'during the measured seconds divided by the requests it answered: what one request costs the service, whatever',
    'the load generator and PostgreSQL took from the same cores.',
    '',
    `| scenario | req/s ${builds[0]?.name} | req/s ${builds[1]?.name} | ratio | CPU ms / req before | CPU ms / req now | ratio | failures |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n')
  process.stdout.write(`\n${report}`)
  writeFileSync(path.resolve(ROOT, values.out), report)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:compare failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
