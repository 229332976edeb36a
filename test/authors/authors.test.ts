// Authors (issue 18, part 3): authors as entities managed by editors, credited on articles in
// order, author(slug) with its visible articles as a connection, REST, the reader's author pages
// and article bylines, the author's feed; roles and bad input that change nothing; statements
// for a list of articles with their authors do not grow with the list.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, buildOn, createTestDatabase, gql, problem, TestClock, type GqlResult, type TestApp } from '../helper.ts'
import { parseXml, xmlError } from '../support/xml.ts'
import { startWireCounter } from '../support/wire-counter.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const CREATE = 'mutation A($input: AuthorInput!) { createAuthor(input: $input) { id slug name bio avatar { url alt } } }'
const UPDATE = 'mutation U($id: ID!, $input: UpdateAuthorInput!) { updateAuthor(id: $id, input: $input) { id slug name bio avatar { url } } }'
const DELETE = 'mutation D($id: ID!) { deleteAuthor(id: $id) }'

interface Setup extends TestApp {
  editor: string
  moderator: string
  sectionId: string
  ed: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
  author: (input: Record<string, unknown>) => Promise<{ id: string, slug: string }>
  write: (title: string, authorIds: string[], published?: boolean) => Promise<{ id: string, slug: string }>
}

async function setupOn (t: Test, ctx: TestApp): Promise<Setup> {
  await ctx.app.ready()
  await ctx.app.events.ready
  const [editor, moderator] = await Promise.all([createToken(ctx.db, 'EDITOR'), createToken(ctx.db, 'MODERATOR')])
  const section = await createSection(ctx.db, { name: 'رأي', slug: 'رأي' })
  const ed = (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token: editor })
  const author = async (input: Record<string, unknown>) => {
    const res = await ed(CREATE, { input })
    t.same(res.errors, undefined, `author ${String(input.name)}`)
    return res.data.createAuthor
  }
  let n = 0
  const write: Setup['write'] = async (title, authorIds, published = true) => {
    const created = await ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id slug } }', { input: { title, sectionId: section.id, paragraphs: ['فقرة.'], authorIds } })
    t.same(created.errors, undefined, `created ${title}`)
    if (!published) return created.data.createArticle
    const at = new Date(NOW.getTime() - (100 - n++) * 60_000).toISOString()
    return (await ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id slug } }', { id: created.data.createArticle.id, at })).data.publishArticle
  }
  return { ...ctx, editor, moderator, sectionId: section.id, ed, author, write }
}

const setup = async (t: Test) => setupOn(t, await build(t, { clock: new TestClock(NOW) }))

