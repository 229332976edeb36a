// View-counting rules views.test.ts leaves open: unknown and malformed ids on both doors (REST and
// recordView), the site's time zone deciding a view's day, mostRead following an article's
// visibility while its views stay counted, and viewCount agreeing with the per-day table.
import type { FastifyInstance, InjectOptions } from 'fastify'
import t, { type Test } from 'tap'
import type { Database } from '../../src/db/database.ts'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock } from '../helper.ts'

const NOW = new Date('2026-06-10T09:00:00.000Z') // 12:00 in Asia/Damascus (UTC+3)
const VIEW = 'mutation View($id: ID!) { recordView(articleId: $id) }'
const UNKNOWN = '6f1c2a4e-9b3d-4c1e-8f2a-0d5e7b9c1a23' // well-formed, no such article
const env = { VIEW_FLUSH_INTERVAL: '1h', VIEW_RATE_LIMIT: 'off', SITE_TIME_ZONE: 'Asia/Damascus' }

async function newsroom (t: Test, opts: { at?: Date, env?: Record<string, string> } = {}) {
  const clock = new TestClock(opts.at ?? NOW)
  const ctx = await build(t, { clock, env: { ...env, ...opts.env } })
  const section = await createSection(ctx.db, { slug: 'news' })
  const article = (slug: string) => createArticle(ctx.db, { sectionId: section.id, slug })
  return { ...ctx, clock, section, article }
}

/** One reader's view through recordView: a client is its address and user agent. */
const view = (app: FastifyInstance, id: string, ip = '203.0.113.1', ua = 'reader/1') => gql(app, VIEW, { id }, { ip, headers: { 'user-agent': ua } })

/** The article's rows in the per-day table, day as written in the site's calendar. */
async function dayRows (db: Database, id: string): Promise<Array<{ day: string, views: number }>> {
  const { rows } = await db.pool.query<{ day: string, views: number }>("SELECT to_char(day, 'YYYY-MM-DD') AS day, views FROM article_views_daily WHERE article_id = $1 ORDER BY day", [id])
  return rows
}

async function mostRead (app: FastifyInstance, days = 1): Promise<string[]> {
  const res = await gql(app, 'query($days: Int) { mostRead(days: $days, first: 100) { slug } }', { days })
  return (res.data?.mostRead as Array<{ slug: string }>).map((x) => x.slug)
}

const viewCount = async (app: FastifyInstance, id: string): Promise<number> => (await gql(app, 'query($id: ID!) { article(id: $id) { viewCount } }', { id })).data?.article.viewCount

t.test('REST views: an unknown UUID is accepted and never counted, bad ids are 400, a body changes nothing', async (t) => {
  const { app, db, article } = await newsroom(t)
  const a = await article('a')
  let n = 0
  // each request from its own client, so the de-duplication never hides what is being checked
  const post = (id: string, opts: Omit<InjectOptions, 'method' | 'url'> = {}) => app.inject({ method: 'POST', url: `/api/v1/articles/${id}/views`, remoteAddress: `198.51.100.${++n}`, ...opts })

  const unknown = await post(UNKNOWN)
  t.equal(unknown.statusCode, 202, 'an unknown well-formed id: 202, like any view')
  t.same(unknown.json(), { accepted: true }, 'accepted: true')
  t.equal((await post(a.id)).statusCode, 202, 'a known article in the same batch')
  t.equal(await app.services.views.flush(), 1, 'the flush counts the known article and nothing for the unknown one (and does not fail)')
  t.same(await dayRows(db, UNKNOWN), [], 'no day row for the unknown id')
  t.same(await dayRows(db, a.id), [{ day: '2026-06-10', views: 1 }], 'the article beside it in the batch is counted')
  t.equal(await viewCount(app, a.id), 1, 'its viewCount is 1')

  problem(t, await post('x'.repeat(101)), 400, 'BAD_USER_INPUT', 'a 101-character id')
  problem(t, await post(`${UNKNOWN}${'0'.repeat(65)}`), 400, 'BAD_USER_INPUT', 'a UUID followed by 65 more characters (101)')
  for (const id of ['not-a-uuid', UNKNOWN.replaceAll('-', ''), `${UNKNOWN.slice(0, -1)}g`, '1']) {
    problem(t, await post(id), 400, 'BAD_USER_INPUT', `the non-UUID id ${JSON.stringify(id)}`)
  }
  t.equal(app.services.views.pending, 0, 'refused ids are not buffered')

  // the route takes no body: a body of any shape is ignored (one view, never more), or refused as a
  // client error when it cannot be read; never a 5xx
  const ignored = [
    { payload: { count: 1000, articleId: 5, views: 'many' } },
    { payload: [1, 2, 3] as unknown as Record<string, unknown> },
    { payload: 'null', headers: { 'content-type': 'application/json' } },
    { payload: 'ten thousand views', headers: { 'content-type': 'text/plain' } },
  ]
  for (const opts of ignored) {
    const res = await post(a.id, opts)
    t.equal(res.statusCode, 202, `body ${JSON.stringify(opts.payload)}: ignored, 202`)
  }
  t.equal(app.services.views.pending, ignored.length, 'each of those is one buffered view')
  for (const [opts, status] of [
    [{ payload: '{"count":', headers: { 'content-type': 'application/json' } }, 400],
    [{ payload: '<views>1000</views>', headers: { 'content-type': 'application/xml' } }, 415],
  ] as const) {
    const res = await post(a.id, opts)
    t.equal(res.statusCode, status, `body ${opts.payload} as ${opts.headers['content-type']}: ${status}`)
    t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'a problem document')
    t.match(res.json(), { status, code: String, detail: String }, 'with a code and a detail')
  }
  t.equal(app.services.views.pending, ignored.length, 'refused bodies buffer no view')
  t.equal(await app.services.views.flush(), ignored.length, 'one view per ignored body, whatever count it claimed')
  t.equal(await viewCount(app, a.id), 1 + ignored.length, 'viewCount: one per accepted request')
})

