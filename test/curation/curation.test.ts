// Curation (issue 18, parts 1 and 2): featured slots of the site's and a section's front page, the
// front page list (featured first, then the newest without duplicates), breaking news with its
// subscription and the reader site's banner, through GraphQL and REST with a controlled clock:
// slots and flags expire by themselves at their instant (and the ETags move then), only visible
// articles ever show, every write has its role matrix and bad input that changes nothing.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type GqlResult, type TestApp } from '../helper.ts'
import { subscribe } from '../support/ws-client.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const MINUTE = 60_000
const HOUR = 60 * MINUTE

interface Setup extends TestApp {
  editor: string
  moderator: string
  admin: string
  news: { id: string, slug: string }
  local: { id: string, slug: string }
  sport: { id: string, slug: string }
  ed: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
  /** created through the API and, unless `at` is null, published at `at` */
  write: (title: string, opts?: { sectionId?: string, at?: Date | null }) => Promise<{ id: string, slug: string }>
}

async function setup (t: Test, opts: { listen?: boolean } = {}): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW) })
  if (opts.listen) await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  else await ctx.app.ready()
  await ctx.app.events.ready
  const [editor, moderator, admin] = await Promise.all([createToken(ctx.db, 'EDITOR'), createToken(ctx.db, 'MODERATOR'), createToken(ctx.db, 'ADMIN')])
  const news = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(ctx.db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const sport = await createSection(ctx.db, { name: 'رياضة', slug: 'رياضة' })
  const ed = (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token: editor })
  let n = 0
  const write: Setup['write'] = async (title, o = {}) => {
    const created = await ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id slug } }', { input: { title, sectionId: o.sectionId ?? local.id, paragraphs: ['فقرة.'] } })
    t.same(created.errors, undefined, `created ${title}`)
    const at = o.at === undefined ? new Date(NOW.getTime() - (100 - n++) * MINUTE) : o.at
    if (at === null) return created.data.createArticle
    const published = await ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id slug } }', { id: created.data.createArticle.id, at: at.toISOString() })
    t.same(published.errors, undefined, `published ${title}`)
    return published.data.publishArticle
  }
  return { ...ctx, editor, moderator, admin, news, local, sport, ed, write }
}

const FEATURE = 'mutation F($input: FeatureArticleInput!) { featureArticle(input: $input) { article { id } position until live placedBy section { id } } }'
const UNFEATURE = 'mutation U($articleId: ID!, $sectionId: ID) { unfeatureArticle(articleId: $articleId, sectionId: $sectionId) { article { id } position } }'
const SITE_FEATURED = '{ site { featured { id title } } }'
const SLOTS = 'query S($sectionId: ID) { featuredSlots(sectionId: $sectionId) { article { id } position until live } }'
const MARK = 'mutation M($id: ID!, $until: DateTime) { markBreaking(id: $id, until: $until) { id breakingUntil } }'
const CLEAR = 'mutation C($id: ID!) { clearBreaking(id: $id) { id breakingUntil } }'

const ids = (list: Array<{ id: string }>) => list.map((a) => a.id)