t.test('authors credited in order; author(slug) lists their visible articles; REST the same', async (t) => {
  const s = await setup(t)
  const salma = await s.author({ name: 'سلمى الأحمد', bio: 'مراسلة الشؤون الاقتصادية.', avatar: { url: 'https://cdn.example/سلمى.jpg', alt: 'سلمى' } })
  t.equal(salma.slug, 'سلمى-الأحمد', 'the slug from the name, Arabic kept')
  const omar = await s.author({ name: 'Omar Haddad', slug: 'omar' })
  const twin = await s.author({ name: 'سلمى الأحمد' })
  t.equal(twin.slug, 'سلمى-الأحمد-2', 'a taken generated slug gets -2')

  const both = await s.write('مقال مشترك', [omar.id, salma.id])
  const solo = await s.write('مقال سلمى', [salma.id])
  await s.write('مسودة سلمى', [salma.id], false)

  const article = await gql(s.app, 'query A($id: ID!) { article(id: $id) { authors { name slug } byline } }', { id: both.id })
  t.same(article.data.article.authors, [{ name: 'Omar Haddad', slug: 'omar' }, { name: 'سلمى الأحمد', slug: 'سلمى-الأحمد' }], 'in the article\'s order')
  const page = await gql(s.app, 'query P($slug: String!) { author(slug: $slug) { name bio avatar { url alt } articles(first: 10) { totalCount edges { node { title } } } } }', { slug: 'سلمى-الأحمد' })
  t.same(page.data.author.articles.edges.map((e: any) => e.node.title), ['مقال سلمى', 'مقال مشترك'], 'visible articles only, newest first')
  t.equal(page.data.author.articles.totalCount, 2)
  t.equal(page.data.author.bio, 'مراسلة الشؤون الاقتصادية.')
  t.equal(page.data.author.avatar.alt, 'سلمى')
  t.equal((await gql(s.app, '{ author(slug: "nobody") { id } }')).data.author, null, 'an unknown author is null')
  const byFilter = await gql(s.app, '{ articles(author: "omar") { edges { node { id } } totalCount } }')
  t.same(byFilter.data.articles.edges.map((e: any) => e.node.id), [both.id], 'articles(author:)')
  t.equal((await gql(s.app, '{ articles(author: "nobody") { totalCount } }')).data.articles.totalCount, 0, 'an unknown author: an empty list')
  const long = await gql(s.app, 'query L($author: String) { articles(author: $author) { totalCount } }', { author: 'ك'.repeat(401) })
  t.equal(long.errors?.[0]?.extensions?.field, 'author', 'an oversized author filter names its field')
  const node = await gql(s.app, 'query N($id: ID!) { node(id: $id) { __typename ... on Author { name } } }', { id: omar.id })
  t.same(node.data.node, { __typename: 'Author', name: 'Omar Haddad' }, 'node(id) finds authors')
  t.same((await gql(s.app, '{ authors { name } }')).data.authors.map((a: any) => a.name), ['Omar Haddad', 'سلمى الأحمد', 'سلمى الأحمد'], 'every author by name')

  // an edit of the credits is a new version with a revision
  const edited = await s.ed('mutation U($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { version authors { slug } revisions { version } } }', { id: solo.id, input: { authorIds: [omar.id, salma.id, omar.id] } })
  t.same(edited.data.updateArticle.authors.map((a: any) => a.slug), ['omar', 'سلمى-الأحمد'], 'duplicates dropped, order kept')
  t.equal(edited.data.updateArticle.version, 3)

  const rest = await s.app.inject({ url: `/api/v1/articles?author=${encodeURIComponent('omar')}` })
  t.same(rest.json().data.map((a: any) => [a.id, a.authorIds]), [[solo.id, [omar.id, salma.id]], [both.id, [omar.id, salma.id]]], 'REST: the filter and authorIds')
  const one = await s.app.inject({ url: `/api/v1/authors/${encodeURIComponent('سلمى-الأحمد')}` })
  t.same(one.json().data, { id: salma.id, slug: 'سلمى-الأحمد', name: 'سلمى الأحمد', bio: 'مراسلة الشؤون الاقتصادية.', avatar: { url: 'https://cdn.example/سلمى.jpg', alt: 'سلمى', caption: null, credit: null, width: null, height: null } })
  problem(t, await s.app.inject({ url: '/api/v1/authors/nobody' }), 404, 'NOT_FOUND')
  t.equal((await s.app.inject({ url: '/api/v1/authors' })).json().data.length, 3)

  // the author's feed
  const feed = await s.app.inject({ url: '/feeds/authors/omar/rss.xml' })
  t.equal(feed.statusCode, 200)
  t.equal(xmlError(feed.body), null)
  const { rss } = parseXml(feed.body)
  t.match(rss.channel.title, /^Omar Haddad · /)
  t.same([rss.channel.item].flat().map((i: any) => i.title), ['مقال سلمى', 'مقال مشترك'])
  problem(t, await s.app.inject({ url: '/feeds/authors/nobody/feed.json' }), 404, 'NOT_FOUND')
})

