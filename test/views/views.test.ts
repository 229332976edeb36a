// View counts: recordView answers at once, the flush counts once per client and article per 30
// minutes (decided in PostgreSQL, so two instances agree), only visible articles count, mostRead
// reads the per-day table, and a graceful close flushes what is buffered.
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { build, buildOn, gql, problem, TestClock } from '../helper.ts'

const NOW = new Date('2026-06-10T09:00:00.000Z') // 12:00 in Asia/Damascus
const VIEW = 'mutation View($id: ID!) { recordView(articleId: $id) }'
const env = { VIEW_FLUSH_INTERVAL: '1h', VIEW_RATE_LIMIT: 'off' }

async function newsroom (t: Parameters<typeof build>[0]) {
  const clock = new TestClock(NOW)
  const ctx = await build(t, { clock, env })
  const politics = await createSection(ctx.db, { name: 'سياسة', slug: 'سياسة' })
  const opinion = await createSection(ctx.db, { name: 'الرأي', slug: 'الرأي', parentId: politics.id })
  const sport = await createSection(ctx.db, { name: 'رياضة', slug: 'رياضة', position: 1 })
  const a = await createArticle(ctx.db, { sectionId: politics.id, slug: 'a' })
  const b = await createArticle(ctx.db, { sectionId: opinion.id, slug: 'b' })
  const c = await createArticle(ctx.db, { sectionId: sport.id, slug: 'c' })
  const draft = await createArticle(ctx.db, { sectionId: sport.id, slug: 'draft', status: 'DRAFT' })
  return { ...ctx, clock, a, b, c, draft }
}

const viewCount = async (app: Parameters<typeof gql>[0], id: string): Promise<number> => (await gql(app, 'query($id: ID!) { article(id: $id) { viewCount } }', { id })).data?.article.viewCount

t.test('recordView answers at once; the flush counts one view per client and article per 30 minutes', async (t) => {
  const { app, clock, a, b } = await newsroom(t)
  const view = (id: string, ip = '203.0.113.1', ua = 'reader/1') => gql(app, VIEW, { id }, { ip, headers: { 'user-agent': ua } })
  t.same((await view(a.id)).data, { recordView: true }, 'true: taken for counting')
  await view(a.id)
  await view(a.id, '203.0.113.2')
  await view(a.id, '203.0.113.1', 'another browser')
  await view(b.id)
  t.equal(await viewCount(app, a.id), 0, 'nothing is written before the flush')
  t.equal(app.services.views.pending, 4, 'the buffer holds one entry per client and article')
  t.equal(await app.services.views.flush(), 4)
  t.equal(await viewCount(app, a.id), 3, 'three clients (address and user agent) saw a')
  t.equal(await viewCount(app, b.id), 1)

  clock.advance(29 * 60_000)
  await view(a.id)
  t.equal(await app.services.views.flush(), 0, 'the same client within 30 minutes is not counted again')
  clock.advance(60_000)
  await view(a.id)
  t.equal(await app.services.views.flush(), 1, 'after 30 minutes it counts again')
  t.equal(await viewCount(app, a.id), 4)
})

