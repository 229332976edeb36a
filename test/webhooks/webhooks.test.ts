// Outbound webhooks (src/modules/webhooks): every content change goes to the configured URLs from
// a durable outbox written in the change's transaction, signed as Standard Webhooks specify,
// retried with backoff, delivered once whichever instance holds it, and logged for ADMIN.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { Webhook } from 'standardwebhooks'
import t, { type Test } from 'tap'
import { loadConfig } from '../../src/config.ts'
import { createSection, createToken } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql, problem, TestClock, type TestApp } from '../helper.ts'

const SECRET = `whsec_${randomBytes(32).toString('base64')}`

interface Received { headers: http.IncomingHttpHeaders, body: string }

/** A receiver on a port of its own; `answer` decides each status (default 200). */
async function receiver (t: Test, answer: (n: number) => number = () => 200) {
  const received: Received[] = []
  let n = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = answer(++n)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server }
}

const until = async (what: () => boolean | Promise<boolean>, ms = 8_000): Promise<boolean> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await what()) return true
    await sleep(25)
  }
  return what()
}

/** Retries wait in real time: a clock that runs (TestClock stands still unless moved). */
const running = (): TestClock => Object.assign(new TestClock(), { now: () => new Date() })

const env = (url: string, extra: Record<string, string> = {}) => ({ WEBHOOK_URLS: url, WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_BASE: '200ms', WEBHOOK_POLL_INTERVAL: '100ms', WEBHOOK_TIMEOUT: '2s', ...extra })

async function newsroom (app: TestApp) {
  await app.app.ready()
  const section = await createSection(app.db)
  const editor = await createToken(app.db, 'EDITOR')
  const admin = await createToken(app.db, 'ADMIN')
  const created = await gql(app.app, 'mutation ($s: ID!) { createArticle(input: { title: "خبر", paragraphs: ["نص"], sectionId: $s }) { id } }', { s: section.id }, { token: editor })
  return { section, editor, admin, articleId: created.data.createArticle.id as string }
}

const publish = (app: TestApp, token: string, id: string, at?: Date) =>
  gql(app.app, 'mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id, at: at?.toISOString() ?? null }, { token })

const LOG = '{ webhookDeliveries(first: 10) { edges { node { url eventId eventType status attempts lastStatus lastError payload deliveredAt nextAttemptAt } } pageInfo { hasNextPage endCursor } } }'

t.test('a publication reaches the receiver, signed; a draft edit sends nothing', async (t) => {
  const hook = await receiver(t)
  const app = await buildOn(t, await createTestDatabase(t), { env: env(hook.url) })
  const { editor, articleId, section } = await newsroom(app)
  await sleep(300)
  t.equal(hook.received.length, 0, 'creating a draft sends nothing')
  t.same((await publish(app, editor, articleId)).errors, undefined)
  t.ok(await until(() => hook.received.length === 1), 'delivered')
  const [delivery] = hook.received as [Received]
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]))
  const event = new Webhook(SECRET).verify(delivery.body, headers) as { id: string, type: string, articleIds: string[], sectionIds: string[], surrogateKeys: string[] }
  t.equal(event.type, 'content.updated', 'the signature verifies with the Standard Webhooks library')
  t.same(event.articleIds, [articleId])
  t.same(event.sectionIds, [section.id])
  t.same(event.surrogateKeys, ['site', articleId, section.id], 'with the keys a CDN purges by')
  t.equal(headers['webhook-id'], event.id)
  t.equal(headers['content-type'], 'application/json')
  t.throws(() => new Webhook(SECRET).verify(delivery.body.replace('content.updated', 'content.deleted'), headers), 'a tampered body fails verification')
  t.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(delivery.body, headers), 'another secret fails verification')

  await gql(app.app, 'mutation ($id: ID!) { updateArticle(id: $id, input: { title: "عنوان" }) { id } }', { id: articleId }, { token: editor })
  t.ok(await until(() => hook.received.length === 2), 'an edit of the published article is a change too')
  const draft = await gql(app.app, 'mutation ($s: ID!) { createArticle(input: { title: "مسودة", paragraphs: ["نص"], sectionId: $s }) { id } }', { s: section.id }, { token: editor })
  await gql(app.app, 'mutation ($id: ID!) { updateArticle(id: $id, input: { title: "مسودة ٢" }) { id } }', { id: draft.data.createArticle.id }, { token: editor })
  await sleep(400)
  t.equal(hook.received.length, 2, 'draft writes send nothing')
})