t.test('author writes: roles, bad input and deletion rules change nothing they should not', async (t) => {
  const s = await setup(t)
  const a = await s.author({ name: 'كاتب' })
  await s.author({ name: 'Taken', slug: 'taken' })
  const cases: Array<[string, string, Record<string, unknown>, string, string?]> = [
    ['empty name', CREATE, { input: { name: '  ' } }, 'BAD_USER_INPUT', 'input.name'],
    ['name too long', CREATE, { input: { name: 'ك'.repeat(101) } }, 'BAD_USER_INPUT', 'input.name'],
    ['bio too long', CREATE, { input: { name: 'ب', bio: 'ب'.repeat(2001) } }, 'BAD_USER_INPUT', 'input.bio'],
    ['avatar not http', CREATE, { input: { name: 'ب', avatar: { url: 'javascript:alert(1)' } } }, 'BAD_USER_INPUT', 'input.avatar.url'],
    ['taken explicit slug', CREATE, { input: { name: 'ب', slug: 'Taken' } }, 'CONFLICT', 'input.slug'],
    ['slug that looks like an id', CREATE, { input: { name: 'ب', slug: a.id } }, 'BAD_USER_INPUT', 'input.slug'],
    ['null name on update', UPDATE, { id: a.id, input: { name: null } }, 'BAD_USER_INPUT', 'input.name'],
    ['taken slug on update', UPDATE, { id: a.id, input: { slug: 'taken' } }, 'CONFLICT', 'input.slug'],
    ['unknown author', UPDATE, { id: '01890000-0000-7000-8000-000000000000', input: { name: 'x' } }, 'NOT_FOUND'],
    ['malformed id', DELETE, { id: 'x' }, 'BAD_USER_INPUT', 'id'],
  ]
  for (const [name, query, variables, code, field] of cases) {
    const res = await s.ed(query, variables)
    t.equal(res.errors?.[0]?.extensions?.code, code, name)
    if (field) t.equal(res.errors?.[0]?.extensions?.field, field, `${name}: the field`)
  }
  t.ok((await s.ed(CREATE, { input: { name: 5 } })).errors?.length, 'a wrong type')
  t.ok((await s.ed(CREATE, { input: { bio: 'x' } })).errors?.length, 'a missing name')
  t.same((await gql(s.app, '{ authors { slug } }')).data.authors.map((x: any) => x.slug).sort(), ['taken', 'كاتب'], 'no refused write created anything')

  for (const [role, token, code] of [['anonymous', undefined, 'UNAUTHENTICATED'], ['MODERATOR', s.moderator, 'FORBIDDEN']] as const) {
    for (const [query, variables] of [[CREATE, { input: { name: 'x' } }], [UPDATE, { id: a.id, input: { name: 'x' } }], [DELETE, { id: a.id }]] as const) {
      t.equal((await gql(s.app, query, variables, { token })).errors?.[0]?.extensions?.code, code, `${role}: ${query.slice(9, 21)}`)
    }
  }

  // crediting: unknown ids are refused; a credited author cannot be deleted
  const unknown = await s.ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: 'x', sectionId: s.sectionId, paragraphs: ['p'], authorIds: [a.id, '01890000-0000-7000-8000-000000000000'] } })
  t.equal(unknown.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'an unknown author id')
  t.equal(unknown.errors?.[0]?.extensions?.field, 'input.authorIds.1')
  const tooMany = await s.ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }', { input: { title: 'x', sectionId: s.sectionId, paragraphs: ['p'], authorIds: Array.from({ length: 11 }, () => a.id) } })
  t.equal(tooMany.errors?.[0]?.extensions?.limit, 10, 'at most 10 authors')
  const story = await s.write('مقال', [a.id])
  const refused = await s.ed(DELETE, { id: a.id })
  t.equal(refused.errors?.[0]?.extensions?.code, 'CONFLICT', 'credited on an article: CONFLICT')
  await s.ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: story.id })
  t.equal((await s.ed(DELETE, { id: a.id })).data?.deleteAuthor, a.id, 'once the article is deleted, the author can go')

  // REST writes
  const created = await s.app.inject({ method: 'POST', url: '/api/v1/authors', headers: { authorization: `Bearer ${s.editor}` }, payload: { name: 'Rest Writer' } })
  t.equal(created.statusCode, 201)
  t.equal(created.json().data.slug, 'rest-writer')
  problem(t, await s.app.inject({ method: 'POST', url: '/api/v1/authors', headers: { authorization: `Bearer ${s.editor}` }, payload: { name: 'x', twitter: '@x' } }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ method: 'POST', url: '/api/v1/authors', payload: { name: 'x' } }), 401, 'UNAUTHENTICATED')
  const patched = await s.app.inject({ method: 'PATCH', url: `/api/v1/authors/${created.json().data.id}`, headers: { authorization: `Bearer ${s.editor}` }, payload: { bio: 'Writes.' } })
  t.equal(patched.json().data.bio, 'Writes.')
  const removed = await s.app.inject({ method: 'DELETE', url: `/api/v1/authors/${created.json().data.id}`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(removed.statusCode, 200)
})

