// The legacy import end to end: the project's own captured pages (test/imports/pages, text like
// ../shared/samples and HTML, messy ones included) through the CLI and the service, on a real
// database, checked through the public API.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { systemViewer } from '../../src/modules/auth/auth.service.ts'
import { parseLegacyPage } from '../../src/modules/imports/legacy-page.ts'
import type { ImportOptions, ImportReport } from '../../src/modules/imports/imports.service.ts'
import { createToken } from '../factories/index.ts'
import { build, gql, runTool, TestClock } from '../helper.ts'

const PAGES = new URL('./pages/', import.meta.url).pathname
const ZONE = 'Asia/Damascus'
const IMPORTER = systemViewer('legacy import')
const GOOD = ['arabic.html', 'english.html', 'no-breadcrumb.txt', 'sample-layout.txt', 'windows-nbsp.txt']
const BAD = ['empty.txt', 'title-only.txt']

async function folder (t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'legacy-pages-'))
  await cp(PAGES, dir, { recursive: true })
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const cli = (url: string, ...args: string[]) => runTool('import.ts', url, ...args)

const page = async (name: string) => parseLegacyPage(name, await readFile(join(PAGES, name), 'utf8'), ZONE)

t.test('a page in exactly the sample layout: its title, path, paragraphs and stamp', async (t) => {
  const p = await page('sample-layout.txt')
  t.equal(p.title, 'وزير الاقتصاد: خطة جديدة لدعم المشروعات الصغيرة في المحافظات', 'the title, trailing space gone')
  t.same(p.sectionPath, ['اقتصاد', 'أسواق'], 'the breadcrumb "اقتصاد ـ أسواق ـ" is the path')
  t.equal(p.paragraphs.length, 4, 'four paragraphs: the print / send / comment links and the counter are gone')
  t.equal(p.paragraphs[0]?.endsWith('ثلاث سنوات.'), true, 'no stray space before the full stop')
  t.equal(p.paragraphs[3], 'يذكر أن الحكومة كانت قد أقرت في العام الماضي حزمة مماثلة للقطاع الزراعي.', 'the closing "انتهى" is gone, the full stop kept')
  t.equal(p.capturedAt?.toISOString(), '2025-03-02T21:00:00.000Z', 'the header stamp "الاثنين, مارس 3, 2025" is that day in the site\'s zone')
  t.equal(p.language, 'ar')
  t.equal(p.source, 'file:sample-layout.txt', 'no legacy number: keyed by file name')
})

