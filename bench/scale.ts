// `npm run bench:scale`: the front page with one API process, with two API processes on the same
// machine (the load split between them, as a balancer would), and with one process reading from a
// local streaming replica, as ratios against the first in one run; then the replica's lag under a
// steady comment write load. The primary and the replica are the bench's own (Debian's initdb,
// pg_basebackup and postgres, test/support/pg-cluster.ts), loaded with the bench dataset.
// On 2 cores the point is correctness and overhead, not a speed-up. Options: --help.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { caughtUp, debianBinaries, replicationCluster } from '../test/support/pg-cluster.ts'
import { datasetName, ensureDataset } from './data/generate.ts'
import { httpSender } from './lib/http.ts'
import { runLoad, type LoadResult } from './lib/load.ts'
import { buildService, cpuSecondsOf, ROOT, startService, type RunningServer } from './lib/processes.ts'
import { describeMachine, machineLines, positive } from './lib/report.ts'
import { percentile } from './lib/stats.ts'
import { scenarios, verify, type PreparedScenario } from './scenarios.ts'

const HELP = `npm run bench:scale -- [options]
  --size 20000                articles in the dataset (built in the bench's own primary each run)
  --duration 10               seconds measured per configuration
  --warmup 3                  seconds of load before each measured run
  --connections 16            concurrent connections (split evenly over two processes)
  --rounds 2                  alternating rounds over the three configurations (means reported)
  --lag-seconds 10            seconds of addComment load (200/s) while the replica's lag is sampled
  --no-build                  use dist/ as it is
  --out bench/RESULTS-scale.md`

interface Row { name: string, note: string, load: LoadResult, cpuMsPerRequest: number }

