// Loads the project's sample content (prisma/seed/sample-content.json): a section tree and
// articles, mostly Arabic, with publish dates relative to the moment of seeding.
import { readFileSync } from 'node:fs'
import { SiteRepository } from '../modules/site/site.repository.ts'
import type { Database, Prisma } from './database.ts'

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
  image: Prisma.InputJsonObject | null
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
 * Idempotent: sections are matched by slug and articles by slug, so seeding twice creates nothing
 * new. Everything is one transaction, recorded as one change of visible content.
 */
export async function seedSampleContent (db: Database, now: Date, content = readSampleContent()): Promise<SeedResult> {
  const hours = (h: number): Date => new Date(now.getTime() - h * 3_600_000)
  return db.prisma.$transaction(async (tx) => {
    const sectionIds = new Map<string, string>()
    const created: string[] = []
    const pending = [...content.sections]
    while (pending.length > 0) {
      const index = pending.findIndex((s) => s.parent === null || sectionIds.has(s.parent))
      if (index < 0) throw new Error(`sample sections refer to unknown parents: ${pending.map((s) => s.key).join(', ')}`)
      const [s] = pending.splice(index, 1) as [SampleSection]
      const existing = await tx.section.findUnique({ where: { slug: s.slug }, select: { id: true } })
      if (existing) {
        sectionIds.set(s.key, existing.id)
        continue
      }
      const row = await tx.section.create({
        data: { slug: s.slug, name: s.name, position: s.position, parentId: s.parent ? sectionIds.get(s.parent) ?? null : null },
        select: { id: true },
      })
      sectionIds.set(s.key, row.id)
      created.push(row.id)
    }

    const slugs = content.articles.map((a) => a.slug)
    const [taken, takenOld] = await Promise.all([
      tx.article.findMany({ where: { slug: { in: slugs } }, select: { slug: true } }),
      tx.articleSlug.findMany({ where: { slug: { in: slugs } }, select: { slug: true } }),
    ])
    const skip = new Set([...taken, ...takenOld].map((r) => r.slug))
    const data: Prisma.ArticleCreateManyInput[] = content.articles.filter((a) => !skip.has(a.slug)).map((a) => {
      const publishedAt = a.publishedHoursAgo === null || a.status === 'DRAFT' ? null : hours(a.publishedHoursAgo)
      const sectionId = sectionIds.get(a.section)
      if (!sectionId) throw new Error(`sample article ${a.key} refers to unknown section ${a.section}`)
      const written = publishedAt && publishedAt < now ? publishedAt : now
      return {
        slug: a.slug,
        title: a.title,
        summary: a.summary,
        paragraphs: a.paragraphs,
        image: a.image ?? undefined,
        language: a.language,
        tags: a.tags,
        byline: a.byline,
        source: a.source,
        status: a.status === 'DRAFT' ? 'DRAFT' : 'PUBLISHED',
        publishedAt,
        sectionId,
        createdAt: written,
        updatedAt: written,
      }
    })
    if (data.length > 0) await tx.article.createMany({ data })
    if (created.length > 0 || data.length > 0) {
      const touched = new Set([...created, ...data.map((a) => a.sectionId)])
      await new SiteRepository(db).recordChange(tx, now, [...touched])
    }
    return { sectionsCreated: created.length, articlesCreated: data.length }
  }, { timeout: 60_000 })
}