t.test('failures are retried with backoff until delivered, or given up after WEBHOOK_MAX_ATTEMPTS', async (t) => {
  const flaky = await receiver(t, (n) => (n <= 2 ? 500 : 204))
  const app = await buildOn(t, await createTestDatabase(t), { env: env(flaky.url), clock: running() })
  const { editor, admin, articleId } = await newsroom(app)
  await publish(app, editor, articleId)
  t.ok(await until(() => flaky.received.length === 3, 10_000), 'two 500s, then a 204')
  const ids = new Set(flaky.received.map((r) => r.headers['webhook-id']))
  t.equal(ids.size, 1, 'every attempt carries the same webhook-id (receivers deduplicate by it)')
  let log = await gql(app.app, LOG, {}, { token: admin })
  t.ok(await until(async () => {
    log = await gql(app.app, LOG, {}, { token: admin })
    return log.data.webhookDeliveries.edges[0]?.node.status === 'DELIVERED'
  }))
  t.match(log.data.webhookDeliveries.edges[0].node, { status: 'DELIVERED', attempts: 3, lastStatus: 204, lastError: null, nextAttemptAt: null })
  const gaps = flaky.received.map((_r, i) => i) // timings are the server's; the log says the attempts
  t.equal(gaps.length, 3)

  const down = await receiver(t, () => 503)
  const second = await buildOn(t, await createTestDatabase(t), { env: env(down.url, { WEBHOOK_MAX_ATTEMPTS: '2' }), clock: running() })
  const room = await newsroom(second)
  await publish(second, room.editor, room.articleId)
  let failed: { status: string, attempts: number, lastStatus: number, lastError: string } | undefined
  t.ok(await until(async () => {
    failed = (await gql(second.app, LOG, {}, { token: room.admin })).data.webhookDeliveries.edges[0]?.node
    return failed?.status === 'FAILED'
  }, 10_000), 'given up')
  t.match(failed, { status: 'FAILED', attempts: 2, lastStatus: 503, lastError: 'answered HTTP 503' })
  await sleep(500)
  t.equal(down.received.length, 2, 'and never tried again')
})

t.test('the outbox survives the process: what one instance could not send, the next one delivers', async (t) => {
  const url = await createTestDatabase(t)
  // a port with nobody listening yet
  const probe = http.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise((resolve) => probe.close(resolve))
  const target = `http://127.0.0.1:${port}/hook`
  const first = await buildOn(t, url, { env: env(target), clock: running() })
  const { editor, admin, articleId } = await newsroom(first)
  await publish(first, editor, articleId)
  const pending = async () => (await gql(first.app, LOG, {}, { token: admin })).data.webhookDeliveries.edges[0]?.node
  // (a claim counts the attempt before it is made: wait for its outcome, not for the count)
  t.ok(await until(async () => (await pending())?.lastError != null), 'an attempt failed')
  t.match(await pending(), { status: 'PENDING', lastStatus: null, lastError: /fetch failed|ECONNREFUSED/ })
  await first.app.close() // the process goes away with the delivery owed

  const received: Received[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => { received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.end() })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  const next = await buildOn(t, url, { env: env(target), clock: running() })
  await next.app.ready()
  t.ok(await until(() => received.length === 1), 'the next instance delivered it, with no new write')
  t.same((JSON.parse(received[0]?.body ?? '{}') as { articleIds: string[] }).articleIds, [articleId])
})

t.test('two instances deliver each event once; a go-live is an event too', async (t) => {
  const hook = await receiver(t)
  const url = await createTestDatabase(t)
  const clock = new TestClock()
  const a = await buildOn(t, url, { env: env(hook.url), clock })
  const b = await buildOn(t, url, { env: env(hook.url), clock })
  await b.app.ready()
  const { editor, articleId } = await newsroom(a)
  const at = new Date(clock.now().getTime() + 60_000)
  await publish(a, editor, articleId, at)
  t.ok(await until(() => hook.received.length === 1), 'scheduling is a recorded change: one delivery')
  clock.set(at)
  await Promise.all([a.app.events.announceGoLives(), b.app.events.announceGoLives()])
  t.ok(await until(() => hook.received.length === 2), 'the go-live: one more')
  await Promise.all([a.app.webhooks.kick(), b.app.webhooks.kick(), sleep(500)])
  t.equal(hook.received.length, 2, 'each event once, though both instances deliver')
  t.equal(new Set(hook.received.map((r) => r.headers['webhook-id'])).size, 2)
})

