import t from 'tap'
import { gql } from '../helper.ts'
import { newsroomApp } from './fixtures.ts'

const ARTICLE_FIELDS = `id slug title summary paragraphs bodyText image { url alt caption credit width height } language direction
  section { id slug path { slug } } tags byline source status version publishedAt updatedAt viewCount commentCount`

t.test('article by id and by slug, with every field', async (t) => {
  const { app, n } = await newsroomApp(t)
  const q = `query A($id: ID, $slug: String) { article(id: $id, slug: $slug) { ${ARTICLE_FIELDS} } }`
  const byId = await gql(app, q, { id: n.lead.id })
  t.same(byId.errors, undefined)
  t.same(byId.data.article, {
    id: n.lead.id,
    slug: 'البرلمان-يقر-الموازنة',
    title: 'البرلمان يقر الموازنة',
    summary: 'أقر البرلمان الموازنة العامة.',
    paragraphs: ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر. انتهى'],
    bodyText: 'الفقرة الأولى من الخبر.\n\nالفقرة الثانية من الخبر. انتهى',
    image: { url: 'https://images.example.org/a.jpg', alt: 'قاعة البرلمان', caption: 'جلسة', credit: 'الأرشيف', width: 1200, height: 800 },
    language: 'ar',
    direction: 'RTL',
    section: { id: n.politics.id, slug: 'سياسة', path: [{ slug: 'سياسة' }] },
    tags: ['اقتصاد', 'برلمان'],
    byline: 'سلمى الخطيب',
    source: 'وكالة الأنباء',
    status: 'PUBLISHED',
    version: 3,
    publishedAt: '2026-03-01T11:00:00.000Z',
    updatedAt: '2026-03-01T11:30:00.000Z',
    viewCount: 42,
    commentCount: 7,
  })
  const bySlug = await gql(app, q, { slug: 'البرلمان-يقر-الموازنة' })
  t.equal(bySlug.data.article.id, n.lead.id)
  t.equal((await gql(app, q, { slug: 'الموازنة-القديمة' })).data.article?.id, n.lead.id, 'a former slug still finds it')
  t.equal((await gql(app, q, { slug: 'البرلمانُ يقرّ الموازنة' })).data.article?.id, n.lead.id, 'the slug is cleaned like slugs are made')
  t.equal((await gql(app, q, { id: n.lead.id.toUpperCase() })).data.article?.id, n.lead.id)
  const english = await gql(app, q, { slug: 'match-report' })
  t.match(english.data.article, { language: 'en', direction: 'LTR', image: null, summary: null, byline: null })
  t.match((await gql(app, q, { id: n.column.id })).data.article.section, { slug: 'الرأي', path: [{ slug: 'سياسة' }, { slug: 'الرأي' }] })
})

t.test('anonymous callers never see drafts, scheduled, archived or deleted articles', async (t) => {
  const { app, n, clock } = await newsroomApp(t)
  const q = 'query A($id: ID, $slug: String) { article(id: $id, slug: $slug) { id } }'
  for (const hidden of n.hidden) {
    t.equal((await gql(app, q, { id: hidden.id })).data.article, null, `${hidden.slug} by id`)
    t.equal((await gql(app, q, { slug: hidden.slug })).data.article, null, `${hidden.slug} by slug`)
    t.equal((await gql(app, 'query N($id: ID!) { node(id: $id) { id } }', { id: hidden.id })).data.node, null, `${hidden.slug} by node`)
  }
  const list = await gql(app, '{ articles(first: 100) { totalCount edges { node { id } } } sections { articles(first: 100) { totalCount edges { node { id } } } } }')
  const ids = [...list.data.articles.edges, ...list.data.sections.flatMap((s: any) => s.articles.edges)].map((e: any) => e.node.id)
  for (const hidden of n.hidden) t.notOk(ids.includes(hidden.id), `${hidden.slug} in no list`)
  t.equal(list.data.articles.totalCount, 4, 'counts see visible articles only')

  clock.set(n.scheduled.publishedAt!)
  const live = await gql(app, q, { id: n.scheduled.id })
  t.equal(live.data.article?.id, n.scheduled.id, 'a scheduled article is visible from its instant, with no write')
  t.equal((await gql(app, '{ articles { totalCount } }')).data.articles.totalCount, 5)
})