t.test('messy pages: Windows line endings, NBSPs, tatweel separators, HTML, English, nothing to import', async (t) => {
  const windows = await page('windows-nbsp.txt')
  t.equal(windows.title, 'افتتاح معرض الكتاب في دمشق', 'NBSPs are spaces')
  t.same(windows.sectionPath, ['ثقافة'])
  t.equal(windows.source, 'legacy:4512', 'keyed by the legacy article number')
  t.same(windows.paragraphs, ['دمشق – سانا – افتتح اليوم معرض الكتاب السنوي بمشاركة مئتي دار نشر، ويستمر عشرة أيام.', 'ويضم المعرض ندوات يومية وأمسيات شعرية.'],
    'CRLF, runs of spaces, spaces before punctuation, a tatweel used as a separator, the marker: all cleaned')
  t.equal(windows.capturedAt?.toISOString(), '2025-03-03T21:00:00.000Z', '"4 آذار, 2025": Levantine month names too')
  t.notOk(windows.paragraphs.some((p) => p.includes('\r') || p.includes('\u00A0') || p.includes('©')), 'no CR, NBSP or copyright line')

  const arabic = await page('arabic.html')
  t.equal(arabic.title, 'مقال رأي: عن الحوار الوطني', 'the <h1>, markup inside it read as text')
  t.same(arabic.sectionPath, ['سياسة', 'الرأي'], 'the breadcrumb links, "الرئيسية" left out')
  t.same(arabic.paragraphs, ['يبدأ الحوار الوطني الأسبوع المقبل بمشاركة واسعة.', 'ويأمل المشاركون أن يخرج بتوصيات عملية.'], 'scripts, chrome links and footer gone')
  t.equal(arabic.source, 'legacy:777')

  const english = await page('english.html')
  t.equal(english.language, 'en', 'an English page is English')
  t.same(english.sectionPath, ['World', 'Europe'])
  t.equal(english.paragraphs.length, 2, '"Print", the footer and the copyright line are chrome')
  t.equal(english.capturedAt?.toISOString(), '2025-03-06T21:00:00.000Z')
  t.equal(english.source, 'legacy:9001', 'the legacy number from the canonical link')

  const undated = parseLegacyPage('undated.html', `<html><body><h1>بلا تاريخ</h1>${'<div><p>فقرة.</p></div>'.repeat(2000)}</body></html>`, ZONE)
  t.equal(undated.capturedAt, null, 'a page without a date line has no stamp')
  t.equal(undated.paragraphs.length, 2000)
  t.same((await page('no-breadcrumb.txt')).sectionPath, [], 'no breadcrumb: no path (the import puts it in its default section)')
  t.throws(() => parseLegacyPage('empty.txt', '\n  \n', ZONE), { message: 'no title' }, 'an empty page is rejected')
  t.throws(() => parseLegacyPage('title-only.txt', 'عنوان\n\nطباعة الخبر ارسال الخبر الى صديق\n\nاضافة تعليق\n', ZONE), { message: /no body text/ }, 'a title with only chrome is rejected')
  t.throws(() => parseLegacyPage('bin.txt', 'a\u0000b', ZONE), { message: /not a text file/ })
  const edited = parseLegacyPage('sample-layout.txt', (await readFile(join(PAGES, 'sample-layout.txt'), 'utf8')).replace('ثلاثة أشهر', 'شهرين'), ZONE)
  t.not(edited.hash, (await page('sample-layout.txt')).hash, 'an edited page has another hash')
})

t.test('the CLI: import, report, the public API, a second run that changes nothing', async (t) => {
  const { app, db, url } = await build(t)
  const dir = await folder(t)
  await writeFile(join(dir, 'corrupt.txt'), Buffer.from([0xd8, 0xa7, 0xff, 0xfe, 0x0a]))
  const changes = async () => Number((await db.pool.query<{ n: string }>('SELECT change_count AS n FROM site_state')).rows[0]?.n ?? 0)
  const before = await changes()

  const first = await cli(url, dir, '--publish', '--published-at', 'header', '--json')
  t.equal(first.code, 3, `exit code 3: finished, with rejected pages (${first.stderr.trim().split('\n').at(-1)})`)
  t.match(first.stderr, /import: 8\/8 pages/, 'plain progress lines when not on a terminal')
  const report = JSON.parse(first.stdout) as ImportReport
  t.same(report.totals, { created: 5, updated: 0, unchanged: 0, skipped: 0, rejected: 3 })
  t.same(report.entries.filter((e) => e.outcome === 'rejected').map((e) => [e.file, e.reason]).sort(), [
    ['corrupt.txt', 'not UTF-8 text'],
    ['empty.txt', 'no title'],
    ['title-only.txt', 'no body text (only the title and page chrome)'],
  ], 'each rejected page with its reason; the others imported')
  t.same(report.sectionsCreated.map((p) => p.join('/')).sort(), ['World', 'World/Europe', 'أرشيف', 'اقتصاد', 'اقتصاد/أسواق', 'ثقافة', 'سياسة', 'سياسة/الرأي'])
  t.equal(await changes(), before + 1, 'the whole run is one recorded change')

  // through the public API: the sample-layout page is an article of اقتصاد › أسواق, dated by its header
  const markets = await app.inject({ url: `/api/v1/sections/${encodeURIComponent('أسواق')}` })
  t.equal(markets.statusCode, 200)
  const slug = report.entries.find((e) => e.file === 'sample-layout.txt')?.slug as string
  const res = await gql(app, 'query A($slug: String) { article(slug: $slug) { title paragraphs publishedAt status section { name parent { name } } } }', { slug })
  t.same(res.data?.article, {
    title: 'وزير الاقتصاد: خطة جديدة لدعم المشروعات الصغيرة في المحافظات',
    paragraphs: (await page('sample-layout.txt')).paragraphs,
    publishedAt: '2025-03-02T21:00:00.000Z',
    status: 'PUBLISHED',
    section: { name: 'أسواق', parent: { name: 'اقتصاد' } },
  })
  const english = await gql(app, 'query A($slug: String) { article(slug: $slug) { language direction } }', { slug: report.entries.find((e) => e.file === 'english.html')?.slug })
  t.same(english.data?.article, { language: 'en', direction: 'LTR' })

  const count = async () => Number((await db.pool.query<{ n: string }>('SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM sections) + (SELECT count(*) FROM article_revisions) AS n')).rows[0]?.n)
  const rows = await count()
  const second = await cli(url, dir, '--publish', '--published-at', 'header')
  t.equal(second.code, 3)
  t.match(second.stdout, /^0 created, 0 updated, 5 unchanged, 0 skipped, 3 rejected$/m, 'a second run changes nothing')
  t.equal(await count(), rows, 'no article, section or revision more')
  t.equal(await changes(), before + 1, 'and records no change')
})

