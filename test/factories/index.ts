// Test data with sensible defaults, written straight to the database (the write API is not what
// these tests are about), at times taken from the test clock of the app built on that database.
// Each returns the created row.
import { randomBytes } from 'node:crypto'
import type { Database } from '../../src/db/database.ts'
import { clockOf } from '../helper.ts'

const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`

export async function createSection (db: Database, input: { name?: string, slug?: string, parentId?: string | null, position?: number, contentChangedAt?: Date | null } = {}) {
  const name = input.name ?? unique('قسم')
  return db.prisma.section.create({
    data: {
      name,
      slug: input.slug ?? unique('section'),
      parentId: input.parentId ?? null,
      position: input.position ?? 0,
      contentChangedAt: input.contentChangedAt ?? null,
    },
  })
}

export async function createArticle (db: Database, input: {
  sectionId: string
  title?: string
  slug?: string
  status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
  publishedAt?: Date | null
  language?: string
  tags?: string[]
  paragraphs?: string[]
  deletedAt?: Date | null
}) {
  const status = input.status ?? 'PUBLISHED'
  return db.prisma.article.create({
    data: {
      sectionId: input.sectionId,
      title: input.title ?? 'عنوان تجريبي',
      slug: input.slug ?? unique('article'),
      status,
      publishedAt: input.publishedAt === undefined ? (status === 'DRAFT' ? null : new Date(clockOf(db).now().getTime() - 3_600_000)) : input.publishedAt,
      language: input.language ?? 'ar',
      tags: input.tags ?? [],
      paragraphs: input.paragraphs ?? ['الفقرة الأولى.', 'الفقرة الثانية.'],
      deletedAt: input.deletedAt ?? null,
    },
  })
}

/** A staff token of `role`, made the way the CLI makes them; returns the secret. */
export async function createToken (db: Database, role: 'ADMIN' | 'EDITOR' | 'MODERATOR', name = `${role.toLowerCase()} desk`): Promise<string> {
  const { AuthRepository } = await import('../../src/modules/auth/auth.repository.ts')
  const { AuthService } = await import('../../src/modules/auth/auth.service.ts')
  const { systemClock } = await import('../../src/lib/clock.ts')
  return (await new AuthService(new AuthRepository(db), systemClock).createToken({ name, role })).token
}
