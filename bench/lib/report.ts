// The bench's output: one table per dataset size (printed, and written to bench/RESULTS.md with
// the command, machine and date), each statement's plan figures, and how the hot reads' cost
// grows from the smallest size to the largest.
import os from 'node:os'
import pg from 'pg'
import type { DatasetSummary } from '../data/generate.ts'
import type { Baseline, LoadSettings, ScenarioReport } from './measure.ts'

export interface SizeReport {
  articles: number
  /** what the dataset generator says it holds */
  summary: DatasetSummary
  /** the dataset was there already */
  reused: boolean
  scenarios: ScenarioReport[]
  /** "started", or why PostGraphile was not run */
  peer: string
  seconds: number
}

export interface Machine { cpus: number, cpu: string, memoryGb: number, node: string, postgres: string, date: string, command: string, load: number }

export async function describeMachine (serverUrl: string, command: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  const { rows } = await client.query<{ v: string, jit: string }>("SELECT current_setting('server_version') AS v, current_setting('jit') AS jit").finally(() => client.end())
  return {
    cpus: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: `${rows[0]?.v} (jit=${rows[0]?.jit})`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command,
    load: os.loadavg()[0] ?? 0,
  }
}

/** The report lines that say how and on what a bench ran (bench:compare, bench:scale). */
export function machineLines (machine: Machine): string[] {
  return [
    `- Command: \`${machine.command}\``,
    `- Date: ${machine.date}; machine: ${machine.cpus} CPUs (${machine.cpu}), ${machine.memoryGb.toFixed(1)} GB; Node ${machine.node}; PostgreSQL ${machine.postgres}; load average ${machine.load.toFixed(1)} at the start`,
  ]
}