t.test('article: exactly one of id or slug, well-formed', async (t) => {
  const { app, n } = await newsroomApp(t)
  const q = 'query A($id: ID, $slug: String) { article(id: $id, slug: $slug) { id } }'
  for (const vars of [{}, { id: n.lead.id, slug: n.lead.slug }]) {
    t.equal((await gql(app, q, vars)).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(vars))
  }
  t.match((await gql(app, q, { id: 'nope' })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'id' })
  t.match((await gql(app, q, { slug: 'x'.repeat(300) })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'slug' })
  const unknown = await gql(app, q, { id: '01900000-0000-7000-8000-000000000000' })
  t.same(unknown, { status: 200, data: { article: null }, errors: undefined }, 'unknown id → null')
  t.equal((await gql(app, q, { slug: 'لا-يوجد' })).data.article, null)
  t.equal((await gql(app, q, { slug: '!!!' })).data.article, null, 'a slug that cleans to nothing')
  t.equal((await gql(app, '{ article(id: 12) { id } }')).data.article, null, 'an Int literal is a valid ID, and unknown')
  t.equal((await gql(app, '{ article(slug: 12) { id } }')).status, 400, 'a slug must be a String')
})

t.test('articles: newest first, filters, counts', async (t) => {
  const { app, n } = await newsroomApp(t)
  const q = `query L($section: String, $sub: Boolean, $tag: String, $first: Int, $after: String) {
    articles(section: $section, includeSubsections: $sub, tag: $tag, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } }
    }
  }`
  const slugs = (res: any) => res.data.articles.edges.map((e: any) => e.node.slug)
  t.same(slugs(await gql(app, q)), [n.lead.slug, n.column.slug, n.match.slug, n.older.slug])
  t.same(slugs(await gql(app, q, { section: 'سياسة' })), [n.lead.slug, n.column.slug, n.older.slug], 'with subsections by default')
  t.same(slugs(await gql(app, q, { section: 'سياسة', sub: false })), [n.lead.slug, n.older.slug])
  t.same(slugs(await gql(app, q, { section: 'الـرأي' })), [n.column.slug], 'section slugs are cleaned too')
  t.same(slugs(await gql(app, q, { tag: 'اقتصاد' })), [n.lead.slug, n.column.slug, n.older.slug])
  t.same(slugs(await gql(app, q, { tag: 'اقتصاد', section: 'الرأي' })), [n.column.slug])
  for (const vars of [{ section: 'لا-يوجد' }, { tag: 'لا-يوجد' }, { tag: '' }]) {
    const empty = await gql(app, q, vars)
    t.same(empty.data.articles, { totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] }, `empty: ${JSON.stringify(vars)}`)
  }
  const zero = await gql(app, q, { first: 0 })
  t.same(zero.data.articles.edges, [])
  t.equal(zero.data.articles.pageInfo.hasNextPage, true, 'first: 0 still tells whether there is more')
  t.equal(zero.data.articles.totalCount, 4)
  t.equal(slugs(await gql(app, q, { first: null })).length, 4, 'first: null means the default')
})

