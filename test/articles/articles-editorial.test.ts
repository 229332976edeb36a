import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

const NOW = new Date('2026-03-01T12:00:00.000Z')
const FIELDS = 'id slug title summary paragraphs image { url alt width } language direction tags byline source status version publishedAt updatedAt section { slug }'

async function setup (t: Test) {
  const clock = new TestClock(NOW)
  const ctx = await build(t, { clock })
  const editor = await createToken(ctx.db, 'EDITOR', 'سلمى')
  const politics = await createSection(ctx.db, { name: 'سياسة', slug: 'سياسة' })
  const sport = await createSection(ctx.db, { name: 'رياضة', slug: 'رياضة' })
  const as = (token: string | undefined) => (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, token ? { token } : {})
  const ed = as(editor)
  const create = async (input: Record<string, unknown>) => {
    const res = await ed(`mutation C($input: ArticleInput!) { createArticle(input: $input) { ${FIELDS} } }`, { input: { paragraphs: ['فقرة.'], sectionId: politics.id, ...input } })
    t.same(res.errors, undefined, 'created')
    return res.data.createArticle
  }
  const update = (id: string, input: Record<string, unknown>, expectedVersion?: number) =>
    ed(`mutation U($id: ID!, $input: UpdateArticleInput!, $v: Int) { updateArticle(id: $id, input: $input, expectedVersion: $v) { ${FIELDS} } }`, { id, input, v: expectedVersion })
  const publish = (id: string, at?: string) => ed(`mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { ${FIELDS} } }`, { id, at })
  const unpublish = (id: string) => ed(`mutation U($id: ID!) { unpublishArticle(id: $id) { ${FIELDS} } }`, { id })
  const anon = as(undefined)
  const publicRead = async (id: string) => (await anon('query A($id: ID) { article(id: $id) { id status } }', { id })).data.article
  const state = async () => ({
    revisions: await ctx.db.prisma.articleRevision.count(),
    version: (await anon('{ site { contentVersion } }')).data.site.contentVersion as string,
    articles: await ctx.db.prisma.article.count(),
  })
  return { ...ctx, clock, editor, politics, sport, ed, anon, create, update, publish, unpublish, publicRead, state }
}

t.test('create: a DRAFT at version 1, slug from the title, invisible to the public', async (t) => {
  const { create, publicRead, config } = await setup(t)
  const a = await create({ title: 'البرلمانُ يُقرّ «الموازنة» العامة!', summary: 'ملخص', tags: ['اقتصاد', 'اقتصاد', ' برلمان '], byline: 'سلمى', image: { url: 'https://img.example/a.jpg', alt: 'صورة', width: 800 } })
  t.match(a, { slug: 'البرلمان-يقر-الموازنة-العامة', status: 'DRAFT', version: 1, publishedAt: null, language: config.SITE_DEFAULT_LOCALE, direction: 'RTL', tags: ['اقتصاد', 'برلمان'], image: { url: 'https://img.example/a.jpg', width: 800 } })
  t.equal(await publicRead(a.id), null, 'drafts are not public')
  t.equal((await create({ title: 'البرلمان يقر الموازنة العامة' })).slug, 'البرلمان-يقر-الموازنة-العامة-2', 'a taken generated slug gets -2')
  t.equal((await create({ title: 'البرلمان يقر الموازنة العامة' })).slug, 'البرلمان-يقر-الموازنة-العامة-3')
  t.equal((await create({ title: 'Breaking: Markets RALLY', language: 'en-gb' })).slug, 'breaking-markets-rally', 'Latin is lower-cased')
  t.equal((await create({ title: 'Markets', language: 'en-gb', slug: 'Markets Today' })).slug, 'markets-today', 'an explicit slug is cleaned the same way')
  const english = await create({ title: 'Tennis', language: 'en-GB', slug: 'tennis' })
  t.match(english, { language: 'en-GB', direction: 'LTR' })
  t.equal((await create({ title: 'تطويل', slug: 'الـمـدينة' })).slug, 'المدينة', 'tatweel removed')
})

