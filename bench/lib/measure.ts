// The phases of one dataset size: inspect (check every scenario, count and EXPLAIN what one
// request runs, through the wire proxy), time the service (no proxy), then the baselines.
import type pg from 'pg'
import { startCeiling, type CapturedPayloads } from '../baselines/ceiling.ts'
import { verify, type PreparedScenario, type Sample, type Scenario } from '../scenarios.ts'
import { explainStatements, type StatementFigures } from './explain.ts'
import { httpSender, materialize, type Exchange, type HttpRequest } from './http.ts'
import { runLoad, type LoadResult } from './load.ts'
import { peerMismatch, peerRequest, type Peer, type PeerScenario } from './peer.ts'
import { startWireCapture } from '../../test/support/pg-wire.ts'
import { memoryOf, startService, type Memory, type RunningServer } from './processes.ts'

export interface LoadSettings {
  connections: number
  duration: number
  warmup: number
  /** run the service with METRICS_TOKEN set (its per-request statement counting costs CPU on Node 20) */
  metrics: boolean
}

export interface Baseline { load?: LoadResult, error?: string, mismatch?: string }

export interface ScenarioReport {
  name: string
  title: string
  note?: string
  caveat?: string
  /** why it was not timed (a failed check) */
  error?: string
  /** statements one request runs, counted at the wire */
  statements?: number
  plans?: StatementFigures[]
  load?: LoadResult
  memory?: Memory | null
  ceiling?: Baseline
  postgraphile?: Baseline
  /** the scenario's yardstick (Scenario.yardstick), timed on the service right after it */
  yardstick?: Baseline & { name: string }
}

export interface Inspected { scenario: Scenario, prepared?: PreparedScenario, samples?: Sample[], report: ScenarioReport }

const say = (line: string): void => { process.stdout.write(`${line}\n`) }
const message = (err: unknown): string => (err as Error).message ?? String(err)
const figures = (r: LoadResult): string => `${r.reqPerSec.toFixed(1)} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms${r.non2xx + r.errorBodies + r.errors ? `, ${r.non2xx} non-2xx, ${r.errorBodies} error bodies, ${r.errors} errors` : ''}`

/** Checks each scenario against SQL, then counts and EXPLAINs one request of it. */
export async function inspect (datasetUrl: string, db: pg.Pool, list: Scenario[]): Promise<Inspected[]> {
  const wire = await startWireCapture(datasetUrl)
  const server = await startService(wire.url)
  // the cache scenarios' own service, started when one comes
  let cachedServer: RunningServer | undefined
  const out: Inspected[] = []
  try {
    for (const scenario of list) {
      if (scenario.cached) cachedServer ??= await startService(wire.url, { responseCache: true })
      const send = httpSender((scenario.cached ? cachedServer as RunningServer : server).url)
      const report: ScenarioReport = { name: scenario.name, title: scenario.title }
      try {
        const prepared = await scenario.prepare({ db, send, now: new Date() })
        if (prepared.note) report.note = prepared.note
        if (prepared.caveat) report.caveat = prepared.caveat
        const samples = await verify(prepared, send)
        const probes = prepared.probes ?? [0]
        let statements = 0
        report.plans = []
        for (const i of probes) {
          // Each probe twice, the second counted: connections open, statements prepared, as under load.
          const request = prepared.requests[i] as HttpRequest
          await send(materialize(request))
          wire.reset()
          await send(materialize(request))
          const ran = wire.statements()
          statements += ran.length
          report.plans.push(...await explainStatements(datasetUrl, ran))
        }
        report.statements = statements / probes.length
        out.push({ scenario, prepared, samples, report })
        say(`  ${scenario.name}: checked, ${report.statements} statements per request`)
      } catch (err) {
        report.error = message(err)
        out.push({ scenario, report })
        say(`  ${scenario.name}: FAILED its check, not timed: ${report.error}`)
      }
    }
  } finally {
    await server.stop()
    await cachedServer?.stop()
    await wire.close()
  }
  return out
}