t.test('edited pages, editors\' changes, --force, dry runs, drafts and archived pages', async (t) => {
  const clock = new TestClock(new Date('2026-01-10T09:00:00.000Z'))
  const { app, db } = await build(t, { clock })
  const dir = await folder(t)
  const files = async () => Promise.all(GOOD.concat(BAD).map(async (name) => ({ name, content: await readFile(join(dir, name)) })))
  const run = async (opts: ImportOptions = {}) => app.services.imports.run(IMPORTER, await files(), opts)
  const outcome = (r: ImportReport, file: string) => r.entries.find((e) => e.file === file)

  const dry = await run({ dryRun: true })
  t.same(dry.totals, { created: 5, updated: 0, unchanged: 0, skipped: 0, rejected: 2 }, 'a dry run reports what would happen')
  t.equal((await db.pool.query('SELECT 1 FROM articles UNION ALL SELECT 1 FROM sections')).rowCount, 0, 'and writes nothing')

  const first = await run()
  t.same(first.totals, { created: 5, updated: 0, unchanged: 0, skipped: 0, rejected: 2 })
  t.ok(first.entries.filter((e) => e.outcome === 'created').every((e) => e.status === 'DRAFT'), 'imported articles are drafts unless --publish')
  const anon = await gql(app, '{ articles(first: 50) { totalCount } }')
  t.equal(anon.data?.articles.totalCount, 0, 'so nothing is public yet')

  // an edited page updates its article and keeps the replaced version as a revision
  await writeFile(join(dir, 'sample-layout.txt'), (await readFile(join(dir, 'sample-layout.txt'), 'utf8')).replace('ثلاثة أشهر', 'شهرين'))
  const edited = await run()
  t.equal(outcome(edited, 'sample-layout.txt')?.outcome, 'updated')
  t.same(edited.totals, { created: 0, updated: 1, unchanged: 4, skipped: 0, rejected: 2 })
  const id = outcome(edited, 'sample-layout.txt')?.articleId as string
  const editor = await createToken(db, 'EDITOR', 'محررة')
  const history = await gql(app, 'query A($id: ID) { article(id: $id) { version paragraphs revisions { version } } }', { id }, { token: editor })
  t.equal(history.data?.article.version, 2)
  t.same(history.data?.article.revisions.map((r: { version: number }) => r.version), [1], 'the imported version 1 is a revision')
  t.match(history.data?.article.paragraphs[2], /شهرين/)

  // an editor changes the article: a re-import of an edited page leaves it, unless forced
  const change = await gql(app, 'mutation U($id: ID!) { updateArticle(id: $id, input: { summary: "ملخص المحررة" }) { version } }', { id }, { token: editor })
  t.equal(change.data?.updateArticle.version, 3)
  await writeFile(join(dir, 'sample-layout.txt'), (await readFile(join(dir, 'sample-layout.txt'), 'utf8')).replace('شهرين', 'ستة أشهر'))
  const kept = await run()
  t.equal(outcome(kept, 'sample-layout.txt')?.outcome, 'skipped')
  t.match(outcome(kept, 'sample-layout.txt')?.reason, /changed here since its import/)
  const forced = await run({ force: true })
  t.equal(outcome(forced, 'sample-layout.txt')?.outcome, 'updated', '--force imports over it')
  const after = await gql(app, 'query A($id: ID) { article(id: $id) { version summary paragraphs } }', { id }, { token: editor })
  t.equal(after.data?.article.version, 4)
  t.equal(after.data?.article.summary, 'ملخص المحررة', 'what the page does not have (a summary) stays as the editor wrote it')
  t.match(after.data?.article.paragraphs[2], /ستة أشهر/)

  // --publish without a date archives (not on any list), with --published-at an instant publishes at it
  const archivedDb = await build(t, { clock })
  const archived = await archivedDb.app.services.imports.run(IMPORTER, await files(), { publish: true })
  t.ok(archived.entries.filter((e) => e.outcome === 'created').every((e) => e.status === 'ARCHIVED'), 'no date: ARCHIVED')
  t.equal((await gql(archivedDb.app, '{ articles(first: 50) { totalCount } }')).data?.articles.totalCount, 0, 'the front page is not flooded')
  const datedDb = await build(t, { clock })
  const dated = await datedDb.app.services.imports.run(IMPORTER, await files(), { publish: true, publishedAt: new Date('2020-05-01T00:00:00.000Z') })
  t.ok(dated.entries.filter((e) => e.outcome === 'created').every((e) => e.status === 'PUBLISHED'))
  const list = await gql(datedDb.app, '{ articles(first: 50) { totalCount edges { node { publishedAt } } } }')
  t.equal(list.data?.articles.totalCount, 5)
  t.ok(list.data?.articles.edges.every((e: { node: { publishedAt: string } }) => e.node.publishedAt === '2020-05-01T00:00:00.000Z'))
})

