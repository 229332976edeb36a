import t from 'tap'
import { readSampleContent, seedSampleContent, isEmpty } from '../../src/db/seed.ts'
import { slugify } from '../../src/lib/arabic.ts'
import { build, gql, TestClock } from '../helper.ts'

t.test('the sample content: a deep section tree and Arabic articles', async (t) => {
  const content = readSampleContent()
  t.ok(content.sections.length >= 8, 'at least 8 sections')
  const byKey = new Map(content.sections.map((s) => [s.key, s]))
  const depth = (key: string): number => { const s = byKey.get(key); return s?.parent ? 1 + depth(s.parent) : 1 }
  t.ok(content.sections.some((s) => depth(s.key) === 3), 'three levels deep somewhere')
  t.ok(content.articles.filter((a) => a.language === 'ar').length >= 24, 'at least 24 Arabic articles')
  t.ok(content.articles.some((a) => a.language === 'en'), 'a few in English')
  for (const a of content.articles) {
    t.equal(a.slug, slugify(a.title), `slug of ${a.key} follows the slug rules`)
    t.ok(a.paragraphs.length >= 3, `${a.key} has several paragraphs`)
  }
  const hours = content.articles.map((a) => a.publishedHoursAgo).filter((h): h is number => h !== null && h > 0)
  t.ok(Math.max(...hours) - Math.min(...hours) > 14 * 24, 'publish dates spread over weeks')
})

t.test('db:seed loads it into a database, once', async (t) => {
  const clock = new TestClock(new Date('2026-11-29T10:00:00.000Z'))
  const { app, db } = await build(t, { clock })
  t.ok(await isEmpty(db))
  const content = readSampleContent()
  const first = await seedSampleContent(app.services, clock.now())
  t.same(first, { sectionsCreated: content.sections.length, articlesCreated: content.articles.length })
  t.notOk(await isEmpty(db))
  const again = await seedSampleContent(app.services, clock.now())
  t.same(again, { sectionsCreated: 0, articlesCreated: 0 }, 'idempotent')

  const res = await gql(app, '{ site { lastUpdatedAt } sections { slug children { slug children { slug } } } }')
  t.equal(res.data.site.lastUpdatedAt, '2026-11-29T10:00:00.000Z', 'seeding is one recorded change')
  const roots = content.sections.filter((s) => s.parent === null).sort((a, b) => a.position - b.position)
  t.same(res.data.sections.map((s: { slug: string }) => s.slug), roots.map((s) => s.slug))
  const drafts = await db.prisma.article.count({ where: { status: 'DRAFT' } })
  const scheduled = await db.prisma.article.count({ where: { status: 'PUBLISHED', publishedAt: { gt: clock.now() } } })
  t.ok(drafts >= 1 && scheduled >= 1, 'a draft and a scheduled article to show visibility rules')

  // Written through the services as the API writes: versions, revisions, who made them.
  const published = await db.prisma.article.findMany({ where: { status: 'PUBLISHED' }, include: { revisions: true } })
  t.equal(published.length, content.articles.filter((a) => a.status !== 'DRAFT').length)
  t.ok(published.length >= 2, `the checks below cover the published articles (${published.length})`)
  t.ok(published.every((a) => a.version === 2 && a.revisions.length === 1 && a.revisions[0]?.version === 1), 'each published article: version 2, the draft kept as revision 1')
  t.ok(published.every((a) => a.updatedBy === 'sample content' && a.revisions[0]?.replacedBy === 'sample content'), 'made by the system viewer')
  t.ok(published.every((a) => a.firstPublishedAt !== null || a.publishedAt! > clock.now()), 'live ones were seen live by their write')
  const state = await db.prisma.siteState.findUniqueOrThrow({ where: { id: 1 } })
  t.ok(state.changeCount >= BigInt(content.sections.length), 'every section write and publish was a recorded change')
})
