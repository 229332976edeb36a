// Two real server processes (src/server.ts, as `npm start` runs it) on one database, as behind a
// load balancer: whichever instance a request reaches, subscriptions hear every change, cached
// answers follow writes made on the other instance, a scheduled go-live is announced once,
// an Idempotency-Key replays on the other instance, a view is counted once across both, and the
// webhook outbox delivers each event once.
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import t from 'tap'
import { createDatabase } from '../../src/db/database.ts'
import { createToken } from '../factories/index.ts'
import { createTestDatabase } from '../helper.ts'
import { request, startServerProcess } from '../outage/setup.ts'
import { subscribe } from '../support/ws-client.ts'

const SECRET = `whsec_${Buffer.from('instances-test-secret-0123456789').toString('base64')}`

interface Instance { name: string, base: string, ws: string }

async function startInstance (t: { teardown: (fn: () => unknown) => void }, name: string, url: string, settings: Record<string, string>): Promise<Instance> {
  const server = await startServerProcess(t, url, { VIEW_RATE_LIMIT: 'off', ...settings })
  return { name, base: server.base, ws: `ws://127.0.0.1:${server.port}/graphql` }
}

t.test('two server processes on one database stay consistent', async (t) => {
  const url = await createTestDatabase(t)
  // The webhook receiver: every delivery, by its webhook-id.
  const deliveries: Array<{ id: string, body: { type: string, articleIds: string[] } }> = []
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => {
      deliveries.push({ id: String(req.headers['webhook-id']), body: JSON.parse(body) })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => receiver.close(resolve)))
  const settings = {
    WEBHOOK_URLS: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_POLL_INTERVAL: '1s',
    VIEW_FLUSH_INTERVAL: '200ms',
  }
  const [a, b] = await Promise.all([startInstance(t, 'A', url, settings), startInstance(t, 'B', url, settings)]) as [Instance, Instance]

  const db = createDatabase(url, { max: 2 })
  t.teardown(() => db.close())
  const editor = await createToken(db, 'EDITOR', 'مكتب التحرير')
  const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => (await db.pool.query<R>(text, values)).rows
  const gql = async (on: Instance, query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${on.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })
    const body = await res.json() as { data?: any, errors?: unknown }
    if (body.errors) throw new Error(`${on.name}: ${JSON.stringify(body.errors)}`)
    return body.data
  }
  const article = async (on: Instance, title: string, sectionId: string, at?: Date): Promise<string> => {
    const { createArticle } = await gql(on, 'mutation A($s: ID!, $t: String!) { createArticle(input: { title: $t, paragraphs: ["فقرة"], sectionId: $s }) { id } }', { s: sectionId, t: title }, editor)
    await gql(on, 'mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id: createArticle.id, at: at?.toISOString() ?? null }, editor)
    return createArticle.id as string
  }
  const list = async (on: Instance, headers: Record<string, string> = {}) => {
    const res = await fetch(`${on.base}/api/v1/articles`, { headers })
    return { status: res.status, cache: res.headers.get('x-cache'), etag: res.headers.get('etag'), titles: res.status === 200 ? ((await res.json()) as { data: Array<{ title: string }> }).data.map((x) => x.title) : [] }
  }

  const { createSection } = await gql(a, 'mutation { createSection(input: { name: "أخبار", slug: "akhbar" }) { id } }', {}, editor)
  const sectionId = createSection.id as string
  const first = await article(a, 'الخبر الأول', sectionId)

  t.test('a subscription on one instance hears a write made on the other', async (t) => {
    const onB = await subscribe(b.ws, 'subscription { contentUpdated { version articleIds } }')
    t.teardown(() => onB.close())
    const id = await article(a, 'خبر من المكتب أ', sectionId)
    let event = await onB.next(5_000)
    while (!event.data?.contentUpdated.articleIds.includes(id)) event = await onB.next(5_000)
    t.ok(event.data.contentUpdated.version, 'B announced A\'s publication')
  })

  t.test('a cached answer on one instance follows a write made on the other', async (t) => {
    await list(b)
    const cached = await list(b)
    t.equal(cached.cache, 'HIT', 'B keeps its answer')
    const started = Date.now()
    await article(a, 'خبر يغير الصفحة', sectionId)
    const acked = Date.now()
    let after = await list(b)
    let stale = 0
    while (!after.titles.includes('خبر يغير الصفحة') && Date.now() - started < 5_000) {
      stale++
      await sleep(10)
      after = await list(b)
    }
    t.ok(after.titles.includes('خبر يغير الصفحة'), `B answers with A's write ${Date.now() - acked} ms after A acknowledged it (${stale} older answers before)`)
    t.not(after.etag, cached.etag, 'with a new ETag')
    // (node:http: fetch adds Cache-Control: no-cache to a conditional request, which rules out a 304)
    const conditional = (on: Instance, etag: string) => request(on.base, 'GET', '/api/v1/articles', { headers: { 'if-none-match': etag, accept: '*/*' } }) // the Accept fetch sent: ETags vary by it
    t.equal((await conditional(b, cached.etag as string)).status, 200, 'the old ETag is not answered 304 on B')
    t.equal((await conditional(b, after.etag as string)).status, 304, 'the new one is')
    t.equal((await conditional(a, after.etag as string)).status, 304, 'and on A: both instances agree on it')
  })

  t.test('a scheduled go-live is announced once, to the subscribers of both instances', async (t) => {
    const onA = await subscribe(a.ws, 'subscription { contentUpdated { articleIds } }')
    const onB = await subscribe(b.ws, 'subscription { contentUpdated { articleIds } }')
    t.teardown(async () => { await onA.close(); await onB.close() })
    const at = new Date(Date.now() + 1_500)
    const id = await article(b, 'خبر مجدول', sectionId, at)
    // (the scheduling is an event too, without the id: subscribers do not learn of a story before it is live)
    const goLive = (s: typeof onA) => s.received.filter((e) => e.data?.contentUpdated.articleIds.includes(id)).length
    const deadline = Date.now() + 8_000
    while ((goLive(onA) < 1 || goLive(onB) < 1) && Date.now() < deadline) await sleep(50)
    await sleep(1_000) // a second announcement would have come by now
    t.equal(goLive(onA), 1, 'A\'s subscriber hears the go-live once')
    t.equal(goLive(onB), 1, 'B\'s subscriber too')
    t.ok(Date.now() >= at.getTime())
    const rows = await sql<{ n: number }>('SELECT count(*)::int AS n FROM go_live_events WHERE article_id = $1', [id])
    t.equal(rows[0]?.n, 1, 'one instance claimed the announcement')
    t.ok((await list(a)).titles.includes('خبر مجدول') && (await list(b)).titles.includes('خبر مجدول'), 'both list it after its instant')
  })

  t.test('an Idempotency-Key replays on the other instance, also when both get it at once', async (t) => {
    const post = (on: Instance, key: string) => fetch(`${on.base}/api/v1/articles/${first}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ authorName: 'قارئ', body: `تعليق بالمفتاح ${key}` }),
    }).then(async (res) => ({ status: res.status, id: ((await res.json()) as { data: { id: string } }).data?.id }))
    const one = await post(a, 'key-one-0001')
    const again = await post(b, 'key-one-0001')
    t.equal(one.status, 201)
    t.equal(again.id, one.id, 'B replays A\'s receipt')
    const [x, y] = await Promise.all([post(a, 'key-two-0002'), post(b, 'key-two-0002')])
    t.equal(x.id, y.id, 'sent to both at once: one comment')
    const rows = await sql<{ n: number }>("SELECT count(*)::int AS n FROM comments WHERE body LIKE 'تعليق بالمفتاح%'")
    t.equal(rows[0]?.n, 2, 'two keys, two comments')
  })

  t.test('a client\'s views through both instances count once', async (t) => {
    for (const on of [a, b, a, b]) t.equal((await gql(on, 'mutation V($id: ID!) { recordView(articleId: $id) }', { id: first })).recordView, true)
    const deadline = Date.now() + 5_000
    let views = 0
    while (Date.now() < deadline) {
      views = (await sql<{ n: number }>('SELECT coalesce(sum(views), 0)::int AS n FROM article_views_daily WHERE article_id = $1', [first]))[0]?.n ?? 0
      if (views > 0) break
      await sleep(50)
    }
    await sleep(600) // both instances have flushed (VIEW_FLUSH_INTERVAL 200 ms)
    views = (await sql<{ n: number }>('SELECT coalesce(sum(views), 0)::int AS n FROM article_views_daily WHERE article_id = $1', [first]))[0]?.n ?? 0
    t.equal(views, 1, 'one counted view')
  })

  t.test('the webhook outbox delivers each event once, whichever instance wrote it', async (t) => {
    const before = await sql<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries')
    await article(a, 'خبر للشركاء من أ', sectionId)
    await article(b, 'خبر للشركاء من ب', sectionId)
    const deadline = Date.now() + 10_000
    for (;;) {
      const [row] = await sql<{ due: number }>('SELECT count(*)::int AS due FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL')
      if (row?.due === 0 || Date.now() > deadline) break
      await sleep(100)
    }
    await sleep(1_500) // a duplicate delivery would have arrived by now
    const [stored] = await sql<{ n: number, delivered: number }>('SELECT count(*)::int AS n, count(delivered_at)::int AS delivered FROM webhook_deliveries')
    t.ok((stored?.n ?? 0) > (before[0]?.n ?? 0), 'the writes queued deliveries')
    t.equal(stored?.delivered, stored?.n, 'every queued delivery was delivered')
    const ids = deliveries.map((d) => d.id)
    t.equal(new Set(ids).size, ids.length, `${ids.length} deliveries, none twice`)
    t.equal(ids.length, stored?.n, 'one delivery per queued event')
    const titles = deliveries.flatMap((d) => d.body.articleIds)
    t.ok(titles.length > 0)
  })
})
