// The load generator's process: runs autocannon against one server (warm-up, then the measured
// run) and sends the figures back to the bench as JSON. It lives apart from every server so the
// two compete only for the machine's cores, as a real client would.
import autocannon from 'autocannon'
import { materialize } from './http.ts'
import type { LoadJob, LoadResult } from './load.ts'
import { percentile as nearestRank } from './stats.ts'

/** The measured run's answer times (ms), for percentiles autocannon does not report (p95). */
let times: number[] = []

async function run (job: LoadJob, seconds: number): Promise<autocannon.Result> {
  let next = 0
  times = []
  const tracker = autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    ...(job.rate ? { overallRate: job.rate } : {}),
    // Every connection takes the next request of the rotation, so all of them are used evenly.
    requests: [{
      setupRequest: (request) => {
        const r = materialize(job.requests[next++ % job.requests.length] as LoadJob['requests'][number])
        return { ...request, method: r.method, path: r.path, headers: { ...r.headers }, body: r.body ?? '' }
      },
    }],
    // A GraphQL error answers 200: count answers that carry `"errors"` as failures too.
    verifyBody: (body) => typeof body !== 'string' || !body.includes('"errors"'),
  })
  // the promise autocannon returns is also its tracker (an EventEmitter)
  ;(tracker as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => { times.push(ms) })
  return tracker
}

/** A percentile of the answer times, to 0.01 ms. */
const percentile = (values: number[], p: number): number => Math.round(nearestRank(values, p) * 100) / 100

process.once('message', (job: LoadJob) => {
  const measure = async (): Promise<LoadResult> => {
    if (job.warmup > 0) await run(job, job.warmup)
    const r = await run(job, job.duration)
    return {
      reqPerSec: r.requests.total / r.duration,
      p50: r.latency.p50,
      p95: percentile(times, 95),
      p99: r.latency.p99,
      total: r.requests.total,
      // answers with the expected status (a 304 of a revalidation) are not failures
      non2xx: r.non2xx - (job.expectStatus ? ((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.[String(job.expectStatus)]?.count ?? 0) : 0),
      errorBodies: r.mismatches,
      errors: r.errors,
      timeouts: r.timeouts,
    }
  }
  measure().then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.stack ?? err.message }, () => process.exit(1)))
})
