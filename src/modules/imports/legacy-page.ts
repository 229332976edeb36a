// A captured page of the legacy site (PRODUCT.md "Legacy import"), read into what an article
// needs: plain text like ../shared/samples/legacy-page-1.txt (the site's "last updated" stamp,
// the title, the breadcrumb "سياسة ـ الرأي ـ", paragraphs ending in the wire marker "انتهى", then
// the print / send / comment links and a counter) or an HTML page of the same layout, read with
// a real HTML parser (cheerio). Page chrome, the marker and the legacy typography's white space
// are removed here; what remains is the article as its newsroom wrote it.
import { createHash } from 'node:crypto'
import * as cheerio from 'cheerio'
import { normalizeForSearch } from '../../lib/arabic.ts'

export interface LegacyPage {
  /** what identifies the page across runs: its legacy article number, else its file name */
  source: string
  file: string
  title: string
  /** section names from the top, as the breadcrumb gives them (empty: no breadcrumb) */
  sectionPath: string[]
  paragraphs: string[]
  /** the site's "last updated" stamp in the header: when the page was captured, not published */
  capturedAt: Date | null
  language: string
  /** of everything the import writes from the page: an edited page has another */
  hash: string
}

/** A page that cannot become an article, and why. */
export class RejectedPage extends Error {}

// Lines and links that are the legacy page's furniture, not the article, written in search form
// (normalizeForSearch: hamza and ta marbuta folded, Latin small) and tested on short lines only.
const CHROME = [
  /طباعه الخبر/u, /ارسال الخبر (الي\s*|ل)صديق/u, /اضافه تعليق/u, /اضف تعليق/u, /^التعليقات$/u,
  /عدد (القراءات|المشاهدات|الزيارات)/u, /(قراءات|مشاهدات|زيارات)\s*:?\s*\d+/u, /^\d+\s*(قراءه|مشاهده|زياره)$/u,
  /جميع الحقوق محفوظه/u, /حقوق (النشر|الطبع)/u, /©|\(c\)|copyright/u, /all rights reserved/u,
  /^(print|send to a friend|add a comment|comments?)$/u, /التحديث الاخير/u,
]
const CHROME_MAX_WORDS = 16
// the header's "last updated" line, in search form
const STAMP = /التحديث الاخير|last updated/u
const END_MARKER = /\s*[.،]?\s*انتهى\s*[.]?\s*$/u
const LEGACY_NUMBER = /رقم (الخبر|المقال)\s*[:：]?\s*(\d+)/u
const LEGACY_LINK = /[?&](?:id|newsid|nid|article|articleid)=(\d+)/iu
// a tatweel standing alone between words is a separator ("دمشق ـ سانا"): an en dash says so
const TATWEEL_SEPARATOR = /\s+ـ+(?=\s|$)/gu

/** White space as a reader expects it: NBSP and tabs are spaces, runs are one, none before punctuation. */
export function cleanText (text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F\t]/g, ' ')
    .replace(/[\u200B\uFEFF]/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/ +([.,:;!?،؛؟»)\]])/gu, '$1')
    .replace(/([«([]) +/gu, '$1')
    .trim()
}

const isChrome = (line: string): boolean => {
  if (line.split(/\s+/, CHROME_MAX_WORDS + 1).length > CHROME_MAX_WORDS) return false
  const form = normalizeForSearch(line).trim()
  return CHROME.some((re) => re.test(form))
}

/**
 * "سياسة ـ الرأي ـ": short names, each followed by a tatweel between spaces (the legacy site's
 * separator, closing the line too; a dateline such as "دمشق ـ سانا ـ …" runs on into the text).
 */
function breadcrumbOf (line: string): string[] | null {
  if (!/\sـ+\s*$/u.test(` ${line}`)) return null
  const parts = ` ${line} `.split(/\s+ـ+(?=\s)/u).map((p) => p.trim()).filter((p) => p !== '')
  if (parts.length === 0 || parts.some((p) => p.split(/\s+/).length > 5)) return null
  return parts
}

const MONTHS: Record<string, number> = {}
for (const [i, names] of [
  ['يناير', 'كانون الثاني', 'january', 'jan'], ['فبراير', 'شباط', 'february', 'feb'], ['مارس', 'اذار', 'march', 'mar'],
  ['ابريل', 'نيسان', 'april', 'apr'], ['مايو', 'ايار', 'may'], ['يونيو', 'حزيران', 'june', 'jun'],
  ['يوليو', 'تموز', 'july', 'jul'], ['اغسطس', 'اب', 'august', 'aug'], ['سبتمبر', 'ايلول', 'september', 'sep'],
  ['اكتوبر', 'تشرين الاول', 'october', 'oct'], ['نوفمبر', 'تشرين الثاني', 'november', 'nov'], ['ديسمبر', 'كانون الاول', 'december', 'dec'],
].entries()) for (const name of names) MONTHS[normalizeForSearch(name)] = i + 1

// One formatter per time zone: making one costs more than the rest of a page's parsing.
const FORMATS = new Map<string, Intl.DateTimeFormat>()
const formatIn = (timeZone: string): Intl.DateTimeFormat => {
  let format = FORMATS.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    FORMATS.set(timeZone, format)
  }
  return format
}

