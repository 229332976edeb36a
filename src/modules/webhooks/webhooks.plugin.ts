// Delivers the webhook outbox (webhooks.repository.ts) on every instance: woken by each content
// event heard through PostgreSQL (events.plugin.ts), at start (what a stopped process left), and
// on a timer for retries. Claims are leased with SKIP LOCKED, so instances share the work and
// never send one delivery twice at once. Each request is signed as Standard Webhooks specify
// (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
// "id.timestamp.body">`), with their reference library, so receivers verify with it too.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Webhook } from 'standardwebhooks'
import type { DeliveryRecord } from './webhooks.repository.ts'
import type { DeliveryPolicy, Outcome } from './webhooks.service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: {
      /** deliver what is due now (events and tests call it); resolves when this round is done */
      kick: () => Promise<void>
    }
  }
}

async function webhooks (app: FastifyInstance): Promise<void> {
  const config = app.config
  const service = app.services.webhooks
  if (!service.enabled) {
    app.decorate('webhooks', { kick: async () => {} })
    return
  }
  const signer = new Webhook(config.WEBHOOK_SECRET as string)
  const policy: DeliveryPolicy = {
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: config.WEBHOOK_RETRY_BASE,
    leaseMs: config.WEBHOOK_TIMEOUT * 2 + 5_000,
    batch: 20,
  }

  const send = async (d: DeliveryRecord): Promise<Outcome> => {
    const now = new Date() // the receiver checks the timestamp against its own clock
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'news-content-api-webhooks/1',
          'webhook-id': d.eventId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signer.sign(d.eventId, now, d.payload),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT),
      })
      await res.body?.cancel().catch(() => {})
      return { status: res.status }
    } catch (err) {
      return { status: null, error: (err as Error).message }
    }
  }

  const state = { closing: false, again: false }
  let round: Promise<void> | undefined
  const run = async (): Promise<void> => {
    do {
      state.again = false
      // a full batch means there may be more
      while (!state.closing && await service.deliverDue(send, policy) === policy.batch) { /* next batch */ }
    } while (state.again && !state.closing)
  }
  const kick = (): Promise<void> => {
    if (round) {
      state.again = true
      return round
    }
    round = run()
      .catch((err: unknown) => { app.log.warn({ err }, 'webhook delivery round failed; the next one retries') })
      .finally(() => { round = undefined })
    return round
  }
  const timer = setInterval(() => { kick().catch(() => {}) }, config.WEBHOOK_POLL_INTERVAL)
  timer.unref()
  app.decorate('webhooks', { kick })
  app.addHook('onReady', async () => { kick().catch(() => {}) })
  app.addHook('onClose', async () => {
    state.closing = true
    clearInterval(timer)
    await round
  })
}

export default fp(webhooks, { name: 'webhooks', dependencies: ['services'] })