t.test('slugs: explicit ones that are taken conflict; former slugs keep resolving and redirect', async (t) => {
  const { create, update, publish, ed, anon, app } = await setup(t)
  const a = await create({ title: 'خبر أول', slug: 'خبر-أول' })
  const taken = await ed('mutation C($s: ID!) { createArticle(input: { title: "آخر", paragraphs: ["x"], sectionId: $s, slug: "خبر أول" }) { id } }', { s: a.section ? (await anon('{ sections { id } }')).data.sections[0].id : '' })
  t.match(taken.errors?.[0]?.extensions, { code: 'CONFLICT', field: 'input.slug' })
  await publish(a.id)
  const renamed = await update(a.id, { slug: 'خبر-معدل' })
  t.equal(renamed.data.updateArticle.slug, 'خبر-معدل')
  const q = 'query A($slug: String) { article(slug: $slug) { id slug } }'
  t.same((await anon(q, { slug: 'خبر-أول' })).data.article, { id: a.id, slug: 'خبر-معدل' }, 'the old slug still finds it')
  const moved = await app.inject({ url: `/api/v1/articles/${encodeURIComponent('خبر-أول')}` })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, `/api/v1/articles/${encodeURIComponent('خبر-معدل')}`)
  const b = await create({ title: 'خبر ثان' })
  t.match((await update(b.id, { slug: 'خبر-أول' })).errors?.[0]?.extensions, { code: 'CONFLICT', field: 'input.slug' }, 'a former slug stays reserved for its article')
  t.equal((await update(a.id, { slug: 'خبر-أول' })).data.updateArticle.slug, 'خبر-أول', 'an article may take its former slug back')
  t.same((await anon(q, { slug: 'خبر-معدل' })).data.article, { id: a.id, slug: 'خبر-أول' })
  t.equal((await update(a.id, { slug: null })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'slug: null')
  t.equal((await update(a.id, { slug: '01900000-0000-7000-8000-000000000000' })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a UUID-shaped slug')
})

t.test('partial updates change only what is given; null clears optional fields', async (t) => {
  const { create, update, sport, db } = await setup(t)
  const a = await create({ title: 'عنوان', summary: 'ملخص', byline: 'كاتب', source: 'وكالة', tags: ['أ'], image: { url: 'https://img.example/a.jpg' } })
  const titled = (await update(a.id, { title: 'عنوان جديد' })).data.updateArticle
  t.match(titled, { title: 'عنوان جديد', slug: a.slug, summary: 'ملخص', byline: 'كاتب', source: 'وكالة', tags: ['أ'], paragraphs: ['فقرة.'], version: 2 })
  const cleared = (await update(a.id, { summary: null, image: null, byline: null, tags: null })).data.updateArticle
  t.match(cleared, { summary: null, image: null, byline: null, tags: [], source: 'وكالة', title: 'عنوان جديد', version: 3 })
  const movedSection = (await update(a.id, { sectionId: sport.id, paragraphs: ['١', '٢'] })).data.updateArticle
  t.match(movedSection, { section: { slug: 'رياضة' }, paragraphs: ['١', '٢'], version: 4 })
  const same = (await update(a.id, { title: 'عنوان جديد' })).data.updateArticle
  t.equal(same.version, 4, 'an update that changes nothing is not a new version')
  t.equal(await db.prisma.articleRevision.count({ where: { articleId: a.id } }), 3, 'one revision per change')
})

t.test('publish, schedule, backdate, unpublish, republish, delete', async (t) => {
  const { create, publish, unpublish, publicRead, clock, ed, anon, app } = await setup(t)
  const a = await create({ title: 'نشر فوري' })
  const now = (await publish(a.id)).data.publishArticle
  t.match(now, { status: 'PUBLISHED', publishedAt: NOW.toISOString(), version: 2 })
  t.ok(await publicRead(a.id), 'visible')
  t.equal((await publish(a.id)).data.publishArticle.version, 2, 'publishing a published article again changes nothing')

  const s = await create({ title: 'مجدول' })
  const scheduled = (await publish(s.id, '2026-03-02T08:00:00.000Z')).data.publishArticle
  t.match(scheduled, { status: 'SCHEDULED', publishedAt: '2026-03-02T08:00:00.000Z' })
  t.equal(await publicRead(s.id), null, 'not before its instant')
  clock.set('2026-03-02T08:00:00.000Z')
  t.match(await publicRead(s.id), { id: s.id, status: 'PUBLISHED' }, 'live at its instant, with no write')
  clock.set(NOW)

  const b = await create({ title: 'بأثر رجعي' })
  t.match((await publish(b.id, '2025-01-01T00:00:00.000Z')).data.publishArticle, { status: 'PUBLISHED', publishedAt: '2025-01-01T00:00:00.000Z' }, 'backdated')

  const archived = (await unpublish(a.id)).data.unpublishArticle
  t.match(archived, { status: 'ARCHIVED', publishedAt: NOW.toISOString() }, 'a live article is archived')
  t.equal(await publicRead(a.id), null)
  clock.advance(3_600_000)
  t.match((await publish(a.id)).data.publishArticle, { status: 'PUBLISHED', publishedAt: NOW.toISOString() }, 'republishing restores the original publishedAt')

  const c = await create({ title: 'مجدول ثم ملغى' })
  await publish(c.id, '2026-04-01T00:00:00.000Z')
  t.match((await unpublish(c.id)).data.unpublishArticle, { status: 'DRAFT', publishedAt: null }, 'never live → back to DRAFT')
  t.match((await unpublish(c.id)).data.unpublishArticle, { status: 'DRAFT' }, 'unpublishing a draft changes nothing')

  const gone = await ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: b.id })
  t.equal(gone.data.deleteArticle, b.id)
  t.equal(await publicRead(b.id), null)
  t.equal((await ed('query A($id: ID) { article(id: $id) { id } }', { id: b.id })).data.article, null, 'staff do not see deleted articles either')
  t.equal((await anon('{ articles { totalCount } }')).data.articles.totalCount, 1)
  t.equal((await app.inject({ url: `/api/v1/articles/${b.id}` })).statusCode, 404)
  for (const m of ['mutation M($id: ID!) { deleteArticle(id: $id) }', 'mutation M($id: ID!) { publishArticle(id: $id) { id } }', 'mutation M($id: ID!) { updateArticle(id: $id, input: { title: "x" }) { id } }']) {
    t.equal((await ed(m, { id: b.id })).errors?.[0]?.extensions?.code, 'NOT_FOUND', 'a deleted article cannot be written')
  }
})

