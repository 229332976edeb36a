// Runs one timed load in a forked process (load-worker.ts) and returns its figures.
import { fork } from 'node:child_process'
import type { HttpRequest } from './http.ts'
import { own } from './processes.ts'

export interface LoadJob {
  url: string
  /** rotated through, one per request */
  requests: HttpRequest[]
  connections: number
  /** seconds measured */
  duration: number
  /** seconds of load before measuring, discarded */
  warmup: number
  /** requests per second offered in all; unset: as fast as the connections go */
  rate?: number
  /** the status every answer should have when not 2xx (304 for revalidations) */
  expectStatus?: number
}

export interface LoadResult {
  reqPerSec: number
  /** milliseconds */
  p50: number
  /** from every answer's time (autocannon reports no p95) */
  p95: number
  p99: number
  total: number
  non2xx: number
  /** 2xx answers whose body carried GraphQL `errors` */
  errorBodies: number
  /** connection errors and timeouts */
  errors: number
  timeouts: number
}

const WORKER = new URL('./load-worker.ts', import.meta.url)

export async function runLoad (job: LoadJob): Promise<LoadResult> {
  // tsx as a loader: the worker is TypeScript like the rest of the bench.
  const child = own(fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))
  return new Promise((resolve, reject) => {
    let settled = false
    child.once('message', (message: { result?: LoadResult, error?: string }) => {
      settled = true
      if (message.result) resolve(message.result)
      else reject(new Error(`load generator failed: ${message.error}`))
    })
    child.once('exit', (code) => { if (!settled) reject(new Error(`load generator exited with ${code} before reporting`)) })
    child.send(job)
  })
}
