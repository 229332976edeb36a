// The response cache (src/http/response-cache.ts, wired in src/http/caching.ts): anonymous reads
// answered from memory under keys that carry the versions they depend on, so that nothing stale is
// ever served; concurrent identical misses run once; memory stays within its bound.
import type { FastifyInstance } from 'fastify'
import fc from 'fast-check'
import t from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql, TestClock } from '../helper.ts'
import { isBackground, startWireCounter } from '../support/wire-counter.ts'

const CACHE_ON = { RESPONSE_CACHE_MB: '16' }
const FRONT = '{ articles(first: 10) { totalCount edges { node { id title status } } } }'
const ARTICLE = 'query ($slug: String!) { article(slug: $slug) { id title commentCount comments(first: 10) { edges { node { body } } } } }'

async function post (app: FastifyInstance, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/graphql', payload: { query, variables }, headers })
}

t.test('a repeated anonymous read is answered from memory, with no statement', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db } = await buildOn(t, wire.url, { env: CACHE_ON })
  await app.ready()
  const section = await createSection(db, { slug: 'news' })
  const article = await createArticle(db, { sectionId: section.id, slug: 'story' })
  const own = () => wire.statements().filter((s) => !isBackground(s))

  const first = await post(app, FRONT)
  t.equal(first.headers['x-cache'], 'MISS')
  await wire.settle()
  wire.reset()
  const second = await post(app, `# the same document, written otherwise\n${FRONT.replace(/ /g, '  ')}`)
  t.equal(second.headers['x-cache'], 'HIT', 'white space and comments do not split the cache')
  t.equal(second.body, first.body)
  t.same(own(), [], 'a hit sends no statement')
  t.equal(second.headers['cache-control'], 'no-store', 'GraphQL over POST stays no-store for HTTP caches')

  for (const path of ['/api/v1/articles?section=news', `/api/v1/articles/${article.id}`, '/api/v1/sections', `/graphql?query=${encodeURIComponent(FRONT)}`]) {
    const miss = await app.inject({ method: 'GET', url: path })
    await wire.settle()
    wire.reset()
    const hit = await app.inject({ method: 'GET', url: path })
    t.equal(hit.headers['x-cache'], 'HIT', `${path}: a hit`)
    t.equal(hit.body, miss.body)
    t.equal(hit.headers['content-type'], miss.headers['content-type'])
    t.equal(hit.headers.etag, miss.headers.etag, `${path}: the same validators`)
    t.same(own(), [], `${path}: no statement`)
  }

  const accepted = await post(app, FRONT, {}, { accept: 'application/graphql-response+json' })
  t.equal(accepted.headers['x-cache'], 'MISS', 'another media type is another entry')
  t.match(accepted.headers['content-type'], /graphql-response\+json/)
  t.equal((await post(app, FRONT, {}, { accept: 'application/graphql-response+json' })).headers['content-type'], accepted.headers['content-type'], 'and a hit keeps its media type')

  const editor = await createToken(db, 'EDITOR')
  const staff = await post(app, FRONT, {}, { authorization: `Bearer ${editor}` })
  t.equal(staff.headers['x-cache'], undefined, 'staff reads never touch the cache')
  const mutation = await post(app, 'mutation { createSection(input: { name: "ثقافة" }) { id } }', {}, { authorization: `Bearer ${editor}` })
  t.equal(mutation.headers['x-cache'], undefined, 'mutations are never cached')
  const invalid = await post(app, '{ nope }')
  t.equal((await post(app, '{ nope }')).headers['x-cache'], 'MISS', 'an answer with errors is not kept')
  t.ok(invalid.json().errors)
})

t.test('concurrent identical misses run the query once', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db } = await buildOn(t, wire.url, { env: CACHE_ON })
  await app.ready()
  const section = await createSection(db)
  await createArticle(db, { sectionId: section.id })
  await post(app, '{ site { name } }') // the versions are remembered from here on
  await wire.settle()
  wire.reset()
  const answers = await Promise.all(Array.from({ length: 20 }, () => post(app, FRONT)))
  t.equal(new Set(answers.map((a) => a.body)).size, 1, 'twenty identical answers')
  t.equal(answers.filter((a) => a.headers['x-cache'] === 'HIT').length, 19, 'one ran, nineteen waited for it')
  const lists = wire.statements().filter((s) => !isBackground(s) && /FROM articles/.test(s))
  t.equal(lists.length, 1, `the list statement ran once (${lists.length})`)
})