t.test('only visible articles count; bad ids are refused, unknown ones never counted', async (t) => {
  const { app, draft } = await newsroom(t)
  await gql(app, VIEW, { id: draft.id })
  await gql(app, VIEW, { id: '00000000-0000-4000-8000-000000000000' })
  t.equal(await app.services.views.flush(), 0, 'a draft and an unknown id count nothing')
  for (const id of ['not-an-id', '', 'x'.repeat(500)]) {
    const res = await gql(app, VIEW, { id })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${JSON.stringify(id.slice(0, 10))}: BAD_USER_INPUT`)
  }
  t.equal((await gql(app, 'mutation { recordView }')).status, 400, 'a missing id is a request error')
  t.equal((await gql(app, 'mutation { recordView(articleId: 5) { x } }')).status, 400, 'a wrong shape is a request error')
  t.equal(app.services.views.pending, 0, 'refused views are not buffered')
})

t.test('two instances: the de-duplication holds across them', async (t) => {
  const first = await newsroom(t)
  const second = await buildOn(t, first.url, { clock: first.clock, env })
  const ip = '198.51.100.9'
  await gql(first.app, VIEW, { id: first.a.id }, { ip })
  await gql(second.app, VIEW, { id: first.a.id }, { ip })
  const counted = await Promise.all([first.app.services.views.flush(), second.app.services.views.flush()])
  t.equal(counted[0] + counted[1], 1, 'one client, two instances: one view')
  t.equal(await viewCount(second.app, first.a.id), 1)
})

t.test('mostRead: by views over the last days, in the site time zone, with sections', async (t) => {
  const { app, clock, a, b, c } = await newsroom(t)
  const views = async (id: string, n: number) => {
    for (let i = 0; i < n; i++) await gql(app, VIEW, { id }, { ip: `192.0.2.${i + 1}` })
  }
  await views(c.id, 3)
  await views(a.id, 2)
  await views(b.id, 1)
  await app.services.views.flush()
  const mostRead = async (vars: Record<string, unknown>) => ((await gql(app, 'query($section: String, $days: Int, $first: Int) { mostRead(section: $section, days: $days, first: $first) { slug viewCount } }', vars)).data?.mostRead as Array<{ slug: string }>).map((x) => x.slug)
  t.same(await mostRead({}), ['c', 'a', 'b'], 'today: most viewed first')
  t.same(await mostRead({ first: 1 }), ['c'])
  t.same(await mostRead({ section: 'سياسة' }), ['a', 'b'], 'a section includes its subsections')
  t.same(await mostRead({ section: 'nothing' }), [])
  clock.advance(86_400_000)
  t.same(await mostRead({ days: 1 }), [], 'tomorrow, days: 1 looks at tomorrow only')
  t.same(await mostRead({ days: 2 }), ['c', 'a', 'b'], 'days: 2 reaches back to today')
  for (const [vars, field] of [[{ days: 0 }, 'days'], [{ days: 366 }, 'days'], [{ first: 0 }, 'first'], [{ first: 101 }, 'first']] as const) {
    const res = await gql(app, 'query($days: Int, $first: Int) { mostRead(days: $days, first: $first) { slug } }', vars)
    t.equal(res.errors?.[0]?.extensions?.field, field, `${JSON.stringify(vars)}: BAD_USER_INPUT on ${field}`)
  }
  const rest = await app.inject({ url: '/api/v1/most-read?days=2&limit=2' })
  t.equal(rest.statusCode, 200)
  t.same(rest.json().data.map((x: { slug: string }) => x.slug), ['c', 'a'])
  for (const q of ['days=0', 'days=x', 'limit=500', 'colour=red']) problem(t, await app.inject({ url: `/api/v1/most-read?${q}` }), 400, 'BAD_USER_INPUT', q)
})

t.test('REST: POST /api/v1/articles/:id/views answers 202 and is rate-limited', async (t) => {
  const clock = new TestClock(NOW)
  const { app, db } = await build(t, { clock, env: { VIEW_FLUSH_INTERVAL: '1h', VIEW_RATE_LIMIT: '2/1m' } })
  const section = await createSection(db)
  const a = await createArticle(db, { sectionId: section.id })
  const post = (id: string) => app.inject({ method: 'POST', url: `/api/v1/articles/${id}/views`, remoteAddress: '203.0.113.50' })
  const first = await post(a.id)
  t.equal(first.statusCode, 202)
  t.same(first.json(), { accepted: true })
  problem(t, await post('nope'), 400, 'BAD_USER_INPUT', 'a malformed id')
  problem(t, await post(a.id), 429, 'RATE_LIMITED', 'the third in a minute')
  t.equal(await app.services.views.flush(), 1)
})

t.test('a graceful close flushes what is buffered', async (t) => {
  const clock = new TestClock(NOW)
  const first = await build(t, { clock, env })
  const section = await createSection(first.db)
  const a = await createArticle(first.db, { sectionId: section.id })
  const second = await buildOn(t, first.url, { clock, env })
  await gql(second.app, VIEW, { id: a.id })
  await second.app.close()
  t.equal(await viewCount(first.app, a.id), 1, 'counted by the close')
})