t.test('articles: cursor pagination walks the whole list once', async (t) => {
  const { app, n } = await newsroomApp(t)
  const q = `query L($tag: String, $first: Int, $after: String) {
    articles(tag: $tag, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } } }
  }`
  const seen: string[] = []
  let after: string | null = null
  let pages = 0
  for (;;) {
    const res: any = await gql(app, q, { first: 1, after })
    const { edges, pageInfo, totalCount } = res.data.articles
    t.equal(totalCount, 4)
    t.equal(pageInfo.hasPreviousPage, after !== null)
    t.equal(pageInfo.startCursor, edges[0]?.cursor ?? null)
    t.equal(pageInfo.endCursor, edges.at(-1)?.cursor ?? null)
    seen.push(...edges.map((e: any) => e.node.slug))
    pages++
    if (!pageInfo.hasNextPage) break
    after = pageInfo.endCursor
  }
  t.same(seen, [n.lead.slug, n.column.slug, n.match.slug, n.older.slug])
  t.equal(pages, 4)

  const firstPage = (await gql(app, q, { first: 2 })).data.articles
  const sectionPage = await gql(app, 'query S($after: String) { section(slug: "سياسة") { articles(first: 1, after: $after) { edges { node { slug } } } } }',
    { after: (await gql(app, '{ articles(section: "سياسة", first: 1) { pageInfo { endCursor } } }')).data.articles.pageInfo.endCursor })
  t.same(sectionPage.data.section.articles.edges.map((e: any) => e.node.slug), [n.column.slug], 'articles(section:) and Section.articles are one list')

  const foreign = await gql(app, q, { first: 2, tag: 'اقتصاد', after: firstPage.pageInfo.endCursor })
  t.match(foreign.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', field: 'after' }, message: /another list/ }, 'a cursor of another list')
  const sectionCursor = (await gql(app, '{ articles(section: "رياضة", first: 1) { pageInfo { endCursor } } }')).data.articles.pageInfo.endCursor
  t.equal((await gql(app, q, { first: 1, after: sectionCursor })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a cursor of another section')
  const forged = Buffer.from(JSON.stringify([1, 'x', 0, 'nope'])).toString('base64url')
  for (const after of ['garbage', forged, 'eyJ', 'A'.repeat(500), "' OR 1=1 --"]) {
    t.match((await gql(app, q, { first: 1, after })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'after' }, `forged cursor ${after.slice(0, 12)}`)
  }
  for (const first of [-1, 101, 1000]) {
    t.match((await gql(app, q, { first })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'first', limit: 100 }, `first: ${first}`)
  }
  t.equal((await gql(app, '{ articles(first: "ten") { totalCount } }')).status, 400, 'wrong argument type')
  t.equal((await gql(app, q, { first: 'ten' })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'wrong variable type')
})

t.test('Section.articles and node', async (t) => {
  const { app, n } = await newsroomApp(t)
  const res = await gql(app, '{ sections { slug articles(first: 1) { totalCount pageInfo { hasNextPage } edges { node { slug section { slug } } } } } }')
  t.same(res.data.sections, [
    { slug: 'سياسة', articles: { totalCount: 3, pageInfo: { hasNextPage: true }, edges: [{ node: { slug: n.lead.slug, section: { slug: 'سياسة' } } }] } },
    { slug: 'رياضة', articles: { totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { slug: n.match.slug, section: { slug: 'رياضة' } } }] } },
  ])
  const own = await gql(app, '{ section(slug: "سياسة") { articles(includeSubsections: false) { edges { node { slug } } } } }')
  t.same(own.data.section.articles.edges.map((e: any) => e.node.slug), [n.lead.slug, n.older.slug])

  const node = 'query N($id: ID!) { node(id: $id) { __typename id ... on Article { title } ... on Section { name } } }'
  t.same((await gql(app, node, { id: n.lead.id })).data.node, { __typename: 'Article', id: n.lead.id, title: n.lead.title })
  t.same((await gql(app, node, { id: n.opinion.id })).data.node, { __typename: 'Section', id: n.opinion.id, name: 'الرأي' })
  t.equal((await gql(app, node, { id: '01900000-0000-7000-8000-000000000000' })).data.node, null)
  t.match((await gql(app, node, { id: 'x' })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'id' })
})

t.test('GraphQL over GET answers queries and refuses mutations', async (t) => {
  const { app } = await newsroomApp(t)
  const get = await app.inject({ url: `/graphql?query=${encodeURIComponent('{ articles(first: 1) { totalCount } }')}` })
  t.equal(get.statusCode, 200)
  t.equal(get.json().data.articles.totalCount, 4)
  const mutation = await app.inject({ url: `/graphql?query=${encodeURIComponent('mutation { deleteArticle(id: "01900000-0000-7000-8000-000000000000") }')}` })
  t.equal(mutation.statusCode, 405, 'no mutation over GET')
  const badJson = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": "{ site { name } }"' })
  t.equal(badJson.statusCode, 400, 'invalid JSON body')
  t.match(badJson.json(), { errors: [{ message: /not valid JSON/, extensions: { code: 'BAD_REQUEST' } }] }, 'invalid JSON body: answered in GraphQL\'s shape, BAD_REQUEST')
})
