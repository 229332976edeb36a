// Property-based fuzzing (fast-check) of what clients send: malformed GraphQL documents,
// variables of every shape, forged cursors (with the real list key, so they reach the SQL with
// extreme positions), ids and slugs in paths, and REST bodies. The property: no answer is a 5xx,
// and the process is alive and answering at the end. Seeds are printed on failure (fast-check).
import t from 'tap'
import fc from 'fast-check'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build } from '../helper.ts'

const RUNS = 500 // per property; five properties: 2,500 generated requests

t.test('2,500 generated malformed requests: no 5xx, the process alive', async (t) => {
  const { app, db } = await build(t)
  const section = await createSection(db, { name: 'سياسة', slug: 'politics' })
  for (let i = 0; i < 3; i++) await createArticle(db, { sectionId: section.id, title: `خبر ${i}`, status: 'PUBLISHED', publishedAt: new Date(Date.UTC(2026, 0, 1 + i)) })
  const article = await createArticle(db, { sectionId: section.id, title: 'خبر للتعليق', status: 'PUBLISHED', publishedAt: new Date('2026-01-10T00:00:00Z') })
  const editor = await createToken(db, 'EDITOR')
  let sent = 0
  const statuses = new Map<number, number>()
  const post = async (payload: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) })
    sent++
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    return res
  }
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers })
    sent++
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    return res
  }

  // 1. documents: random text, and valid queries with random damage
  const words = ['{', '}', '(', ')', ':', '$', '...', '@', '"', '#', '!', '[', ']', '=', 'query', 'mutation', 'subscription', 'fragment', 'on',
    'site', 'name', 'articles', 'first', 'after', 'edges', 'node', 'title', 'article', 'slug', 'section', 'comments', '__schema', '__type', 'include', 'skip', '1e999', '-1', '"\\u0000"', 'null', 'true']
  const tokens = fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((w) => w.join(' '))
  const damaged = fc.tuple(fc.constantFrom('{ site { name } }', '{ articles(first: 5) { edges { cursor node { title } } } }', 'query ($s: String) { article(slug: $s) { id } }'),
    fc.nat(60), fc.string({ maxLength: 5 })).map(([q, at, junk]) => q.slice(0, at % (q.length + 1)) + junk + q.slice(at % (q.length + 1)))
  await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), tokens, damaged), async (query) => {
    const res = await post({ query })
    return res.statusCode < 500
  }), { numRuns: RUNS })

  // 2. variables of every shape against a query that takes them
  const listQuery = 'query ($first: Int, $after: String, $section: String, $tag: String, $status: [ArticleStatus!]) { articles(first: $first, after: $after, section: $section, tag: $tag, status: $status) { totalCount edges { cursor } } }'
  await fc.assert(fc.asyncProperty(fc.record({
    first: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean()),
    after: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)),
    section: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null), fc.array(fc.string())),
    tag: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null), fc.object()),
    status: fc.oneof(fc.array(fc.constantFrom('DRAFT', 'PUBLISHED', 'SCHEDULED', 'ARCHIVED', 'deleted', '')), fc.string(), fc.constant(null)),
  }, { requiredKeys: [] }), fc.boolean(), async (variables, staff) => {
    const res = await post({ query: listQuery, variables }, staff ? { authorization: `Bearer ${editor}` } : {})
    return res.statusCode < 500
  }), { numRuns: RUNS })

  // 3. forged cursors that carry the real list key, so their positions reach the SQL
  const page = await get('/api/v1/articles?limit=1')
  const cursor = page.json().pageInfo.endCursor as string
  const [version, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string]
  const forged = fc.tuple(
    fc.oneof(fc.constant(version), fc.integer()),
    fc.oneof(fc.constant(key), fc.string({ maxLength: 12 })),
    fc.oneof(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), fc.constantFrom(-62_135_596_800_001, 253_402_300_800_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0), fc.double(), fc.string()),
    fc.oneof(fc.uuid(), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), fc.string({ maxLength: 40 }))
  ).map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url'))
  await fc.assert(fc.asyncProperty(fc.oneof(forged, fc.string({ maxLength: 250 })), fc.boolean(), async (after, viaGraphql) => {
    const res = viaGraphql
      ? await post({ query: 'query ($a: String) { articles(first: 2, after: $a) { edges { cursor } } }', variables: { a: after } })
      : await get(`/api/v1/articles?limit=2&cursor=${encodeURIComponent(after)}`)
    return res.statusCode < 500
  }), { numRuns: RUNS })

  // 4. ids and slugs in paths and arguments
  await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 600 }), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.uuid(), fc.constantFrom('%00', '..', '%2F', 'ا%', '\u0000')), async (id) => {
    const paths = [`/api/v1/articles/${encodeURIComponent(id)}`, `/api/v1/sections/${encodeURIComponent(id)}`, `/api/v1/articles/${encodeURIComponent(id)}/comments`]
    for (const path of paths) if ((await get(path)).statusCode >= 500) return false
    return (await post({ query: 'query ($id: ID, $s: String) { article(id: $id) { id } a: article(slug: $s) { id } node(id: $id) { id } section(slug: $s) { id } }', variables: { id, s: id } })).statusCode < 500
  }), { numRuns: RUNS / 5 })

  // 5. REST bodies: comments (anonymous) and editorial writes (an editor)
  const body = fc.oneof(fc.object({ maxDepth: 2 }), fc.record({
    authorName: fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.constant(null)),
    body: fc.oneof(fc.string({ maxLength: 5000 }), fc.array(fc.string()), fc.constant(null)),
    parentId: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
    authorEmail: fc.oneof(fc.emailAddress(), fc.string(), fc.constant(null)),
  }, { requiredKeys: [] }), fc.anything())
  await fc.assert(fc.asyncProperty(body, fc.constantFrom('comment', 'article', 'section', 'patch'), async (payload, target) => {
    const auth = { authorization: `Bearer ${editor}` }
    const req = target === 'comment'
      ? { method: 'POST' as const, url: `/api/v1/articles/${article.id}/comments`, headers: { 'content-type': 'application/json' } }
      : target === 'article'
        ? { method: 'POST' as const, url: '/api/v1/articles', headers: { 'content-type': 'application/json', ...auth } }
        : target === 'section'
          ? { method: 'POST' as const, url: '/api/v1/sections', headers: { 'content-type': 'application/json', ...auth } }
          : { method: 'PATCH' as const, url: `/api/v1/articles/${article.id}`, headers: { 'content-type': 'application/json', ...auth } }
    const res = await app.inject({ ...req, payload: JSON.stringify(payload) ?? 'null', remoteAddress: `10.9.${sent % 250}.${Math.floor(sent / 250) % 250}` })
    sent++
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    return res.statusCode < 500
  }), { numRuns: RUNS })

  // 6. instants a client sends: publishArticle(at:) over GraphQL, and ?since=-like REST dates
  const instant = fc.oneof(
    fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('Z', '+14:00', '-12:00', '+99:99', ''))
      .map(([y, mo, d, h, z]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00${z}`),
    fc.string({ maxLength: 40 })
  )
  const draft = await createArticle(db, { sectionId: section.id, title: 'مسودة', status: 'DRAFT', publishedAt: null })
  await fc.assert(fc.asyncProperty(instant, async (at) => {
    const res = await post({ query: 'mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', variables: { id: draft.id, at } }, { authorization: `Bearer ${editor}` })
    return res.statusCode < 500
  }), { numRuns: RUNS / 5 })

  t.comment(`${sent} requests; statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`)
  t.ok(sent >= 2000, `at least 2,000 generated requests (${sent})`)
  t.notOk([...statuses.keys()].some((s) => s >= 500), 'no 5xx')
  const alive = await get('/api/v1/site')
  t.equal(alive.statusCode, 200, 'the process still answers')
})