t.test('revisions: every change keeps the previous version with who and when; staff only', async (t) => {
  const { create, update, publish, ed, anon, db, clock, app } = await setup(t)
  const a = await create({ title: 'الأصل' })
  clock.advance(60_000)
  await update(a.id, { title: 'المعدل' })
  clock.advance(60_000)
  await publish(a.id)
  const q = 'query A($id: ID) { article(id: $id) { version revisions { version title status editedBy editedAt replacedBy replacedAt } } }'
  const res = await ed(q, { id: a.id })
  t.equal(res.data.article.version, 3)
  t.same(res.data.article.revisions, [
    { version: 2, title: 'المعدل', status: 'DRAFT', editedBy: 'سلمى', editedAt: '2026-03-01T12:01:00.000Z', replacedBy: 'سلمى', replacedAt: '2026-03-01T12:02:00.000Z' },
    { version: 1, title: 'الأصل', status: 'DRAFT', editedBy: 'سلمى', editedAt: NOW.toISOString(), replacedBy: 'سلمى', replacedAt: '2026-03-01T12:01:00.000Z' },
  ])
  const anonymous = await anon(q, { id: a.id })
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'anonymous callers never read revisions')
  const live = await gql(app, 'query A($id: ID) { article(id: $id) { revisions { version } } }', { id: a.id }, { token: await createToken(db, 'MODERATOR') })
  t.equal(live.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'a moderator may not read revisions of a live article')
})

