import t from 'tap'
import { problem } from '../helper.ts'
import { newsroomApp } from './fixtures.ts'

t.test('GET /api/v1/articles: the list shape, filters and pages', async (t) => {
  const { app, n } = await newsroomApp(t)
  const res = await app.inject({ url: '/api/v1/articles' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['data', 'pageInfo', 'totalCount'])
  t.equal(body.totalCount, 4)
  t.equal(body.pageInfo.hasNextPage, false)
  t.type(body.pageInfo.endCursor, 'string', 'endCursor: the cursor of the last article')
  t.same(body.data.map((a: any) => a.slug), [n.lead.slug, n.column.slug, n.match.slug, n.older.slug])
  t.match(body.data[0], {
    id: n.lead.id,
    title: n.lead.title,
    summary: 'أقر البرلمان الموازنة العامة.',
    language: 'ar',
    direction: 'RTL',
    status: 'PUBLISHED',
    section: { id: n.politics.id, slug: 'سياسة', name: 'سياسة', path: [{ slug: 'سياسة' }] },
    tags: ['اقتصاد', 'برلمان'],
    publishedAt: '2026-03-01T11:00:00.000Z',
    commentCount: 7,
    viewCount: 42,
    version: 3,
  })
  t.notOk('paragraphs' in body.data[0], 'lists carry no bodies')

  const section = (await app.inject({ url: `/api/v1/articles?section=${encodeURIComponent('سياسة')}&includeSubsections=false` })).json()
  t.same(section.data.map((a: any) => a.slug), [n.lead.slug, n.older.slug])
  const tag = (await app.inject({ url: `/api/v1/articles?tag=${encodeURIComponent('اقتصاد')}` })).json()
  t.equal(tag.totalCount, 3)
  t.same((await app.inject({ url: '/api/v1/articles?section=nothing' })).json(), { data: [], pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null }, totalCount: 0 }, 'an unknown section is an empty list')

  const first = (await app.inject({ url: '/api/v1/articles?limit=3' })).json()
  t.same(first.data.map((a: any) => a.slug), [n.lead.slug, n.column.slug, n.match.slug], 'limit=3: the first three')
  t.equal(first.pageInfo.hasNextPage, true)
  t.equal(first.totalCount, 4, 'totalCount counts the whole list, not the page')
  const second = (await app.inject({ url: `/api/v1/articles?limit=3&cursor=${first.pageInfo.endCursor}` })).json()
  t.same(second.data.map((a: any) => a.slug), [n.older.slug], 'the cursor continues after the third')
  t.equal(second.pageInfo.hasNextPage, false)
  t.equal(second.pageInfo.endCursor, body.pageInfo.endCursor, 'the last page ends on the same cursor as the whole list')
  const past = (await app.inject({ url: `/api/v1/articles?cursor=${body.pageInfo.endCursor}` })).json()
  t.same(past, { data: [], pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: true, startCursor: null }, totalCount: 4 }, 'nothing after the last article\'s cursor')
})

t.test('GET /api/v1/articles: bad input is a 400 problem', async (t) => {
  const { app } = await newsroomApp(t)
  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'includeSubsections=maybe', `tag=${'x'.repeat(101)}`, 'colour=red']) {
    problem(t, await app.inject({ url: `/api/v1/articles?${query}` }), 400, 'BAD_USER_INPUT')
  }
  const limit = (await app.inject({ url: '/api/v1/articles?limit=500' })).json()
  t.equal(limit.field, 'limit')
  const forged = await app.inject({ url: '/api/v1/articles?cursor=forged' })
  problem(t, forged, 400, 'BAD_USER_INPUT')
  t.equal(forged.json().field, 'cursor')
  const other = (await app.inject({ url: '/api/v1/articles?limit=1&tag=football' })).json().pageInfo.endCursor
  const foreign = await app.inject({ url: `/api/v1/articles?cursor=${other}` })
  problem(t, foreign, 400, 'BAD_USER_INPUT')
  t.match(foreign.json().detail, /another list/)
})

t.test('GET /api/v1/articles/:idOrSlug', async (t) => {
  const { app, n } = await newsroomApp(t)
  const byId = await app.inject({ url: `/api/v1/articles/${n.lead.id}` })
  t.equal(byId.statusCode, 200)
  t.match(byId.json().data, {
    id: n.lead.id,
    slug: n.lead.slug,
    paragraphs: ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر. انتهى'],
    bodyText: 'الفقرة الأولى من الخبر.\n\nالفقرة الثانية من الخبر. انتهى',
    image: { url: 'https://images.example.org/a.jpg', width: 1200 },
    byline: 'سلمى الخطيب',
    source: 'وكالة الأنباء',
  })
  const bySlug = await app.inject({ url: `/api/v1/articles/${encodeURIComponent(n.lead.slug)}` })
  t.equal(bySlug.json().data.id, n.lead.id)

  const old = await app.inject({ url: `/api/v1/articles/${encodeURIComponent('الموازنة-القديمة')}?x=1` })
  t.equal(old.statusCode, 301, 'a former slug moved permanently')
  t.equal(old.headers.location, `/api/v1/articles/${encodeURIComponent(n.lead.slug)}?x=1`)
  const accented = await app.inject({ url: `/api/v1/articles/${encodeURIComponent('البرلمانُ-يقرّ-الموازنة')}` })
  t.equal(accented.statusCode, 301, 'a non-canonical spelling redirects to the canonical slug')
  t.equal(accented.headers.location, `/api/v1/articles/${encodeURIComponent(n.lead.slug)}`)

  for (const hidden of n.hidden) {
    problem(t, await app.inject({ url: `/api/v1/articles/${hidden.id}` }), 404, 'NOT_FOUND')
    problem(t, await app.inject({ url: `/api/v1/articles/${encodeURIComponent(hidden.slug)}` }), 404, 'NOT_FOUND')
  }
  problem(t, await app.inject({ url: '/api/v1/articles/01900000-0000-7000-8000-000000000000' }), 404, 'NOT_FOUND')
  problem(t, await app.inject({ url: '/api/v1/articles/no-such-article' }), 404, 'NOT_FOUND')
  problem(t, await app.inject({ url: `/api/v1/articles/${'x'.repeat(300)}` }), 400, 'BAD_USER_INPUT')
  problem(t, await app.inject({ url: "/api/v1/articles/'%20OR%201=1%20--" }), 404, 'NOT_FOUND')
})

