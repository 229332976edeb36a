// The reader site end to end in headless Chromium (Debian's chromium, driven by playwright-core;
// .ci/run installs it with apt): open /, go to a section and an article, check the breadcrumb and
// the right-to-left layout, post a comment and see the receipt, approve it through the API and see
// it appear live; an English article left to right; the print page; GraphiQL running a query; a
// phone-sized and a desktop-sized window. Screenshots go to test/artifacts/ (ignored by git).
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import t from 'tap'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql } from '../helper.ts'

// What the functions given to page.evaluate use: they run in the browser, not in Node.
declare const document: { documentElement: { scrollWidth: number }, querySelector: (selector: string) => { textContent: string | null } | null }
declare const window: { innerWidth: number }
declare function getComputedStyle (element: unknown): { direction: string }

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const available = existsSync(CHROMIUM)
if (!available && process.env.CI === 'true') t.fail(`no Chromium at ${CHROMIUM}: .ci/run installs it (apt chromium)`)

const WINDOWS = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const

t.test('the reader site in a browser', { skip: available ? false : `no Chromium at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)` }, async (t) => {
  await mkdir(ARTIFACTS, { recursive: true })
  const { app, db } = await build(t, { env: { GRAPHIQL: 'true' } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  await app.events.ready
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const moderator = await createToken(db, 'MODERATOR')

  const news = await createSection(db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const world = await createSection(db, { name: 'World', slug: 'world' })
  const hour = 3_600_000
  const arabic = await createArticle(db, {
    sectionId: local.id,
    title: 'افتتاح جسر جديد فوق النهر',
    slug: 'افتتاح-جسر-جديد',
    paragraphs: ['افتتحت المحافظة اليوم جسراً جديداً يربط ضفتي النهر.', 'وقال المحافظ إن الجسر سيخفف الازدحام.'],
    publishedAt: new Date(Date.now() - hour),
  })
  for (let i = 0; i < 3; i++) await createArticle(db, { sectionId: local.id, title: `خبر محلي ${i + 1}`, publishedAt: new Date(Date.now() - (i + 2) * hour) })
  const english = await createArticle(db, { sectionId: world.id, title: 'Bridge opens over the river', slug: 'bridge-opens', language: 'en', paragraphs: ['A new bridge opened today.'], publishedAt: new Date(Date.now() - 2 * hour) })

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // as root, on a machine with a closed network (background fetches refused, many at a time)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.teardown(() => browser.close())
  /** Every page's script errors and console errors, checked after all the walks. */
  const errors: string[] = []
  const open = async (size: keyof typeof WINDOWS): Promise<Page> => {
    const context = await browser.newContext({ viewport: WINDOWS[size], locale: 'ar', isMobile: size === 'phone', hasTouch: size === 'phone' })
    const page = await context.newPage()
    page.on('pageerror', (err) => errors.push(`${size} ${page.url()}: ${err.message}`))
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`${size} ${page.url()}: ${msg.text()}`) })
    return page
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true })
  const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)

  for (const size of ['desktop', 'phone'] as const) {
    await t.test(`${size}: home, section, article, print; right to left, and nothing wider than the window`, async (t) => {
      const page = await open(size)
      await page.goto(`${base}/`)
      t.equal(await page.getAttribute('html', 'dir'), 'rtl')
      t.equal(await page.getAttribute('html', 'lang'), 'ar')
      t.match(await page.textContent('.last-updated') ?? '', /^آخر تحديث: /, 'the site\'s "last updated" label in the header')
      t.ok(await page.isVisible('.article-list a[href$="' + encodeURIComponent('افتتاح-جسر-جديد') + '"]'), 'the newest articles')
      t.ok(await fits(page), 'no horizontal scrolling')
      await shot(page, `home-${size}`)

      await page.click(`nav.sections a[href="/sections/${encodeURIComponent('أخبار')}"]`)
      await page.waitForURL(`**/sections/${encodeURIComponent('أخبار')}`)
      t.equal(await page.textContent('h1'), 'أخبار', 'the section page')
      t.same(await page.locator('.subsections a').allTextContents(), ['محليات'], 'its subsections')
      t.equal(await page.locator('.article-item').count(), 4, 'its articles, subsections included')
      await shot(page, `section-${size}`)

      await page.click('.article-list a >> text=افتتاح جسر جديد فوق النهر')
      await page.waitForURL(`**/articles/${encodeURIComponent('افتتاح-جسر-جديد')}`)
      t.equal(await page.textContent('h1'), 'افتتاح جسر جديد فوق النهر')
      t.same(await page.locator('.breadcrumb li').allTextContents().then((l) => l.map((s) => s.trim())), ['الصفحة الرئيسية', 'أخبار', 'محليات'], 'the breadcrumb')
      t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.story h1')).direction), 'rtl', 'laid out right to left')
      const h1 = await page.locator('.story h1').boundingBox()
      const main = await page.locator('main').boundingBox()
      t.ok(h1 && main && Math.abs((h1.x + h1.width) - (main.x + main.width)) < 40, 'the headline starts at the right edge')
      t.ok(await fits(page), 'no horizontal scrolling')
      const ld = JSON.parse(await page.textContent('script[type="application/ld+json"]') ?? '{}')
      t.match(ld, { '@type': 'NewsArticle', headline: 'افتتاح جسر جديد فوق النهر' }, 'NewsArticle JSON-LD')
      await shot(page, `article-${size}`)

      await page.click('a.print')
      await page.waitForURL('**/print')
      t.equal(await page.textContent('h1'), 'افتتاح جسر جديد فوق النهر', 'the print page')
      await shot(page, `print-${size}`)
    })
  }

  await t.test('a comment: the receipt, then approved by a moderator, it appears live', async (t) => {
    const page = await open('desktop')
    await page.goto(`${base}/articles/${encodeURIComponent(arabic.slug)}`)
    await page.waitForSelector('#comments[data-live="subscribed"]')
    await page.fill('input[name="authorName"]', 'قارئة من حلب')
    await page.fill('textarea[name="body"]', 'خبر رائع، شكراً على التغطية.')
    await page.click('.comment-form button[type="submit"]')
    await page.waitForSelector('.receipt .pending')
    t.match(await page.textContent('.receipt .pending') ?? '', /تلقينا تعليقك/, 'the receipt')
    t.equal(await page.getAttribute('.pending-comment', 'data-status'), 'PENDING', 'the author sees it PENDING')
    const id = await page.getAttribute('.pending-comment', 'data-id') as string
    t.equal(await page.locator(`#comment-${id}`).count(), 0, 'not in the list before a moderator approves it')

    // socket connected does not mean subscribed: approve until the page shows it (the first try usually does)
    const approved = await gql(app, 'mutation M($id: ID!) { moderateComment(id: $id, action: APPROVE) { status } }', { id }, { token: moderator })
    t.equal(approved.data?.moderateComment.status, 'APPROVED')
    await page.waitForSelector(`#comment-${id}`, { timeout: 10_000 })
    t.equal(await page.textContent(`#comment-${id} .comment-body`), 'خبر رائع، شكراً على التغطية.', 'it appears live, without a reload')
    t.equal(await page.textContent('.comment-count'), '1', 'and the count follows')
    await shot(page, 'article-comment-live-desktop')
  })

  await t.test('an English article is left to right', async (t) => {
    for (const size of ['desktop', 'phone'] as const) {
      const page = await open(size)
      await page.goto(`${base}/articles/${english.slug}`)
      t.equal(await page.getAttribute('html', 'dir'), 'ltr')
      t.equal(await page.getAttribute('html', 'lang'), 'en')
      t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.story h1')).direction), 'ltr')
      t.ok(await fits(page), `${size}: no horizontal scrolling`)
      await shot(page, `article-english-${size}`)
    }
  })

  await t.test('GraphiQL loads without internet and runs a query', async (t) => {
    const page = await open('desktop')
    const outside: string[] = []
    page.on('request', (req) => { if (!req.url().startsWith(base)) outside.push(req.url()) })
    await page.goto(`${base}/graphiql?query=${encodeURIComponent('{ site { name } }')}`)
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 })
    await page.click('.graphiql-execute-button')
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('الأفق الإخباري'), undefined, { timeout: 10_000 })
    t.match(await page.textContent('.result-window') ?? '', /"name": "الأفق الإخباري"/, 'the answer')
    t.same(outside, [], 'nothing was loaded from another host')
    await shot(page, 'graphiql-desktop')
  })

  t.same(errors, [], 'no script or console errors on any page')
})
