// Section writes over GraphQL (createSection, updateSection, deleteSection) and their REST mirror,
// with an EDITOR token: slugs, positions, moves, cycles, deletes, bad input and Site.contentVersion.
import t, { type Test } from 'tap'
import { createArticle, createToken } from '../factories/index.ts'
import { build, gql, problem, type TestApp } from '../helper.ts'

const FIELDS = 'id slug name position parent { id slug } path { slug }'
const CREATE = `mutation C($input: SectionInput!) { createSection(input: $input) { ${FIELDS} } }`
const UPDATE = `mutation U($id: ID!, $input: UpdateSectionInput!) { updateSection(id: $id, input: $input) { ${FIELDS} } }`
const DELETE = 'mutation D($id: ID!) { deleteSection(id: $id) }'
const BY_ID = 'query S($id: ID, $slug: String) { section(id: $id, slug: $slug) { id slug name position parent { slug } children { slug position } } }'
const TOP = '{ sections { slug position } }'
const TREE = '{ sections { slug position children { slug position children { slug position children { slug } } } } }'
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

async function setup (t: Test) {
  const ctx = await build(t)
  const token = await createToken(ctx.db, 'EDITOR')
  const { app, db } = ctx
  const run = (query: string, vars?: Record<string, unknown>) => gql(app, query, vars, { token })
  const create = async (input: Record<string, unknown>) => {
    const res = await run(CREATE, { input })
    if (res.errors) throw new Error(`createSection failed: ${JSON.stringify(res.errors)}`)
    return res.data.createSection as { id: string, slug: string, name: string, position: number, parent: { id: string, slug: string } | null, path: Array<{ slug: string }> }
  }
  const update = (id: string, input: Record<string, unknown>) => run(UPDATE, { id, input })
  const section = async (vars: { id?: string, slug?: string }) => (await run(BY_ID, vars)).data.section
  const top = async () => (await run(TOP)).data.sections as Array<{ slug: string, position: number }>
  const state = async () => ({
    sections: await db.prisma.section.count(),
    changeCount: (await db.prisma.siteState.findUniqueOrThrow({ where: { id: 1 } })).changeCount.toString(),
  })
  const version = async () => (await gql(app, '{ site { contentVersion } }')).data.site.contentVersion as string
  return { ...ctx, token, run, create, update, section, top, state, version }
}

const rest = (app: TestApp['app'], token: string | null, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })

