// "Last updated", exactly as PRODUCT.md "Content state" defines it, one rule at a time, with the
// clock under the test's control (no sleeping).
import t from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

const at = (minutes: number): Date => new Date(Date.UTC(2026, 2, 1, 12, minutes))

t.test('what moves Site.lastUpdatedAt, contentVersion and Section.lastUpdatedAt, and what does not', async (t) => {
  const clock = new TestClock(at(0))
  const { app, db } = await build(t, { clock })
  await db.prisma.siteState.update({ where: { id: 1 }, data: { createdAt: at(0), contentChangedAt: at(0) } })
  const politics = await createSection(db, { name: 'سياسة', slug: 'سياسة', position: 0 })
  const opinion = await createSection(db, { name: 'الرأي', slug: 'الرأي', parentId: politics.id })
  const sport = await createSection(db, { name: 'رياضة', slug: 'رياضة', position: 1 })
  const token = await createToken(db, 'EDITOR')
  const ed = (query: string, variables?: Record<string, unknown>) => gql(app, query, variables, { token }).then((r) => {
    t.same(r.errors, undefined, 'the write succeeds')
    return r.data
  })

  interface Freshness { site: string, version: string, politics: string | null, opinion: string | null, sport: string | null }
  const read = async (): Promise<Freshness> => {
    const res = await gql(app, `{
      site { lastUpdatedAt contentVersion }
      politics: section(slug: "سياسة") { lastUpdatedAt }
      opinion: section(slug: "الرأي") { lastUpdatedAt }
      sport: section(slug: "رياضة") { lastUpdatedAt }
    }`)
    const d = res.data
    return { site: d.site.lastUpdatedAt, version: d.site.contentVersion, politics: d.politics.lastUpdatedAt, opinion: d.opinion.lastUpdatedAt, sport: d.sport.lastUpdatedAt }
  }
  let last = await read()
  t.same(last, { site: at(0).toISOString(), version: last.version, politics: null, opinion: null, sport: null }, 'nothing was ever visible')

  const step = async (minute: number, what: string, write: () => Promise<unknown>, expect: Partial<Freshness> | 'unchanged') => {
    clock.set(at(minute))
    await write()
    const now = await read()
    if (expect === 'unchanged') {
      t.same(now, last, `${what}: nothing moves`)
    } else {
      t.not(now.version, last.version, `${what}: contentVersion changes`)
      t.same({ ...now, version: undefined }, { ...last, ...expect, version: undefined }, `${what}: ${JSON.stringify(expect)}`)
    }
    last = now
  }
  const create = (title: string, sectionId: string) => ed('mutation C($i: ArticleInput!) { createArticle(input: $i) { id } }', { i: { title, paragraphs: ['نص'], sectionId } })
    .then((d) => d.createArticle.id as string)
  const update = (id: string, input: Record<string, unknown>) => ed('mutation U($id: ID!, $i: UpdateArticleInput!) { updateArticle(id: $id, input: $i) { id } }', { id, i: input })
  const publish = (id: string, when?: Date) => ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id, at: when?.toISOString() })

  let a = ''
  await step(1, 'creating a draft', async () => { a = await create('مقال', opinion.id) }, 'unchanged')
  await step(2, 'editing a draft', () => update(a, { title: 'مقال معدل' }), 'unchanged')
  await step(3, 'publishing', () => publish(a), { site: at(3).toISOString(), politics: at(3).toISOString(), opinion: at(3).toISOString() })
  await step(4, 'editing a visible article', () => update(a, { summary: 'ملخص' }), { site: at(4).toISOString(), politics: at(4).toISOString(), opinion: at(4).toISOString() })

  let b = ''
  await step(5, 'creating a second draft', async () => { b = await create('مجدول', sport.id) }, 'unchanged')
  await step(6, 'scheduling it for minute 20 (a publish with an `at`)', () => publish(b, at(20)), { site: at(6).toISOString(), sport: at(6).toISOString() })
  await step(19, 'time passing before the instant', async () => {}, 'unchanged')
  await step(20, 'the scheduled instant passing, with no write', async () => {}, { site: at(20).toISOString(), sport: at(20).toISOString() })
  await step(21, 'editing a scheduled-then-live article in another section', () => update(b, { title: 'مجدول معدل' }), { site: at(21).toISOString(), sport: at(21).toISOString() })

  await step(22, 'moving a visible article to another section', () => update(a, { sectionId: sport.id }), { site: at(22).toISOString(), politics: at(22).toISOString(), opinion: at(22).toISOString(), sport: at(22).toISOString() })
  await step(23, 'moving it back', () => update(a, { sectionId: opinion.id }), { site: at(23).toISOString(), politics: at(23).toISOString(), opinion: at(23).toISOString(), sport: at(23).toISOString() })

  await step(24, 'moving a section that holds a visible article', () => ed('mutation M($id: ID!, $p: ID) { updateSection(id: $id, input: { parentId: $p }) { id } }', { id: opinion.id, p: sport.id }),
    { site: at(24).toISOString(), politics: at(24).toISOString(), opinion: at(24).toISOString(), sport: at(24).toISOString() })

  await step(25, 'unpublishing a visible article', () => ed('mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: a }), { site: at(25).toISOString(), opinion: at(25).toISOString(), sport: at(25).toISOString() })
  let c = ''
  await step(26, 'a third draft', async () => { c = await create('للحذف', politics.id) }, 'unchanged')
  await step(27, 'deleting a draft', () => ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: c }), 'unchanged')
  await step(28, 'deleting a visible article', () => ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: b }), { site: at(28).toISOString(), sport: at(28).toISOString() })
  await step(29, 'unpublishing an archived article again', () => ed('mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: a }), 'unchanged')
  await step(30, 'creating a section', () => ed('mutation { createSection(input: { name: "ثقافة" }) { id } }'), { site: at(30).toISOString() })
  await step(31, 'renaming a section', () => ed('mutation R($id: ID!) { updateSection(id: $id, input: { name: "السياسة" }) { id } }', { id: politics.id }), { site: at(31).toISOString(), politics: at(31).toISOString() })
  await step(32, 'a rejected write', () => gql(app, 'mutation R($id: ID!) { updateSection(id: $id, input: { parentId: $id }) { id } }', { id: politics.id }, { token }), 'unchanged')
})
