// Every limit of the README's "Input limits" table at its edge (accepted, and stored as sent,
// trimmed) and one past it (BAD_USER_INPUT naming the field and the limit, nothing written), for
// createArticle / createSection over GraphQL and their REST mirrors. Limits count characters
// (code points) after trimming: the values are built from Arabic letters, and where code points
// and UTF-16 units differ, from the astral Arabic Mathematical Alphabetic Symbols (U+1EE00…),
// which are letters (slugs keep them) but two UTF-16 units each.
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, type TestApp } from '../helper.ts'

const BEH = 'ب' // U+0628: one code point, one UTF-16 unit
const ASTRAL = '\u{1EE01}' // ARABIC MATHEMATICAL BEH: one code point, two UTF-16 units
const ar = (n: number) => BEH.repeat(n)
const astral = (n: number) => ASTRAL.repeat(n)
const chars = (s: string) => Array.from(s).length
const PAD = ' \n\t '

const CREATE_ARTICLE = 'mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }'
const CREATE_SECTION = 'mutation C($input: SectionInput!) { createSection(input: $input) { id } }'

// REST validates these limits in its JSON Schema before the service sees the input: the problem
// then names the field but not the limit, and the length is taken before trimming.

type Input = Record<string, unknown>
interface Refusal { status: number, code?: string, field?: string, limit?: unknown }

interface Harness extends TestApp {
  editor: string
  sectionId: string
  counts: () => Promise<{ articles: number, sections: number, revisions: number, changes: string }>
}

async function setup (t: Test): Promise<Harness> {
  const ctx = await build(t)
  const editor = await createToken(ctx.db, 'EDITOR')
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const counts = async () => ({
    articles: await ctx.db.prisma.article.count(),
    sections: await ctx.db.prisma.section.count(),
    revisions: await ctx.db.prisma.articleRevision.count(),
    changes: (await ctx.db.pool.query<{ n: string }>('SELECT change_count::text AS n FROM site_state WHERE id = 1')).rows[0]?.n ?? '',
  })
  return { ...ctx, editor, sectionId: section.id, counts }
}

type Via = 'GraphQL' | 'REST'

async function createArticle (h: Harness, via: Via, input: Input): Promise<{ id?: string, refusal?: Refusal }> {
  if (via === 'GraphQL') {
    const res = await gql(h.app, CREATE_ARTICLE, { input }, { token: h.editor })
    if (res.data?.createArticle) return { id: res.data.createArticle.id }
    const ext = res.errors?.[0]?.extensions ?? {}
    return { refusal: { status: res.status, code: ext.code as string, field: ext.field as string, limit: ext.limit } }
  }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { authorization: `Bearer ${h.editor}` }, payload: input })
  const body = res.json()
  if (res.statusCode === 201) return { id: body.data.id }
  return { refusal: { status: res.statusCode, code: body.code, field: body.field, limit: body.limit } }
}

async function createSectionVia (h: Harness, via: Via, input: Input): Promise<{ id?: string, refusal?: Refusal }> {
  if (via === 'GraphQL') {
    const res = await gql(h.app, CREATE_SECTION, { input }, { token: h.editor })
    if (res.data?.createSection) return { id: res.data.createSection.id }
    const ext = res.errors?.[0]?.extensions ?? {}
    return { refusal: { status: res.status, code: ext.code as string, field: ext.field as string, limit: ext.limit } }
  }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/sections', headers: { authorization: `Bearer ${h.editor}` }, payload: input })
  const body = res.json()
  if (res.statusCode === 201) return { id: body.data.id }
  return { refusal: { status: res.statusCode, code: body.code, field: body.field, limit: body.limit } }
}

interface Case {
  name: string
  /** merged into a valid input */
  input: Input
  /** accepted: the stored value, read from the row */
  stored?: { read: (row: any) => unknown, value: unknown }
  /** refused: the field as the service names it (GraphQL puts it under `input.`) */
  field?: string
  /** refused: extensions.limit / problem.limit, when the README documents one */
  limit?: number
  /** REST refuses this through its JSON Schema: no `limit` in the problem */
  restSchema?: boolean
  todo?: Partial<Record<Via, string>>
}