t.test('staff see drafts and scheduled articles everywhere; nobody else does', async (t) => {
  const { create, publish, ed, anon, db, app, politics } = await setup(t)
  const moderator = await createToken(db, 'MODERATOR')
  const draft = await create({ title: 'مسودة', tags: ['سر'] })
  const scheduled = await create({ title: 'لاحقا', tags: ['سر'] })
  await publish(scheduled.id, '2026-05-01T00:00:00.000Z')
  const live = await create({ title: 'منشور', tags: ['سر'] })
  await publish(live.id)

  const reads = {
    byId: 'query R($id: ID) { article(id: $id) { id status } }',
    bySlug: 'query R($slug: String) { article(slug: $slug) { id status } }',
    node: 'query R($id: ID!) { node(id: $id) { id } }',
    list: '{ articles(tag: "سر") { totalCount edges { node { id status } } } }',
    section: 'query R($s: String) { section(slug: $s) { articles { totalCount edges { node { id } } } } }',
  }
  for (const hidden of [draft, scheduled]) {
    for (const [who, run] of [['anonymous', anon], ['moderator', (q: string, v?: Record<string, unknown>) => gql(app, q, v, { token: moderator })]] as const) {
      t.equal((await run(reads.byId, { id: hidden.id })).data.article, null, `${who}: article(id)`)
      t.equal((await run(reads.bySlug, { slug: hidden.slug })).data.article, null, `${who}: article(slug)`)
      t.equal((await run(reads.node, { id: hidden.id })).data.node, null, `${who}: node`)
      t.notOk((await run(reads.list)).data.articles.edges.some((e: any) => e.node.id === hidden.id), `${who}: articles`)
      t.notOk((await run(reads.section, { s: politics.slug })).data.section.articles.edges.some((e: any) => e.node.id === hidden.id), `${who}: Section.articles`)
      const headers = who === 'moderator' ? { authorization: `Bearer ${moderator}` } : {}
      t.equal((await app.inject({ url: `/api/v1/articles/${hidden.id}`, headers })).statusCode, 404, `${who}: REST by id`)
      t.equal((await app.inject({ url: `/api/v1/articles/${encodeURIComponent(hidden.slug)}`, headers })).statusCode, 404, `${who}: REST by slug`)
    }
    t.ok((await ed(reads.byId, { id: hidden.id })).data.article, 'editor: article(id)')
    t.ok((await ed(reads.bySlug, { slug: hidden.slug })).data.article, 'editor: article(slug)')
  }
  t.equal((await anon(reads.list)).data.articles.totalCount, 1)
  const staffList = (await ed(reads.list)).data.articles
  t.equal(staffList.totalCount, 3, 'editors list every status by default')
  t.same(staffList.edges.map((e: any) => e.node.status).sort(), ['DRAFT', 'PUBLISHED', 'SCHEDULED'])
  const drafts = await ed('{ articles(status: [DRAFT, SCHEDULED]) { edges { node { id } } } }')
  t.same(drafts.data.articles.edges.map((e: any) => e.node.id).sort(), [draft.id, scheduled.id].sort())
  t.equal((await anon('{ articles(status: [DRAFT]) { totalCount } }')).errors?.[0]?.extensions?.code, 'FORBIDDEN', 'the status filter is for editors')
  const editorRest = await app.inject({ url: '/api/v1/articles?status=DRAFT', headers: { authorization: `Bearer ${(await createToken(db, 'ADMIN'))}` } })
  t.same(editorRest.json().data.map((a: any) => a.id), [draft.id], 'REST ?status= for staff')
  t.equal((await app.inject({ url: '/api/v1/articles?status=DRAFT' })).statusCode, 403)
  t.equal((await app.inject({ url: '/api/v1/articles?status=NOPE', headers: { authorization: `Bearer ${moderator}` } })).statusCode, 403)
})

t.test('optimistic concurrency: a stale expectedVersion is CONFLICT; of two racing writers exactly one wins', async (t) => {
  const { create, update, state } = await setup(t)
  const a = await create({ title: 'سباق' })
  const stale = await update(a.id, { title: 'x' }, 7)
  t.match(stale.errors?.[0]?.extensions, { code: 'CONFLICT', currentVersion: 1 })
  const before = await state()
  const results = await Promise.all(['أ', 'ب', 'ج', 'د'].map((title) => update(a.id, { title }, 1)))
  const won = results.filter((r) => r.data?.updateArticle)
  const lost = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')
  t.equal(won.length, 1, 'exactly one wins')
  t.equal(lost.length, 3, 'the others get CONFLICT')
  t.ok(lost.every((r) => r.errors?.[0]?.extensions?.currentVersion === 2))
  t.equal((await state()).revisions, before.revisions + 1, 'one change, one revision')
})