t.test('the delivery log: ADMIN only, paged, filtered, with clear errors', async (t) => {
  const hook = await receiver(t)
  const app = await buildOn(t, await createTestDatabase(t), { env: env(hook.url) })
  const { editor, admin, articleId } = await newsroom(app)
  await publish(app, editor, articleId)
  await gql(app.app, 'mutation ($id: ID!) { unpublishArticle(id: $id) { id } }', { id: articleId }, { token: editor })
  await publish(app, editor, articleId)
  t.ok(await until(() => hook.received.length === 3))
  const moderator = await createToken(app.db, 'MODERATOR')
  for (const [who, token, code] of [['anonymous', undefined, 'UNAUTHENTICATED'], ['EDITOR', editor, 'FORBIDDEN'], ['MODERATOR', moderator, 'FORBIDDEN']] as const) {
    const res = await gql(app.app, LOG, {}, token ? { token } : {})
    t.equal(res.errors?.[0]?.extensions?.code, code, `${who}: ${code}`)
  }
  const first = await gql(app.app, '{ webhookDeliveries(first: 2) { edges { node { eventId } } pageInfo { hasNextPage endCursor } } }', {}, { token: admin })
  t.equal(first.data.webhookDeliveries.edges.length, 2)
  t.ok(first.data.webhookDeliveries.pageInfo.hasNextPage)
  const rest = await gql(app.app, 'query ($after: String) { webhookDeliveries(first: 2, after: $after) { edges { node { eventId } } pageInfo { hasNextPage } } }', { after: first.data.webhookDeliveries.pageInfo.endCursor }, { token: admin })
  t.equal(rest.data.webhookDeliveries.edges.length, 1, 'the third on the next page')
  t.notOk(rest.data.webhookDeliveries.pageInfo.hasNextPage)
  const ids = [...first.data.webhookDeliveries.edges, ...rest.data.webhookDeliveries.edges].map((e: { node: { eventId: string } }) => e.node.eventId)
  t.equal(new Set(ids).size, 3, 'no gap, no repeat')
  // backward: from the log's oldest end, and from a page's startCursor
  const oldest = await gql(app.app, '{ webhookDeliveries(last: 2) { edges { node { eventId } } pageInfo { hasPreviousPage hasNextPage startCursor } } }', {}, { token: admin })
  t.same(oldest.data.webhookDeliveries.edges.map((e: { node: { eventId: string } }) => e.node.eventId), ids.slice(1), 'last: 2, the two oldest, in log order')
  t.same([oldest.data.webhookDeliveries.pageInfo.hasPreviousPage, oldest.data.webhookDeliveries.pageInfo.hasNextPage], [true, false])
  const before = await gql(app.app, 'query ($before: String) { webhookDeliveries(last: 5, before: $before) { edges { node { eventId } } pageInfo { hasPreviousPage hasNextPage } } }', { before: oldest.data.webhookDeliveries.pageInfo.startCursor }, { token: admin })
  t.same(before.data.webhookDeliveries.edges.map((e: { node: { eventId: string } }) => e.node.eventId), ids.slice(0, 1), 'before its startCursor: the newest')
  t.same([before.data.webhookDeliveries.pageInfo.hasPreviousPage, before.data.webhookDeliveries.pageInfo.hasNextPage], [false, true])
  const restBack = await app.app.inject({ method: 'GET', url: `/api/v1/webhooks/deliveries?limit=5&before=${encodeURIComponent(oldest.data.webhookDeliveries.pageInfo.startCursor)}`, headers: { authorization: `Bearer ${admin}` } })
  t.same(restBack.json().data.map((d: { eventId: string }) => d.eventId), ids.slice(0, 1), 'REST before=')

  const restLog = await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?status=DELIVERED&limit=5', headers: { authorization: `Bearer ${admin}` } })
  t.equal(restLog.statusCode, 200)
  t.equal(restLog.json().data.length, 3)
  t.equal(restLog.json().data[0].status, 'DELIVERED')
  t.equal(restLog.headers['cache-control'], 'private, no-store')
  problem(t, await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries', headers: { authorization: `Bearer ${editor}` } }), 403, 'FORBIDDEN', 'editor')
  problem(t, await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries' }), 401, 'UNAUTHENTICATED', 'anonymous')
  problem(t, await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?status=LOST', headers: { authorization: `Bearer ${admin}` } }), 400, 'BAD_USER_INPUT', 'unknown status')
  problem(t, await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?limit=101', headers: { authorization: `Bearer ${admin}` } }), 400, 'BAD_USER_INPUT', 'limit too large')
  problem(t, await app.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries?cursor=nope', headers: { authorization: `Bearer ${admin}` } }), 400, 'BAD_USER_INPUT', 'bad cursor')
  const badFirst = await gql(app.app, '{ webhookDeliveries(first: 0) { edges { node { id } } } }', {}, { token: admin })
  t.equal(badFirst.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT')
  const badStatus = await gql(app.app, '{ webhookDeliveries(status: LOST) { edges { node { id } } } }', {}, { token: admin })
  t.ok(badStatus.errors, 'an unknown status is a GraphQL validation error')
})

t.test('configuration: URLs need a strong secret, and must be http(s)', async (t) => {
  t.throws(() => loadConfig({ WEBHOOK_URLS: 'https://hooks.example/news' }), /needs WEBHOOK_SECRET/)
  t.throws(() => loadConfig({ WEBHOOK_URLS: 'ftp://hooks.example/news', WEBHOOK_SECRET: SECRET }), /not an http\(s\) URL/)
  t.throws(() => loadConfig({ WEBHOOK_URLS: 'https://hooks.example/news', WEBHOOK_SECRET: 'whsec_c2hvcnQ=' }), /24 or more random bytes/)
  t.same(loadConfig({ WEBHOOK_URLS: ' https://a.example/h , https://b.example/h ', WEBHOOK_SECRET: SECRET }).WEBHOOK_URLS, ['https://a.example/h', 'https://b.example/h'])
  t.same(loadConfig({}).WEBHOOK_URLS, [], 'none by default')
})
