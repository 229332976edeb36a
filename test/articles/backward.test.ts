// Backward pagination (issue 18, part 7) of the article lists: last/before over GraphQL
// (Query.articles, Section.articles, Author.articles, the staff list) and REST (before=), walked
// both ways over the same list: the pages agree, articles with equal publishedAt included.
import t from 'tap'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock } from '../helper.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const LIST = 'query L($section: String, $first: Int, $after: String, $last: Int, $before: String, $status: [ArticleStatus!]) { articles(section: $section, first: $first, after: $after, last: $last, before: $before, status: $status) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }'

t.test('walking forward and backward gives the same list, page for page', async (t) => {
  const { app, db } = await build(t, { clock: new TestClock(NOW) })
  const editor = await createToken(db, 'EDITOR')
  const news = await createSection(db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const sport = await createSection(db, { name: 'رياضة', slug: 'رياضة' })
  for (let i = 0; i < 23; i++) {
    // pairs share a publishedAt: the id breaks the tie both ways
    await createArticle(db, { sectionId: [news.id, local.id, sport.id][i % 3] as string, publishedAt: new Date(NOW.getTime() - Math.floor(i / 2) * 60_000) })
  }
  await createArticle(db, { sectionId: news.id, status: 'DRAFT', publishedAt: null })
  await createArticle(db, { sectionId: local.id, publishedAt: new Date(NOW.getTime() + 3_600_000) }) // scheduled

  const run = async (variables: Record<string, unknown>, token?: string) => {
    const res = await gql(app, LIST, variables, { token })
    t.same(res.errors, undefined)
    return res.data.articles
  }
  const walks = async (base: Record<string, unknown>, size: number, token?: string) => {
    const forward: string[][] = []
    let page = await run({ ...base, first: size }, token)
    forward.push(page.edges.map((e: any) => e.node.id))
    while (page.pageInfo.hasNextPage) {
      page = await run({ ...base, first: size, after: page.pageInfo.endCursor }, token)
      forward.push(page.edges.map((e: any) => e.node.id))
    }
    const backward: string[][] = []
    page = await run({ ...base, last: size }, token)
    t.equal(page.pageInfo.hasNextPage, false, 'the list\'s end: nothing after')
    backward.unshift(page.edges.map((e: any) => e.node.id))
    while (page.pageInfo.hasPreviousPage) {
      page = await run({ ...base, last: size, before: page.pageInfo.startCursor }, token)
      t.equal(page.pageInfo.hasNextPage, true)
      backward.unshift(page.edges.map((e: any) => e.node.id))
    }
    return { forward, backward, total: page.totalCount }
  }

  const all = await walks({}, 5)
  t.equal(all.total, 23)
  t.same(all.backward.flat(), all.forward.flat(), 'the same 23 articles in the same order')
  t.equal(new Set(all.forward.flat()).size, 23, 'each once')
  t.same(all.backward.at(-1), all.forward.flat().slice(-5), 'the first page backward holds the list\'s last five articles')

  // from any page, before=startCursor is exactly the page before it
  const second = await run({ first: 5, after: (await run({ first: 5 })).pageInfo.endCursor })
  const back = await run({ last: 5, before: second.pageInfo.startCursor })
  t.same(back.edges.map((e: any) => e.node.id), all.forward[0], 'before the second page: the first page')
  t.equal(back.pageInfo.hasPreviousPage, false, 'and nothing before it')

  const section = await walks({ section: 'أخبار' }, 4)
  t.same(section.backward.flat(), section.forward.flat(), 'a section with its subsections, both ways')
  t.equal(section.forward.flat().length, 16)
  const staff = await walks({ status: ['DRAFT', 'SCHEDULED', 'PUBLISHED'] }, 6, editor)
  t.same(staff.backward.flat(), staff.forward.flat(), 'the staff list (drafts by creation time), both ways')
  t.equal(staff.forward.flat().length, 25)

  const nested = await gql(app, 'query S($slug: String!, $before: String) { section(slug: $slug) { articles(last: 3, before: $before) { edges { node { id } } } } }', { slug: 'رياضة' })
  const sportForward = (await run({ section: 'رياضة', first: 100 })).edges.map((e: any) => e.node.id)
  t.same(nested.data.section.articles.edges.map((e: any) => e.node.id), sportForward.slice(-3), 'Section.articles(last:)')

  // REST: before=<startCursor>
  const page2 = await app.inject({ url: `/api/v1/articles?limit=5&cursor=${encodeURIComponent((await run({ first: 5 })).pageInfo.endCursor)}` })
  t.equal(page2.json().pageInfo.hasPreviousPage, true)
  const page1 = await app.inject({ url: `/api/v1/articles?limit=5&before=${encodeURIComponent(page2.json().pageInfo.startCursor)}` })
  t.same(page1.json().data.map((a: any) => a.id), all.forward[0], 'REST: the page before')
  t.same(Object.keys(page1.json().pageInfo).sort(), ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor'])

  // bad input
  for (const [variables, field] of [[{ last: -1 }, 'last'], [{ last: 101 }, 'last'], [{ before: 'nope' }, 'before'], [{ last: 2, before: second.pageInfo.startCursor, after: second.pageInfo.endCursor }, 'before']] as const) {
    const res = await gql(app, LIST, variables)
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(variables).slice(0, 50))
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  const foreign = await gql(app, LIST, { section: 'رياضة', last: 2, before: second.pageInfo.startCursor })
  t.equal(foreign.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a cursor of another list')
  problem(t, await app.inject({ url: '/api/v1/articles?before=nope' }), 400, 'BAD_USER_INPUT')
  problem(t, await app.inject({ url: `/api/v1/articles?before=${encodeURIComponent(second.pageInfo.startCursor)}&cursor=${encodeURIComponent(second.pageInfo.endCursor)}` }), 400, 'BAD_USER_INPUT')
})