const image = (over: Input) => ({ url: 'https://صور.example/a.jpg', ...over })
const URL_PREFIX = 'https://صور.example/'
const LANG_35 = 'ar-Arab-SY-u-ca-islamic-nu-arab-x-a'

const accepted: Case[] = [
  { name: 'title of 300 Arabic letters', input: { title: ar(300) }, stored: { read: (r) => r.title, value: ar(300) } },
  { name: 'title of 300 letters with whitespace around (trimmed)', input: { title: PAD + ar(300) + PAD }, stored: { read: (r) => r.title, value: ar(300) } },
  { name: 'title of 300 astral letters (600 UTF-16 units)', input: { title: astral(300) }, stored: { read: (r) => r.title, value: astral(300) } },
  { name: 'summary of 1,000', input: { summary: ar(1000) }, stored: { read: (r) => r.summary, value: ar(1000) } },
  { name: 'summary of 1,000 astral letters', input: { summary: astral(1000) }, stored: { read: (r) => r.summary, value: astral(1000) } },
  { name: 'empty summary → null', input: { summary: PAD }, stored: { read: (r) => r.summary, value: null } },
  { name: '500 paragraphs', input: { paragraphs: Array.from({ length: 500 }, (_, i) => `فقرة ${i}`) }, stored: { read: (r) => r.paragraphs.length, value: 500 } },
  { name: 'a paragraph of 20,000', input: { paragraphs: [ar(20_000)] }, stored: { read: (r) => r.paragraphs[0], value: ar(20_000) } },
  { name: 'a paragraph of 20,000 astral letters', input: { paragraphs: [astral(20_000)] }, stored: { read: (r) => chars(r.paragraphs[0]), value: 20_000 } },
  { name: 'a body of 200,000 in all', input: { paragraphs: Array.from({ length: 10 }, () => ar(20_000)) }, stored: { read: (r) => r.paragraphs.join('').length, value: 200_000 } },
  { name: 'a body of 200,000 astral letters in all', input: { paragraphs: Array.from({ length: 10 }, () => astral(20_000)) }, stored: { read: (r) => chars(r.paragraphs.join('')), value: 200_000 } },
  { name: '20 tags of 50', input: { tags: Array.from({ length: 20 }, (_, i) => ar(48) + String(i).padStart(2, '0')) }, stored: { read: (r) => r.tags.map(chars), value: Array(20).fill(50) } },
  { name: 'a tag of 50 astral letters', input: { tags: [astral(50)] }, stored: { read: (r) => r.tags, value: [astral(50)] } },
  { name: 'byline of 200', input: { byline: ar(200) }, stored: { read: (r) => r.byline, value: ar(200) } },
  { name: 'byline of 200 astral letters', input: { byline: astral(200) }, stored: { read: (r) => r.byline, value: astral(200) } },
  { name: 'source of 200', input: { source: ar(200) }, stored: { read: (r) => r.source, value: ar(200) } },
  { name: 'language tag of 35', input: { language: LANG_35 }, stored: { read: (r) => r.language, value: LANG_35 } },
  { name: 'slug of 200 Arabic letters', input: { slug: 'د'.repeat(200) }, stored: { read: (r) => r.slug, value: 'د'.repeat(200) } },
  { name: 'slug of 200 letters once cleaned (punctuation and tashkeel dropped)', input: { slug: `«${'ثَ'.repeat(200)}»!` }, stored: { read: (r) => r.slug, value: 'ث'.repeat(200) } },
  { name: 'slug of 200 astral letters', input: { slug: BEH + astral(199) }, stored: { read: (r) => r.slug, value: BEH + astral(199) } }, // not astral(200): the 300-astral title's generated slug took that
  { name: 'image.url of 2,000', input: { image: image({ url: URL_PREFIX + ar(2000 - URL_PREFIX.length) }) }, stored: { read: (r) => chars(r.image.url), value: 2000 } },
  { name: 'image alt, caption, credit of 500', input: { image: image({ alt: ar(500), caption: astral(500), credit: ar(500) }) }, stored: { read: (r) => [r.image.alt, r.image.caption, r.image.credit], value: [ar(500), astral(500), ar(500)] } },
  { name: 'image width and height of 20,000', input: { image: image({ width: 20_000, height: 20_000 }) }, stored: { read: (r) => [r.image.width, r.image.height], value: [20_000, 20_000] } },
  { name: 'image width and height of 1', input: { image: image({ width: 1, height: 1 }) }, stored: { read: (r) => [r.image.width, r.image.height], value: [1, 1] } },
]