t.test('featured slots: order, moves, only visible articles, and the front page list without duplicates', async (t) => {
  const s = await setup(t)
  const a1 = await s.write('الأول')
  const a2 = await s.write('الثاني')
  const a3 = await s.write('الثالث')
  const a4 = await s.write('الرابع')
  const draft = await s.write('مسودة', { at: null })

  let res = await s.ed(FEATURE, { input: { articleId: a1.id } })
  t.same(res.errors, undefined)
  t.same(res.data.featureArticle, [{ article: { id: a1.id }, position: 0, until: null, live: true, placedBy: 'editor desk', section: null }], 'the slot, on the site\'s front page')
  res = await s.ed(FEATURE, { input: { articleId: draft.id } })
  t.same(res.data.featureArticle.map((x: any) => [x.article.id, x.live]), [[a1.id, true], [draft.id, false]], 'a draft may be placed; it is not live')
  res = await s.ed(FEATURE, { input: { articleId: a3.id, position: 0 } })
  t.same(res.data.featureArticle.map((x: any) => [x.article.id, x.position]), [[a3.id, 0], [a1.id, 1], [draft.id, 2]], 'placed at the top, the others move down')
  res = await s.ed(FEATURE, { input: { articleId: a1.id, position: 0 } })
  t.same(res.data.featureArticle.map((x: any) => x.article.id), [a1.id, a3.id, draft.id], 'an article already there moves (one slot per article)')

  t.same(ids((await gql(s.app, SITE_FEATURED)).data.site.featured), [a1.id, a3.id], 'anonymous readers: visible articles in slot order, never the draft')
  const staff = await s.ed(SLOTS)
  t.same(staff.data.featuredSlots.map((x: any) => x.article.id), [a1.id, a3.id, draft.id], 'editors see every slot')
  t.equal((await gql(s.app, SLOTS)).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'slots are for staff')

  // the front page: featured first, then the newest without them, page after page
  const FRONT = 'query A($after: String) { articles(featuredFirst: true, first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } }'
  const walked: string[] = []
  let after: string | null = null
  for (let page = 0; page < 5; page++) {
    const r: GqlResult<any> = await gql(s.app, FRONT, { after })
    t.same(r.errors, undefined)
    walked.push(...ids(r.data.articles.edges.map((e: any) => e.node)))
    t.equal(r.data.articles.totalCount, 4, 'totalCount: every visible article once')
    if (!r.data.articles.pageInfo.hasNextPage) break
    after = r.data.articles.pageInfo.endCursor
  }
  t.same(walked, [a1.id, a3.id, a4.id, a2.id], 'featured first, then newest first, each article once')
  const BACK = 'query A($before: String) { articles(featuredFirst: true, last: 1, before: $before) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }'
  const back: string[] = []
  let before: string | null = null
  for (let page = 0; page < 6; page++) {
    const r: GqlResult<any> = await gql(s.app, BACK, { before })
    t.same(r.errors, undefined)
    back.unshift(...ids(r.data.articles.edges.map((e: any) => e.node)))
    if (!r.data.articles.pageInfo.hasPreviousPage) break
    before = r.data.articles.pageInfo.startCursor
  }
  t.same(back, walked, 'walked backward one at a time: the same front page')
  const tail = await gql(s.app, '{ articles(featuredFirst: true, last: 3) { edges { node { id } } } }')
  t.same(ids(tail.data.articles.edges.map((e: any) => e.node)), [a3.id, a4.id, a2.id], 'last: 3 crosses from the newest into the featured')
  const plain = await gql(s.app, '{ articles(first: 10) { edges { cursor node { id } } } }')
  t.same(ids(plain.data.articles.edges.map((e: any) => e.node)), [a4.id, a3.id, a2.id, a1.id], 'without featuredFirst: newest first, as before')
  const foreign = await gql(s.app, FRONT, { after: plain.data.articles.edges[0].cursor })
  t.equal(foreign.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a cursor of another list is refused')
  const withTag = await gql(s.app, '{ articles(featuredFirst: true, tag: "x") { totalCount } }')
  t.equal(withTag.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'featuredFirst with a tag is refused')

  // taking off; unpublishing a featured article takes it off every list by the one rule
  res = await s.ed(UNFEATURE, { articleId: a3.id })
  t.same(res.data.unfeatureArticle.map((x: any) => [x.article.id, x.position]), [[a1.id, 0], [draft.id, 1]], 'positions stay dense')
  await s.ed('mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: a1.id })
  t.same(ids((await gql(s.app, SITE_FEATURED)).data.site.featured), [], 'an archived article drops out')
  t.same((await s.ed(UNFEATURE, { articleId: a4.id })).data.unfeatureArticle.length, 2, 'taking off an article that is not there changes nothing')
})

t.test('a section\'s front page takes its subtree\'s articles; expiry and go-live need no job and move the ETag', async (t) => {
  const s = await setup(t)
  const inLocal = await s.write('خبر محلي')
  const inSport = await s.write('خبر رياضي', { sectionId: s.sport.id })
  const later = await s.write('خبر مجدول', { at: new Date(NOW.getTime() + HOUR) })

  const refused = await s.ed(FEATURE, { input: { articleId: inSport.id, sectionId: s.news.id } })
  t.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'an article of another section is refused')
  t.equal(refused.errors?.[0]?.extensions?.field, 'articleId')
  t.same((await s.ed(FEATURE, { input: { articleId: inLocal.id, sectionId: s.news.id, until: new Date(NOW.getTime() + 10 * MINUTE).toISOString() } })).errors, undefined)
  t.same((await s.ed(FEATURE, { input: { articleId: later.id, sectionId: s.news.id } })).errors, undefined, 'a scheduled article may be placed ahead')

  const SECTION = 'query S($slug: String!) { section(slug: $slug) { featured { id } } }'
  t.same(ids((await gql(s.app, SECTION, { slug: 'أخبار' })).data.section.featured), [inLocal.id], 'Section.featured: the live slot only')
  t.same(ids((await gql(s.app, SITE_FEATURED)).data.site.featured), [], 'the site\'s front page is another list')
  const rest = await s.app.inject({ url: `/api/v1/featured?section=${encodeURIComponent('أخبار')}` })
  t.equal(rest.statusCode, 200)
  t.same(rest.json().data.map((a: any) => a.id), [inLocal.id], 'REST: the same list')
  const etag = rest.headers.etag as string
  t.ok(etag, 'an ETag')
  t.equal((await s.app.inject({ url: `/api/v1/featured?section=${encodeURIComponent('أخبار')}`, headers: { 'if-none-match': etag } })).statusCode, 304, '304 while nothing changed')

  s.clock.advance(11 * MINUTE) // the slot's until has passed
  const expired = await s.app.inject({ url: `/api/v1/featured?section=${encodeURIComponent('أخبار')}`, headers: { 'if-none-match': etag } })
  t.equal(expired.statusCode, 200, 'the expiry moved the ETag with no write')
  t.same(expired.json().data, [], 'the slot dropped out by itself')
  const slots = await s.ed(SLOTS, { sectionId: s.news.id })
  t.same(slots.data.featuredSlots.map((x: any) => [x.article.id, x.live]), [[inLocal.id, false], [later.id, false]], 'editors still see the expired slot until the next write')

  s.clock.advance(HOUR) // the scheduled article's instant
  t.same(ids((await gql(s.app, SECTION, { slug: 'أخبار' })).data.section.featured), [later.id], 'the scheduled article shows from its go-live')

  t.equal((await s.app.inject({ url: '/api/v1/featured?section=nope' })).statusCode, 404, 'an unknown section is a 404')
})

t.test('featuring: roles and bad input change nothing', async (t) => {
  const s = await setup(t)
  const a = await s.write('خبر')
  t.same((await s.ed(FEATURE, { input: { articleId: a.id } })).errors, undefined)
  const before = (await s.ed(SLOTS)).data.featuredSlots

  const cases: Array<[string, Record<string, unknown>, string, string?]> = [
    ['malformed id', { articleId: 'nope' }, 'BAD_USER_INPUT', 'articleId'],
    ['unknown article', { articleId: '01890000-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
    ['unknown section', { articleId: a.id, sectionId: '01890000-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
    ['negative position', { articleId: a.id, position: -1 }, 'BAD_USER_INPUT', 'position'],
    ['position past the last slot a list may have', { articleId: a.id, position: 20 }, 'BAD_USER_INPUT', 'position'],
    ['until in the past', { articleId: a.id, until: new Date(NOW.getTime() - MINUTE).toISOString() }, 'BAD_USER_INPUT', 'until'],
    ['until more than 31 days ahead', { articleId: a.id, until: new Date(NOW.getTime() + 32 * 24 * HOUR).toISOString() }, 'BAD_USER_INPUT', 'until'],
  ]
  for (const [name, input, code, field] of cases) {
    const res = await s.ed(FEATURE, { input })
    t.equal(res.errors?.[0]?.extensions?.code, code, name)
    if (field) t.equal(res.errors?.[0]?.extensions?.field, field, `${name}: the field`)
  }
  const typed = await s.ed(FEATURE, { input: { articleId: a.id, position: 'first' } })
  t.ok(typed.errors?.length, 'a wrong type is refused by the schema')
  const missing = await s.ed(FEATURE, { input: { position: 1 } })
  t.ok(missing.errors?.length, 'a missing articleId is refused')

  for (const [role, token] of [['anonymous', undefined], ['MODERATOR', s.moderator]] as const) {
    const expected = token ? 'FORBIDDEN' : 'UNAUTHENTICATED'
    for (const [query, variables] of [[FEATURE, { input: { articleId: a.id, position: 0 } }], [UNFEATURE, { articleId: a.id }], [MARK, { id: a.id }], [CLEAR, { id: a.id }]] as const) {
      const res = await gql(s.app, query, variables, { token })
      t.equal(res.errors?.[0]?.extensions?.code, expected, `${role}: ${query.slice(9, 25)} is ${expected}`)
    }
  }
  t.same((await gql(s.app, FEATURE, { input: { articleId: a.id } }, { token: s.admin })).errors, undefined, 'ADMIN may')
  t.same((await s.ed(SLOTS)).data.featuredSlots, before, 'nothing changed')

  // a list holds at most 20 slots
  for (let i = 0; i < 19; i++) {
    const extra = await s.write(`خبر ${i}`)
    t.same((await s.ed(FEATURE, { input: { articleId: extra.id } })).errors, undefined)
  }
  const full = await s.ed(FEATURE, { input: { articleId: (await s.write('زائد')).id } })
  t.equal(full.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'the 21st slot is refused')
  t.equal(full.errors?.[0]?.extensions?.limit, 20)

  // REST: the same rules
  const anonymous = await s.app.inject({ method: 'POST', url: '/api/v1/featured', payload: { articleId: a.id } })
  problem(t, anonymous, 401, 'UNAUTHENTICATED')
  const bad = await s.app.inject({ method: 'POST', url: '/api/v1/featured', headers: { authorization: `Bearer ${s.editor}` }, payload: { articleId: a.id, position: 'top' } })
  problem(t, bad, 400, 'BAD_USER_INPUT')
  const unknownField = await s.app.inject({ method: 'POST', url: '/api/v1/featured', headers: { authorization: `Bearer ${s.editor}` }, payload: { articleId: a.id, pinned: true } })
  problem(t, unknownField, 400, 'BAD_USER_INPUT')
  const gone = await s.app.inject({ method: 'DELETE', url: `/api/v1/featured/${a.id}`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(gone.statusCode, 200)
  t.notOk(gone.json().data.some((x: any) => x.articleId === a.id), 'REST: taken off')
  const slots = await s.app.inject({ url: '/api/v1/featured/slots', headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(slots.json().data.length, 19)
})

t.test('breaking news: a flag with an expiry, the list, Article.breakingUntil, REST and the reader\'s banner', async (t) => {
  const s = await setup(t)
  const old = await s.write('خبر قديم')
  const story = await s.write('انفجار في الميناء')
  const scheduled = await s.write('خبر عاجل مجدول', { at: new Date(NOW.getTime() + 30 * MINUTE) })

  const until = new Date(NOW.getTime() + HOUR)
  const marked = await s.ed(MARK, { id: story.id, until: until.toISOString() })
  t.same(marked.data?.markBreaking, { id: story.id, breakingUntil: until.toISOString() })
  const byDefault = await s.ed(MARK, { id: scheduled.id })
  t.equal(byDefault.data.markBreaking.breakingUntil, new Date(NOW.getTime() + 6 * HOUR).toISOString(), 'default: six hours')

  const BREAKING = '{ breaking { id title breakingUntil } }'
  t.same((await gql(s.app, BREAKING)).data.breaking, [{ id: story.id, title: 'انفجار في الميناء', breakingUntil: until.toISOString() }], 'visible flagged stories only (not the scheduled one)')
  const oldOne = await gql(s.app, 'query A($id: ID!) { article(id: $id) { breakingUntil } }', { id: old.id })
  t.equal(oldOne.data.article.breakingUntil, null, 'an article without a flag')

  const home = await s.app.inject({ url: '/' })
  const $ = cheerio.load(home.body)
  t.equal($('header .breaking a').text(), 'انفجار في الميناء', 'the reader site shows a banner')
  t.equal($('header .breaking a').attr('href'), `/articles/${encodeURIComponent(story.slug)}`)

  const rest = await s.app.inject({ url: '/api/v1/breaking' })
  t.same(rest.json().data.map((a: any) => a.id), [story.id], 'REST: the same list')

  s.clock.advance(31 * MINUTE) // the scheduled one goes live, flagged
  t.same(ids((await gql(s.app, BREAKING)).data.breaking), [scheduled.id, story.id], 'a flagged scheduled story is breaking from its go-live')
  s.clock.advance(30 * MINUTE) // the first flag has run out
  t.same(ids((await gql(s.app, BREAKING)).data.breaking), [scheduled.id], 'an expired flag drops out with no job')
  t.equal((await gql(s.app, 'query A($id: ID!) { article(id: $id) { breakingUntil } }', { id: story.id })).data.article.breakingUntil, null)
  t.equal(cheerio.load((await s.app.inject({ url: '/' })).body)('header .breaking a').text(), 'خبر عاجل مجدول', 'and the banner follows')

  const cleared = await s.app.inject({ method: 'DELETE', url: `/api/v1/articles/${scheduled.id}/breaking`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(cleared.statusCode, 200)
  t.same((await s.app.inject({ url: '/api/v1/breaking' })).json().data, [], 'cleared through REST')
  t.equal(cheerio.load((await s.app.inject({ url: '/' })).body)('header .breaking').length, 0, 'no banner without breaking news')

  const flagged = await s.app.inject({ method: 'PUT', url: `/api/v1/articles/${old.id}/breaking`, headers: { authorization: `Bearer ${s.editor}` }, payload: { until: new Date(s.clock.now().getTime() + HOUR).toISOString() } })
  t.equal(flagged.statusCode, 200)
  t.equal(flagged.json().data.id, old.id)
  problem(t, await s.app.inject({ method: 'PUT', url: `/api/v1/articles/${old.id}/breaking`, headers: { authorization: `Bearer ${s.editor}` }, payload: { until: 'soon' } }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ method: 'PUT', url: `/api/v1/articles/${old.id}/breaking`, headers: { authorization: `Bearer ${s.editor}` }, payload: { until: NOW.toISOString() } }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ method: 'PUT', url: '/api/v1/articles/01890000-0000-7000-8000-000000000000/breaking', headers: { authorization: `Bearer ${s.editor}` } }), 404, 'NOT_FOUND')
  problem(t, await s.app.inject({ method: 'PUT', url: `/api/v1/articles/${old.id}/breaking`, headers: { authorization: `Bearer ${s.moderator}` } }), 403, 'FORBIDDEN')
  t.same(ids((await s.app.inject({ url: '/api/v1/breaking' })).json().data), [old.id], 'the refused writes changed nothing')
})

t.test('breakingNews: announced once when a flagged story is, or goes, live', async (t) => {
  const s = await setup(t, { listen: true })
  const port = (s.app.server.address() as { port: number }).port
  const sub = await subscribe(`ws://127.0.0.1:${port}/graphql`, 'subscription { breakingNews { id title } }')
  t.teardown(() => sub.close())
  // the subscription is registered once a flag reaches it (a flag cleared and set again is news again)
  const barrier = await s.write('حاجز')
  for (let attempt = 0; ; attempt++) {
    await s.ed(CLEAR, { id: barrier.id })
    await s.ed(MARK, { id: barrier.id })
    const got = await sub.next(300).catch(() => null)
    if (got) { t.equal(got.data.breakingNews.id, barrier.id, 'the barrier story'); break }
    if (attempt > 20) throw new Error('the subscription never received an event')
  }

  const live = await s.write('زلزال')
  await s.ed(MARK, { id: live.id, until: new Date(NOW.getTime() + HOUR).toISOString() })
  t.same((await sub.next()).data.breakingNews, { id: live.id, title: 'زلزال' }, 'flagged while live: at once')
  await s.ed(MARK, { id: live.id, until: new Date(NOW.getTime() + 2 * HOUR).toISOString() })

  const draft = await s.write('مسودة عاجلة', { at: null })
  await s.ed(MARK, { id: draft.id })
  const scheduled = await s.write('موعد عاجل', { at: new Date(NOW.getTime() + 5 * MINUTE) })
  await s.ed(MARK, { id: scheduled.id })
  await s.ed('mutation P($id: ID!) { publishArticle(id: $id) { status } }', { id: draft.id })
  t.same((await sub.next()).data.breakingNews.id, draft.id, 'a flagged draft: when it is published (not when the flag was extended or set on a draft)')

  s.clock.advance(6 * MINUTE)
  await s.app.events.announceGoLives()
  t.same((await sub.next()).data.breakingNews.id, scheduled.id, 'a flagged scheduled story: at its go-live')
  await s.app.events.announceGoLives()
  await s.ed(MARK, { id: barrier.id, until: new Date(s.clock.now().getTime() + HOUR).toISOString() }) // extended: not news again
  await s.ed(CLEAR, { id: barrier.id })
  await s.ed(MARK, { id: barrier.id })
  t.same((await sub.next()).data.breakingNews.id, barrier.id, 'the next event is the barrier again: nothing was announced twice')
})

t.test('the reader\'s front pages put the featured stories first', async (t) => {
  const s = await setup(t)
  const a = await s.write('خبر أقدم')
  const b = await s.write('خبر أحدث')
  await s.ed(FEATURE, { input: { articleId: a.id } })
  await s.ed(FEATURE, { input: { articleId: a.id, sectionId: s.news.id } })
  for (const url of ['/', `/sections/${encodeURIComponent('أخبار')}`]) {
    const $ = cheerio.load((await s.app.inject({ url })).body)
    const items = $('.article-list > li').map((_i, li) => ({ title: $(li).find('h2').text(), featured: $(li).hasClass('featured') })).get()
    t.same(items, [{ title: 'خبر أقدم', featured: true }, { title: 'خبر أحدث', featured: false }], `${url}: the pick first and marked, then the newest, no duplicate`)
  }
  t.ok(b)
  const rest = await s.app.inject({ url: '/api/v1/articles?featuredFirst=true&limit=1' })
  t.same(rest.json().data.map((x: any) => x.id), [a.id], 'REST: featuredFirst')
  const next = await s.app.inject({ url: `/api/v1/articles?featuredFirst=true&limit=1&cursor=${rest.json().pageInfo.endCursor}` })
  t.same(next.json().data.map((x: any) => x.id), [b.id], 'and its next page')
  problem(t, await s.app.inject({ url: '/api/v1/articles?featuredFirst=true&tag=x' }), 400, 'BAD_USER_INPUT')

  // what front pages read of curation is kept per version: a comment moves the count it shows
  const COUNT = '{ site { featured { id commentCount } } }'
  t.same((await gql(s.app, COUNT)).data.site.featured, [{ id: a.id, commentCount: 0 }])
  const added = await gql(s.app, 'mutation C($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }', { input: { articleId: a.id, authorName: 'قارئ', body: 'تعليق' } })
  await gql(s.app, 'mutation M($id: ID!) { moderateComment(id: $id, action: APPROVE) { status } }', { id: added.data.addComment.comment.id }, { token: s.moderator })
  t.same((await gql(s.app, COUNT)).data.site.featured, [{ id: a.id, commentCount: 1 }], 'an approved comment shows in the featured list\'s count')
})
