// The reader's pages cost a constant number of SQL statements, counted at the wire: the same for
// a home page over 20 and over 5,000 articles, and for an article page with 2 and with 40
// comment threads (its replies in one statement, whatever the number of threads).
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase } from '../helper.ts'
import { startWireCounter } from '../support/wire-counter.ts'

t.test('statements per page', async (t) => {
  const url = await createTestDatabase(t)
  const wire = await startWireCounter(url)
  t.teardown(() => wire.close())
  const { app, db, clock } = await buildOn(t, wire.url, { env: { RESPONSE_CACHE_MB: '0' } }) // every request does its work
  await app.ready()
  await app.events.ready
  const now = clock.now()
  const news = await createSection(db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const story = await createArticle(db, { sectionId: local.id, slug: 'story', publishedAt: new Date(now.getTime() - 60_000) })
  for (let i = 0; i < 20; i++) await createArticle(db, { sectionId: i % 2 ? news.id : local.id, publishedAt: new Date(now.getTime() - (i + 2) * 3_600_000) })
  const threads = async (n: number) => db.pool.query(`
    WITH top AS (
      INSERT INTO comments (id, article_id, author_name, body, status, created_at, client_hash)
      SELECT gen_random_uuid(), $1::uuid, 'قارئ ' || g, 'تعليق ' || g, 'APPROVED', $2::timestamptz - make_interval(mins => g), 'test'
        FROM generate_series(1, $3::int) g RETURNING id, created_at)
    INSERT INTO comments (id, article_id, parent_id, author_name, body, status, created_at, client_hash)
    SELECT gen_random_uuid(), $1::uuid, top.id, 'مجيب', 'رد', 'APPROVED', top.created_at + interval '1 second', 'test' FROM top`, [story.id, now, n])

  const measure = async (path: string) => {
    const warm = await app.inject({ url: path }) // pool warm, tree cached, versions remembered
    t.equal(warm.statusCode, 200, path)
    await wire.settle()
    wire.reset()
    const res = await app.inject({ url: path })
    t.equal(res.statusCode, 200)
    return { count: wire.count(), statements: wire.statements() }
  }
  await threads(2)
  const home = await measure('/')
  const article = await measure('/articles/story')

  await db.pool.query(`
    INSERT INTO articles (id, slug, title, paragraphs, language, status, published_at, section_id, updated_at)
    SELECT gen_random_uuid(), 'bulk-' || g, 'خبر رقم ' || g, ARRAY['فقرة'], 'ar', 'PUBLISHED', $1::timestamptz - make_interval(mins => g + 100), $2::uuid, now()
      FROM generate_series(1, 5000) g`, [now, local.id])
  await threads(38)
  await db.pool.query('ANALYZE')
  const bigHome = await measure('/')
  const bigArticle = await measure('/articles/story')

  t.comment(`home: ${home.count} statements over 20 articles, ${bigHome.count} over 5,020`)
  t.comment(`article: ${article.count} statements with 2 threads, ${bigArticle.count} with 40`)
  t.equal(home.count, 2, `home: the section tree's version check and the list (the versions are remembered): ${home.statements.join(' | ').slice(0, 400)}`)
  t.equal(bigHome.count, home.count, 'the same over 5,020 articles')
  t.equal(article.count, 2, `article: the article with its first comments, then their replies: ${article.statements.join(' | ').slice(0, 400)}`)
  t.equal(bigArticle.count, article.count, 'the same with 40 threads of replies')
})