const refused: Case[] = [
  { name: 'title of 301', input: { title: ar(301) }, field: 'title', limit: 300, restSchema: true },
  { name: 'title of 301 astral letters', input: { title: astral(301) }, field: 'title', limit: 300, restSchema: true },
  { name: 'empty title (only whitespace)', input: { title: PAD }, field: 'title' },
  { name: 'summary of 1,001', input: { summary: ar(1001) }, field: 'summary', limit: 1000, restSchema: true },
  { name: 'no paragraphs', input: { paragraphs: [] }, field: 'paragraphs' },
  { name: '501 paragraphs', input: { paragraphs: Array.from({ length: 501 }, (_, i) => `فقرة ${i}`) }, field: 'paragraphs', limit: 500, restSchema: true },
  { name: 'a paragraph of 20,001', input: { paragraphs: ['فقرة', ar(20_001)] }, field: 'paragraphs.1', limit: 20_000, restSchema: true },
  { name: 'an empty paragraph', input: { paragraphs: ['فقرة', PAD] }, field: 'paragraphs.1' },
  { name: 'a body of 200,001 in all', input: { paragraphs: [...Array.from({ length: 10 }, () => ar(20_000)), BEH] }, field: 'paragraphs', limit: 200_000 },
  { name: '21 tags', input: { tags: Array.from({ length: 21 }, (_, i) => `وسم${i}`) }, field: 'tags', limit: 20, restSchema: true },
  { name: 'a tag of 51', input: { tags: ['اقتصاد', ar(51)] }, field: 'tags.1', limit: 50, restSchema: true },
  { name: 'a tag of 51 astral letters', input: { tags: [astral(51)] }, field: 'tags.0', limit: 50, restSchema: true },
  { name: 'an empty tag', input: { tags: ['اقتصاد', PAD] }, field: 'tags.1' },
  { name: 'byline of 201', input: { byline: ar(201) }, field: 'byline', limit: 200, restSchema: true },
  { name: 'source of 201', input: { source: astral(201) }, field: 'source', limit: 200, restSchema: true },
  { name: 'language tag of 36', input: { language: LANG_35 + 'b' }, field: 'language', limit: 35, restSchema: true },
  { name: 'language that is not BCP-47', input: { language: 'ar_SY' }, field: 'language' },
  { name: 'slug of 201 once cleaned', input: { slug: ar(201) }, field: 'slug', limit: 200 },
  { name: 'slug with no letters or digits', input: { slug: '«»!؟' }, field: 'slug' },
  { name: 'UUID-shaped slug', input: { slug: '0190a2b4-0000-7000-8000-000000000000' }, field: 'slug' },
  { name: 'image.url of 2,001', input: { image: image({ url: URL_PREFIX + ar(2001 - URL_PREFIX.length) }) }, field: 'image.url', limit: 2000, restSchema: true },
  { name: 'image.url that is not http(s)', input: { image: image({ url: 'ftp://صور.example/a.jpg' }) }, field: 'image.url' },
  { name: 'image.alt of 501', input: { image: image({ alt: ar(501) }) }, field: 'image.alt', limit: 500, restSchema: true },
  { name: 'image.caption of 501 astral letters', input: { image: image({ caption: astral(501) }) }, field: 'image.caption', limit: 500, restSchema: true },
  { name: 'image.credit of 501', input: { image: image({ credit: ar(501) }) }, field: 'image.credit', limit: 500, restSchema: true },
  { name: 'image.width of 20,001', input: { image: image({ width: 20_001 }) }, field: 'image.width', limit: 20_000, restSchema: true },
  { name: 'image.height of 20,001', input: { image: image({ height: 20_001 }) }, field: 'image.height', limit: 20_000, restSchema: true },
  { name: 'image.width of 0', input: { image: image({ width: 0 }) }, field: 'image.width' },
  { name: 'a sectionId of no section', input: { sectionId: '0190a2b4-0000-7000-8000-000000000000' }, field: 'sectionId' },
]

