// Fan-out across instances through PostgreSQL: one dedicated connection per instance LISTENs on
// the events channel and hands each event to this instance's GraphQL subscribers. A timer also
// watches for the next scheduled go-live, which no write announces: whichever instance claims it
// first in go_live_events announces it, once for all.
//
// Outages: both survive PostgreSQL going away. The listener reconnects with exponential backoff
// (RETRY_MIN_MS doubling up to RETRY_MAX_MS, each failure logged at warn, the recovery at info);
// once it listens again it re-arms the go-live timer, announces the go-lives it missed, and, unless
// the contentVersion is the one it last published, tells subscribers once with the current
// version (the NOTIFYs sent while it was away are lost for good). A failing go-live timer retries
// with the same backoff instead of stopping.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import pg from 'pg'
import { CHANNEL, topics, type NewsEvent, type Notification } from './events.ts'

export interface ServerSocket {
  readyState: number
  close: (code: number, reason: string) => void
  terminate: () => void
  once: (event: 'close', fn: () => void) => unknown
}

declare module 'fastify' {
  interface FastifyInstance {
    events: {
      /** resolves once this instance is listening */
      ready: Promise<void>
      /** announce scheduled articles whose instant has passed (the timer calls it; tests may too) */
      announceGoLives: () => Promise<number>
      /** whether the LISTEN connection is up right now */
      listening: () => boolean
      /** the subscription WebSockets open right now (for the shutdown's close frames) */
      sockets: () => ServerSocket[]
    }
  }
}

const MAX_TIMER_MS = 60_000
export const RETRY_MIN_MS = 250
export const RETRY_MAX_MS = 10_000
/** A connection attempt of the listener gives up after this. */
const CONNECT_TIMEOUT_MS = 5_000