t.test('createSection: slugs from names, suffixes, explicit slugs', async (t) => {
  const { create, run, state } = await setup(t)
  const opinion = await create({ name: 'الرأيُ والـتحليل!' })
  t.same(opinion, { id: opinion.id, slug: 'الرأي-والتحليل', name: 'الرأيُ والـتحليل!', position: 0, parent: null, path: [{ slug: 'الرأي-والتحليل' }] },
    'Arabic kept, tashkeel/tatweel and punctuation dropped, spaces → hyphen')
  const politics = await create({ name: 'سياسة' })
  const sport = await create({ name: 'رياضة' })
  const second = await create({ name: 'الرأيُ والـتحليل!', parentId: politics.id })
  t.match(second, { slug: 'الرأي-والتحليل-2', parent: { id: politics.id, slug: 'سياسة' }, position: 0, path: [{ slug: 'سياسة' }, { slug: 'الرأي-والتحليل-2' }] })
  t.equal((await create({ name: 'الرأيُ والـتحليل!', parentId: sport.id })).slug, 'الرأي-والتحليل-3', 'a third gets -3')
  t.equal((await create({ name: 'أخبار', slug: '  Breaking,  News — الآنَ! ' })).slug, 'breaking-news-الآن', 'an explicit slug is cleaned the same way')

  const before = await state()
  const taken = await run(CREATE, { input: { name: 'آخر', slug: 'الرأيُ-والتحليل' } })
  t.match(taken.errors?.[0]?.extensions, { code: 'CONFLICT', field: 'input.slug' }, 'an explicit slug already taken (once cleaned)')
  t.equal(taken.data, null)
  t.match((await run(CREATE, { input: { name: 'آخر', slug: null } })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.slug' }, 'slug: null')
  t.match((await run(CREATE, { input: { name: 'آخر', slug: UNKNOWN_ID } })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.slug' }, 'a UUID-shaped slug')
  t.match((await run(CREATE, { input: { name: 'آخر', slug: '!!!' } })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.slug' }, 'a slug that cleans to nothing')
  t.match((await run(CREATE, { input: { name: '؟!' } })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.name' }, 'a name with nothing to make a slug from')
  t.same(await state(), before, 'the refused creates changed nothing')
})

t.test('positions: last by default, a given position renumbers the siblings', async (t) => {
  const { create, top, section } = await setup(t)
  for (const name of ['أ', 'ب', 'ج']) await create({ name })
  t.same(await top(), [{ slug: 'أ', position: 0 }, { slug: 'ب', position: 1 }, { slug: 'ج', position: 2 }], 'each new section goes last')
  t.equal((await create({ name: 'د', position: 0 })).position, 0)
  t.same(await top(), [{ slug: 'د', position: 0 }, { slug: 'أ', position: 1 }, { slug: 'ب', position: 2 }, { slug: 'ج', position: 3 }], 'position 0 goes first, siblings renumbered')
  t.equal((await create({ name: 'ه', position: 2 })).position, 2)
  t.same((await top()).map((s) => s.slug), ['د', 'أ', 'ه', 'ب', 'ج'])
  t.equal((await create({ name: 'و', position: 50 })).position, 5, 'a position past the end is last')

  const parent = await create({ name: 'أم' })
  await create({ name: 'ابن', parentId: parent.id })
  await create({ name: 'ابنة', parentId: parent.id })
  await create({ name: 'بكر', parentId: parent.id, position: 0 })
  t.same((await section({ id: parent.id })).children, [{ slug: 'بكر', position: 0 }, { slug: 'ابن', position: 1 }, { slug: 'ابنة', position: 2 }], 'children too')
  t.same((await top()).map((s) => s.position), [0, 1, 2, 3, 4, 5, 6], 'other levels untouched')
})

t.test('updateSection: rename, re-slug, move, top level, reorder; only given fields change', async (t) => {
  const { create, update, section, top } = await setup(t)
  const news = await create({ name: 'أخبار' })
  const world = await create({ name: 'العالم' })
  const local = await create({ name: 'محليات', parentId: news.id })
  const economy = await create({ name: 'اقتصاد', parentId: news.id })
  const culture = await create({ name: 'ثقافة', parentId: news.id })

  const renamed = await update(economy.id, { name: 'الاقتصاد والمال' })
  t.same(renamed.errors, undefined)
  t.same(renamed.data.updateSection, { ...economy, name: 'الاقتصاد والمال' }, 'rename only: slug, position and parent unchanged')

  const reslugged = (await update(economy.id, { slug: 'مال وأعمال' })).data.updateSection
  t.same(reslugged, { ...economy, name: 'الاقتصاد والمال', slug: 'مال-وأعمال', path: [{ slug: 'أخبار' }, { slug: 'مال-وأعمال' }] }, 're-slug only')
  t.equal(await section({ slug: 'اقتصاد' }), null, 'the old slug no longer finds it')
  t.equal((await section({ slug: 'مال-وأعمال' }))?.id, economy.id, 'the new one does')
  t.equal((await update(economy.id, { slug: 'مال-وأعمال' })).errors, undefined, 'its own slug again is not a conflict')

  const moved = (await update(local.id, { parentId: world.id })).data.updateSection
  t.same(moved, { ...local, position: 0, parent: { id: world.id, slug: 'العالم' }, path: [{ slug: 'العالم' }, { slug: 'محليات' }] }, 'moved under another parent')
  t.same((await section({ id: news.id })).children, [{ slug: 'مال-وأعمال', position: 0 }, { slug: 'ثقافة', position: 1 }], 'the old parent shrinks, renumbered')
  t.same((await section({ id: world.id })).children, [{ slug: 'محليات', position: 0 }])

  const lifted = (await update(culture.id, { parentId: null })).data.updateSection
  t.same(lifted, { ...culture, position: 2, parent: null, path: [{ slug: 'ثقافة' }] }, 'parentId: null moves it to the top level, last')
  t.same(await top(), [{ slug: 'أخبار', position: 0 }, { slug: 'العالم', position: 1 }, { slug: 'ثقافة', position: 2 }])
  t.same((await section({ id: news.id })).children, [{ slug: 'مال-وأعمال', position: 0 }])

  const reordered = (await update(culture.id, { position: 0 })).data.updateSection
  t.same(reordered, { ...lifted, position: 0 }, 'reorder only')
  t.same(await top(), [{ slug: 'ثقافة', position: 0 }, { slug: 'أخبار', position: 1 }, { slug: 'العالم', position: 2 }], 'siblings renumbered')
  t.same((await update(world.id, { position: 1, name: 'عالم' })).data.updateSection, { ...world, name: 'عالم', position: 1 }, 'two fields at once')
  t.same((await top()).map((s) => s.slug), ['ثقافة', 'العالم', 'أخبار'])
  const back = (await update(local.id, { parentId: news.id, position: 0 })).data.updateSection
  t.match(back, { position: 0, parent: { id: news.id }, path: [{ slug: 'أخبار' }, { slug: 'محليات' }] }, 'move and place in one write')
  t.same((await section({ id: news.id })).children, [{ slug: 'محليات', position: 0 }, { slug: 'مال-وأعمال', position: 1 }])
  t.same((await section({ id: world.id })).children, [])
  t.match((await update(local.id, { slug: 'أخبار' })).errors?.[0]?.extensions, { code: 'CONFLICT', field: 'input.slug' }, 're-slug to a taken slug')
  t.equal((await section({ id: local.id })).slug, 'محليات')
})

t.test('updateSection refuses cycles and leaves the tree as it was', async (t) => {
  const { create, update, run, state } = await setup(t)
  const a = await create({ name: 'جد' })
  const b = await create({ name: 'أب', parentId: a.id })
  const c = await create({ name: 'حفيد', parentId: b.id })
  await create({ name: 'آخر' })
  const tree = async () => (await run(TREE)).data.sections
  const before = { tree: await tree(), state: await state() }
  for (const [what, parentId] of [['itself', a.id], ['its child', b.id], ['its grandchild', c.id]] as const) {
    const res = await update(a.id, { parentId })
    t.match(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.parentId' }, `under ${what}`)
    t.equal(res.data, null)
  }
  t.match((await update(b.id, { parentId: c.id, name: 'لا' })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'input.parentId' }, 'a child under its own child')
  t.same({ tree: await tree(), state: await state() }, before, 'the tree, names and change count are unchanged')
})

t.test('deleteSection: refused while not empty; then gone', async (t) => {
  const { create, run, section, state, db, top } = await setup(t)
  const parent = await create({ name: 'أم' })
  const child = await create({ name: 'ابن', parentId: parent.id })
  const full = await create({ name: 'ممتلئ' })
  const tail = await create({ name: 'أخير' })
  const draft = await createArticle(db, { sectionId: full.id, status: 'DRAFT' })
  const before = await state()
  const withChild = await run(DELETE, { id: parent.id })
  t.equal(withChild.errors?.[0]?.extensions?.code, 'CONFLICT', 'while it has a child')
  t.equal(withChild.data, null)
  t.equal((await run(DELETE, { id: full.id })).errors?.[0]?.extensions?.code, 'CONFLICT', 'while it holds an article (even a draft)')
  t.equal((await run(DELETE, { id: UNKNOWN_ID })).errors?.[0]?.extensions?.code, 'NOT_FOUND', 'an unknown id')
  t.match((await run(DELETE, { id: 'not-an-id' })).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'id' }, 'a malformed id')
  t.same(await state(), before, 'the refused deletes changed nothing')
  t.ok(await section({ id: parent.id }))

  t.same(await run(DELETE, { id: child.id }), { status: 200, data: { deleteSection: child.id }, errors: undefined }, 'an empty section is deleted')
  t.equal(await section({ id: child.id }), null, 'afterwards section(id) is null')
  t.same((await run(DELETE, { id: parent.id })).data, { deleteSection: parent.id }, 'the parent once its child is gone')
  t.same(await top(), [{ slug: 'ممتلئ', position: 0 }, { slug: 'أخير', position: 1 }], 'siblings renumbered')

  await db.prisma.article.update({ where: { id: draft.id }, data: { deletedAt: new Date() } })
  t.same((await run(DELETE, { id: full.id })).data, { deleteSection: full.id }, 'a deleted article does not hold it')
  t.equal(await db.prisma.article.count({ where: { id: draft.id } }), 0, 'its tombstone goes with it')
  t.equal((await section({ id: tail.id })).position, 0)
})

t.test('bad input is BAD_USER_INPUT and changes nothing', async (t) => {
  const { create, run, update, state } = await setup(t)
  const parent = await create({ name: 'أم' })
  const before = await state()
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['empty name', { name: '' }, 'input.name'],
    ['blank name', { name: '   ' }, 'input.name'],
    ['101 characters', { name: 'ب'.repeat(101) }, 'input.name'],
    ['unknown parentId', { name: 'جديد', parentId: UNKNOWN_ID }, 'input.parentId'],
    ['malformed parentId', { name: 'جديد', parentId: 'nope' }, 'input.parentId'],
    ['position -1', { name: 'جديد', position: -1 }, 'input.position'],
    ['position 10001', { name: 'جديد', position: 10001 }, 'input.position'],
  ]
  for (const [what, input, field] of cases) {
    const res = await run(CREATE, { input })
    t.match(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field }, `create, ${what}`)
    t.equal(res.data, null)
  }
  const long = await run(CREATE, { input: { name: 'ب'.repeat(101) } })
  t.equal(long.errors?.[0]?.extensions?.limit, 100, 'the limit is named')
  const wrongType = await run(CREATE, { input: { name: 123 } })
  t.equal(wrongType.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'name of the wrong type (variable)')
  t.equal(wrongType.data, null)
  t.equal((await run('mutation C($name: Int!) { createSection(input: { name: $name }) { id } }', { name: 1 })).status, 400, 'an Int variable where a String goes')
  for (const [what, input, field] of [['empty name', { name: '' }, 'input.name'], ['null name', { name: null }, 'input.name'], ['position 10001', { position: 10001 }, 'input.position'], ['unknown parentId', { parentId: UNKNOWN_ID }, 'input.parentId']] as const) {
    t.match((await update(parent.id, input)).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field }, `update, ${what}`)
  }
  t.equal((await update(UNKNOWN_ID, { name: 'x' })).errors?.[0]?.extensions?.code, 'NOT_FOUND', 'update of an unknown id')
  t.same(await state(), before, 'section count and change count unchanged')
  t.equal((await create({ name: 'ب'.repeat(100) })).name.length, 100, '100 characters are fine')
})

t.test('every section write moves Site.contentVersion', async (t) => {
  const { create, update, run, version } = await setup(t)
  const parent = await create({ name: 'أم' })
  const seen = [await version()]
  const step = async (what: string, write: () => Promise<unknown>) => {
    await write()
    const now = await version()
    t.notOk(seen.includes(now), `${what} moves contentVersion`)
    seen.push(now)
  }
  let id = ''
  await step('create', async () => { id = (await create({ name: 'ابن' })).id })
  await step('rename', () => update(id, { name: 'ابن آخر' }))
  await step('re-slug', () => update(id, { slug: 'ابن-جديد' }))
  await step('move', () => update(id, { parentId: parent.id }))
  await step('reorder', async () => { await create({ name: 'أخ', parentId: parent.id }); await update(id, { position: 1 }) })
  await step('delete', () => run(DELETE, { id }))
  t.equal(await version(), seen.at(-1), 'stable while nothing changes')
  // "contentVersion: changes exactly when visible content changes"; an empty update changes nothing.
  t.same((await update(parent.id, {})).data.updateSection, parent, 'an empty update answers the section as it is')
  t.equal(await version(), seen.at(-1), 'an empty update does not move contentVersion')
})

t.test('REST mirror', async (t) => {
  const { app, db, token, section } = await setup(t)
  const created = await rest(app, token, 'POST', '/api/v1/sections', { name: 'الرأيُ والـتحليل!' })
  t.equal(created.statusCode, 201)
  const body = created.json()
  t.same(body, { data: { id: body.data.id, slug: 'الرأي-والتحليل', name: 'الرأيُ والـتحليل!', position: 0, parentId: null } })
  const child = (await rest(app, token, 'POST', '/api/v1/sections', { name: 'أعمدة', parentId: body.data.id, slug: 'Columns' })).json().data
  t.same(child, { id: child.id, slug: 'columns', name: 'أعمدة', position: 0, parentId: body.data.id })

  const patched = await rest(app, token, 'PATCH', `/api/v1/sections/${child.id}`, { name: 'مقالات', parentId: null, position: 0 })
  t.equal(patched.statusCode, 200)
  t.same(patched.json(), { data: { ...child, name: 'مقالات', parentId: null, position: 0 } })
  t.equal((await section({ id: body.data.id })).position, 1, 'the sibling moved down')

  const taken = await rest(app, token, 'POST', '/api/v1/sections', { name: 'آخر', slug: 'columns' })
  problem(t, taken, 409, 'CONFLICT', 'a taken slug')
  t.equal(taken.json().field, 'slug')
  await createArticle(db, { sectionId: child.id })
  problem(t, await rest(app, token, 'DELETE', `/api/v1/sections/${child.id}`), 409, 'CONFLICT', 'a non-empty delete')
  const count = await db.prisma.section.count()
  problem(t, await rest(app, token, 'POST', '/api/v1/sections', { name: 'آخر', colour: 'red' }), 400, 'BAD_USER_INPUT', 'an unknown body field')
  problem(t, await rest(app, token, 'PATCH', `/api/v1/sections/${child.id}`, { title: 'x' }), 400, 'BAD_USER_INPUT', 'an unknown PATCH field')
  problem(t, await rest(app, token, 'POST', '/api/v1/sections', { name: 123 }), 400, 'BAD_USER_INPUT', 'name: 123')
  problem(t, await rest(app, token, 'PATCH', `/api/v1/sections/${child.id}`, { position: '1' }), 400, 'BAD_USER_INPUT', 'position: "1"')
  const invalid = await app.inject({ method: 'POST', url: '/api/v1/sections', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"name": "x"' })
  problem(t, invalid, 400, 'BAD_REQUEST', 'invalid JSON')
  problem(t, await rest(app, token, 'PATCH', `/api/v1/sections/${UNKNOWN_ID}`, { name: 'x' }), 404, 'NOT_FOUND', 'PATCH of an unknown id')
  problem(t, await rest(app, token, 'DELETE', `/api/v1/sections/${UNKNOWN_ID}`), 404, 'NOT_FOUND', 'DELETE of an unknown id')
  problem(t, await rest(app, null, 'POST', '/api/v1/sections', { name: 'بلا رمز' }), 401, 'UNAUTHENTICATED', 'no token')
  problem(t, await rest(app, null, 'DELETE', `/api/v1/sections/${body.data.id}`), 401, 'UNAUTHENTICATED', 'no token, delete')
  t.equal(await db.prisma.section.count(), count, 'the refused writes created or deleted nothing')

  const deleted = await rest(app, token, 'DELETE', `/api/v1/sections/${body.data.id}`)
  t.equal(deleted.statusCode, 200)
  t.same(deleted.json(), { data: { id: body.data.id } })
  t.equal(await section({ id: body.data.id }), null)
})