for (const via of ['GraphQL', 'REST'] as const) {
  t.test(`createArticle over ${via}: each limit at its edge is accepted`, async (t) => {
    const h = await setup(t)
    for (const c of accepted) {
      const todo = c.todo?.[via]
      const { id, refusal } = await createArticle(h, via, { title: 'عنوان', paragraphs: ['فقرة'], sectionId: h.sectionId, ...c.input })
      t.ok(id, `${c.name}: accepted${refusal ? ` (refused: ${JSON.stringify(refusal)})` : ''}`, todo ? { todo } : {})
      if (!id) continue
      const row = await h.db.prisma.article.findUniqueOrThrow({ where: { id } })
      if (c.stored) t.same(c.stored.read(row), c.stored.value, `${c.name}: stored as expected`)
    }
  })

  t.test(`createArticle over ${via}: one past each limit is BAD_USER_INPUT naming the field and the limit, and nothing is written`, async (t) => {
    const h = await setup(t)
    for (const c of refused) {
      const before = await h.counts()
      const { id, refusal } = await createArticle(h, via, { title: 'عنوان', paragraphs: ['فقرة'], sectionId: h.sectionId, ...c.input })
      t.notOk(id, `${c.name}: refused`)
      t.equal(refusal?.status, via === 'GraphQL' ? 200 : 400, `${c.name}: status`)
      t.equal(refusal?.code, 'BAD_USER_INPUT', `${c.name}: code`)
      t.equal(refusal?.field, via === 'GraphQL' ? `input.${c.field}` : c.field, `${c.name}: field`)
      if (c.limit !== undefined) {
        t.equal(refusal?.limit, c.limit, `${c.name}: limit`)
      }
      t.same(await h.counts(), before, `${c.name}: nothing written`)
    }
  })

  t.test(`createSection over ${via}: name, slug and position at and past their limits`, async (t) => {
    const h = await setup(t)
    const lastTopLevel = async () => (await h.db.prisma.section.count({ where: { parentId: null } })) - 1
    const edges: Array<[string, Input, (row: any) => unknown, unknown | (() => Promise<unknown>)]> = [
      ['name of 100', { name: ar(100) }, (r) => r.name, ar(100)],
      ['name of 100 astral letters', { name: astral(100), slug: 'رياضيات' }, (r) => r.name, astral(100)],
      ['name of 100 with whitespace around', { name: PAD + ar(99) + 'ت' + PAD }, (r) => r.name, ar(99) + 'ت'],
      ['slug of 200 once cleaned', { name: 'قسم', slug: `${'تَ'.repeat(200)}!` }, (r) => r.slug, 'ت'.repeat(200)],
      ['position 10,000 (last)', { name: 'قسم أخير', position: 10_000 }, (r) => r.position, lastTopLevel],
      ['position 0 (first)', { name: 'قسم أول', position: 0 }, (r) => r.position, 0],
    ]
    for (const [name, input, read, value] of edges) {
      const { id, refusal } = await createSectionVia(h, via, input)
      t.ok(id, `${name}: accepted${refusal ? ` (refused: ${JSON.stringify(refusal)})` : ''}`)
      if (!id) continue
      const expected = typeof value === 'function' ? await (value as () => Promise<unknown>)() : value
      t.same(read(await h.db.prisma.section.findUniqueOrThrow({ where: { id } })), expected, `${name}: stored`)
    }
    const pasts: Array<[string, Input, string, number | undefined, boolean]> = [
      ['name of 101', { name: ar(101) }, 'name', 100, true],
      ['name of 101 astral letters', { name: astral(101) }, 'name', 100, true],
      ['empty name', { name: PAD }, 'name', undefined, false],
      ['slug of 201 once cleaned', { name: 'قسم', slug: 'ث'.repeat(201) }, 'slug', 200, false],
      ['position 10,001', { name: 'قسم', position: 10_001 }, 'position', 10_000, true],
      ['position -1', { name: 'قسم', position: -1 }, 'position', undefined, false],
      ['parentId of no section', { name: 'قسم', parentId: '0190a2b4-0000-7000-8000-000000000000' }, 'parentId', undefined, false],
    ]
    for (const [name, input, field, limit] of pasts) {
      const before = await h.counts()
      const { id, refusal } = await createSectionVia(h, via, input)
      t.notOk(id, `${name}: refused`)
      t.equal(refusal?.code, 'BAD_USER_INPUT', `${name}: code`)
      t.equal(refusal?.field, via === 'GraphQL' ? `input.${field}` : field, `${name}: field`)
      if (limit !== undefined) {
        t.equal(refusal?.limit, limit, `${name}: limit`)
      }
      t.same(await h.counts(), before, `${name}: nothing written`)
    }
  })
}