t.test('memory stays within RESPONSE_CACHE_MB', async (t) => {
  const url = await createTestDatabase(t)
  const { app, db } = await buildOn(t, url, { env: { RESPONSE_CACHE_MB: '1' } })
  const section = await createSection(db)
  await createArticle(db, { sectionId: section.id, paragraphs: ['نص '.repeat(2_000)] })
  const query = 'query ($n: Int) { articles(first: 1) { edges { node { paragraphs } } } site { name } n: site { lastUpdated(locale: "ar") } } # $n'
  for (let n = 0; n < 300; n++) await post(app, query, { n })
  const size = app.responses?.size
  t.ok(size && size.bytes <= 1024 * 1024, `${size?.bytes} bytes kept in ${size?.entries} entries, within 1 MB, after 300 distinct answers of ~12 KB`)
  t.ok(size && size.entries < 300, 'the least recently used were dropped')
})

t.test('a scheduled article going live shows at its instant in cached answers', async (t) => {
  const clock = new TestClock(new Date('2026-06-01T12:00:00.000Z'))
  const url = await createTestDatabase(t)
  const { app, db } = await buildOn(t, url, { env: CACHE_ON, clock })
  await app.ready()
  await app.events.ready
  const section = await createSection(db)
  await createArticle(db, { sectionId: section.id, title: 'قديم' })
  const editor = await createToken(db, 'EDITOR')
  const created = await gql(app, 'mutation ($s: ID!) { createArticle(input: { title: "مجدول", paragraphs: ["نص"], sectionId: $s }) { id } }', { s: section.id }, { token: editor })
  const at = new Date(clock.now().getTime() + 60_000)
  await gql(app, 'mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id: created.data.createArticle.id, at: at.toISOString() }, { token: editor })
  const titles = async () => (await post(app, FRONT)).json().data.articles.edges.map((e: { node: { title: string } }) => e.node.title)
  t.same(await titles(), ['قديم'])
  t.same(await titles(), ['قديم'], '(from the cache)')
  clock.set(at)
  t.same(await titles(), ['مجدول', 'قديم'], 'at its instant, with no write')
})

t.test('two instances: a change made on one is answered by the other\'s cache within a second', async (t) => {
  const url = await createTestDatabase(t)
  const clock = new TestClock()
  const a = await buildOn(t, url, { env: CACHE_ON, clock })
  const b = await buildOn(t, url, { env: CACHE_ON, clock })
  await a.app.ready()
  await a.app.events.ready
  const section = await createSection(a.db)
  const article = await createArticle(a.db, { sectionId: section.id, slug: 'story', title: 'قبل' })
  const editor = await createToken(a.db, 'EDITOR')
  const title = async () => (await post(a.app, ARTICLE, { slug: 'story' })).json().data.article.title as string
  t.equal(await title(), 'قبل')
  t.equal((await post(a.app, ARTICLE, { slug: 'story' })).headers['x-cache'], 'HIT', 'a holds it')
  const edited = await gql(b.app, 'mutation ($id: ID!) { updateArticle(id: $id, input: { title: "بعد" }) { id } }', { id: article.id }, { token: editor })
  t.same(edited.errors, undefined)
  const started = Date.now()
  let seen = await title()
  while (seen !== 'بعد' && Date.now() - started < 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    seen = await title()
  }
  t.equal(seen, 'بعد', `a answers the edit made on b within a second (${Date.now() - started} ms)`)
})

t.test('random interleavings of reads and writes: the cached server answers as an uncached one', async (t) => {
  const url = await createTestDatabase(t)
  const cached = await buildOn(t, url, { env: CACHE_ON })
  const plain = await buildOn(t, url, { env: { RESPONSE_CACHE_MB: '0' } })
  await cached.app.ready()
  const { db } = cached
  const news = await createSection(db, { slug: 'news' })
  const local = await createSection(db, { slug: 'local', parentId: news.id })
  const editor = await createToken(db, 'EDITOR')
  const moderator = await createToken(db, 'MODERATOR')
  const slugs = ['a1', 'a2', 'a3', 'a4']
  const ids: string[] = []
  for (const [i, slug] of slugs.entries()) ids.push((await createArticle(db, { sectionId: i % 2 ? news.id : local.id, slug, status: i < 2 ? 'PUBLISHED' : 'DRAFT' })).id)
  const comments: string[] = []
  const write = async (query: string, variables: Record<string, unknown>, token = editor) => {
    // writes go through the cached instance: it must forget before it answers
    const res = await gql(cached.app, query, variables, { token })
    return res
  }
  const reads: Array<{ name: string, run: (app: FastifyInstance) => Promise<string> }> = [
    { name: 'front (POST)', run: async (app) => (await post(app, FRONT)).body },
    { name: 'section list (REST)', run: async (app) => (await app.inject({ method: 'GET', url: '/api/v1/articles?section=local' })).body },
    { name: 'sections (REST)', run: async (app) => (await app.inject({ method: 'GET', url: '/api/v1/sections' })).body },
    ...slugs.map((slug) => ({ name: `article ${slug} (POST)`, run: async (app: FastifyInstance) => (await post(app, ARTICLE, { slug })).body })),
    { name: 'article a1 (REST)', run: async (app) => { const r = await app.inject({ method: 'GET', url: '/api/v1/articles/a1' }); return `${r.statusCode} ${r.body}` } },
    { name: 'comments a1 (REST)', run: async (app) => (await app.inject({ method: 'GET', url: `/api/v1/articles/${ids[0]}/comments` })).body },
  ]
  const writes = [
    fc.record({ kind: fc.constant('publish'), i: fc.nat(3) }),
    fc.record({ kind: fc.constant('unpublish'), i: fc.nat(3) }),
    fc.record({ kind: fc.constant('edit'), i: fc.nat(3), title: fc.constantFrom('عاجل', 'تحديث', 'خبر') }),
    fc.record({ kind: fc.constant('comment'), i: fc.nat(1) }),
    fc.record({ kind: fc.constant('moderate'), j: fc.nat(20), action: fc.constantFrom('APPROVE', 'REJECT') }),
    fc.record({ kind: fc.constant('rename'), name: fc.constantFrom('محليات', 'شؤون محلية') }),
  ]
  const step = fc.oneof(fc.record({ kind: fc.constant('read'), r: fc.nat(reads.length - 1) }), ...writes)
  let compared = 0
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
    for (const s of steps as Array<Record<string, unknown>>) {
      if (s.kind === 'read') {
        const read = reads[s.r as number] as (typeof reads)[number]
        const [a, b] = [await read.run(cached.app), await read.run(plain.app)]
        compared++
        if (a !== b) throw new Error(`${read.name} differs after ${JSON.stringify(steps)}:\ncached ${a.slice(0, 300)}\nplain  ${b.slice(0, 300)}`)
      } else if (s.kind === 'publish') {
        await write('mutation ($id: ID!) { publishArticle(id: $id) { id } }', { id: ids[s.i as number] })
      } else if (s.kind === 'unpublish') {
        await write('mutation ($id: ID!) { unpublishArticle(id: $id) { id } }', { id: ids[s.i as number] })
      } else if (s.kind === 'edit') {
        await write('mutation ($id: ID!, $t: String!) { updateArticle(id: $id, input: { title: $t }) { id } }', { id: ids[s.i as number], t: s.title })
      } else if (s.kind === 'comment') {
        const res = await cached.app.inject({ method: 'POST', url: `/api/v1/articles/${ids[s.i as number]}/comments`, payload: { authorName: 'قارئ', body: `تعليق ${comments.length}` }, remoteAddress: `10.1.0.${comments.length % 250}` })
        if (res.statusCode === 201) comments.push(res.json().data.id)
      } else if (s.kind === 'moderate' && comments.length > 0) {
        await write('mutation ($id: ID!, $a: ModerationAction!) { moderateComment(id: $id, action: $a) { id } }', { id: comments[(s.j as number) % comments.length], a: s.action }, moderator)
      } else if (s.kind === 'rename') {
        await write('mutation ($id: ID!, $n: String!) { updateSection(id: $id, input: { name: $n }) { id } }', { id: local.id, n: s.name })
      }
    }
  }), { numRuns: 25, seed: 20261202 })
  t.ok(compared > 50, `${compared} reads compared, every one equal`)
  t.ok((cached.app.responses?.hits ?? 0) > 0, `and the cache answered ${cached.app.responses?.hits} of them`)
})