t.test('racing writers of one slug: creates of one title get distinct slugs; of two renames to one slug exactly one wins', async (t) => {
  const { create, update } = await setup(t)
  const racers = await Promise.all(Array.from({ length: 6 }, () => create({ title: 'عاجل من العاصمة' })))
  t.same(racers.map((a) => a.slug).sort(), ['عاجل-من-العاصمة', ...[2, 3, 4, 5, 6].map((n) => `عاجل-من-العاصمة-${n}`)].sort(), 'six creates, six slugs')
  const renames = await Promise.all(racers.slice(0, 2).map((a) => update(a.id, { slug: 'العاصمة-الآن' })))
  t.equal(renames.filter((r) => r.data?.updateArticle?.slug === 'العاصمة-الآن').length, 1, 'one rename takes the slug')
  t.equal(renames.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length, 1, 'the other is CONFLICT')
})

t.test('bad input is refused and changes nothing', async (t) => {
  const { create, update, ed, state, politics, app, editor } = await setup(t)
  const a = await create({ title: 'سليم' })
  const before = await state()
  const createCase = (input: Record<string, unknown>) => ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: 'عنوان', paragraphs: ['فقرة'], sectionId: politics.id, ...input } })
  const cases: Array<[string, () => Promise<any>, string, string?]> = [
    ['empty title', () => createCase({ title: '   ' }), 'input.title'],
    ['title too long', () => createCase({ title: 'ع'.repeat(301) }), 'input.title'],
    ['no paragraphs', () => createCase({ paragraphs: [] }), 'input.paragraphs'],
    ['an empty paragraph', () => createCase({ paragraphs: ['أ', ' '] }), 'input.paragraphs.1'],
    ['a paragraph too long', () => createCase({ paragraphs: ['ف'.repeat(20_001)] }), 'input.paragraphs.0'],
    ['too many paragraphs', () => createCase({ paragraphs: Array.from({ length: 501 }, () => 'ف') }), 'input.paragraphs'],
    ['too many tags', () => createCase({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 'input.tags'],
    ['a tag too long', () => createCase({ tags: ['و'.repeat(51)] }), 'input.tags.0'],
    ['summary too long', () => createCase({ summary: 'م'.repeat(1001) }), 'input.summary'],
    ['bad language', () => createCase({ language: 'arabic please' }), 'input.language'],
    ['image url not http', () => createCase({ image: { url: 'javascript:alert(1)' } }), 'input.image.url'],
    ['image width', () => createCase({ image: { url: 'https://img.example/a.jpg', width: -5 } }), 'input.image.width'],
    ['unknown section', () => createCase({ sectionId: '01900000-0000-7000-8000-000000000000' }), 'input.sectionId'],
    ['malformed section id', () => createCase({ sectionId: 'politics' }), 'input.sectionId'],
    ['slug of punctuation', () => createCase({ slug: '!!!' }), 'input.slug'],
    ['title null on update', () => update(a.id, { title: null }), 'input.title'],
    ['paragraphs null on update', () => update(a.id, { paragraphs: null }), 'input.paragraphs'],
    ['expectedVersion 0', () => update(a.id, { title: 'x' }, 0), 'expectedVersion'],
    ['unknown article', () => update('01900000-0000-7000-8000-000000000000', { title: 'x' }), '', 'NOT_FOUND'],
    ['malformed article id', () => update('nope', { title: 'x' }), 'id'],
    ['publish at nonsense', () => ed('mutation { publishArticle(id: "01900000-0000-7000-8000-000000000000", at: "tomorrow") { id } }'), ''],
    ['wrong type', () => ed('mutation C($s: ID!) { createArticle(input: { title: 5, paragraphs: ["x"], sectionId: $s }) { id } }', { s: politics.id }), '', 'GRAPHQL_VALIDATION_FAILED'],
    ['missing field', () => ed('mutation C($s: ID!) { createArticle(input: { title: "x", sectionId: $s }) { id } }', { s: politics.id }), '', 'GRAPHQL_VALIDATION_FAILED'],
  ]
  for (const [name, run, field, code = 'BAD_USER_INPUT'] of cases) {
    const res = await run()
    t.equal(res.errors?.[0]?.extensions?.code, code, `${name}: ${code}`)
    if (field) t.equal(res.errors?.[0]?.extensions?.field, field, `${name}: field ${field}`)
  }
  t.same(await state(), before, 'no article, revision or content version changed')

  const auth = { authorization: `Bearer ${editor}` }
  const rest = async (method: 'POST' | 'PATCH', url: string, payload: unknown, status: number) => {
    const res = await app.inject({ method, url, payload: payload as string, headers: { ...auth, 'content-type': 'application/json' } })
    t.equal(res.statusCode, status, `${method} ${url} ${JSON.stringify(payload).slice(0, 60)}`)
    t.match(res.headers['content-type'], /problem\+json/)
    return res.json()
  }
  t.equal((await rest('POST', '/api/v1/articles', { title: 123, paragraphs: ['x'], sectionId: politics.id }, 400)).field, 'title', 'no type coercion of bodies')
  await rest('POST', '/api/v1/articles', { title: 'x', paragraphs: 'x', sectionId: politics.id }, 400)
  await rest('POST', '/api/v1/articles', { title: 'x', paragraphs: ['x'], sectionId: politics.id, colour: 'red' }, 400)
  await rest('POST', '/api/v1/articles', '{"title": ', 400)
  await rest('POST', '/api/v1/articles', { title: 'x', paragraphs: ['x'], sectionId: politics.id, extra: 'y'.repeat(2_000_000) }, 413)
  await rest('PATCH', `/api/v1/articles/${a.id}`, { title: 'x', expectedVersion: 9 }, 409)
  t.equal((await rest('PATCH', `/api/v1/articles/${a.id}`, { title: 'x', expectedVersion: 9 }, 409)).currentVersion, 1)
  await rest('PATCH', '/api/v1/articles/01900000-0000-7000-8000-000000000000', { title: 'x' }, 404)
  await rest('POST', `/api/v1/articles/${a.id}/publish`, { at: 'tomorrow' }, 400)
  t.same(await state(), before, 'still nothing changed')
})

