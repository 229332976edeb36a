// Shared by the outage and shutdown tests: a PostgreSQL of the test's own (the project's embedded
// runner, in a temp folder, on a free port), a WebSocket subscription client, timed HTTP calls,
// and a steady stream of reads and comment writes that records every answer.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { isAlive, readEmbeddedState, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts'

interface Teardown { teardown: (fn: () => unknown) => void }

export async function freePort (): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface OwnPostgres {
  url: string
  port: number
  /** fast shutdown (SIGINT: open transactions rolled back, connections closed with 57P01) */
  stop: () => Promise<void>
  /** starts it again on the same port and data directory */
  start: () => Promise<void>
}

/** A PostgreSQL server this test owns (as root it runs as the postgres user, see embedded-postgres.ts). */
export async function ownPostgres (t: Teardown): Promise<OwnPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'news-outage-'))
  const dataDir = path.join(root, 'data')
  const port = await freePort()
  let server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port })
  t.teardown(async () => {
    await server.stop().catch(() => {})
    const state = readEmbeddedState(dataDir)
    if (state?.running && isAlive(state.running.postmasterPid)) process.kill(state.running.postmasterPid, 'SIGKILL')
    if (state?.clusterDir && !state.clusterDir.startsWith(root)) rmSync(state.clusterDir, { recursive: true, force: true })
    rmSync(root, { recursive: true, force: true })
  })
  const pg: OwnPostgres = {
    url: server.url,
    port,
    stop: () => server.stop(),
    start: async () => {
      server = await startEmbeddedPostgres({ dataDir, port })
      if (server.url !== pg.url) throw new Error(`restarted on another address: ${server.url}`)
    },
  }
  return pg
}

// ---- the real server process ----

const TSX = import.meta.resolve('tsx')

export interface ServerProcess {
  child: ChildProcess
  /** everything it printed, in chunks */
  logs: string[]
  port: number
  base: string
  /** its exit, when it comes */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>
}

/**
 * `src/server.ts` as `npm start` runs it, on a free port and the given database, with the
 * per-client limits out of the way (one test client sends everything); resolves once it logged
 * that it is ready. Killed at teardown if it is still running.
 */
export async function startServerProcess (t: Teardown, url: string, settings: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const { DATABASE_URL: _a, TEST_DATABASE_URL: _b, ...env } = process.env
  const child = spawn(process.execPath, ['--import', TSX, path.resolve('src/server.ts')], {
    env: { ...env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', COMMENT_RATE_LIMITS: '100000/1s', READ_RATE_LIMIT: 'off', SEED_SAMPLE_CONTENT: 'false', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  child.stdout.on('data', (c: Buffer) => logs.push(c.toString()))
  child.stderr.on('data', (c: Buffer) => logs.push(c.toString()))
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const deadline = Date.now() + 60_000
  while (!/ready in \d+ ms/.test(logs.join(''))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${logs.join('')}`)
    await sleep(50)
  }
  return { child, logs, port, base: `http://127.0.0.1:${port}`, exited }
}

// ---- HTTP ----

export interface Answer {
  status: number
  ms: number
  body: any
  /** a transport failure instead of an answer (ECONNREFUSED, ECONNRESET, a timeout) */
  error?: string
  startedAt: number
  /** the client's port, once the TCP connection was established (the server logs it as remotePort) */
  localPort?: number
}

/**
 * One request on a connection of its own (no keep-alive: a refused connection and a dropped
 * request cannot be confused with a reused socket the server closed). `slowBody`: the body is
 * sent in two halves, the second after `slowBody` resolves (a request in flight on purpose).
 */
export function request (base: string, method: string, url: string, opts: { body?: unknown, headers?: Record<string, string>, timeoutMs?: number, slowBody?: Promise<unknown>, onSent?: () => void } = {}): Promise<Answer> {
  const startedAt = Date.now()
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body))
  let localPort: number | undefined
  return new Promise((resolve) => {
    const done = (a: Omit<Answer, 'ms' | 'startedAt'>): void => resolve({ ...a, ms: Date.now() - startedAt, startedAt, ...(localPort ? { localPort } : {}) })
    const req = http.request(new URL(url, base), {
      method,
      agent: false,
      headers: { connection: 'close', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...opts.headers },
      timeout: opts.timeoutMs ?? 10_000,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let body: unknown = text
        try { body = JSON.parse(text) } catch { /* not JSON */ }
        done({ status: res.statusCode ?? 0, body })
      })
      res.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, body: null, error: err.code ?? err.message }))
    })
    req.on('socket', (socket) => socket.once('connect', () => { localPort = socket.localPort }))
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })))
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, body: null, error: err.code ?? err.message }))
    if (!payload) return req.end()
    if (!opts.slowBody) return req.end(payload)
    const half = Math.floor(payload.length / 2)
    req.write(payload.subarray(0, half), () => opts.onSent?.())
    opts.slowBody.then(() => req.end(payload.subarray(half)), () => req.end(payload.subarray(half)))
  })
}

/** The error code of an answer: problem+json `code`, or GraphQL's first extensions.code. */
export function codeOf (a: Answer): string | undefined {
  if (a.body && typeof a.body === 'object') {
    if (typeof a.body.code === 'string') return a.body.code
    const ext = a.body.errors?.[0]?.extensions?.code
    if (typeof ext === 'string') return ext
  }
  return undefined
}

