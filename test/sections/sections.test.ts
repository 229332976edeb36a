import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

const FIELDS = 'id slug name position parent { slug } children { slug } path { slug name } lastUpdatedAt'

async function tree (t: Parameters<typeof build>[0]) {
  const clock = new TestClock(new Date('2026-03-01T00:00:00.000Z'))
  const ctx = await build(t, { clock })
  const { db } = ctx
  const politics = await createSection(db, { name: 'سياسة', slug: 'سياسة', position: 0 })
  const economy = await createSection(db, { name: 'اقتصاد', slug: 'اقتصاد', position: 1 })
  const opinion = await createSection(db, { name: 'الرأي', slug: 'الرأي', parentId: politics.id, position: 1 })
  const arab = await createSection(db, { name: 'شؤون عربية', slug: 'شؤون-عربية', parentId: politics.id, position: 0 })
  const columns = await createSection(db, { name: 'أعمدة', slug: 'أعمدة', parentId: opinion.id, position: 0 })
  const empty = await createSection(db, { name: 'فارغ', slug: 'فارغ', position: 2 })
  return { ...ctx, clock, politics, economy, opinion, arab, columns, empty }
}

t.test('sections: top level by position, with children, parent and path', async (t) => {
  const { app } = await tree(t)
  const res = await gql(app, `{ sections { ${FIELDS} children { slug path { slug } children { slug path { slug } } } } }`)
  t.equal(res.status, 200)
  t.same(res.errors, undefined)
  const sections = res.data.sections
  t.same(sections.map((s: { slug: string }) => s.slug), ['سياسة', 'اقتصاد', 'فارغ'])
  const politics = sections[0]
  t.equal(politics.parent, null)
  t.same(politics.path, [{ slug: 'سياسة', name: 'سياسة' }])
  t.same(politics.children.map((c: { slug: string }) => c.slug), ['شؤون-عربية', 'الرأي'], 'children by position')
  const opinion = politics.children[1]
  t.same(opinion.path, [{ slug: 'سياسة' }, { slug: 'الرأي' }])
  t.same(opinion.children, [{ slug: 'أعمدة', path: [{ slug: 'سياسة' }, { slug: 'الرأي' }, { slug: 'أعمدة' }] }], 'three levels deep')
})

t.test('section by slug or id', async (t) => {
  const { app, opinion, columns } = await tree(t)
  const q = `query S($slug: String, $id: ID) { section(slug: $slug, id: $id) { ${FIELDS} } }`
  const bySlug = await gql(app, q, { slug: 'الرأي' })
  t.match(bySlug.data.section, { id: opinion.id, slug: 'الرأي', name: 'الرأي', position: 1, parent: { slug: 'سياسة' }, children: [{ slug: 'أعمدة' }] })
  t.same(bySlug.data.section.path.map((s: { slug: string }) => s.slug), ['سياسة', 'الرأي'])
  const byId = await gql(app, q, { id: columns.id })
  t.equal(byId.data.section.slug, 'أعمدة')
  t.same(byId.data.section.path.map((s: { slug: string }) => s.slug), ['سياسة', 'الرأي', 'أعمدة'])
  const upper = await gql(app, q, { id: columns.id.toUpperCase() })
  t.equal(upper.data.section.id, columns.id, 'ids are case-insensitive')

  // Lookups clean the slug the way slugs are made: tashkeel, tatweel and spacing do not matter.
  t.equal((await gql(app, q, { slug: 'الرَّأْي' })).data.section?.id, opinion.id, 'tashkeel ignored')
  t.equal((await gql(app, q, { slug: 'الـرأي' })).data.section?.id, opinion.id, 'tatweel ignored')
  t.equal((await gql(app, q, { slug: 'شؤون عربية' })).data.section?.slug, 'شؤون-عربية', 'spaces become hyphens')

  t.equal((await gql(app, q, { slug: 'لا-يوجد' })).data.section, null, 'unknown slug → null')
  const unknownId = await gql(app, q, { id: '01900000-0000-7000-8000-000000000000' })
  t.equal(unknownId.data.section, null, 'unknown id → null')
  t.same(unknownId.errors, undefined)
})

