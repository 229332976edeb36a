import t from 'tap'
import { SiteRepository } from '../../src/modules/site/site.repository.ts'
import { createArticle, createSection } from '../factories/index.ts'
import { build, gql, TestClock } from '../helper.ts'

const SITE = `query Site($locale: String, $timeZone: String) {
  site { name defaultLocale timeZone lastUpdatedAt lastUpdated(locale: $locale, timeZone: $timeZone) contentVersion }
}`

// The expected label, from PRODUCT.md's documented options (weekday, day, month name, year), with
// Intl itself: its exact text (digits, punctuation) differs between ICU versions.
const label = (at: string, locale: string, timeZone: string): string =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(new Date(at))
/** Arabic-Indic digits as ASCII: whether `ar` writes ١٥ or 15 depends on the ICU version. */
const ascii = (text: string): string => text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) % 16))
/** The number `n` standing alone in `text` (not part of a longer number). */
const number = (n: number): RegExp => new RegExp(`(^|\\D)${n}(\\D|$)`)

async function setState (db: Awaited<ReturnType<typeof build>>['db'], at: string): Promise<void> {
  await db.prisma.siteState.update({ where: { id: 1 }, data: { createdAt: new Date(at), contentChangedAt: new Date(at) } })
}

t.test('every Site field, on a site where nothing was ever visible', async (t) => {
  const { app, db, config } = await build(t, { env: { SITE_NAME: 'الأفق', SITE_TIME_ZONE: 'Asia/Damascus' } })
  await setState(db, '2024-11-14T09:30:00.000Z')
  const res = await gql(app, SITE)
  t.equal(res.status, 200)
  t.same(res.errors, undefined)
  const site = res.data.site
  t.equal(site.name, 'الأفق')
  t.equal(site.defaultLocale, config.SITE_DEFAULT_LOCALE)
  t.equal(site.timeZone, 'Asia/Damascus')
  t.equal(site.lastUpdatedAt, '2024-11-14T09:30:00.000Z', 'the instant the site was created')
  t.equal(site.lastUpdated, label('2024-11-14T09:30:00.000Z', 'ar', 'Asia/Damascus'), 'default locale and zone')
  t.match(site.contentVersion, /^[\w-]{8,}$/)
  t.equal((await gql(app, SITE)).data.site.contentVersion, site.contentVersion, 'stable while nothing changes')
})

