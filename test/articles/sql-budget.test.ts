// Constant, minimal SQL: the front page and an article page cost the same number of statements
// with 10 and with 10,000 articles, counted at the wire (BEGIN/COMMIT would count too).
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase, gql } from '../helper.ts'
import { startWireCounter } from '../support/wire-counter.ts'
import { ARTICLE_PAGE, FRONT_PAGE } from './fixtures.ts'

t.test('statements per request', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db, clock } = await buildOn(t, wire.url)
  const now = clock.now()

  const roots = []
  for (let i = 0; i < 10; i++) {
    const root = await createSection(db, { name: `قسم ${i}`, slug: `root-${i}`, position: i })
    const child = await createSection(db, { name: `فرع ${i}`, slug: `child-${i}`, parentId: root.id })
    await createSection(db, { name: `فرع فرعي ${i}`, slug: `grandchild-${i}`, parentId: child.id })
    roots.push(root)
  }
  const all = await db.prisma.section.findMany({ select: { id: true } })
  const first = await createArticle(db, { sectionId: all[0]!.id, slug: 'first-article', publishedAt: new Date(now.getTime() - 60_000) })
  for (let i = 1; i < 10; i++) await createArticle(db, { sectionId: all[i]!.id, publishedAt: new Date(now.getTime() - i * 3_600_000) })

  const measure = async (query: string, variables?: Record<string, unknown>) => {
    const warm = await gql(app, query, variables) // connections opened, pool warm
    t.same(warm.errors, undefined)
    await wire.settle() // earlier writes' background work (events, the go-live timer) is not this request's
    wire.reset()
    const res = await gql(app, query, variables)
    return { count: wire.count(), statements: wire.statements(), data: res.data }
  }

  const small = await measure(FRONT_PAGE)
  const withBodies = await measure(FRONT_PAGE.replace('summary', 'summary paragraphs bodyText'))
  t.equal(withBodies.count, small.count, 'asking for bodies in a list costs no extra statement')
  t.ok(withBodies.data.sections.some((s: any) => s.articles.edges.some((e: any) => e.node.paragraphs.length > 0 && e.node.bodyText.length > 0)))
  const smallArticle = await measure(ARTICLE_PAGE, { slug: 'first-article' })
  t.equal(smallArticle.data.article.id, first.id)

  await db.pool.query(`
    INSERT INTO articles (id, slug, title, summary, paragraphs, language, tags, status, published_at, section_id, updated_at)
    SELECT gen_random_uuid(), 'bulk-' || g, 'مقال رقم ' || g, 'ملخص', ARRAY['فقرة أولى', 'فقرة ثانية'], 'ar', ARRAY['bulk'],
           CASE WHEN g % 10 = 0 THEN 'DRAFT'::"ArticleStatus" ELSE 'PUBLISHED'::"ArticleStatus" END,
           $1::timestamptz - make_interval(mins => g), ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], now()
      FROM generate_series(1, 9990) AS g`, [now, all.map((s) => s.id)])
  await db.pool.query('ANALYZE articles')
  const large = await measure(FRONT_PAGE)
  const largeArticle = await measure(ARTICLE_PAGE, { slug: 'first-article' })

  t.comment(`front page: ${small.count} statements with 10 articles, ${large.count} with 10,000`)
  t.comment(`article page: ${smallArticle.count} statements with 10 articles, ${largeArticle.count} with 10,000`)
  t.equal(small.count, 2, `front page: the section tree's version check, then every list in one statement: ${small.statements.join(' | ').slice(0, 300)}`)
  t.equal(large.count, small.count, 'the same with 10,000 articles')
  t.equal(smallArticle.count, 1, `article page: one statement, the section path from the cached tree: ${smallArticle.statements.join(' | ').slice(0, 300)}`)
  t.equal(largeArticle.count, smallArticle.count)
  t.notOk(large.statements.some((s) => /^\s*(BEGIN|COMMIT)/i.test(s)), 'reads open no transaction')

  // The one statement returns exactly what a plain per-section query would.
  const tree = await app.services.sections.loadTree()
  for (const [i, root] of roots.entries()) {
    const { rows } = await db.pool.query<{ id: string }>(`
      SELECT id FROM articles WHERE section_id = ANY($1) AND status = 'PUBLISHED' AND deleted_at IS NULL AND published_at <= $2
       ORDER BY published_at DESC, id DESC LIMIT 5`, [tree.subtreeIds(root.id), now])
    const section = large.data.sections[i]
    t.same(section.articles.edges.map((e: { node: { id: string } }) => e.node.id), rows.map((r) => r.id), `section ${i}: newest 5 of its subtree`)
  }
  t.equal(large.data.sections[0].articles.edges[0].node.section.path.length >= 1, true)
})
