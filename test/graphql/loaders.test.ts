// Batched fields (src/graphql/loaders.ts): a page of parents costs one statement per field, each
// parent gets its own answer, and the same field asked twice of one parent (aliases with the same
// arguments) is fetched once: a call is its parent's identity and its arguments.
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql } from '../helper.ts'
import { startWireCapture } from '../support/pg-wire.ts'
import { isBackground, startWireCounter } from '../support/wire-counter.ts'

t.test('batched fields: one statement per field for a page, each parent its own answer, aliases fetched once', async (t) => {
  // the proxy's statements with their parameters: which parents a batch asked for
  const capture = await startWireCapture(await createTestDatabase(t))
  t.teardown(() => capture.close())
  const wire = await startWireCounter(capture.url) // only to wait for quiet
  t.teardown(() => wire.close())
  const { app, db, clock } = await buildOn(t, wire.url)
  const section = await createSection(db, { slug: 'news' })
  const hour = 3_600_000
  const older = await createArticle(db, { sectionId: section.id, slug: 'older', publishedAt: new Date(clock.now().getTime() - 2 * hour) })
  const newer = await createArticle(db, { sectionId: section.id, slug: 'newer', publishedAt: new Date(clock.now().getTime() - hour) })
  // three approved comments on each article, each with one reply
  for (const [article, tag] of [[older, 'o'], [newer, 'n']] as const) {
    await db.pool.query(`
      INSERT INTO comments (id, article_id, author_name, body, status, created_at, client_hash)
      SELECT gen_random_uuid(), $1, 'قارئ', $2 || g, 'APPROVED', now() - interval '1 minute' * (10 - g), 'test' FROM generate_series(1, 3) g`, [article.id, tag])
    await db.pool.query(`
      INSERT INTO comments (id, article_id, parent_id, author_name, body, status, created_at, client_hash)
      SELECT gen_random_uuid(), article_id, id, 'قارئ', 'رد على ' || body, 'APPROVED', created_at + interval '1 second', 'test'
        FROM comments WHERE article_id = $1 AND parent_id IS NULL`, [article.id])
  }
  const request = async (query: string) => {
    await wire.settle()
    capture.reset()
    const res = await gql(app, query)
    t.same(res.errors, undefined, 'no errors')
    const threads = capture.statements().filter((s) => !isBackground(s.text) && /FROM comments c/.test(s.text))
    return { data: res.data, threads: threads.map((s) => s.text), params: threads.map((s) => s.params.map((p) => String(p)).join(' ')) }
  }
  await request('{ articles(first: 2) { edges { node { id } } } }') // a warm pool and section tree

  const page = await request(`{ articles(first: 2) { edges { node { slug
    comments(first: 3) { edges { node { body replies(first: 5) { edges { node { body } } } } } } } } } }`)
  const bodies = page.data.articles.edges.map((e: any) => ({
    slug: e.node.slug,
    comments: e.node.comments.edges.map((c: any) => [c.node.body, c.node.replies.edges.map((r: any) => r.node.body)]),
  }))
  t.same(bodies, [
    { slug: 'newer', comments: [['n1', ['رد على n1']], ['n2', ['رد على n2']], ['n3', ['رد على n3']]] },
    { slug: 'older', comments: [['o1', ['رد على o1']], ['o2', ['رد على o2']], ['o3', ['رد على o3']]] },
  ], 'each article its own comments, each comment its own replies')
  t.equal(page.threads.length, 2, `one statement for both articles' comments, one for the six comments' replies: ${page.threads.join(' | ').slice(0, 300)}`)

  const aliased = await request(`{ articles(first: 1) { edges { node {
    a: comments(first: 2) { edges { node { body } } }
    b: comments(first: 2) { edges { node { body } } }
    c: comments(first: 1) { edges { node { body } } } } } } }`)
  const node = aliased.data.articles.edges[0].node
  t.same(node.a, node.b, 'the same arguments: the same answer')
  t.same(node.a.edges.map((e: any) => e.node.body), ['n1', 'n2'])
  t.same(node.c.edges.map((e: any) => e.node.body), ['n1'], 'other arguments: an answer of their own')
  t.equal(aliased.threads.length, 1, 'the calls in one statement')
  const asked = (aliased.params[0] ?? '').split(newer.id).length - 1
  t.equal(asked, 2, 'the article asked for twice: once for a and b (the same arguments), once for c')
})