t.test('the reader\'s author page and bylines', async (t) => {
  const s = await setup(t)
  const salma = await s.author({ name: 'سلمى الأحمد', bio: 'مراسلة <b>اقتصادية</b>.' })
  const omar = await s.author({ name: 'عمر حداد' })
  const story = await s.write('مقال مشترك', [salma.id, omar.id])

  const $ = cheerio.load((await s.app.inject({ url: `/articles/${encodeURIComponent(story.slug)}` })).body)
  t.same($('.byline a').map((_i, a) => [[$(a).text(), $(a).attr('href')]]).get(), [['سلمى الأحمد', `/authors/${encodeURIComponent('سلمى-الأحمد')}`], ['عمر حداد', `/authors/${encodeURIComponent('عمر-حداد')}`]], 'the byline links the authors in order')
  const ld = JSON.parse($('script[type="application/ld+json"]').text())
  t.same(ld.author.map((p: any) => p.name), ['سلمى الأحمد', 'عمر حداد'], 'JSON-LD credits them')

  const res = await s.app.inject({ url: `/authors/${encodeURIComponent('سلمى-الأحمد')}` })
  t.equal(res.statusCode, 200)
  const page = cheerio.load(res.body)
  t.equal(page('h1').text(), 'سلمى الأحمد')
  t.equal(page('.bio').text(), 'مراسلة <b>اقتصادية</b>.', 'the bio is text, escaped')
  t.equal(page('.bio b').length, 0)
  t.same(page('.article-list h2').map((_i, h) => page(h).text()).get(), ['مقال مشترك'])
  t.ok(page('link[rel="alternate"]').map((_i, l) => page(l).attr('href')).get().includes(`/feeds/authors/${encodeURIComponent('سلمى-الأحمد')}/atom.xml`), 'the author\'s feeds are linked')
  t.equal((await s.app.inject({ url: '/authors/nobody' })).statusCode, 404)
})

t.test('a list of articles with their authors costs the same statements at 3 and at 30 articles', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const s = await setupOn(t, await buildOn(t, wire.url, { clock: new TestClock(NOW) }))
  const people = [await s.author({ name: 'أ' }), await s.author({ name: 'ب' })]
  const QUERY = '{ articles(first: 50) { edges { node { title authors { name } } } } authors { name articles(first: 2) { edges { node { id } } } } }'
  const count = async () => {
    await gql(s.app, QUERY)
    await wire.settle()
    wire.reset()
    const res = await gql(s.app, QUERY)
    t.same(res.errors, undefined)
    return wire.count()
  }
  for (let i = 0; i < 3; i++) await s.write(`خبر ${i}`, [people[i % 2]?.id as string])
  const few = await count()
  for (let i = 3; i < 30; i++) await s.write(`خبر ${i}`, [people[i % 2]?.id as string])
  const many = await count()
  t.equal(many, few, `${few} statements either way`)
  t.ok(few <= 5, `a constant few (${few}): the tree's version check, the list, its authors, the authors, their lists`)
})