t.test('a slug made from a long title stays whole characters, at most 200 of them', async (t) => {
  const h = await setup(t)
  // 1 + 299 astral letters: cutting at 200 UTF-16 units would split a surrogate pair.
  const title = BEH + astral(299)
  const { id, refusal } = await createArticle(h, 'GraphQL', { title, paragraphs: ['فقرة'], sectionId: h.sectionId })
  t.ok(id, `accepted ${JSON.stringify(refusal)}`)
  const { slug } = await h.db.prisma.article.findUniqueOrThrow({ where: { id: id as string } })
  t.notOk(slug.includes('\uFFFD'), 'no replacement character: no surrogate pair was split')
  t.equal(slug, BEH + astral(199), 'the cleaned title cut at 200 characters')
  t.ok(chars(slug) <= 200, `${chars(slug)} ≤ 200 characters`)
})

t.test('REST body: 1 MiB is read, one byte more is 413 and writes nothing', async (t) => {
  const h = await setup(t)
  const MIB = 1024 * 1024
  // A valid article; JSON whitespace pads it to the exact size.
  const json = (bytes: number, title: string) => {
    const body = JSON.stringify({ title, paragraphs: ['فقرة'], sectionId: h.sectionId })
    const pad = bytes - Buffer.byteLength(body)
    if (pad < 0) throw new Error('the article is already larger than that')
    return `{${' '.repeat(pad)}${body.slice(1)}`
  }
  const post = (payload: string) => h.app.inject({
    method: 'POST', url: '/api/v1/articles', headers: { authorization: `Bearer ${h.editor}`, 'content-type': 'application/json' }, payload,
  })
  const exact = json(MIB, 'حجم الحد')
  t.equal(Buffer.byteLength(exact), MIB, 'the body is exactly 1 MiB')
  const ok = await post(exact)
  t.equal(ok.statusCode, 201, `exactly 1 MiB is accepted: ${ok.body.slice(0, 200)}`)
  t.equal(ok.json().data.title, 'حجم الحد', 'and read whole')

  const before = await h.counts()
  const over = json(MIB + 1, 'أكبر من الحد')
  t.equal(Buffer.byteLength(over), MIB + 1, 'the body is 1 MiB + 1 byte')
  const big = await post(over)
  t.equal(big.statusCode, 413, 'one byte more is 413')
  t.match(big.headers['content-type'], /^application\/problem\+json/, 'a problem document')
  t.equal(big.json().code, 'PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE')
  t.same(await h.counts(), before, 'nothing written')
})