/** A command-line option that must be a positive whole number. */
export function positive (name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${value}"`)
  return n
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const rate = (n: number): string => fmt(n, n < 10 ? 1 : 0)

function ratio (ours: ScenarioReport, base: Baseline | undefined): string {
  if (!base) return '–'
  if (base.error || !base.load) return `failed: ${(base.error ?? '').slice(0, 60)}`
  const text = ours.load ? `${fmt(ours.load.reqPerSec / base.load.reqPerSec, 2)}× of ${rate(base.load.reqPerSec)}` : `– (${rate(base.load.reqPerSec)})`
  return base.mismatch ? `${text} ⚠ MISMATCH` : text
}

/** The statements of one request that did work: their total time and buffers, and the slowest. */
export function planTotals (r: ScenarioReport): { ms: number, buffers: number, slowest: NonNullable<ScenarioReport['plans']>[number] | undefined } {
  const ok = (r.plans ?? []).filter((p) => !p.error)
  // Planning counts: a named statement re-planned on every execution pays it on every request.
  const slowest = [...ok].sort((a, b) => (b.executionMs + b.planningMs) - (a.executionMs + a.planningMs))[0]
  return { ms: ok.reduce((s, p) => s + p.executionMs, 0), buffers: ok.reduce((s, p) => s + p.buffers, 0), slowest }
}

export function sizeTable (size: SizeReport): string {
  const lines = [
    '| scenario | req/s | p50 / p95 / p99 ms | non-2xx / errors | SQL / req | slowest statement: exec + plan ms · buffers | RSS MB (peak) | vs ceiling | vs PostGraphile |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of size.scenarios) {
    const l = r.load
    const { slowest } = planTotals(r)
    const hot = slowest ? `${fmt(slowest.executionMs, 1)}${slowest.jitMs ? ` (JIT ${fmt(slowest.jitMs)})` : ''} + ${fmt(slowest.planningMs, 1)} · ${fmt(slowest.buffers)}` : '–'
    lines.push(`| ${r.name} | ${l ? rate(l.reqPerSec) : 'not timed'} | ${l ? `${l.p50} / ${l.p95} / ${l.p99}` : '–'} | ${l ? `${l.non2xx} / ${l.errorBodies + l.errors}` : '–'} | ${r.statements ?? '–'} | ${hot} | ${r.memory ? `${fmt(r.memory.rssMb)} (${fmt(r.memory.peakMb)})` : '–'} | ${ratio(r, r.ceiling)} | ${ratio(r, r.postgraphile)} |`)
  }
  return lines.join('\n')
}

/**
 * Each scenario's p95 divided by its yardstick's, the yardstick timed on the service right after
 * it (issue 12's target: search p95 at most 3× the article page's). Empty when none has one.
 */
export function yardstickTable (size: SizeReport): string {
  const rows = size.scenarios.filter((r) => r.yardstick)
  if (rows.length === 0) return ''
  const lines = [
    '| scenario | p95 ms | yardstick, timed right after | its p95 ms | p95 ÷ its p95 |',
    '|---|---:|---|---:|---:|',
  ]
  for (const r of rows) {
    const y = r.yardstick as NonNullable<ScenarioReport['yardstick']>
    const theirs = y.load ? fmt(y.load.p95, 1) : `failed: ${(y.error ?? '').slice(0, 60)}`
    // answers that failed make a p95 that means nothing: said next to the ratio
    const failures = [r.load, y.load].reduce((n, l) => n + (l ? l.non2xx + l.errorBodies + l.errors : 0), 0)
    const ratioText = r.load && y.load ? `${fmt(r.load.p95 / y.load.p95, 1)}×${failures > 0 ? ` ⚠ ${fmt(failures)} failed answers` : ''}` : '–'
    lines.push(`| ${r.name} | ${r.load ? fmt(r.load.p95, 1) : '–'} | ${y.name} | ${theirs} | ${ratioText} |`)
  }
  return lines.join('\n')
}

function describeDataset ({ summary: s, reused }: SizeReport): string {
  const a = s.articles
  const c = s.comments
  return `${s.sections} sections; ${fmt(a.visible)} visible articles (+ ${fmt(a.drafts)} drafts, ${fmt(a.scheduled)} scheduled, ${fmt(a.archived)} archived, ${fmt(a.deleted)} deleted); ` +
    `${fmt(c.total)} comments (${fmt(c.approved)} approved, ${fmt(c.replies)} replies); largest section tree "${s.largestTree.slug}" with ${fmt(s.largestTree.visibleArticles)} visible articles; ` +
    `generator v${s.generator}, seed ${s.seed}, ${reused ? 'reused' : `built in ${fmt(s.generationSeconds)} s`}`
}

function details (size: SizeReport): string {
  const out: string[] = []
  for (const r of size.scenarios) {
    out.push(`- **${r.name}**: ${r.title}${r.note ? `; ${r.note}` : ''}.`)
    if (r.error) out.push(`  - FAILED: ${r.error}`)
    for (const p of r.plans ?? []) {
      out.push(p.error
        ? `  - \`${p.label}\`: not replayable under EXPLAIN (${p.error.slice(0, 120)})`
        : `  - \`${p.label}\`: exec ${fmt(p.executionMs, 2)} ms${p.jitMs ? ` incl. JIT ${fmt(p.jitMs, 1)} ms` : ''}, planning ${fmt(p.planningMs, 2)} ms, ${fmt(p.buffers)} buffers (${fmt(p.read)} read), ${fmt(p.rows)} rows`)
    }
    if (r.postgraphile?.mismatch) out.push(`  - ⚠ PostGraphile MISMATCH: ${r.postgraphile.mismatch}`)
  }
  return out.join('\n')
}

/** How each scenario's database work (all its statements) grows with the data. */
export function growth (sizes: SizeReport[]): string {
  if (sizes.length < 2) return ''
  const first = sizes[0] as SizeReport
  const last = sizes[sizes.length - 1] as SizeReport
  const header = `| scenario | ${sizes.map((s) => `${fmt(s.articles)}: exec ms · buffers`).join(' | ')} | ${fmt(last.articles)} ÷ ${fmt(first.articles)} |`
  const lines = [header, `|---|${sizes.map(() => '---:|').join('')}---:|`]
  const verdicts: string[] = []
  for (const { name } of first.scenarios) {
    const reports = sizes.map((s) => s.scenarios.find((r) => r.name === name))
    const cells = reports.map((r) => (r?.plans ? planTotals(r) : undefined))
    const caveats = reports.flatMap((r, i) => (r?.caveat ? [`at ${fmt((sizes[i] as SizeReport).articles)}: ${r.caveat}`] : []))
    const [a, b] = [cells[0], cells[cells.length - 1]]
    const grown = a && b && a.ms > 0 && a.buffers > 0 ? { ms: b.ms / a.ms, buffers: b.buffers / a.buffers } : undefined
    lines.push(`| ${name}${caveats.length ? ` (${caveats.join('; ')})` : ''} | ${cells.map((c) => (c ? `${fmt(c.ms, 2)} · ${fmt(c.buffers)}` : '–')).join(' | ')} | ${grown ? `×${fmt(grown.ms, 2)} · ×${fmt(grown.buffers, 2)}` : '–'} |`)
    if (name === 'frontPage' && grown) {
      const flat = grown.ms <= 1.2 && grown.buffers <= 1.2
      verdicts.push(`Front page from ${fmt(first.articles)} to ${fmt(last.articles)} articles: execution time ×${fmt(grown.ms, 2)}, buffers ×${fmt(grown.buffers, 2)}: ${flat ? 'flat within 20 % (target met)' : 'NOT flat within 20 % (target: the same at every size)'}.`)
    }
  }
  return [...verdicts, '', ...lines].join('\n')
}

const HOW_TO_READ = `**How to read.** Each row is one scenario timed over real HTTP for the stated seconds after a
warm-up, at a fixed number of connections, by autocannon in a process of its own; the server, the
load generator and PostgreSQL share the same cores, so compare ratios within a run, not figures
across machines. *non-2xx / errors* counts non-2xx answers and failures (GraphQL \`errors\` in a 200,
timeouts, connection errors); a scenario whose answer did not match plain SQL on the same database
is not timed. *SQL / req* is the number of statements one request makes, counted at the
PostgreSQL wire protocol in a separate pass (not while timing). *Slowest statement* is that
request's slowest statement replayed with its parameters under \`EXPLAIN (ANALYZE, BUFFERS)\`
(the service's session settings, warm cache, the fastest of three runs; a named statement is
prepared and executed five times first, as on a pooled connection, so a generic plan shows if
PostgreSQL switches to one): execution time (JIT compilation included, shown when it ran) +
planning time, and shared buffers touched (hit + read, 8 kB each). *RSS* is the service's resident memory
after the scenario's run (its peak so far in brackets). *vs ceiling* is the service's req/s
divided by Mercurius answering the same documents from memory (\`jit: 1\`, no database): the
most this stack could do. Each baseline is timed right after the service on the same scenario,
so the two runs of a ratio are seconds apart. *vs PostGraphile* divides by PostGraphile v5 on the same database,
whose answers were checked to show the same articles in the same order (⚠ MISMATCH if not).`

export function resultsMarkdown (machine: Machine, settings: LoadSettings, sizes: SizeReport[], totalSeconds: number): string {
  const parts = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); run it again rather than editing this file.',
    '',
    `- Command: \`${machine.command}\``,
    `- Date: ${machine.date}; total runtime ${fmt(totalSeconds / 60, 1)} min`,
    `- Machine: ${machine.cpus} CPUs (${machine.cpu}), ${fmt(machine.memoryGb, 1)} GB memory; Node ${machine.node}; PostgreSQL ${machine.postgres}; load average ${fmt(machine.load, 1)} at the start (other work shares the cores)`,
    `- Load: ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s measured per scenario and server; the service in production mode, logging off, ${settings.metrics ? 'METRICS_TOKEN set (statement counting on)' : 'metrics off (METRICS_TOKEN unset, as the baselines have none)'}`,
    '',
    HOW_TO_READ,
  ]
  for (const size of sizes) {
    parts.push('', `## ${fmt(size.articles)} articles`, '', `Dataset: ${describeDataset(size)}. PostGraphile: ${size.peer}. This size took ${fmt(size.seconds)} s.`, '', sizeTable(size))
    const yardsticks = yardstickTable(size)
    if (yardsticks) parts.push('', 'Each p95 against its yardstick\'s, the yardstick timed on the service right after it (seconds apart, so drift on the shared machine falls on both):', '', yardsticks)
    parts.push('', details(size))
  }
  const grown = growth(sizes)
  if (grown) parts.push('', `## Growth from ${fmt((sizes[0] as SizeReport).articles)} to ${fmt((sizes[sizes.length - 1] as SizeReport).articles)} articles`, '', 'Database work of one request (all its statements under EXPLAIN ANALYZE): execution ms · shared buffers.', '', grown)
  return `${parts.join('\n')}\n`
}