t.test('lastUpdatedAt and contentVersion follow visible content only', async (t) => {
  const clock = new TestClock(new Date('2026-03-01T00:00:00.000Z'))
  const { app, db } = await build(t, { clock })
  await setState(db, '2026-01-01T00:00:00.000Z')
  const read = async () => (await gql(app, SITE)).data.site as { lastUpdatedAt: string, contentVersion: string }
  const section = await createSection(db)

  const v0 = await read()
  t.equal(v0.lastUpdatedAt, '2026-01-01T00:00:00.000Z')

  await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-01T00:00:00.000Z') })
  const v1 = await read()
  t.equal(v1.lastUpdatedAt, '2026-02-01T00:00:00.000Z', 'newest visible publishedAt')
  t.not(v1.contentVersion, v0.contentVersion)

  await createArticle(db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  await createArticle(db, { sectionId: section.id, status: 'ARCHIVED', publishedAt: new Date('2026-02-10T00:00:00.000Z') })
  await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-02-15T00:00:00.000Z'), deletedAt: new Date('2026-02-16T00:00:00.000Z') })
  const v2 = await read()
  t.equal(v2.lastUpdatedAt, v1.lastUpdatedAt, 'drafts, archived and deleted articles do not count')
  t.equal(v2.contentVersion, v1.contentVersion)

  await createArticle(db, { sectionId: section.id, publishedAt: new Date('2026-03-05T08:00:00.000Z') })
  const v3 = await read()
  t.equal(v3.lastUpdatedAt, v1.lastUpdatedAt, 'a scheduled article does not count before its instant')
  t.equal(v3.contentVersion, v1.contentVersion)

  clock.set('2026-03-05T08:00:00.000Z')
  const v4 = await read()
  t.equal(v4.lastUpdatedAt, '2026-03-05T08:00:00.000Z', 'it counts at its instant, with no write')
  t.not(v4.contentVersion, v3.contentVersion)

  clock.set('2026-03-10T00:00:00.000Z')
  await db.prisma.$transaction((tx) => new SiteRepository(db).recordChange(tx, clock.now(), [section.id]))
  const v5 = await read()
  t.equal(v5.lastUpdatedAt, '2026-03-10T00:00:00.000Z', 'a recorded change moves it')
  t.not(v5.contentVersion, v4.contentVersion)
})

t.test('lastUpdated labels: locales and zones, computed with Intl', async (t) => {
  const { app, db } = await build(t)
  const at = '2024-11-14T22:30:00.000Z' // Thursday in UTC, already Friday in Damascus and Tokyo
  await setState(db, at)
  const cases: Array<[string | null, string | null, string, string]> = [
    [null, null, 'ar', 'Asia/Damascus'],
    ['ar', null, 'ar', 'Asia/Damascus'],
    ['ar-SY', null, 'ar-SY', 'Asia/Damascus'],
    ['en', null, 'en', 'Asia/Damascus'],
    ['en', 'UTC', 'en', 'UTC'],
    ['fr-CA', 'America/Los_Angeles', 'fr-CA', 'America/Los_Angeles'],
    ['ar-u-nu-latn', 'Asia/Tokyo', 'ar-u-nu-latn', 'Asia/Tokyo'],
    ['zz', null, 'zz', 'Asia/Damascus'], // well-formed but absent from ICU: falls back as Intl does
  ]
  for (const [locale, timeZone, expLocale, expZone] of cases) {
    const res = await gql(app, SITE, { locale, timeZone })
    t.equal(res.data?.site.lastUpdated, label(at, expLocale, expZone), `${locale} ${timeZone}`)
  }
  t.not(label(at, 'en', 'UTC'), label(at, 'en', 'Asia/Damascus'), 'the zone decides the day')

  const rest = await app.inject({ url: `/api/v1/site?locale=ar-SY&timeZone=${encodeURIComponent('Asia/Damascus')}` })
  t.equal(rest.statusCode, 200)
  t.equal(rest.json().data.lastUpdated, label(at, 'ar-SY', 'Asia/Damascus'))
  t.equal(rest.json().data.lastUpdatedAt, at)
})

t.test('lastUpdated labels: month names, years and the zone\'s offset, literally', async (t) => {
  const { app, db } = await build(t)
  const labelAt = async (at: string, locale: string | null, timeZone: string | null = null): Promise<string> => {
    await setState(db, at)
    const res = await gql(app, SITE, { locale, timeZone })
    t.same(res.errors, undefined)
    return ascii(res.data.site.lastUpdated as string)
  }
  // Asia/Damascus (the default zone) is UTC+3 all year since 2022: 21:00 UTC is midnight there.
  const thursday = await labelAt('2024-11-14T20:59:59.999Z', null)
  t.match(thursday, 'نوفمبر', 'default locale ar: the Arabic month name')
  t.match(thursday, number(2024), 'the year')
  t.match(thursday, number(14), '23:59:59 in Damascus: still the 14th')
  t.match(thursday, 'الخميس', 'a Thursday')
  const friday = await labelAt('2024-11-14T21:00:00.000Z', null)
  t.match(friday, number(15), '21:00 UTC is the 15th in Damascus: the offset is +03:00')
  t.match(friday, 'الجمعة', 'a Friday')
  t.match(friday, 'نوفمبر')
  t.match(await labelAt('2024-11-14T21:00:00.000Z', 'ar', 'UTC'), number(14), 'still the 14th in UTC')
  t.match(await labelAt('2024-11-14T14:59:59.999Z', 'ar', 'Asia/Tokyo'), number(14), 'Tokyo (+09:00): the 14th until 15:00 UTC')
  t.match(await labelAt('2024-11-14T15:00:00.000Z', 'ar', 'Asia/Tokyo'), number(15), 'Tokyo: the 15th from 15:00 UTC')
  t.match(await labelAt('2024-11-14T21:00:00.000Z', 'ar-SY'), 'تشرين الثاني', 'ar-SY: the Levantine month name')

  const newYear = await labelAt('2024-12-31T21:00:00.000Z', null)
  t.match(newYear, 'يناير', 'January in Damascus')
  t.match(newYear, number(2025), 'and already 2025')
  t.match(newYear, number(1))
  const oldYear = await labelAt('2024-12-31T21:00:00.000Z', 'ar', 'UTC')
  t.match(oldYear, 'ديسمبر', 'December in UTC')
  t.match(oldYear, number(2024))
  t.match(oldYear, number(31))
  const english = await labelAt('2024-11-14T21:00:00.000Z', 'en')
  for (const part of ['Friday', 'November', '15', '2024']) t.match(english, part, `en: ${part}`)
})

t.test('invalid locales and zones are BAD_USER_INPUT, in GraphQL and REST', async (t) => {
  const { app } = await build(t)
  for (const locale of ['', 'en_US', 'not a locale!', 'x', 'a'.repeat(5000)]) {
    const res = await gql(app, SITE, { locale })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `locale ${JSON.stringify(locale.slice(0, 20))}`)
    t.equal(res.errors?.[0]?.extensions?.field, 'locale')
    t.equal(res.data, null)
  }
  for (const timeZone of ['', 'Mars/Olympus', 'Asia/Damascus '.repeat(3)]) {
    const res = await gql(app, SITE, { timeZone })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `zone ${JSON.stringify(timeZone)}`)
    t.equal(res.errors?.[0]?.extensions?.field, 'timeZone')
  }
  const wrongType = await gql(app, '{ site { lastUpdated(locale: 5) } }')
  t.equal(wrongType.status, 400)
  t.equal(wrongType.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED')
  const wrongVar = await gql(app, SITE, { locale: 5 })
  t.equal(wrongVar.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT')

  const rest = await app.inject({ url: '/api/v1/site?locale=en_US' })
  t.equal(rest.statusCode, 400)
  t.match(rest.headers['content-type'], /^application\/problem\+json/)
  t.match(rest.json(), { status: 400, code: 'BAD_USER_INPUT', field: 'locale' })
  const zone = await app.inject({ url: '/api/v1/site?timeZone=Mars%2FOlympus' })
  t.match(zone.json(), { status: 400, code: 'BAD_USER_INPUT', field: 'timeZone' })
  const long = await app.inject({ url: `/api/v1/site?locale=${'a'.repeat(500)}` })
  t.equal(long.statusCode, 400)
  const unknown = await app.inject({ url: '/api/v1/site?colour=red' })
  t.equal(unknown.statusCode, 400, 'unknown query parameters are refused')
})