/** Milliseconds the zone is ahead of UTC at `at`. */
function zoneOffset (at: number, timeZone: string): number {
  const parts = Object.fromEntries(formatIn(timeZone).formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]))
  return Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day, parts.hour, parts.minute, parts.second) - at
}

/** Midnight of a calendar day in a time zone, as an instant. */
function startOfDay (year: number, month: number, day: number, timeZone: string): Date {
  const utc = Date.UTC(year, month - 1, day)
  const first = utc - zoneOffset(utc, timeZone)
  return new Date(utc - zoneOffset(first, timeZone))
}

/**
 * The header's date: "الخميس, نوفمبر 14, 2024", "14 تشرين الثاني 2024", "November 14, 2024" or
 * "2024-11-14", as the start of that day in the site's time zone; null when there is none.
 */
export function headerDate (text: string, timeZone: string): Date | null {
  const t = normalizeForSearch(text).replace(/[,،]/g, ' ')
  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t)
  let ymd: [number, number, number] | null = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : null
  if (!ymd) {
    const names = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')
    const dayFirst = new RegExp(`(\\d{1,2})\\s+(${names})\\s+(\\d{4})`, 'u').exec(t)
    const monthFirst = new RegExp(`(${names})\\s+(\\d{1,2})\\s+(\\d{4})`, 'u').exec(t)
    if (monthFirst) ymd = [Number(monthFirst[3]), MONTHS[monthFirst[1] as string] as number, Number(monthFirst[2])]
    else if (dayFirst) ymd = [Number(dayFirst[3]), MONTHS[dayFirst[2] as string] as number, Number(dayFirst[1])]
  }
  if (!ymd) return null
  const [y, m, d] = ymd
  const at = startOfDay(y, m, d, timeZone)
  const check = new Date(Date.UTC(y, m - 1, d))
  if (Number.isNaN(at.getTime()) || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null
  return at
}

const ARABIC_LETTER = /[\u0600-\u06FF]/gu
const LATIN_LETTER = /[A-Za-z]/g
const languageOf = (text: string): string =>
  (text.match(ARABIC_LETTER)?.length ?? 0) >= (text.match(LATIN_LETTER)?.length ?? 0) ? 'ar' : 'en'

function finish (file: string, raw: { title: string, sectionPath: string[], paragraphs: string[], capturedAt: Date | null, legacyNumber: string | null, lang: string | null }): LegacyPage {
  const title = cleanText(raw.title)
  if (title === '') throw new RejectedPage('no title')
  const paragraphs = raw.paragraphs.map(cleanText).filter((p) => p !== '' && !isChrome(p))
  // the wire's closing marker, on the last paragraph or on a line of its own
  if (paragraphs.length > 0) {
    const last = (paragraphs.at(-1) as string).replace(END_MARKER, (m) => (m.trim().startsWith('.') ? '.' : ''))
    if (last.trim() === '') paragraphs.pop()
    else paragraphs[paragraphs.length - 1] = last.trim()
  }
  if (paragraphs.length === 0) throw new RejectedPage('no body text (only the title and page chrome)')
  const sectionPath = raw.sectionPath.map(cleanText).filter((s) => s !== '')
  const language = raw.lang ?? languageOf(`${title} ${paragraphs.join(' ')}`)
  const capturedAt = raw.capturedAt
  const hash = createHash('sha256').update(JSON.stringify({ title, sectionPath, paragraphs, language, capturedAt: capturedAt?.toISOString() ?? null })).digest('hex')
  return { source: raw.legacyNumber ? `legacy:${raw.legacyNumber}` : `file:${file}`, file, title, sectionPath, paragraphs, capturedAt, language, hash }
}