t.test('GET /api/v1/sections/:slug', async (t) => {
  const { app, n } = await newsroomApp(t)
  const res = await app.inject({ url: `/api/v1/sections/${encodeURIComponent('الرأي')}` })
  t.equal(res.statusCode, 200)
  t.match(res.json().data, {
    id: n.opinion.id,
    slug: 'الرأي',
    name: 'الرأي',
    parentId: n.politics.id,
    path: [{ id: n.politics.id, slug: 'سياسة', name: 'سياسة' }, { id: n.opinion.id, slug: 'الرأي', name: 'الرأي' }],
    children: [],
    lastUpdatedAt: '2026-03-01T10:00:00.000Z',
  })
  const parent = (await app.inject({ url: `/api/v1/sections/${encodeURIComponent('سياسة')}` })).json().data
  t.same(parent.children, [{ id: n.opinion.id, slug: 'الرأي', name: 'الرأي', position: 0 }])
  problem(t, await app.inject({ url: '/api/v1/sections/nothing' }), 404, 'NOT_FOUND')
})

t.test('OpenAPI document and docs UI', async (t) => {
  const { app } = await newsroomApp(t)
  const doc = await app.inject({ url: '/openapi.json' })
  t.equal(doc.statusCode, 200)
  const spec = doc.json()
  t.match(spec.openapi, /^3\./)
  const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`)).sort()
  t.same(routes, [
    'DELETE /api/v1/articles/{id}',
    'DELETE /api/v1/articles/{id}/breaking',
    'DELETE /api/v1/authors/{id}',
    'DELETE /api/v1/featured/{articleId}',
    'DELETE /api/v1/previews/{id}',
    'DELETE /api/v1/sections/{id}',
    'GET /api/v1/articles',
    'GET /api/v1/articles/{idOrSlug}',
    'GET /api/v1/articles/{id}/comments',
    'GET /api/v1/articles/{id}/previews',
    'GET /api/v1/articles/{id}/revisions',
    'GET /api/v1/authors',
    'GET /api/v1/authors/{slug}',
    'GET /api/v1/breaking',
    'GET /api/v1/erasures',
    'GET /api/v1/featured',
    'GET /api/v1/featured/slots',
    'GET /api/v1/most-read',
    'GET /api/v1/search',
    'GET /api/v1/sections',
    'GET /api/v1/sections/{slug}',
    'GET /api/v1/site',
    'GET /api/v1/tags',
    'GET /api/v1/webhooks/deliveries',
    'GET /feeds/atom.xml',
    'GET /feeds/authors/{slug}/atom.xml',
    'GET /feeds/authors/{slug}/feed.json',
    'GET /feeds/authors/{slug}/rss.xml',
    'GET /feeds/feed.json',
    'GET /feeds/rss.xml',
    'GET /feeds/sections/{slug}/atom.xml',
    'GET /feeds/sections/{slug}/feed.json',
    'GET /feeds/sections/{slug}/rss.xml',
    'GET /feeds/tags/{tag}/atom.xml',
    'GET /feeds/tags/{tag}/feed.json',
    'GET /feeds/tags/{tag}/rss.xml',
    'GET /news-sitemap.xml',
    'GET /robots.txt',
    'GET /sitemap.xml',
    'GET /sitemaps/articles-{page}.xml',
    'GET /sitemaps/sections.xml',
    'PATCH /api/v1/articles/{id}',
    'PATCH /api/v1/authors/{id}',
    'PATCH /api/v1/sections/{id}',
    'POST /api/v1/articles',
    'POST /api/v1/articles/{id}/comments',
    'POST /api/v1/articles/{id}/previews',
    'POST /api/v1/articles/{id}/publish',
    'POST /api/v1/articles/{id}/unpublish',
    'POST /api/v1/articles/{id}/views',
    'POST /api/v1/authors',
    'POST /api/v1/comments/{id}/moderation',
    'POST /api/v1/comments/{id}/reports',
    'POST /api/v1/erasures',
    'POST /api/v1/featured',
    'POST /api/v1/imports',
    'POST /api/v1/sections',
    'PUT /api/v1/articles/{id}/breaking',
  ], 'every REST route and the feeds, nothing else')
  t.ok(spec.components.securitySchemes.bearerAuth, 'writes document their bearer token')
  t.ok(spec.paths['/api/v1/articles'].get.parameters.some((p: any) => p.name === 'limit' && p.schema.maximum === 100))
  t.ok(spec.paths['/api/v1/articles/{idOrSlug}'].get.responses['404'].content['application/problem+json'], 'errors documented as problem+json')
  const docs = await app.inject({ url: '/docs' })
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/i)
  const asset = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(asset.statusCode, 200, 'the UI is served from npm, not a CDN')
})
