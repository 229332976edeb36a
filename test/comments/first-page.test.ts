// An article page's first page of comments comes in the article's own statement (a lookahead on
// `comments`). It must be exactly the page the thread's own statement gives, with cursors that
// continue it, and fall back to that statement whenever it cannot stand in for it.
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, gql } from '../helper.ts'
import { countedDatabase, isBackground } from '../support/wire-counter.ts'

const PAGE = 'edges { node { id body } } pageInfo { hasNextPage endCursor }'

t.test('the first page of comments rides in the article statement', async (t) => {
  const wire = await countedDatabase(t)
  const { app, db, clock } = await buildOn(t, wire.url)
  const section = await createSection(db, { slug: 'news' })
  const article = await createArticle(db, { sectionId: section.id, slug: 'story', publishedAt: new Date(clock.now().getTime() - 3_600_000) })
  const other = await createArticle(db, { sectionId: section.id, slug: 'other', publishedAt: new Date(clock.now().getTime() - 7_200_000) })
  // 25 approved top-level comments (every fifth pair shares its instant: the id breaks the tie),
  // plus what the page must leave out: pending and rejected ones, replies, another article's.
  const base = clock.now().getTime() - 600_000
  await db.pool.query(`
    INSERT INTO comments (id, article_id, author_name, body, status, created_at, client_hash)
    SELECT gen_random_uuid(), $1, 'قارئ', 'تعليق ' || g, 'APPROVED', to_timestamp(($2::bigint + (g / 2) * 1000) / 1000.0), 'test'
      FROM generate_series(1, 25) g`, [article.id, base])
  await db.pool.query(`
    INSERT INTO comments (id, article_id, author_name, body, status, created_at, client_hash)
    SELECT gen_random_uuid(), $1, 'قارئ', 'مخفي ' || g, (ARRAY['PENDING', 'REJECTED', 'SPAM'])[1 + g % 3]::"CommentStatus", to_timestamp(($2::bigint + g * 700) / 1000.0), 'test'
      FROM generate_series(1, 6) g`, [article.id, base])
  await db.pool.query(`
    INSERT INTO comments (id, article_id, parent_id, author_name, body, status, created_at, client_hash)
    SELECT gen_random_uuid(), article_id, id, 'قارئ', 'رد', 'APPROVED', created_at + interval '1 second', 'test'
      FROM comments WHERE article_id = $1 AND status = 'APPROVED' LIMIT 3`, [article.id])
  await db.pool.query('INSERT INTO comments (id, article_id, author_name, body, status, created_at, client_hash) VALUES (gen_random_uuid(), $1, \'قارئ\', \'آخر\', \'APPROVED\', $2, \'test\')', [other.id, new Date(base)])
  const { rows } = await db.pool.query<{ id: string }>(`
    SELECT id FROM comments WHERE article_id = $1 AND parent_id IS NULL AND status = 'APPROVED' ORDER BY created_at, id`, [article.id])
  const expected = rows.map((r) => r.id)
  t.equal(expected.length, 25)

  const request = async (query: string, variables: Record<string, unknown> = {}) => {
    await wire.settle() // background work of earlier writes (events, timers) is not this request's
    wire.reset()
    const res = await gql(app, query, variables)
    t.same(res.errors, undefined, 'no errors')
    return { data: res.data, statements: wire.statements().filter((s) => !isBackground(s)) }
  }
  const ids = (page: { edges: Array<{ node: { id: string } }> }) => page.edges.map((e) => e.node.id)

  await request('{ article(slug: "story") { id section { name } } }') // a warm pool and section tree
  const one = await request(`query ($n: Int) { article(slug: "story") { id section { name } comments(first: $n) { ${PAGE} } } }`, { n: 20 })
  t.same(ids(one.data.article.comments), expected.slice(0, 20), 'the oldest 20 approved top-level comments, in order')
  t.equal(one.data.article.comments.pageInfo.hasNextPage, true)
  t.equal(one.statements.length, 1, `one statement for the article, its section and its comments: ${one.statements.join(' | ').slice(0, 300)}`)
  t.match(one.statements[0], /FROM comments c/)

  // The same page through the thread's own statement (an article in a list carries no prefetch).
  const listed = await request(`{ articles(first: 1) { edges { node { id comments(first: 20) { ${PAGE} } } } } }`)
  t.equal(listed.data.articles.edges[0].node.id, article.id)
  t.same(listed.data.articles.edges[0].node.comments, one.data.article.comments, 'identical to the thread statement\'s page, cursors included')

  // Its cursor continues through the thread's own statement.
  const next = await request(`query ($after: String) { article(slug: "story") { comments(first: 20, after: $after) { ${PAGE} } } }`, { after: one.data.article.comments.pageInfo.endCursor })
  t.same(ids(next.data.article.comments), expected.slice(20), 'the next page has the remaining 5, no gap, no repeat')
  t.equal(next.data.article.comments.pageInfo.hasNextPage, false)
  t.equal(next.statements.length, 2, 'a cursor page needs the thread statement')

  // Default size, exact size, empty, totalCount and aliases.
  const dflt = await request('{ article(slug: "story") { comments { edges { node { id } } } } }')
  t.same(ids(dflt.data.article.comments), expected.slice(0, 20), 'the default page size is 20')
  t.equal(dflt.statements.length, 1)
  const all = await request(`{ article(slug: "story") { comments(first: 25) { ${PAGE} } } }`)
  t.same(ids(all.data.article.comments), expected)
  t.equal(all.data.article.comments.pageInfo.hasNextPage, false, 'exactly the thread: no next page')
  const none = await request(`{ article(slug: "other") { comments(first: 0) { ${PAGE} } } }`)
  t.same(none.data.article.comments.edges, [])
  t.equal(none.data.article.comments.pageInfo.hasNextPage, true, 'first: 0 still says there are comments')
  const counted = await request('{ article(slug: "story") { comments(first: 2) { totalCount edges { node { id } } } } }')
  t.equal(counted.data.article.comments.totalCount, 25, 'totalCount counts approved top-level comments')
  t.same(ids(counted.data.article.comments), expected.slice(0, 2))
  t.equal(counted.statements.length, 2, 'a count is the thread statement\'s job')
  const aliased = await request('{ article(slug: "story") { a: comments(first: 3) { edges { node { id } } } b: comments(first: 5) { edges { node { id } } } } }')
  t.same(ids(aliased.data.article.a), expected.slice(0, 3), 'aliases with different sizes each get their own page')
  t.same(ids(aliased.data.article.b), expected.slice(0, 5))
  const fragment = await request('query { article(slug: "story") { ...C } } fragment C on Article { comments(first: 4) { edges { node { id } } } }')
  t.same(ids(fragment.data.article.comments), expected.slice(0, 4), 'through a fragment')
  t.equal(fragment.statements.length, 1)

  // A bad size is still refused by the thread, with the same error as before.
  const tooMany = await gql(app, '{ article(slug: "story") { comments(first: 1000) { edges { node { id } } } } }')
  t.equal(tooMany.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT')
  t.match(tooMany.errors?.[0]?.message, /first must be between 0 and 100/)

  // A moderation decision shows on the next read: nothing is cached between requests.
  await db.pool.query("UPDATE comments SET status = 'REJECTED' WHERE id = $1", [expected[0]])
  const after = await request('{ article(slug: "story") { comments(first: 2) { edges { node { id } } } } }')
  t.same(ids(after.data.article.comments), expected.slice(1, 3))
})