/** One timed load over one or more servers at once (connections split evenly), summed. */
async function timeOver (servers: RunningServer[], prepared: PreparedScenario, o: { duration: number, warmup: number, connections: number }): Promise<{ load: LoadResult, cpuMsPerRequest: number }> {
  const each = Math.max(1, Math.floor(o.connections / servers.length))
  if (o.warmup > 0) await Promise.all(servers.map((s) => runLoad({ url: s.url, requests: prepared.requests, connections: each, duration: o.warmup, warmup: 0 })))
  const cpuBefore = servers.map((s) => cpuSecondsOf(s.pid) ?? NaN)
  const loads = await Promise.all(servers.map((s) => runLoad({ url: s.url, requests: prepared.requests, connections: each, duration: o.duration, warmup: 0 })))
  const cpu = servers.reduce((sum, s, i) => sum + ((cpuSecondsOf(s.pid) ?? NaN) - (cpuBefore[i] as number)), 0)
  const total = loads.reduce((n, l) => n + l.total, 0)
  const sum = (f: (l: LoadResult) => number): number => loads.reduce((n, l) => n + f(l), 0)
  return {
    load: {
      reqPerSec: sum((l) => l.reqPerSec),
      // the slower process's percentiles: what a client behind the balancer sees at worst
      p50: Math.max(...loads.map((l) => l.p50)),
      p95: Math.max(...loads.map((l) => l.p95)),
      p99: Math.max(...loads.map((l) => l.p99)),
      total,
      non2xx: sum((l) => l.non2xx),
      errorBodies: sum((l) => l.errorBodies),
      errors: sum((l) => l.errors),
      timeouts: sum((l) => l.timeouts),
    },
    cpuMsPerRequest: (cpu * 1000) / total,
  }
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '20000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '2' },
      'lag-seconds': { type: 'string', default: '10' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/RESULTS-scale.md' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const o = { duration: positive('duration', values.duration), warmup: Number(values.warmup), connections: positive('connections', values.connections) }
  const size = positive('size', values.size)
  const lagSeconds = positive('lag-seconds', values['lag-seconds'])
  const rounds = positive('rounds', values.rounds)
  const bin = debianBinaries()
  if (!bin) throw new Error('the scale bench needs Debian\'s PostgreSQL binaries (apt install postgresql): initdb, pg_basebackup, postgres')
  if (!values['no-build']) buildService()

  const teardowns: Array<() => unknown> = []
  const servers: RunningServer[] = []
  const pools: pg.Pool[] = []
  try {
    const started = performance.now()
    const database = datasetName(size)
    const cluster = await replicationCluster({ teardown: (fn) => teardowns.push(fn) }, bin, {
      database,
      // what a production primary would have more of than initdb's defaults: memory for the dataset
      settings: ['-c', 'shared_buffers=256MB', '-c', 'max_wal_senders=4'],
      prepare: async (adminUrl) => {
        await ensureDataset(adminUrl, size, { onProgress: (m) => process.stdout.write(`  dataset: ${m}\n`) })
      },
    })
    await caughtUp(cluster, 120_000)
    process.stdout.write(`primary :${cluster.primary.port} and streaming replica :${cluster.replica.port} with ${size.toLocaleString('en-US')} articles in ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
    const machine = await describeMachine(cluster.primary.url, `npm run bench:scale -- ${process.argv.slice(2).join(' ')}`)

    const db = new pg.Pool({ connectionString: cluster.primary.url, max: 2 })
    db.on('error', () => {}) // an idle connection the cluster's shutdown ends
    pools.push(db)
    const frontPage = scenarios.find((s) => s.name === 'frontPage')
    const addComment = scenarios.find((s) => s.name === 'addComment')
    if (!frontPage || !addComment) throw new Error('the frontPage and addComment scenarios are missing')

    const one = await startService(cluster.primary.url)
    const two = await startService(cluster.primary.url)
    const onReplica = await startService(cluster.primary.url, { env: { DATABASE_REPLICA_URLS: cluster.replica.url, REPLICA_MAX_LAG: '10s' } })
    servers.push(one, two, onReplica)
    const prepared = await frontPage.prepare({ db, send: httpSender(one.url), now: new Date() })
    for (const s of servers) await verify(prepared, httpSender(s.url))

    const replicaCommits = async (): Promise<number> => Number((await cluster.replica.query<{ n: string }>('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()'))[0]?.n ?? 0)
    const configurations = [
      { name: 'one process', note: 'the primary only', on: [one] },
      { name: 'two processes', note: `${Math.floor(o.connections / 2)} connections each, same primary`, on: [one, two] },
      { name: 'one process, reads on the replica', note: 'DATABASE_REPLICA_URLS: the local streaming replica', on: [onReplica] },
    ]
    const runs = configurations.map(() => [] as Array<{ load: LoadResult, cpuMsPerRequest: number, onReplica: number }>)
    // Alternating rounds (1 2 3, 3 2 1, …), so that what warms up over the run falls on all alike.
    for (let round = 0; round < rounds; round++) {
      const order = configurations.map((_, i) => i)
      if (round % 2 === 1) order.reverse()
      for (const i of order) {
        const c = configurations[i] as (typeof configurations)[number]
        const before = await replicaCommits()
        const r = await timeOver(c.on, prepared, o)
        const onReplicaCount = (await replicaCommits()) - before
        runs[i]?.push({ ...r, onReplica: onReplicaCount })
        process.stdout.write(`round ${round + 1}/${rounds} ${c.name}: ${r.load.reqPerSec.toFixed(0)} req/s, p95 ${r.load.p95} ms, ${r.cpuMsPerRequest.toFixed(3)} CPU ms/req, replica transactions ${onReplicaCount}\n`)
      }
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    const rows: Row[] = configurations.map((c, i) => {
      const rs = runs[i] as Array<{ load: LoadResult, cpuMsPerRequest: number, onReplica: number }>
      const avg = (f: (l: LoadResult) => number): number => Math.round(mean(rs.map((r) => f(r.load))) * 100) / 100
      const sum = (f: (l: LoadResult) => number): number => rs.reduce((n, r) => n + f(r.load), 0)
      return {
        name: c.name,
        note: `${c.note}; req/s per round ${rs.map((r) => r.load.reqPerSec.toFixed(0)).join(', ')}; transactions on the replica per round ${rs.map((r) => r.onReplica.toLocaleString('en-US')).join(', ')} (the replica-reading process's state checks, 4 a second, included)`,
        load: { reqPerSec: avg((l) => l.reqPerSec), p50: avg((l) => l.p50), p95: avg((l) => l.p95), p99: avg((l) => l.p99), total: sum((l) => l.total), non2xx: sum((l) => l.non2xx), errorBodies: sum((l) => l.errorBodies), errors: sum((l) => l.errors), timeouts: sum((l) => l.timeouts) },
        cpuMsPerRequest: mean(rs.map((r) => r.cpuMsPerRequest)),
      }
    })

    // The replica's lag while comments are written at a steady 200/s (each a transaction with its
    // WAL), sampled every 100 ms on the replica (the age of its last replayed change while it has
    // received more than it replayed, else 0) and on the primary (pg_stat_replication).
    const writes = await addComment.prepare({ db, send: httpSender(one.url), now: new Date() })
    const samples: Array<{ seconds: number, bytes: number, replayLagMs: number | null }> = []
    const sampling = { on: true }
    const sampler = (async () => {
      while (sampling.on) {
        const [r] = await cluster.replica.query<{ seconds: number }>(`SELECT CASE WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
          ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END::float8 AS seconds`)
        const [p] = await cluster.primary.query<{ bytes: string, lag: number | null }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes,
          (extract(epoch FROM replay_lag) * 1000)::float8 AS lag FROM pg_stat_replication LIMIT 1`)
        samples.push({ seconds: r?.seconds ?? 0, bytes: Number(p?.bytes ?? 0), replayLagMs: p?.lag ?? null })
        await sleep(100)
      }
    })()
    const written = await runLoad({ url: one.url, requests: writes.requests, connections: 4, duration: lagSeconds, warmup: 0, rate: writes.rate ?? 200 })
    sampling.on = false
    await sampler
    await addComment.cleanUp?.(db)
    const lagMs = samples.map((s) => s.seconds * 1000)
    const replayLags = samples.map((s) => s.replayLagMs).filter((x): x is number => x !== null)
    const bytes = samples.map((s) => s.bytes)

    const base = rows[0] as Row
    const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
    const report = [
      '# Scale-out: one process, two processes, reads on a replica',
      '',
      'Written by `npm run bench:scale` (bench/scale.ts); run it again rather than editing this file.',
      '',
      ...machineLines(machine),
      `- Dataset: ${size.toLocaleString('en-US')} visible articles (${database}) on the bench's own primary (shared_buffers 256MB, fsync off) and a streaming replica of it on the same machine`,
      `- Scenario: ${frontPage.title}; ${rounds} alternating rounds of ${o.warmup} s warm-up + ${o.duration} s measured per configuration (means reported), ${o.connections} connections in all; the service in production mode, logging off, response cache off`,
      '',
      '*CPU ms / req* is the API processes\' user + system time over the requests answered. With two processes the load',
      'is split evenly (as a balancer would) and the percentiles are the slower process\'s. Everything, PostgreSQL and the',
      'load generator included, shares the same cores: on 2 cores a second process or a replica cannot add capacity; the',
      'ratios show what they cost.',
      '',
      '| configuration | req/s | ratio | p50 / p95 / p99 ms | CPU ms / req | failures | notes |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...rows.map((r) => `| ${r.name} | ${fmt(r.load.reqPerSec)} | ${(r.load.reqPerSec / base.load.reqPerSec).toFixed(2)}× | ${r.load.p50} / ${r.load.p95} / ${r.load.p99} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.load.non2xx + r.load.errorBodies + r.load.errors} | ${r.note} |`),
      '',
      `**Replica lag under write load**: addComment at ${writes.rate ?? 200}/s for ${lagSeconds} s (${fmt(written.total)} comments, ${written.non2xx + written.errors} failures), ${samples.length} samples:`,
      `replica-side lag p50 ${fmt(percentile(lagMs, 50), 1)} ms, p95 ${fmt(percentile(lagMs, 95), 1)} ms, max ${fmt(Math.max(0, ...lagMs), 1)} ms;`,
      `the primary's \`pg_stat_replication.replay_lag\` p95 ${replayLags.length ? `${fmt(percentile(replayLags, 95), 1)} ms` : 'n/a'}, max ${replayLags.length ? `${fmt(Math.max(...replayLags), 1)} ms` : 'n/a'};`,
      `WAL not yet replayed p95 ${fmt(percentile(bytes, 95) / 1024, 1)} KiB, max ${fmt(Math.max(0, ...bytes) / 1024, 1)} KiB.`,
      '',
      'The replica-side figure is what the service reads to take a replica out of rotation: the age of the last change it replayed while it has WAL still to',
      'replay, so after a quiet moment it also counts the quiet time (the service takes a replica out only after two checks in a row over',
      '`REPLICA_MAX_LAG`); the primary\'s `replay_lag` is the precise figure. Transactions on the replica are read from its',
      '`pg_stat_database`, whose counters PostgreSQL flushes about once a second: the tail of one run can show in the next.',
      '',
    ].join('\n')
    process.stdout.write(`\n${report}`)
    writeFileSync(path.resolve(ROOT, values.out), report)
  } finally {
    for (const s of servers) await s.stop().catch(() => {})
    for (const p of pools) await p.end().catch(() => {})
    for (const fn of teardowns.reverse()) await fn()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
