// Fan-out across instances through PostgreSQL: one dedicated connection per instance LISTENs on
// the events channel and hands each event to this instance's GraphQL subscribers. A timer also
// watches for the next scheduled go-live, which no write announces: whichever instance claims it
// first in go_live_events announces it, once for all.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import pg from 'pg'
import { CHANNEL, topics, type NewsEvent } from './events.ts'

declare module 'fastify' {
  interface FastifyInstance {
    events: {
      /** resolves once this instance is listening */
      ready: Promise<void>
      /** announce scheduled articles whose instant has passed (the timer calls it; tests may too) */
      announceGoLives: () => Promise<number>
    }
  }
}

const MAX_TIMER_MS = 60_000
const RECONNECT_MS = 1_000

async function events (app: FastifyInstance): Promise<void> {
  let client: pg.Client | undefined
  let closing = false
  let timer: NodeJS.Timeout | undefined
  let markReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => { markReady = resolve })

  const deliver = async (event: NewsEvent): Promise<void> => {
    const pubsub = app.graphql.pubsub
    if (event.kind === 'comment-approved') {
      const [comment] = await app.services.comments.visible(null, [event.commentId])
      if (comment) await pubsub.publish({ topic: topics.commentAdded(event.articleId), payload: { commentAdded: comment } })
    } else {
      const { contentVersion } = await app.services.site.site()
      await pubsub.publish({
        topic: topics.contentUpdated,
        payload: { contentUpdated: { version: contentVersion, at: new Date(event.at), articleIds: event.articleIds, sectionIds: event.sectionIds } },
      })
      arm().catch((err: unknown) => app.log.error({ err }, 'go-live timer failed')) // a new schedule may be sooner
    }
  }

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: app.db.pool.options.connectionString })
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return
      deliver(JSON.parse(msg.payload) as NewsEvent).catch((err: unknown) => app.log.error({ err }, 'event delivery failed'))
    })
    c.on('error', (err) => {
      app.log.warn({ err }, 'event listener lost its connection; reconnecting')
      c.end().catch(() => {})
      if (!closing) setTimeout(() => { connect().catch(() => {}) }, RECONNECT_MS).unref()
    })
    await c.connect()
    await c.query(`LISTEN ${CHANNEL}`)
    client = c
    markReady()
  }

  const announceGoLives = (): Promise<number> => app.services.site.announceGoLives()

  const arm = async (): Promise<void> => {
    if (closing) return
    const until = await app.services.site.untilNextGoLive()
    clearTimeout(timer)
    const wait = until === null ? MAX_TIMER_MS : Math.min(until, MAX_TIMER_MS)
    timer = setTimeout(() => {
      announceGoLives().catch((err: unknown) => app.log.error({ err }, 'go-live announcement failed')).finally(() => { arm().catch((err: unknown) => app.log.error({ err }, 'go-live timer failed')) })
    }, wait)
    timer.unref()
  }

  app.decorate('events', { ready, announceGoLives })
  app.addHook('onReady', async () => {
    await connect()
    await arm()
  })
  app.addHook('onClose', async () => {
    closing = true
    clearTimeout(timer)
    await client?.end().catch(() => {})
  })
}

export default fp(events, { name: 'events', dependencies: ['services', 'graphql'] })