t.test('section: exactly one of slug or id, well-formed', async (t) => {
  const { app, opinion } = await tree(t)
  const q = 'query S($slug: String, $id: ID) { section(slug: $slug, id: $id) { id } }'
  for (const [vars, field] of [[{}, 'slug'], [{ slug: 'الرأي', id: opinion.id }, 'id'], [{ slug: null, id: null }, 'slug']] as const) {
    const res = await gql(app, q, vars)
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(vars))
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  const badId = await gql(app, q, { id: 'not-a-uuid' })
  t.match(badId.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'id' })
  const longSlug = await gql(app, q, { slug: 'س'.repeat(10_000) })
  t.match(longSlug.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'slug', limit: 200 })
  const sqlish = await gql(app, q, { slug: "'; DROP TABLE sections; --" })
  t.equal(sqlish.data?.section, null, 'SQL-looking input is just a slug that does not exist')
  const wrongType = await gql(app, '{ section(slug: 12) { id } }')
  t.equal(wrongType.status, 400)
  t.equal(wrongType.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED')
})

t.test('Section.lastUpdatedAt covers the subtree and only visible content', async (t) => {
  const { app, db, clock, politics, opinion, columns, economy, empty, arab } = await tree(t)
  await createArticle(db, { sectionId: columns.id, publishedAt: new Date('2026-02-01T10:00:00.000Z') })
  await createArticle(db, { sectionId: opinion.id, publishedAt: new Date('2026-01-15T10:00:00.000Z') })
  await createArticle(db, { sectionId: economy.id, status: 'DRAFT', publishedAt: null })
  await createArticle(db, { sectionId: economy.id, publishedAt: new Date('2026-03-02T00:00:00.000Z') }) // scheduled
  await db.prisma.section.update({ where: { id: arab.id }, data: { contentChangedAt: new Date('2026-02-20T00:00:00.000Z') } })

  const q = 'query S($slug: String) { section(slug: $slug) { lastUpdatedAt } }'
  const at = async (slug: string) => (await gql(app, q, { slug })).data.section.lastUpdatedAt
  t.equal(await at('أعمدة'), '2026-02-01T10:00:00.000Z')
  t.equal(await at('الرأي'), '2026-02-01T10:00:00.000Z', 'a child article counts for its parent')
  t.equal(await at('سياسة'), '2026-02-20T00:00:00.000Z', 'a recorded change in the subtree counts')
  t.equal(await at('اقتصاد'), null, 'drafts and not-yet-live articles do not count')
  t.equal(await at('فارغ'), null, 'nothing ever visible or changed → null')
  clock.set('2026-03-02T00:00:00.000Z')
  t.equal(await at('اقتصاد'), '2026-03-02T00:00:00.000Z', 'a scheduled article counts from its instant')
  t.ok(politics && empty)

  const rest = await app.inject({ url: '/api/v1/sections' })
  t.equal(rest.statusCode, 200)
  const body = rest.json()
  t.same(body.data.map((s: { slug: string }) => s.slug), ['سياسة', 'اقتصاد', 'فارغ'])
  t.match(body.data[0], {
    id: politics.id,
    slug: 'سياسة',
    name: 'سياسة',
    position: 0,
    parentId: null,
    lastUpdatedAt: '2026-02-20T00:00:00.000Z',
    children: [{ slug: 'شؤون-عربية', parentId: politics.id, children: [] }, { slug: 'الرأي', children: [{ slug: 'أعمدة', lastUpdatedAt: '2026-02-01T10:00:00.000Z', children: [] }] }],
  })
  t.equal(body.data[2].lastUpdatedAt, null)
})

t.test('an empty site has no sections', async (t) => {
  const { app } = await build(t)
  t.same((await gql(app, '{ sections { id } }')).data, { sections: [] })
  t.same((await app.inject({ url: '/api/v1/sections' })).json(), { data: [] })
})