/** The wait before retry number `failures` (1, 2, …): doubling from RETRY_MIN_MS, capped, ±20 % jitter. */
export function backoff (failures: number): number {
  const base = Math.min(RETRY_MIN_MS * 2 ** Math.max(failures - 1, 0), RETRY_MAX_MS)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

async function events (app: FastifyInstance): Promise<void> {
  let client: pg.Client | undefined
  let closing = false
  let timer: NodeJS.Timeout | undefined
  let reconnectTimer: NodeJS.Timeout | undefined
  let markReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => { markReady = resolve })
  /** the contentVersion last published to (or known by) this instance's subscribers */
  let knownVersion: string | undefined

  const publishContent = async (at: Date, articleIds: string[], sectionIds: string[]): Promise<void> => {
    const { contentVersion } = await app.services.site.site()
    knownVersion = contentVersion
    await app.graphql.pubsub.publish({
      topic: topics.contentUpdated,
      payload: { contentUpdated: { version: contentVersion, at, articleIds, sectionIds } },
    })
  }

  const deliver = async (event: NewsEvent): Promise<void> => {
    const pubsub = app.graphql.pubsub
    if (event.kind === 'comment-approved') {
      const [comment] = await app.services.comments.visible(null, [event.commentId])
      if (comment) await pubsub.publish({ topic: topics.commentAdded(event.articleId), payload: { commentAdded: comment } })
    } else if (event.kind === 'breaking') {
      const article = (await app.services.articles.visibleByIds([event.articleId], null)).get(event.articleId)
      if (article) await pubsub.publish({ topic: topics.breakingNews, payload: { breakingNews: article } })
    } else if (event.kind === 'content') {
      app.webhooks.kick().catch(() => {}) // its outbox rows committed with the event
      await publishContent(new Date(event.at), event.articleIds, event.sectionIds)
      arm().catch(() => {}) // a new schedule may be sooner (arm logs its own failures)
    }
  }

  /** A notification's event: carried in it, or stored by its writer (too large for a NOTIFY). */
  const received = async (n: Notification): Promise<void> => {
    if (n.kind !== 'stored') return deliver(n)
    const { rows } = await app.db.pool.query<{ payload: NewsEvent }>('SELECT payload FROM event_payloads WHERE id = $1', [n.id])
    if (rows[0]) await deliver(rows[0].payload)
  }

  // ---- the LISTEN connection ----

  /** Opens a connection and LISTENs on it; the connection is `client` from then on. */
  const listen = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: app.db.pool.options.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return
      app.versions.forget() // whatever it is, the versions this instance remembers may have moved
      received(JSON.parse(msg.payload) as Notification).catch((err: unknown) => app.log.error({ err }, 'event delivery failed'))
    })
    // A connection that fails before it listens is handled by the caller (the rejection below);
    // one lost later emits 'error' (a FATAL from the server, a reset) and/or 'end' (a clean close).
    c.on('error', (err) => lost(c, err))
    c.on('end', () => lost(c))
    try {
      await c.connect()
      await c.query(`LISTEN ${CHANNEL}`)
    } catch (err) {
      c.removeAllListeners('end')
      c.on('error', () => {}) // the attempt is over: late socket errors must not reach lost()
      c.end().catch(() => {})
      throw err
    }
    if (closing) {
      await c.end().catch(() => {})
      return
    }
    app.versions.forget() // changes made while not listening were never heard of
    client = c
  }

  let lostAt = 0
  let failures = 0

  function lost (c: pg.Client, err?: Error): void {
    if (c !== client) return // an attempt that never listened, or a loss already handled
    client = undefined
    c.end().catch(() => {})
    if (closing) return
    lostAt = Date.now()
    failures = 0
    app.log.warn({ err }, 'event listener lost its connection; reconnecting')
    scheduleReconnect(backoff(1))
  }

  function scheduleReconnect (wait: number): void {
    clearTimeout(reconnectTimer)
    reconnectTimer = setTimeout(() => { reconnect().catch(() => {}) }, wait)
    reconnectTimer.unref()
  }

  async function reconnect (): Promise<void> {
    if (closing || client) return
    try {
      await listen()
    } catch (err) {
      failures++
      const wait = backoff(failures + 1)
      app.log.warn({ err, attempt: failures, retryInMs: wait }, 'event listener could not reconnect; retrying')
      scheduleReconnect(wait)
      return
    }
    if (closing) return
    app.log.info({ downMs: Date.now() - lostAt, attempts: failures + 1 }, 'event listener reconnected')
    await catchUp().catch((err: unknown) => app.log.warn({ err }, 'event listener: catching up after the reconnection failed'))
  }

  /** After a reconnection: re-arm the timer, announce missed go-lives, report missed changes. */
  async function catchUp (): Promise<void> {
    const before = knownVersion
    await arm()
    // Announced through NOTIFY, so this instance (listening again) hears them like the others.
    const announced = await announceGoLives()
    if (announced > 0) app.log.info({ announced }, 'announced the go-lives missed during the outage')
    // Writes committed while this instance was not listening sent NOTIFYs it never got: unless the
    // version is the one last published here (or an event arrived meanwhile), tell subscribers
    // once, with the current version and no ids (which changed is unknown).
    const { contentVersion } = await app.services.site.site()
    if (contentVersion !== before && knownVersion === before) await publishContent(app.clock.now(), [], [])
  }

  // ---- the go-live timer ----

  const announceGoLives = (): Promise<number> => app.services.site.announceGoLives()
  let timerFailures = 0

  function schedule (wait: number, fn: () => Promise<void>): void {
    clearTimeout(timer)
    if (closing) return
    timer = setTimeout(() => { fn().catch(() => {}) }, wait)
    timer.unref()
  }

  /** Sets the timer to the next scheduled instant (at most MAX_TIMER_MS away); never throws. */
  async function arm (): Promise<void> {
    if (closing) return
    let until: number | null
    try {
      until = await app.services.site.untilNextGoLive()
    } catch (err) {
      retryTimer(err, 'go-live timer could not read the schedule')
      return
    }
    recovered()
    schedule(until === null ? MAX_TIMER_MS : Math.min(until, MAX_TIMER_MS), fire)
  }

  async function fire (): Promise<void> {
    try {
      await announceGoLives()
    } catch (err) {
      retryTimer(err, 'go-live announcement failed')
      return
    }
    await arm()
  }

  /** A failure re-arms the timer with backoff: the retry announces first, then re-arms. */
  function retryTimer (err: unknown, msg: string): void {
    if (closing) return
    timerFailures++
    const wait = backoff(timerFailures)
    app.log.warn({ err, attempt: timerFailures, retryInMs: wait }, `${msg}; retrying`)
    schedule(wait, fire)
  }

  function recovered (): void {
    if (timerFailures === 0) return
    app.log.info({ attempts: timerFailures }, 'go-live timer recovered')
    timerFailures = 0
  }

  // Subscriptions' WebSockets: Mercurius registers @fastify/websocket in an encapsulated context,
  // whose `websocketServer` (a ws server tracking its clients) the root cannot see; a subscription
  // hook's context carries that instance (`app`), so the first subscription hands it over.
  let wsServer: { clients: Set<ServerSocket> } | undefined
  app.graphql.addHook('preSubscriptionParsing', async (_schema, _source, context) => {
    wsServer ??= (context as unknown as { app?: { websocketServer?: { clients: Set<ServerSocket> } } }).app?.websocketServer
  })

  app.decorate('events', { ready, announceGoLives, listening: () => client !== undefined, sockets: () => [...(wsServer?.clients ?? [])] })
  app.addHook('onReady', async () => {
    await listen()
    markReady()
    await arm()
  })
  app.addHook('onClose', async () => {
    closing = true
    clearTimeout(timer)
    clearTimeout(reconnectTimer)
    const c = client
    client = undefined
    await c?.end().catch(() => {})
  })
}

export default fp(events, { name: 'events', dependencies: ['services', 'graphql', 'http-caching'] })

/** WebSocket close code 1001 "going away": the server is shutting down; reconnect elsewhere. */
export const GOING_AWAY = 1001

/**
 * Shutdown: says goodbye to every subscription's WebSocket with a close frame (1001 going away),
 * so clients know to reconnect (to another instance) rather than see a dropped connection; a
 * client that does not complete the closing handshake within `graceMs` is cut. Resolves when
 * every socket is closed. Call it right before app.close(), which refuses new upgrades.
 */
export async function closeSubscriptions (app: FastifyInstance, graceMs = 1_000): Promise<number> {
  const sockets = app.events.sockets()
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
    if (ws.readyState === 3) return resolve() // CLOSED
    const cut = setTimeout(() => ws.terminate(), graceMs)
    ws.once('close', () => { clearTimeout(cut); resolve() })
    ws.close(GOING_AWAY, 'server shutting down')
  })))
  return sockets.length
}
