// The section tree is kept in memory between requests and reused only while the version stored
// beside it (moved by triggers on sections) says it is current: an article page then costs its one
// statement, and a section changed by anyone (another instance, a CLI, plain SQL) shows at once.
import t from 'tap'
import { SectionsRepository } from '../../src/modules/sections/sections.repository.ts'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql, TestClock } from '../helper.ts'

import { isBackground, startWireCounter } from '../support/wire-counter.ts'

const PAGE = 'query ($slug: String!) { article(slug: $slug) { id section { name slug path { name } } } }'

t.test('a cached tree serves article pages until a section changes, whoever changes it', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  // One clock for both instances, as real ones share time: with two frozen clocks, b's "now" is
  // a's future, so a would keep re-arming its go-live timer for b's publication (a background
  // transaction loop that lands in the page's statements).
  const clock = new TestClock()
  const a = await buildOn(t, wire.url, { clock })
  const b = await buildOn(t, url, { clock }) // a second instance on the same database
  const news = await createSection(a.db, { name: 'أخبار', slug: 'news' })
  const local = await createSection(a.db, { name: 'محليات', slug: 'local', parentId: news.id })
  const world = await createSection(a.db, { name: 'دولي', slug: 'world' })
  await createArticle(a.db, { sectionId: local.id, slug: 'story', publishedAt: new Date(a.clock.now().getTime() - 60_000) })

  const read = async () => {
    await wire.settle() // background work of earlier writes (events, timers) is not this request's
    wire.reset()
    const res = await gql(a.app, PAGE, { slug: 'story' })
    t.same(res.errors, undefined)
    // The request's own statements: the event listener and the go-live timer (which re-reads the
    // next scheduled instant after each content event) share the wire.
    return { section: res.data.article.section, statements: wire.statements().filter((s) => !isBackground(s)) }
  }
  const version = async () => (await a.db.pool.query<{ v: string }>('SELECT version::text AS v FROM section_tree_version')).rows[0]?.v

  const first = await read()
  t.same(first.section.path.map((s: { name: string }) => s.name), ['أخبار', 'محليات'])
  t.equal(first.statements.length, 2, `a cold instance reads the article, then the tree: ${first.statements.join(' | ').slice(0, 600)}`)
  const warm = await read()
  t.equal(warm.statements.length, 1, 'warm: the article statement alone; the path comes from memory')
  t.match(warm.statements[0], /section_tree_version/, 'that statement read the tree version with the row')

  // Another instance renames the section through the API.
  const editor = await createToken(b.db, 'EDITOR')
  const renamed = await gql(b.app, 'mutation ($id: ID!) { updateSection(id: $id, input: { name: "شؤون محلية" }) { name } }', { id: local.id }, { token: editor })
  t.same(renamed.errors, undefined)
  const afterApi = await read()
  t.equal(afterApi.section.name, 'شؤون محلية', 'the rename made on another instance shows at once')
  t.equal(afterApi.statements.length, 2, 'the changed version made this instance reload the tree once')
  t.equal((await read()).statements.length, 1, 'and then reuse it')

  // Plain SQL, as a migration script or psql would: a move to another parent.
  await a.db.pool.query('UPDATE sections SET parent_id = $1 WHERE id = $2', [world.id, local.id])
  t.same((await read()).section.path.map((s: { name: string }) => s.name), ['دولي', 'شؤون محلية'], 'a move by plain SQL shows at once')

  // Article writes stamp sections.content_changed_at but leave the structure, and the version, alone.
  const before = await version()
  wire.reset()
  const created = await gql(b.app, 'mutation ($input: ArticleInput!) { createArticle(input: $input) { id } }', {
    input: { sectionId: local.id, title: 'خبر جديد', paragraphs: ['نص'] },
  }, { token: editor })
  t.same(created.errors, undefined)
  const published = await gql(b.app, 'mutation ($id: ID!) { publishArticle(id: $id) { id } }', { id: created.data.createArticle.id }, { token: editor })
  t.same(published.errors, undefined)
  t.equal(await version(), before, 'publishing an article does not move the tree version')
  // The writes were b's; a hears of the publication through LISTEN and reads the site's
  // freshness to announce it, at a moment of its own. Wait for that (a loaded machine can take
  // longer than settle's quiet window to deliver it), so it is not counted as the page's.
  const announced = () => wire.statements().filter((text) => /site_state s WHERE s\.id = 1/.test(text)).length
  const deadline = Date.now() + 5_000
  while (announced() < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  const kept = await read()
  t.equal(kept.statements.length, 1, `so article pages keep the cached tree: ${kept.statements.map((x) => x.slice(0, 120)).join(' | ')}`)

  // A rolled-back section change moves nothing.
  const client = await a.db.pool.connect()
  try {
    await client.query('BEGIN')
    await client.query("UPDATE sections SET name = 'ملغى' WHERE id = $1", [local.id])
    await client.query('ROLLBACK')
  } finally {
    client.release()
  }
  t.equal(await version(), before, 'a rolled-back change leaves the version')
  t.equal((await read()).section.name, 'شؤون محلية')

  // Deleting every section (TRUNCATE too) moves it.
  await a.db.pool.query('TRUNCATE sections CASCADE')
  t.not(await version(), before, 'TRUNCATE moves the version')
  const gone = await gql(a.app, '{ sections { id } }')
  t.same(gone.data.sections, [], 'the emptied tree shows at once')
})

t.test('the tree statement sends the rows only when the version differs', async (t) => {
  const url = await createTestDatabase(t)
  const { db } = await buildOn(t, url)
  await createSection(db, { name: 'أخبار', slug: 'news' })
  const repo = new SectionsRepository(db)
  const cold = await repo.tree(null)
  t.equal(cold.rows?.length, 1)
  t.same(await repo.tree(cold.version), { version: cold.version, rows: null }, 'unchanged: the version alone')
  await createSection(db, { name: 'رياضة', slug: 'sport' })
  const changed = await repo.tree(cold.version)
  t.equal(changed.rows?.length, 2, 'changed: every row')
  t.ok(BigInt(changed.version) > BigInt(cold.version))
})
