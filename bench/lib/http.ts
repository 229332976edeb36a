// What a scenario sends, in a form that crosses process boundaries as JSON: the load worker, the
// in-process smoke test (app.inject) and the bench's own checks all replay the same objects.
import { randomBytes } from 'node:crypto'
import http from 'node:http'

export interface HttpRequest {
  method: 'GET' | 'POST'
  /** path and query, already percent-encoded */
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface Exchange { status: number, body: string, headers?: Record<string, string> }

/** Sends one request and returns its status and body text. */
export type Send = (req: HttpRequest) => Promise<Exchange>

/**
 * Written into a body where every request must differ (a comment's text): the duplicate-comment
 * defence refuses the same body twice, so each request gets its own value in its place.
 */
export const UNIQUE = '__BENCH_UNIQUE__'

const prefix = randomBytes(3).toString('hex')
let sequence = 0

/** The request with UNIQUE replaced by a value no other request of this process has. */
export function materialize (req: HttpRequest): HttpRequest {
  if (req.body === undefined || !req.body.includes(UNIQUE)) return req
  return { ...req, body: req.body.replaceAll(UNIQUE, `${prefix}-${process.pid}-${++sequence}`) }
}

export function graphqlRequest (query: string, variables: Record<string, unknown> = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }
}

/**
 * A Send over real HTTP to `baseUrl`, on kept-alive connections. node:http rather than fetch:
 * fetch adds `Cache-Control: no-cache` to any request with If-None-Match (its cache mode), which
 * asks the server for the full answer; the revalidation scenario must send only what it says.
 */
export function httpSender (baseUrl: string): Send {
  const agent = new http.Agent({ keepAlive: true })
  return (req) => new Promise((resolve, reject) => {
    const sent = http.request(new URL(req.path, baseUrl), { method: req.method, headers: req.headers ?? {}, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8'),
        headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
      }))
      res.on('error', reject)
    })
    sent.on('error', reject)
    sent.end(req.body)
  })
}