t.test('REST writes mirror the mutations', async (t) => {
  const { app, editor, politics, anon } = await setup(t)
  const headers = { authorization: `Bearer ${editor}` }
  const created = await app.inject({ method: 'POST', url: '/api/v1/articles', headers, payload: { title: 'عبر REST', paragraphs: ['أ', 'ب'], sectionId: politics.id, tags: ['rest'] } })
  t.equal(created.statusCode, 201)
  const a = created.json().data
  t.match(a, { slug: 'عبر-rest', status: 'DRAFT', version: 1, bodyText: 'أ\n\nب', section: { slug: 'سياسة' } })
  const patched = await app.inject({ method: 'PATCH', url: `/api/v1/articles/${a.id}`, headers, payload: { summary: 'ملخص', expectedVersion: 1 } })
  t.match(patched.json().data, { summary: 'ملخص', version: 2, title: 'عبر REST' })
  const scheduled = await app.inject({ method: 'POST', url: `/api/v1/articles/${a.id}/publish`, headers, payload: { at: '2026-06-01T00:00:00.000Z' } })
  t.match(scheduled.json().data, { status: 'SCHEDULED', publishedAt: '2026-06-01T00:00:00.000Z' })
  const now = await app.inject({ method: 'POST', url: `/api/v1/articles/${a.id}/publish`, headers, payload: { at: NOW.toISOString() } })
  t.match(now.json().data, { status: 'PUBLISHED' })
  t.equal((await anon('query A($id: ID) { article(id: $id) { title } }', { id: a.id })).data.article.title, 'عبر REST')
  const unpublished = await app.inject({ method: 'POST', url: `/api/v1/articles/${a.id}/unpublish`, headers })
  t.match(unpublished.json().data, { status: 'ARCHIVED' })
  const revisions = await app.inject({ url: `/api/v1/articles/${a.id}/revisions`, headers })
  t.equal(revisions.json().data.length, 4)
  t.match(revisions.json().data[0], { version: 4, replacedBy: 'سلمى', article: { status: 'PUBLISHED' } })
  t.equal((await app.inject({ url: `/api/v1/articles/${a.id}/revisions` })).statusCode, 401)
  const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/articles/${a.id}`, headers })
  t.same(deleted.json(), { data: { id: a.id } })
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/articles/${a.id}`, headers })).statusCode, 404)
})