/** How a scenario's requests are sent on the service: its fixed rate and expected status, if it has them. */
const onService = (p: PreparedScenario): { requests: HttpRequest[], rate?: number, expectStatus?: number } =>
  ({ requests: p.requests, ...(p.rate ? { rate: p.rate } : {}), ...(p.expectStatus ? { expectStatus: p.expectStatus } : {}) })

/** A baseline server: the requests it gets for a scenario (null: it has no equivalent). */
interface Target { name: string, url: string, requestsFor: (x: Inspected) => HttpRequest[] | null, record: (x: Inspected, b: Baseline) => void }

/**
 * Times every checked scenario on the service and, right after it, on each baseline that answers
 * it: all servers are up at once and only the one under load works, so a ratio compares runs
 * seconds apart, not minutes apart (other work on a shared machine drifts).
 */
export async function timeAll (datasetUrl: string, inspected: Inspected[], settings: LoadSettings, peer: Peer | string): Promise<string> {
  const checked = inspected.filter((x) => x.prepared && x.samples)
  const stops: Array<() => Promise<void>> = []
  let peerStatus = typeof peer === 'string' ? `unavailable (${peer})` : 'started'
  try {
    const service = await startService(datasetUrl, { metrics: settings.metrics })
    stops.push(service.stop)
    let cachedService: RunningServer | undefined
    if (checked.some((x) => x.scenario.cached)) {
      cachedService = await startService(datasetUrl, { metrics: settings.metrics, responseCache: true })
      stops.push(cachedService.stop)
    }
    const targets: Target[] = []
    const ceiling = await startCeilingFor(checked)
    if (ceiling) {
      stops.push(ceiling.stop)
      const served = checked.filter((x) => x.scenario.ceiling)
      // It answers every request with the first one's payload, so the first must pass the check.
      await checkBaseline('ceiling', ceiling.url, served, (x) => x.prepared?.requests ?? [], async (x, res) => {
        await x.prepared?.check(0, res)
        return null
      }, (x, b) => { x.report.ceiling = b }, [0])
      targets.push({ name: 'ceiling', url: ceiling.url, requestsFor: (x) => (served.includes(x) && !x.report.ceiling?.error ? x.prepared?.requests ?? null : null), record: (x, b) => { x.report.ceiling = b } })
    }
    if (typeof peer !== 'string') {
      try {
        const server = await peer.startPostGraphile(datasetUrl)
        stops.push(server.stop)
        const equivalents = new Map<Inspected, { scenario: PeerScenario, requests: HttpRequest[] }>()
        for (const x of checked) {
          const scenario = peer.postgraphileScenarios[x.scenario.name]
          if (scenario) equivalents.set(x, { scenario, requests: (x.prepared?.requests ?? []).map((_r, i) => peerRequest(scenario, x.prepared?.variables?.[i], i)) })
        }
        const record = (x: Inspected, b: Baseline): void => { x.report.postgraphile = { ...x.report.postgraphile, ...b } }
        await checkBaseline('PostGraphile', server.url, [...equivalents.keys()], (x) => equivalents.get(x)?.requests ?? [], async (x, res, i) =>
          peerMismatch((equivalents.get(x) as { scenario: PeerScenario }).scenario, res, x.samples?.find((s) => s.i === i)?.ids ?? []), record)
        targets.push({ name: 'PostGraphile', url: server.url, requestsFor: (x) => (x.report.postgraphile?.error ? null : equivalents.get(x)?.requests ?? null), record })
      } catch (err) {
        peerStatus = `unavailable (${message(err).split('\n')[0]})`
      }
    }
    for (const x of checked) {
      const prepared = x.prepared as PreparedScenario
      const rate = prepared.rate ? { rate: prepared.rate } : {}
      const timed = x.scenario.cached ? cachedService as RunningServer : service
      try {
        x.report.load = await runLoad({ url: timed.url, ...settings, ...onService(prepared) })
        x.report.memory = memoryOf(timed.pid)
        say(`  ${x.report.name}: ${figures(x.report.load)}`)
      } catch (err) {
        x.report.error = message(err)
        say(`  ${x.report.name}: load failed: ${x.report.error}`)
      }
      // its yardstick, right after it on the same (uncached) service, when that scenario is in the run
      const name = x.scenario.yardstick
      if (name !== undefined && !x.scenario.cached && x.report.load) {
        const yardstick = checked.find((y) => y.scenario.name === name && !y.scenario.cached)?.prepared
        if (!yardstick) {
          x.report.yardstick = { name, error: 'not in this run (add it to --scenarios)' }
          say(`  ${x.report.name}: its yardstick ${name} is not in this run`)
        } else {
          try {
            const load = await runLoad({ url: service.url, ...settings, ...onService(yardstick) })
            x.report.yardstick = { name, load }
            say(`  ${x.report.name} (${name}, its yardstick): ${figures(load)}`)
          } catch (err) {
            x.report.yardstick = { name, error: message(err) }
          }
        }
      }
      for (const target of targets) {
        const requests = target.requestsFor(x)
        if (!requests) continue
        try {
          const load = await runLoad({ url: target.url, requests, ...settings, ...rate })
          target.record(x, { load })
          say(`  ${x.report.name} (${target.name}): ${figures(load)}`)
        } catch (err) {
          target.record(x, { error: message(err) })
        }
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop()
  }
  return peerStatus
}

async function startCeilingFor (checked: Inspected[]): Promise<RunningServer | null> {
  const served = checked.filter((x) => x.scenario.ceiling)
  return served.length === 0 ? null : await startCeiling(ceilingPayloads(served))
}

/** What the ceiling answers, by operation: each scenario's checked answer to its first request. */
export function ceilingPayloads (served: Array<Pick<Inspected, 'prepared' | 'samples'>>): CapturedPayloads {
  const payloads: CapturedPayloads = {}
  for (const x of served) {
    const first = x.prepared?.requests[0] as HttpRequest
    // a GET (the 304 scenario) carries its document in the URL, and its samples are 304s with no body
    const query = first.body ? (JSON.parse(first.body) as { query: string }).query : new URL(first.path, 'http://ceiling').searchParams.get('query') ?? ''
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? ''
    const answer = x.prepared?.answer ?? (x.samples?.[0] as Sample).res
    payloads[operation] = (JSON.parse(answer.body) as { data: Record<string, unknown> }).data
  }
  return payloads
}

/** Before any timing: a baseline must answer the sampled requests as the service did. */
async function checkBaseline (name: string, url: string, list: Inspected[], requestsOf: (x: Inspected) => HttpRequest[],
  compare: (x: Inspected, res: Exchange, i: number) => Promise<string | null>, record: (x: Inspected, b: Baseline) => void, only?: number[]): Promise<void> {
  const send = httpSender(url)
  for (const x of list) {
    const mismatches: string[] = []
    try {
      for (const i of only ?? (x.samples ?? []).map((s) => s.i)) {
        const why = await compare(x, await send(requestsOf(x)[i] as HttpRequest), i)
        if (why) mismatches.push(`request ${i}: ${why}`)
      }
    } catch (err) {
      record(x, { error: message(err) })
      say(`  ${x.scenario.name} (${name}): its answer failed the check, not timed: ${message(err)}`)
      continue
    }
    if (mismatches.length === 0) continue
    record(x, { mismatch: mismatches.join('; ') })
    process.stderr.write(`\n${'!'.repeat(78)}\n!!! MISMATCH: ${name}'s ${x.scenario.name} does not answer what the service answers\n!!! ${mismatches.join('\n!!! ')}\n${'!'.repeat(78)}\n\n`)
  }
}