export async function graphql (base: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<any> {
  const a = await request(base, 'POST', '/graphql', { body: { query, variables }, headers: token ? { authorization: `Bearer ${token}` } : {} })
  if (a.error || a.status !== 200 || a.body?.errors) throw new Error(`GraphQL failed: ${a.status} ${a.error ?? ''} ${JSON.stringify(a.body)}`)
  return a.body.data
}

/** A published article to comment on, created through the API with an EDITOR token. */
export async function publishedArticle (base: string, editor: string): Promise<{ sectionId: string, articleId: string }> {
  const section = await graphql(base, 'mutation { createSection(input: { name: "أخبار", slug: "outage-news" }) { id } }', undefined, editor)
  const sectionId = section.createSection.id as string
  const created = await graphql(base, 'mutation A($s: ID!) { createArticle(input: { title: "خبر عاجل", paragraphs: ["فقرة"], sectionId: $s }) { id } }', { s: sectionId }, editor)
  const articleId = created.createArticle.id as string
  await graphql(base, 'mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id: articleId }, editor)
  return { sectionId, articleId }
}

// ---- a steady stream of reads and writes ----

export interface Sent extends Answer {
  kind: 'read-rest' | 'read-graphql' | 'write-rest' | 'write-graphql'
  /** the unique comment body of a write */
  marker?: string
  /** the id of the created comment, when the write was acknowledged */
  commentId?: string
}

const READ_QUERY = '{ site { contentVersion } article(id: "%ID%") { title commentCount } }'

/**
 * `workers` loops, each sending one request at a time, until stop(): REST and GraphQL reads,
 * REST and GraphQL comment writes with unique bodies. Every answer is kept.
 */
export function steadyLoad (base: string, articleId: string, opts: { workers?: number, pauseMs?: number } = {}): { sent: Sent[], stop: () => Promise<void> } {
  const sent: Sent[] = []
  const state = { running: true }
  let n = 0
  const kinds: Array<Sent['kind']> = ['read-rest', 'write-rest', 'read-graphql', 'write-graphql']
  const one = async (): Promise<void> => {
    const i = n++
    const kind = kinds[i % kinds.length] as Sent['kind']
    const marker = `outage comment ${i} ${process.pid}`
    let a: Answer
    if (kind === 'read-rest') a = await request(base, 'GET', `/api/v1/articles/${articleId}`)
    else if (kind === 'read-graphql') a = await request(base, 'POST', '/graphql', { body: { query: READ_QUERY.replace('%ID%', articleId) } })
    else if (kind === 'write-rest') a = await request(base, 'POST', `/api/v1/articles/${articleId}/comments`, { body: { authorName: 'قارئ', body: marker } })
    else {
      a = await request(base, 'POST', '/graphql', {
        body: { query: 'mutation C($input: AddCommentInput!) { addComment(input: $input) { comment { id status } } }', variables: { input: { articleId, authorName: 'قارئ', body: marker } } },
      })
    }
    const s: Sent = { ...a, kind }
    if (kind.startsWith('write')) {
      s.marker = marker
      const id = kind === 'write-rest' ? (a.status === 201 ? a.body?.data?.id : undefined) : a.body?.data?.addComment?.comment?.id
      if (typeof id === 'string') s.commentId = id
    }
    sent.push(s)
  }
  const workers = Array.from({ length: opts.workers ?? 6 }, async () => {
    while (state.running) {
      await one()
      if (opts.pauseMs) await new Promise((resolve) => setTimeout(resolve, opts.pauseMs))
    }
  })
  return {
    sent,
    stop: async () => {
      state.running = false
      await Promise.all(workers)
    },
  }
}

// ---- a graphql-transport-ws subscription ----

export interface Subscription {
  messages: any[]
  /** the close frame the server sent (1005 when it sent none), once the socket closed */
  closed: Promise<{ code: number, reason: string }>
  /** resolves with the first message from now on that satisfies `match` */
  next: (match: (m: any) => boolean, ms: number) => Promise<any>
  close: () => void
}

export async function subscribe (wsUrl: string, query: string, token?: string): Promise<Subscription> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws')
  const messages: any[] = []
  const waiters = new Set<(m: any) => void>()
  const closed = new Promise<{ code: number, reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })))
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw))
      if (msg.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }))
      if (msg.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }))
        return resolve()
      }
      messages.push(msg)
      for (const w of waiters) w(msg)
    })
  })
  return {
    messages,
    closed,
    next: (match, ms) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => { waiters.delete(waiter); reject(new Error(`no matching message within ${ms} ms`)) }, ms)
      const waiter = (m: any): void => {
        if (!match(m)) return
        clearTimeout(timer)
        waiters.delete(waiter)
        resolve(m)
      }
      waiters.add(waiter)
    }),
    close: () => socket.close(),
  }
}

/**
 * Makes editorial writes (renaming a section) until `sub` receives the contentUpdated event of one
 * of them: a subscription is registered some time after its subscribe message, with no answer.
 */
export async function eventFlows (base: string, editor: string, sectionId: string, sub: Subscription, opts: { attempts?: number, waitMs?: number } = {}): Promise<number> {
  const began = Date.now()
  for (let attempt = 0; attempt < (opts.attempts ?? 30); attempt++) {
    const got = sub.next((m) => m.type === 'next' && m.payload?.data?.contentUpdated?.sectionIds?.includes(sectionId), opts.waitMs ?? 500)
    try {
      await graphql(base, 'mutation R($id: ID!, $name: String!) { updateSection(id: $id, input: { name: $name }) { id } }', { id: sectionId, name: `أخبار ${Date.now()}` }, editor)
    } catch {
      got.catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, opts.waitMs ?? 500))
      continue
    }
    if (await got.then(() => true, () => false)) return Date.now() - began
  }
  throw new Error('no contentUpdated event reached the subscription')
}