t.test('recordView: wrong types and shapes are request errors, never 500; an unknown UUID is true and counts nothing', async (t) => {
  const { app, db, article } = await newsroom(t)
  const a = await article('a')
  const refusals: Array<[string, string, Record<string, unknown> | undefined, string[]]> = [
    ['a boolean literal', 'mutation { recordView(articleId: true) }', undefined, ['GRAPHQL_VALIDATION_FAILED']],
    ['an object literal', 'mutation { recordView(articleId: { id: "x" }) }', undefined, ['GRAPHQL_VALIDATION_FAILED']],
    ['a missing articleId', 'mutation { recordView }', undefined, ['GRAPHQL_VALIDATION_FAILED']],
    ['a null literal', 'mutation { recordView(articleId: null) }', undefined, ['GRAPHQL_VALIDATION_FAILED']],
    ['an object variable', VIEW, { id: { id: a.id } }, ['BAD_USER_INPUT']],
    ['a list variable', VIEW, { id: [a.id] }, ['BAD_USER_INPUT']],
    ['a boolean variable', VIEW, { id: true }, ['BAD_USER_INPUT']],
    ['a missing variable', VIEW, {}, ['BAD_USER_INPUT']],
    ['a null variable', VIEW, { id: null }, ['BAD_USER_INPUT']],
  ]
  for (const [what, query, variables, codes] of refusals) {
    const res = await gql(app, query, variables)
    t.equal(res.status, 400, `${what}: 400`)
    t.equal(res.data, null, `${what}: no data`)
    t.ok(codes.includes(String(res.errors?.[0]?.extensions?.code)), `${what}: ${codes.join(' or ')} (got ${String(res.errors?.[0]?.extensions?.code)})`)
  }
  for (const id of ['a'.repeat(101), `${a.id}${'0'.repeat(65)}`]) {
    const res = await view(app, id)
    t.ok(res.status < 500, `a ${id.length}-character id: not a server error`)
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `a ${id.length}-character id: BAD_USER_INPUT`)
    t.equal(res.errors?.[0]?.extensions?.field, 'articleId', 'on articleId')
    t.equal(res.data?.recordView, undefined, 'no true for it')
  }
  t.equal(app.services.views.pending, 0, 'nothing refused was buffered')

  t.same((await view(app, UNKNOWN)).data, { recordView: true }, 'an unknown UUID: true, like any view')
  t.same((await view(app, UNKNOWN.toUpperCase(), '203.0.113.2')).data, { recordView: true }, 'in capitals too')
  await view(app, a.id)
  t.equal(await app.services.views.flush(), 1, 'after the flush only the known article counted')
  t.same(await dayRows(db, UNKNOWN), [], 'no day row for the unknown id')
  t.equal(await viewCount(app, a.id), 1, 'viewCount: the known article only')
})

