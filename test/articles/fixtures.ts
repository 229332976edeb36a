// A small newsroom for the article read tests: a section tree and articles in every state.
import { createArticle, createSection } from '../factories/index.ts'
import { build, TestClock, type TestApp } from '../helper.ts'

/** The front page and article page documents whose SQL budget the tests hold the service to. */
export const FRONT_PAGE = `query FrontPage {
  sections {
    id name path { name }
    articles(first: 5) { edges { node { id slug title summary publishedAt commentCount section { name path { name } } } } }
  }
}`
export const ARTICLE_PAGE = `query Article($slug: String!) {
  article(slug: $slug) { id title paragraphs bodyText publishedAt tags section { name slug path { name slug } } }
}`

export const NOW = new Date('2026-03-01T12:00:00.000Z')
export const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000)

export async function newsroom ({ db }: TestApp) {
  const politics = await createSection(db, { name: 'سياسة', slug: 'سياسة', position: 0 })
  const opinion = await createSection(db, { name: 'الرأي', slug: 'الرأي', parentId: politics.id, position: 0 })
  const sport = await createSection(db, { name: 'رياضة', slug: 'رياضة', position: 1 })
  const a = (input: Parameters<typeof createArticle>[1]) => createArticle(db, input)
  const lead = await db.prisma.article.create({
    data: {
      sectionId: politics.id,
      slug: 'البرلمان-يقر-الموازنة',
      title: 'البرلمان يقر الموازنة',
      summary: 'أقر البرلمان الموازنة العامة.',
      paragraphs: ['الفقرة الأولى من الخبر.', 'الفقرة الثانية من الخبر. انتهى'],
      image: { url: 'https://images.example.org/a.jpg', alt: 'قاعة البرلمان', caption: 'جلسة', credit: 'الأرشيف', width: 1200, height: 800 },
      language: 'ar',
      tags: ['اقتصاد', 'برلمان'],
      byline: 'سلمى الخطيب',
      source: 'وكالة الأنباء',
      status: 'PUBLISHED',
      publishedAt: hoursAgo(1),
      version: 3,
      viewCount: 42,
      commentCount: 7,
      updatedAt: hoursAgo(0.5),
    },
  })
  await db.prisma.articleSlug.create({ data: { slug: 'الموازنة-القديمة', articleId: lead.id } })
  const column = await a({ sectionId: opinion.id, slug: 'عمود-الرأي', title: 'عمود الرأي', publishedAt: hoursAgo(2), tags: ['رأي', 'اقتصاد'] })
  const match = await a({ sectionId: sport.id, slug: 'match-report', title: 'Match report', language: 'en', publishedAt: hoursAgo(3), tags: ['football'] })
  const older = await a({ sectionId: politics.id, slug: 'خبر-قديم', title: 'خبر قديم', publishedAt: hoursAgo(48), tags: ['اقتصاد'] })
  const draft = await a({ sectionId: politics.id, slug: 'مسودة', title: 'مسودة', status: 'DRAFT', publishedAt: null, tags: ['اقتصاد'] })
  const scheduled = await a({ sectionId: opinion.id, slug: 'مجدول', title: 'مجدول', publishedAt: new Date(NOW.getTime() + 3_600_000), tags: ['اقتصاد'] })
  const archived = await a({ sectionId: politics.id, slug: 'مؤرشف', title: 'مؤرشف', status: 'ARCHIVED', publishedAt: hoursAgo(5) })
  const deleted = await a({ sectionId: politics.id, slug: 'محذوف', title: 'محذوف', publishedAt: hoursAgo(4), deletedAt: hoursAgo(0.2) })
  return { politics, opinion, sport, lead, column, match, older, draft, scheduled, archived, deleted, hidden: [draft, scheduled, archived, deleted] }
}

/** An app at NOW on a database of its own holding the newsroom. */
export async function newsroomApp (t: Parameters<typeof build>[0]) {
  const ctx = await build(t, { clock: new TestClock(NOW) })
  return { ...ctx, n: await newsroom(ctx) }
}
