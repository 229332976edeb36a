// Loads the project's sample content (prisma/seed/sample-content.json): a section tree and
// articles, mostly Arabic, with publish dates relative to the moment of seeding.
import { readFileSync } from 'node:fs'
import { systemViewer } from '../modules/auth/auth.service.ts'
import type { ImageInput } from '../modules/articles/articles-editorial.input.ts'
import type { Services } from '../services.ts'
import type { Database } from './database.ts'

export const SAMPLE_CONTENT_FILE = new URL('../../prisma/seed/sample-content.json', import.meta.url)

interface SampleSection { key: string, slug: string, name: string, position: number, parent: string | null }
interface SampleArticle {
  key: string
  section: string
  title: string
  slug: string
  summary: string | null
  paragraphs: string[]
  language: string
  tags: string[]
  byline: string | null
  source: string | null
  image: ImageInput | null
  status: 'PUBLISHED' | 'SCHEDULED' | 'DRAFT'
  publishedHoursAgo: number | null
}
export interface SampleContent { site: { name: string }, sections: SampleSection[], articles: SampleArticle[] }

export function readSampleContent (): SampleContent {
  return JSON.parse(readFileSync(SAMPLE_CONTENT_FILE, 'utf8')) as SampleContent
}

export interface SeedResult { sectionsCreated: number, articlesCreated: number }

/** True when the database holds no sections and no articles (a first start). */
export async function isEmpty (db: Database): Promise<boolean> {
  const [sections, articles] = await Promise.all([db.prisma.section.count(), db.prisma.article.count()])
  return sections === 0 && articles === 0
}

/**
 * Writes the sample content through the services, as the API would (a system viewer): each
 * section and article is created, published (backdated, or scheduled for a future instant) with
 * its revisions, and recorded as a change of visible content. Idempotent: sections and articles
 * whose slug exists (an article's former slugs included) are skipped.
 */
export async function seedSampleContent (services: Services, now: Date, content = readSampleContent()): Promise<SeedResult> {
  const viewer = systemViewer('sample content')
  const sectionIds = new Map<string, string>()
  let sectionsCreated = 0
  const tree = await services.sections.loadTree()
  const pending = [...content.sections]
  while (pending.length > 0) {
    const index = pending.findIndex((s) => s.parent === null || sectionIds.has(s.parent))
    if (index < 0) throw new Error(`sample sections refer to unknown parents: ${pending.map((s) => s.key).join(', ')}`)
    const [s] = pending.splice(index, 1) as [SampleSection]
    const existing = tree.getBySlug(s.slug)
    if (existing) {
      sectionIds.set(s.key, existing.id)
      continue
    }
    const created = await services.sectionWrites.create(viewer, { name: s.name, slug: s.slug, parentId: s.parent ? sectionIds.get(s.parent) ?? null : null, position: s.position })
    sectionIds.set(s.key, created.id)
    sectionsCreated++
  }

  let articlesCreated = 0
  for (const a of content.articles) {
    const sectionId = sectionIds.get(a.section)
    if (!sectionId) throw new Error(`sample article ${a.key} refers to unknown section ${a.section}`)
    if (await services.articles.find({ slug: a.slug }, viewer)) continue
    const article = await services.articleWrites.create(viewer, {
      title: a.title,
      slug: a.slug,
      summary: a.summary,
      paragraphs: a.paragraphs,
      image: a.image,
      language: a.language,
      tags: a.tags,
      byline: a.byline,
      source: a.source,
      sectionId,
    })
    if (a.status !== 'DRAFT' && a.publishedHoursAgo !== null) {
      await services.articleWrites.publish(viewer, article.id, new Date(now.getTime() - a.publishedHoursAgo * 3_600_000))
    }
    articlesCreated++
  }
  return { sectionsCreated, articlesCreated }
}