t.test('a view belongs to its day in the site time zone (Asia/Damascus), not in UTC', async (t) => {
  // Damascus is UTC+3: 20:59Z is 23:59 the same day there, 21:00Z is already 00:00 the next day.
  const { app, db, clock, article } = await newsroom(t, { at: new Date('2026-06-10T18:00:00.000Z') })
  const late = await article('late') // viewed on Damascus' 10 June, in its last minute
  const night = await article('night') // viewed on Damascus' 11 June, while UTC still says 10 June
  const at = async (instant: string, id: string, ips: string[]) => {
    clock.set(instant)
    for (const ip of ips) await view(app, id, ip)
    await app.services.views.flush()
  }
  await at('2026-06-10T20:59:00.000Z', late.id, ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
  await at('2026-06-10T21:00:00.000Z', night.id, ['192.0.2.1'])
  await at('2026-06-10T22:30:00.000Z', night.id, ['192.0.2.2'])
  t.same(await dayRows(db, late.id), [{ day: '2026-06-10', views: 3 }], '20:59Z is 23:59 on 10 June in Damascus')
  t.same(await dayRows(db, night.id), [{ day: '2026-06-11', views: 2 }], '21:00Z and 22:30Z are 11 June in Damascus (UTC would say 10 June)')

  clock.set('2026-06-10T23:00:00.000Z') // 02:00 on 11 June in Damascus
  t.same(await mostRead(app, 1), ['night'], "at 23:00Z, today's list (days: 1) is Damascus' 11 June: the 22:30Z view, not the 20:59Z ones")
  t.same(await mostRead(app, 2), ['late', 'night'], 'days: 2 reaches back to 10 June')
  const rest = await app.inject({ url: '/api/v1/most-read?days=1' })
  t.same(rest.json().data.map((x: { slug: string }) => x.slug), ['night'], 'REST agrees')

  clock.set('2026-06-11T20:59:00.000Z') // 23:59 on 11 June in Damascus, 11 June in UTC too
  t.same(await mostRead(app, 1), ['night'], "at 20:59Z on 11 June it is still Damascus' 11 June: the night views are today's")
  clock.set('2026-06-11T21:00:00.000Z') // 00:00 on 12 June in Damascus, still 11 June in UTC
  t.same(await mostRead(app, 1), [], "at 21:00Z on 11 June Damascus is on 12 June: yesterday's views leave days: 1")
  t.same(await mostRead(app, 2), ['night'], 'days: 2 covers 11 and 12 June only')
})

t.test('mostRead drops an article the moment it is unpublished, deleted or rescheduled; its views stay counted', async (t) => {
  // with the response cache on, as in production: a cached list must not outlive the change
  const { app, db, clock, article } = await newsroom(t, { env: { RESPONSE_CACHE_MB: '16' } })
  const editor = await createToken(db, 'EDITOR')
  const ed = async (query: string, variables: Record<string, unknown>) => {
    const res = await gql(app, query, variables, { token: editor })
    t.same(res.errors, undefined, 'the editorial mutation succeeds')
  }
  const [x, y, z, w] = [await article('x'), await article('y'), await article('z'), await article('w')]
  for (const [a, n] of [[x, 4], [y, 3], [z, 2], [w, 1]] as const) {
    for (let i = 0; i < n; i++) await view(app, a.id, `192.0.2.${i + 1}`)
  }
  t.equal(await app.services.views.flush(), 10, '4 + 3 + 2 + 1 views counted')
  const list = async () => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ mostRead(first: 10) { slug viewCount } }' } })
    return { slugs: (res.json().data.mostRead as Array<{ slug: string }>).map((a) => a.slug), cache: res.headers['x-cache'] }
  }
  const restList = async () => ((await app.inject({ url: '/api/v1/most-read' })).json().data as Array<{ slug: string }>).map((a) => a.slug)
  t.same((await list()).slugs, ['x', 'y', 'z', 'w'], 'most viewed first')
  t.same(await list(), { slugs: ['x', 'y', 'z', 'w'], cache: 'HIT' }, 'the list is served from the cache (so a stale cache would show below)')
  t.same(await restList(), ['x', 'y', 'z', 'w'], 'REST too')

  await ed('mutation U($id: ID!) { unpublishArticle(id: $id) { id } }', { id: x.id })
  t.same((await list()).slugs, ['y', 'z', 'w'], 'unpublished: gone from mostRead at once')
  t.same(await restList(), ['y', 'z', 'w'], 'and from REST /most-read')
  await ed('mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id: x.id })
  t.same((await list()).slugs, ['x', 'y', 'z', 'w'], 'republished: back in first place, its views kept')
  t.equal(await viewCount(app, x.id), 4, 'its viewCount kept')

  await ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: y.id })
  t.same((await list()).slugs, ['x', 'z', 'w'], 'deleted: gone at once')
  t.same(await restList(), ['x', 'z', 'w'], 'and from REST /most-read')
  const kept = await db.pool.query<{ viewCount: number, days: number }>('SELECT a.view_count AS "viewCount", (SELECT sum(views)::int FROM article_views_daily WHERE article_id = a.id) AS days FROM articles a WHERE a.id = $1', [y.id])
  t.same(kept.rows, [{ viewCount: 3, days: 3 }], "the deleted article's views stay counted (counter and day rows)")

  const later = new Date(clock.now().getTime() + 3_600_000)
  await ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id: z.id, at: later.toISOString() })
  t.same((await list()).slugs, ['x', 'w'], 'rescheduled an hour ahead: gone at once')
  t.same(await restList(), ['x', 'w'], 'and from REST /most-read')
  clock.set(later)
  t.same((await list()).slugs, ['x', 'z', 'w'], 'live again at its new time, with the views it had')
  t.equal(await viewCount(app, z.id), 2, 'its viewCount kept')
})

