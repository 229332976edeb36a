// Replays what one request ran (captured at the wire) under EXPLAIN (ANALYZE, BUFFERS) on a
// connection of its own, with the session settings the service's connection had, inside a
// transaction that is rolled back so a replayed write changes nothing.
import pg from 'pg'
import type { CapturedStatement } from '../../test/support/pg-wire.ts'

export interface StatementFigures {
  label: string
  executionMs: number
  planningMs: number
  /** time PostgreSQL spent compiling the statement (JIT); null when it did not */
  jitMs: number | null
  /** shared buffers the plan touched: hit in cache plus read */
  buffers: number
  read: number
  rows: number
  error?: string
}

interface ExplainJson {
  Plan: { 'Shared Hit Blocks': number, 'Shared Read Blocks': number, 'Actual Rows': number }
  'Planning Time': number
  'Execution Time': number
  JIT?: { Timing?: { Total?: number | { Total?: number } } }
}

const EXPLAINABLE = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*(?:SELECT|WITH|VALUES|TABLE)\b/i
const WRITE = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*(?:INSERT|UPDATE|DELETE)\b/i

export function labelOf (s: CapturedStatement): string {
  return s.name || s.text.replace(/\s+/g, ' ').trim().slice(0, 60)
}

/** Statements that do work (not BEGIN, COMMIT, SET…), whose plan says something. */
export function isPlannable (s: CapturedStatement): boolean {
  return EXPLAINABLE.test(s.text) || WRITE.test(s.text)
}

function figures (label: string, json: ExplainJson): StatementFigures {
  const total = json.JIT?.Timing?.Total
  const jitMs = typeof total === 'number' ? total : total?.Total ?? null
  return {
    label,
    executionMs: json['Execution Time'],
    planningMs: json['Planning Time'],
    jitMs,
    buffers: json.Plan['Shared Hit Blocks'] + json.Plan['Shared Read Blocks'],
    read: json.Plan['Shared Read Blocks'],
    rows: json.Plan['Actual Rows'],
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement that does work, in the order they ran. */
export async function explainStatements (url: string, statements: CapturedStatement[]): Promise<StatementFigures[]> {
  const out: StatementFigures[] = []
  for (const s of statements.filter(isPlannable)) out.push(await explainOne(url, s))
  return out
}

async function explainOne (url: string, s: CapturedStatement): Promise<StatementFigures> {
  const label = labelOf(s)
  // A connection of its own, set up as the service's was, so the plan is the one it gets.
  const client = new pg.Client({ connectionString: url, ...(s.session.options ? { options: s.session.options } : {}) })
  await client.connect()
  try {
    for (const set of s.session.sets) await client.query(set)
    await client.query('BEGIN')
    const json = s.name && !WRITE.test(s.text) ? await explainPrepared(client, s) : await explainUnnamed(client, s)
    if (!json) throw new Error('EXPLAIN returned no plan')
    return figures(label, json)
  } catch (err) {
    return { label, executionMs: 0, planningMs: 0, jitMs: null, buffers: 0, read: 0, rows: 0, error: (err as Error).message }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined) // the connection is closed next anyway
    await client.end()
  }
}

const PLAN_CACHE_WARMUP = 5
const TIMED = 3

/** The fastest of a few runs: on a shared machine the others measure the neighbours as well. */
async function fastest (runs: number, explain: () => Promise<ExplainJson | undefined>): Promise<ExplainJson | undefined> {
  let best: ExplainJson | undefined
  for (let i = 0; i < runs; i++) {
    const json = await explain()
    if (json && (!best || json['Execution Time'] < best['Execution Time'])) best = json
  }
  return best
}

/**
 * A named statement as the service runs it: prepared once, executed many times. After five
 * executions PostgreSQL may switch it to a generic plan (plan_cache_mode=auto) that ignores the
 * values; the executions explained after those show the plan the service's connections end up with.
 */
async function explainPrepared (client: pg.Client, s: CapturedStatement): Promise<ExplainJson | undefined> {
  const args = s.params.length === 0 ? '' : `(${s.params.map((p) => (p === null ? 'NULL' : client.escapeLiteral(typeof p === 'string' ? p : `\\x${p.toString('hex')}`))).join(', ')})`
  await client.query(`PREPARE bench_replay AS ${s.text}`)
  for (let i = 0; i < PLAN_CACHE_WARMUP; i++) await client.query(`EXECUTE bench_replay${args}`)
  return fastest(TIMED, async () => (await client.query<{ 'QUERY PLAN': ExplainJson[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE bench_replay${args}`)).rows[0]?.['QUERY PLAN'][0])
}

/** An unnamed statement is planned for its values every time; a read is run once first (warm cache). */
async function explainUnnamed (client: pg.Client, s: CapturedStatement): Promise<ExplainJson | undefined> {
  const explain = async () => (await client.query<{ 'QUERY PLAN': ExplainJson[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.text}`, s.params)).rows[0]?.['QUERY PLAN'][0]
  if (WRITE.test(s.text)) return explain() // twice would collide with itself (keys)
  await explain()
  return fastest(TIMED, explain)
}