t.test('pages written side by side: one title gets distinct slugs, every article is searchable, documents a stopped run left missing are built by the next', async (t) => {
  const { app, db } = await build(t)
  // twelve pages with one title, so that the pages in flight at once claim slugs of one base
  const files = Array.from({ length: 12 }, (_v, i) => ({
    name: `wire-${i}.txt`,
    content: `التحديث الاخير بتاريخ|الأربعاء, 5 مارس, 2025\n\nزلزال يضرب الساحل\n\nمحليات ـ\n\nرقم الخبر: ${7000 + i}\n\nضرب زلزال بقوة خمس درجات الساحل صباح اليوم (${i}).\n\nانتهى\n`,
  }))
  const report = await app.services.imports.run(IMPORTER, files, { publish: true, publishedAt: new Date('2026-01-01T00:00:00.000Z') })
  t.equal(report.totals.created, 12)
  t.same(report.entries.map((e) => e.file), files.map((f) => f.name), 'the report keeps the folder\'s order')
  t.equal(new Set(report.entries.map((e) => e.slug)).size, 12, 'twelve distinct slugs')
  const found = async () => (await gql(app, '{ search(query: "زلزال", first: 50) { totalCount } }')).data?.search.totalCount as number
  t.equal(await found(), 12, 'search finds every imported article')

  // a run stopped after its pages committed and before their chunk's search documents were built
  await db.pool.query('DELETE FROM article_search WHERE article_id IN (SELECT article_id FROM article_imports ORDER BY source LIMIT 3)')
  t.equal(await found(), 9)
  const again = await app.services.imports.run(IMPORTER, files, { publish: true, publishedAt: new Date('2026-01-01T00:00:00.000Z') })
  t.equal(again.totals.unchanged, 12, 'the next run changes no article')
  t.equal(await found(), 12, 'and builds the missing documents')
})