/** The plain-text layout of the sample: header line, title, breadcrumb, paragraphs, chrome. */
function fromText (file: string, content: string, timeZone: string): LegacyPage {
  const lines = content.replace(/\r\n?/g, '\n').split('\n').map((l) => cleanText(l)).filter((l) => l !== '')
  let capturedAt: Date | null = null
  let legacyNumber: string | null = null
  const rest: string[] = []
  for (const line of lines) {
    const number = LEGACY_NUMBER.exec(normalizeForSearch(line)) ?? LEGACY_LINK.exec(line)
    if (number) {
      legacyNumber ??= number.at(-1) as string
      continue
    }
    if (/التحديث الاخير/u.test(normalizeForSearch(line))) {
      capturedAt ??= headerDate(line.split('|').at(-1) as string, timeZone)
      continue
    }
    rest.push(line)
  }
  const body = rest.filter((l) => !isChrome(l))
  const title = body.shift() ?? ''
  let sectionPath: string[] = []
  const crumbAt = body.findIndex((l, i) => i < 2 && breadcrumbOf(l) !== null)
  if (crumbAt >= 0) sectionPath = breadcrumbOf(body.splice(crumbAt, 1)[0] as string) ?? []
  return finish(file, { title, sectionPath, paragraphs: body.map((l) => l.replace(TATWEEL_SEPARATOR, ' –')), capturedAt, legacyNumber, lang: null })
}

/** An HTML page of the same layout: a header with the date line, <h1>, a breadcrumb, <p>s, footer links. */
function fromHtml (file: string, content: string, timeZone: string): LegacyPage {
  const $ = cheerio.load(content)
  $('script, style, noscript, template, iframe, form, nav.menu, .menu, .ads, .advert').remove()
  const text = (el: Parameters<typeof $>[0]): string => cleanText($(el).text())
  // the date line: in the header's usual places, else anywhere on the page (one pass over its text)
  const stamped = (t: string): Date | null => {
    const form = normalizeForSearch(t)
    const at = STAMP.exec(form)
    if (!at) return null
    const line = form.slice(at.index)
    return headerDate(line.split('|').slice(1).join('|') || line, timeZone)
  }
  let capturedAt: Date | null = null
  for (const el of $('header, .header, .date, .updated, time').toArray()) {
    capturedAt = stamped($(el).text())
    if (capturedAt) break
  }
  capturedAt ??= stamped($('body').text())
  const crumbs = $('.breadcrumb, .breadcrumbs, [class*="breadcrumb"], nav[aria-label*="breadcrumb" i]').first()
  let sectionPath: string[] = []
  if (crumbs.length > 0) {
    const links = crumbs.find('a, li, span').toArray().filter((el) => $(el).children('a, li, span').length === 0).map((el) => text(el))
    sectionPath = (links.length > 0 ? links : breadcrumbOf(text(crumbs)) ?? []).map((s) => s.replace(/^ـ+|ـ+$/gu, '').trim())
      .filter((s) => s !== '' && !/^(الرئيسية|home)$/iu.test(s))
  }
  let legacyNumber: string | null = null
  const idFrom = (value: string | undefined): string | null => (value ? (LEGACY_LINK.exec(value)?.[1] ?? null) : null)
  legacyNumber = $('[data-article-id]').attr('data-article-id')?.match(/^\d+$/)?.[0] ??
    idFrom($('link[rel="canonical"]').attr('href')) ??
    (LEGACY_NUMBER.exec(normalizeForSearch($('body').text()))?.[2] ?? null)
  const title = text($('h1').first())
  const container = $('article, main, #content, .content, .article, .news').first()
  const scope = container.length > 0 ? container : $('body')
  const paragraphs = scope.find('p').not('header p, footer p, .footer p, .breadcrumb p, [class*="breadcrumb"] p').toArray().map((el) => text(el))
  const lang = $('html').attr('lang')?.split('-')[0]?.toLowerCase() || null
  return finish(file, { title, sectionPath, paragraphs, capturedAt, legacyNumber, lang })
}

/** Reads one captured page; RejectedPage when it cannot become an article. */
export function parseLegacyPage (file: string, content: string, timeZone: string): LegacyPage {
  if (content.includes('\u0000')) throw new RejectedPage('not a text file (NUL bytes)')
  if (content.includes('\uFFFD')) throw new RejectedPage('not UTF-8 text')
  const html = /^\s*(<!doctype html|<html|<head|<body|<h1|<div|<article|<header|<p[\s>])/iu.test(content) || /\.x?html?$/iu.test(file)
  return html ? fromHtml(file, content, timeZone) : fromText(file, content, timeZone)
}