t.test("viewCount equals the sum of the article's per-day rows, over flushes, days and clients", async (t) => {
  const { app, db, clock, article } = await newsroom(t)
  const [a, b, c] = [await article('a'), await article('b'), await article('c')]
  const hidden = await createArticle(db, { sectionId: (await createSection(db)).id, status: 'DRAFT' })
  const flush = () => app.services.views.flush()

  // 10 June, 12:00 in Damascus
  for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await view(app, a.id, ip)
  await view(app, b.id, '192.0.2.1')
  await view(app, hidden.id, '192.0.2.1')
  await view(app, UNKNOWN, '192.0.2.1')
  t.equal(await flush(), 4, '10 June: a by three clients, b by one; the draft and the unknown id count nothing')
  clock.advance(10 * 60_000)
  await view(app, a.id, '192.0.2.1') // the same client within 30 minutes: not counted
  await view(app, b.id, '192.0.2.2')
  t.equal(await flush(), 1, 'only b by a new client')
  clock.advance(21 * 60_000)
  await view(app, a.id, '192.0.2.1') // 31 minutes after its first: counted again
  t.equal(await flush(), 1, 'a again after 30 minutes')
  // 11 June
  clock.set('2026-06-11T09:00:00.000Z')
  await view(app, a.id, '192.0.2.1')
  for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) await view(app, c.id, ip)
  await view(app, b.id, '192.0.2.1', 'another browser')
  t.equal(await flush(), 6, '11 June: a, c by four, b by another browser')
  // 12 June in Damascus (21:30Z on 11 June)
  clock.set('2026-06-11T21:30:00.000Z')
  await view(app, b.id, '192.0.2.5')
  await view(app, c.id, '192.0.2.1')
  t.equal(await flush(), 2, '12 June in Damascus: b and c')

  const { rows } = await db.pool.query<{ id: string, days: number, total: number }>('SELECT article_id AS id, count(*)::int AS days, sum(views)::int AS total FROM article_views_daily GROUP BY article_id')
  const daily = new Map(rows.map((r) => [r.id, r]))
  for (const [x, expected, days] of [[a, 5, 2], [b, 4, 3], [c, 5, 2]] as const) {
    t.equal(daily.get(x.id)?.total, expected, `${x.slug}: ${expected} views in article_views_daily`)
    t.equal(daily.get(x.id)?.days, days, `${x.slug}: over ${days} days`)
    t.equal(await viewCount(app, x.id), expected, `${x.slug}: GraphQL viewCount equals the day rows' sum`)
    t.equal((await app.inject({ url: `/api/v1/articles/${x.id}` })).json().data?.viewCount, expected, `${x.slug}: REST viewCount too`)
  }
  const all = (await gql(app, '{ mostRead(days: 365) { id slug viewCount } }')).data?.mostRead as Array<{ id: string, slug: string, viewCount: number }>
  t.same(all.map((x) => x.slug).sort(), ['a', 'b', 'c'], 'mostRead over the year lists the three')
  for (const x of all) t.equal(x.viewCount, daily.get(x.id)?.total, `${x.slug}: mostRead's viewCount equals the day rows' sum`)
  t.equal(daily.has(hidden.id) || daily.has(UNKNOWN), false, 'nothing for the draft or the unknown id')
})