t.test('bad options and a missing folder are clear errors', async (t) => {
  const { url } = await build(t)
  const none = await cli(url)
  t.equal(none.code, 2)
  t.match(none.stderr, /usage: npm run import/)
  const date = await cli(url, PAGES, '--published-at', 'yesterday')
  t.equal(date.code, 1)
  t.match(date.stderr, /published-at must be header, none or an ISO date, not "yesterday"/)
  const missing = await cli(url, join(PAGES, 'no-such-folder'))
  t.equal(missing.code, 1)
  t.match(missing.stderr, /import: ENOENT/)
})

t.test('POST /api/v1/imports: ADMIN uploads a batch as multipart, the same report; wrong callers and bad batches write nothing', async (t) => {
  const { app, db } = await build(t)
  const admin = await createToken(db, 'ADMIN', 'مدير')
  const editor = await createToken(db, 'EDITOR', 'محرر')
  const form = async (names: string[], extra: Array<[string, Uint8Array]> = []) => {
    const body = new FormData()
    for (const name of names) body.append('pages', new Blob([await readFile(join(PAGES, name))]), name)
    for (const [name, bytes] of extra) body.append('pages', new Blob([bytes]), name)
    return body
  }
  const post = async (payload: FormData | string, opts: { token?: string, query?: string, type?: string } = {}) => app.inject({
    method: 'POST',
    url: `/api/v1/imports${opts.query ?? ''}`,
    payload,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.type ? { 'content-type': opts.type } : {}) },
  })
  const written = async () => Number((await db.pool.query<{ n: string }>('SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM sections) AS n')).rows[0]?.n)

  t.equal((await post(await form(['sample-layout.txt']))).statusCode, 401, 'anonymous: 401')
  t.equal((await post(await form(['sample-layout.txt']), { token: editor })).statusCode, 403, 'an EDITOR: 403 (imports are ADMIN work)')
  t.equal(await written(), 0, 'nothing written')

  const res = await post(await form(['sample-layout.txt', 'arabic.html', 'title-only.txt']), { token: admin, query: '?publish=true&publishedAt=header' })
  t.equal(res.statusCode, 200)
  const report = res.json().data as ImportReport
  t.same(report.totals, { created: 2, updated: 0, unchanged: 0, skipped: 0, rejected: 1 })
  t.equal(report.entries.find((e) => e.file === 'arabic.html')?.status, 'PUBLISHED')
  t.match(res.headers['cache-control'], /no-store/, 'a write is never cached')
  const again = await post(await form(['sample-layout.txt', 'arabic.html']), { token: admin, query: '?publish=true&publishedAt=header' })
  t.same(again.json().data.totals, { created: 0, updated: 0, unchanged: 2, skipped: 0, rejected: 0 }, 'the same batch again changes nothing')
  const dry = await post(await form(['english.html']), { token: admin, query: '?dryRun=true' })
  t.same(dry.json().data.totals, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0 })
  const count = await written()

  const bad = [
    ['JSON instead of files', await post(JSON.stringify({ pages: [] }), { token: admin, type: 'application/json' }), 400, /multipart/],
    ['no files', await post(new FormData(), { token: admin }), 400, /no page files/],
    ['a file over 1 MiB', await post(await form([], [['big.txt', new Uint8Array(1024 * 1024 + 1).fill(0x61)]]), { token: admin }), 413, /./],
    ['a bad date', await post(await form(['english.html']), { token: admin, query: '?publishedAt=yesterday' }), 400, /published-at must be/],
    ['an unknown option', await post(await form(['english.html']), { token: admin, query: '?overwrite=true' }), 400, /./],
    ['a wrongly typed option', await post(await form(['english.html']), { token: admin, query: '?publish=perhaps' }), 400, /./],
  ] as const
  for (const [what, r, status, detail] of bad) {
    t.equal(r.statusCode, status, `${what}: ${status}`)
    t.match(r.headers['content-type'], /application\/problem\+json/, `${what}: a problem`)
    t.match(r.json().detail, detail, `${what}: ${r.json().detail}`)
  }
  const many = new FormData()
  for (let i = 0; i <= 500; i++) many.append('pages', new Blob(['عنوان\n\nفقرة.']), `p${i}.txt`)
  t.equal((await post(many, { token: admin })).statusCode, 413, '501 files: 413')
  t.equal(await written(), count, 'no bad batch wrote anything')
})
