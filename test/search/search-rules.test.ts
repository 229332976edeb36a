// Search rules search.test.ts leaves open (issue 12, PostgreSQL search): title > summary > body
// weighting, relevance against date order, the recency tie-break, Arabic stemming, doubled letters
// through the spelling-variant widening, more normalisation pairs, markup and UTF-16 offsets in
// highlights, snippets of long bodies, and bad input on both doors. Each test builds its own small
// newsroom, so every assertion is about articles written for it: publishedAt dates and insertion
// (id) order are chosen so that neither gives the expected answer by accident.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { createSection } from '../factories/index.ts'
import { build, gql, problem, TestClock } from '../helper.ts'
import { NOW } from './fixtures.ts'

const SEARCH = `query Search($query: String!, $orderBy: SearchOrder, $first: Int, $after: String) {
  search(query: $query, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { score highlight matches { field start length } node { slug title } }
  }
}`

interface Edge { score: number, highlight: string, matches: Array<{ field: string, start: number, length: number }>, node: { slug: string, title: string } }
interface Page { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Edge[] }
interface Input { slug: string, title: string, summary?: string, paragraphs?: string[], language?: string, hoursAgo: number }

const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000)

async function newsroom (t: Test) {
  const ctx = await build(t, { clock: new TestClock(NOW) })
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'akhbar' })
  /** One published article, written as given; ids are UUIDv7, so their order is the order of these calls. */
  const put = async (input: Input) => {
    const row = await ctx.db.prisma.article.create({
      data: {
        sectionId: section.id,
        slug: input.slug,
        title: input.title,
        summary: input.summary ?? null,
        paragraphs: input.paragraphs ?? ['نص قصير.'],
        language: input.language ?? 'ar',
        status: 'PUBLISHED',
        publishedAt: hoursAgo(input.hoursAgo),
      },
    })
    await sleep(3) // the next id in a later millisecond: UUIDv7 order is creation order
    return row
  }
  return { ...ctx, section, put }
}

async function page (t: Test, app: FastifyInstance, query: string, vars: Record<string, unknown> = {}): Promise<Page> {
  const res = await gql(app, SEARCH, { query, ...vars })
  t.equal(res.errors, undefined, `${query} ${JSON.stringify(vars)}: no errors`)
  return res.data?.search as Page
}

const slugsOf = (p: Page): string[] => p.edges.map((e) => e.node.slug)

/** The slugs of `rows` ordered by id, ascending and descending: what an id tie-break would give. */
function idOrders (rows: Array<{ id: string, slug: string }>): [string[], string[]] {
  const asc = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => r.slug)
  return [asc, [...asc].reverse()]
}

t.test('gaps 1, 2: weighting title > summary > body, and relevance against date order', async (t) => {
  const { app, put } = await newsroom(t)
  // 1. One word: in the title of the oldest, the summary of the middle one, the body of the newest.
  // Inserted body, title, summary: neither id order is the relevance order nor the date order.
  const weights = [
    await put({ slug: 'in-body', title: 'تقرير زراعي', summary: 'جولة في الحقول', paragraphs: ['قطف المزارعون الزيتون هذا الأسبوع.'], hoursAgo: 10 }),
    await put({ slug: 'in-title', title: 'موسم الزيتون يبدأ مبكرا', summary: 'المزارعون يستعدون', paragraphs: ['بدأ العمل في الجنوب.'], hoursAgo: 30 }),
    await put({ slug: 'in-summary', title: 'أخبار الريف', summary: 'قطاف الزيتون في الجنوب', paragraphs: ['يستعد المزارعون للموسم.'], hoursAgo: 20 }),
  ]
  const byRelevance = ['in-title', 'in-summary', 'in-body']
  const byDate = ['in-body', 'in-summary', 'in-title']
  for (const order of idOrders(weights)) t.notSame(order, byRelevance, 'precondition: id order is not the relevance order')
  for (const order of idOrders(weights)) t.notSame(order, byDate, 'precondition: id order is not the date order')

  const relevance = await page(t, app, 'الزيتون')
  t.same(slugsOf(relevance), byRelevance, 'by relevance: the title match, then the summary match, then the body match (the reverse of their dates)')
  const [title, summary, body] = relevance.edges.map((e) => e.score) as [number, number, number]
  t.ok(title > summary && summary > body, `scores fall from title (${title}) to summary (${summary}) to body (${body})`)
  t.same(slugsOf(await page(t, app, 'الزيتون', { orderBy: 'DATE' })), byDate, 'by date: newest first, the reverse')

  // 2. Among ranked hits: the oldest has the word in its title and summary, the middle one in its
  // title, the newest in its summary. Inserted middle, oldest, newest.
  const ranked = [
    await put({ slug: 'wheat-title', title: 'القمح في الأسواق', summary: 'تقرير أسبوعي', hoursAgo: 50 }),
    await put({ slug: 'wheat-both', title: 'أسعار القمح ترتفع', summary: 'القمح المستورد أغلى من المحلي', hoursAgo: 60 }),
    await put({ slug: 'wheat-summary', title: 'تقرير الأسواق', summary: 'ارتفاع أسعار القمح', hoursAgo: 40 }),
  ]
  const best = ['wheat-both', 'wheat-title', 'wheat-summary']
  for (const order of idOrders(ranked)) t.notSame(order, best, 'precondition: id order is not the relevance order')
  const gqlRelevance = await page(t, app, 'القمح')
  t.same(slugsOf(gqlRelevance), best, 'by relevance: the older hit with the word twice outranks the newer ones')
  const scores = gqlRelevance.edges.map((e) => e.score)
  t.ok(scores.every((s, i) => i === 0 || s < (scores[i - 1] as number)) && (scores.at(-1) as number) > 0, `strictly falling, all ranked: ${scores.join(', ')}`)
  t.same(slugsOf(await page(t, app, 'القمح', { orderBy: 'DATE' })), [...best].reverse(), 'by date: the opposite order')
  // the same through REST
  const rest = async (order: string) => ((await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('القمح')}&order=${order}` })).json().data as Array<{ article: { slug: string } }>).map((d) => d.article.slug)
  t.same(await rest('relevance'), best, 'REST order=relevance')
  t.same(await rest('date'), [...best].reverse(), 'REST order=date: the opposite')
})

t.test('gap 3: equal rank, the newer publishedAt first, whatever the ids (ranked, AND, and body-only searches)', async (t) => {
  const { app, put } = await newsroom(t)
  const twin = (slug: string, h: number) => put({ slug, title: 'افتتاح معرض الكتاب الدولي', summary: 'دورة جديدة للمعرض', paragraphs: ['يستقبل المعرض زواره حتى نهاية الشهر.'], hoursAgo: h })
  // inserted middle, newest, oldest: ids ascending middle, newest, oldest; descending oldest, newest, middle
  const rows = [await twin('middle', 2), await twin('newest', 1), await twin('oldest', 3)]
  const expected = ['newest', 'middle', 'oldest']
  for (const order of idOrders(rows)) t.notSame(order, expected, `precondition: id order ${order.join(',')} is not the date order`)
  for (const [query, why] of [
    ['الدولي', 'a title word (one word: the ranked hits first)'],
    ['معرض الكتاب', 'two words (AND: every hit ranked)'],
    ['زواره', 'a body word (rank 0)'],
  ] as const) {
    const p = await page(t, app, query)
    t.same(slugsOf(p), expected, `${why}: newest publishedAt first`)
    t.equal(new Set(p.edges.map((e) => e.score)).size, 1, `${why}: the three scores are equal (a tie)`)
  }
})

t.test('gap 4: the Arabic stemmer joins a word to its prefixed and plural forms; the same text in a simple configuration does not match', async (t) => {
  const { app, put } = await newsroom(t)
  await put({ slug: 'engineers', title: 'نقابة المهندسين تنتخب مجلسها', paragraphs: ['اجتمع أعضاء النقابة أمس.'], hoursAgo: 1 })
  await put({ slug: 'engineers-simple', title: 'نقابة المهندسين تنتخب مجلسها', paragraphs: ['اجتمع أعضاء النقابة أمس.'], language: 'fa', hoursAgo: 2 })
  await put({ slug: 'cars', title: 'ازدحام في العاصمة', paragraphs: ['ضاقت الشوارع بالسيارات طوال اليوم.'], hoursAgo: 3 })
  await put({ slug: 'cars-simple', title: 'ازدحام في العاصمة', paragraphs: ['ضاقت الشوارع بالسيارات طوال اليوم.'], language: 'fa', hoursAgo: 4 })
  for (const [query, slug, form] of [['مهندس', 'engineers', 'المهندسين'], ['سيارة', 'cars', 'بالسيارات']] as const) {
    const p = await page(t, app, query)
    t.same(slugsOf(p), [slug], `"${query}" finds "${form}" in the Arabic article, and not in the same text under 'simple' (fa)`)
    t.match(p.edges[0]?.highlight, new RegExp(`<mark>${form}</mark>`), `the form "${form}" is marked`)
  }
  t.same(slugsOf(await page(t, app, 'المهندسين')), ['engineers', 'engineers-simple'], 'control: the word as written finds both')
})

t.test('gap 7: a doubled letter in an Arabic name is found only through the spelling variants, after the exact matches', async (t) => {
  const { app, put } = await newsroom(t)
  // The query writes the name with a doubled lam (بالوتيللي); two articles write it so, in their
  // bodies only (rank 0), older; one writes it بالوتيلي in its title (would rank first if exact), newest.
  // Inserted exact-older, variant, exact-newer: neither id order is the expected one.
  const rows = [
    await put({ slug: 'exact-older', title: 'ميلان يخسر', paragraphs: ['غاب بالوتيللي عن المباراة بسبب الإصابة.'], hoursAgo: 20 }),
    await put({ slug: 'variant', title: 'بالوتيلي يعود إلى الملاعب', paragraphs: ['عاد المهاجم الإيطالي إلى التدريبات.'], hoursAgo: 1 }),
    await put({ slug: 'exact-newer', title: 'مدرب ميلان يتحدث', paragraphs: ['قال المدرب إن بالوتيللي سيعود قريبا.'], hoursAgo: 10 }),
  ]
  const expected = ['exact-newer', 'exact-older', 'variant']
  for (const order of idOrders(rows)) t.notSame(order, expected, 'precondition: id order is not the expected one')

  // the query's own spelling: a page of one is filled by exact matches, and that list has only the two
  const first = await page(t, app, 'بالوتيللي', { first: 1 })
  t.equal(first.totalCount, 2, 'the exact list: two hits, the title spelling بالوتيلي is not an exact match')
  const second = await page(t, app, 'بالوتيللي', { first: 1, after: first.pageInfo.endCursor })
  t.same([...slugsOf(first), ...slugsOf(second)], ['exact-newer', 'exact-older'], 'walked page by page, the exact list never reaches the variant')
  t.equal(second.pageInfo.hasNextPage, false, 'the exact list ends there')

  const wide = await page(t, app, 'بالوتيللي')
  t.same(slugsOf(wide), expected, 'widened: the exact matches (newest first), then the variant, though its title match is newest and ranks highest')
  t.equal(wide.totalCount, 3, 'the widened list counts the variant')
  t.match(wide.edges[2]?.highlight, /<mark>بالوتيلي<\/mark>/, 'the variant is marked as written')
  t.same(slugsOf(await page(t, app, 'بالوتيلي')), ['variant', 'exact-newer', 'exact-older'], 'the other way round: the single-lam spelling is exact for the title, the doubled one its variant')
})

t.test('gap 8: more spelling rules, each (query, article) pair on an article of its own', async (t) => {
  const { app, put } = await newsroom(t)
  let h = 0
  const article = (slug: string, title: string, language = 'ar') => put({ slug, title, paragraphs: ['تفاصيل لاحقا.'], language, hoursAgo: ++h })
  await article('president', 'الرئيس يستقبل الوفد')
  await article('kuwait', 'أمطار غزيرة في الكويت')
  await article('kabul', 'انفجار في کابل') // Persian kaf in the text
  await article('ibrahim', 'إبراهيم يفوز بالجائزة')
  await article('asia', 'بطولة آسيا للشباب')
  await article('quds', 'مؤتمر في القدس')
  await article('player', 'اللاعب ينتقل إلى نادٍ جديد')
  await article('london', 'Heavy rain floods London', 'en')
  await article('mbappe', 'Kylian Mbappé strzelił dwa gole', 'pl') // Polish: the 'simple' configuration
  const pairs: Array<[string, string, string]> = [
    ['hamza on ya in the text, ya in the query', 'الرييس', 'president'],
    ['Persian kaf in the query, Arabic kaf in the text', 'الکويت', 'kuwait'],
    ['Arabic kaf in the query, Persian kaf in the text', 'كابل', 'kabul'],
    ['alef with hamza below in the text, plain alef in the query', 'ابراهيم', 'ibrahim'],
    ['alef with madda in the text, plain alef in the query', 'اسيا', 'asia'],
    ['alef wasla in the query, plain alef in the text', 'ٱلقدس', 'quds'],
    ['the presentation-form ligature lam-alef (U+FEFB) in the query', 'ال\uFEFBعب', 'player'],
    ['fullwidth Latin capitals in the query (NFKC)', 'ＬＯＮＤＯＮ', 'london'],
    ['a Latin-1 capital in the query, found through a variant (doubled letter)', 'MBAPÉ', 'mbappe'],
    ['the same name lower-cased', 'mbapé', 'mbappe'],
  ]
  for (const [rule, query, slug] of pairs) {
    t.same(slugsOf(await page(t, app, query)), [slug], `${rule}: "${query}" finds ${slug} alone`)
  }
  // Latin capitals: PostgreSQL's parser lower-cases É itself, so an exact match cannot tell whether
  // the query was lower-cased; the spelling-variant check compares our normalised forms, so
  // "MBAPÉ" meets "mbappé" only if É became é. That it is a variant and not an exact match: with
  // an article that has the typo "Mbapé" (older, in its body: rank 0), a page of one is filled by
  // the exact list, which holds that article alone; the whole list puts the variant after it.
  await put({ slug: 'mbape-typo', title: 'Mecz w Paryżu', paragraphs: ['Gol strzelił Mbapé.'], language: 'pl', hoursAgo: 50 })
  const one = await page(t, app, 'MBAPÉ', { first: 1 })
  t.same(slugsOf(one), ['mbape-typo'], 'a page of one: the exact match')
  t.equal(one.totalCount, 1, 'the exact list does not hold "Mbappé"')
  const all = await page(t, app, 'MBAPÉ')
  t.same(slugsOf(all), ['mbape-typo', 'mbappe'], 'widened: the variant "Mbappé" after the exact match, though it is newer and matched in its title')
  t.match(all.edges[1]?.highlight, /<mark>Mbappé<\/mark>/, 'the variant is marked as written')
  const doubled = await page(t, app, 'MBAPPÉ')
  t.same(slugsOf(doubled), ['mbappe', 'mbape-typo'], 'the other spelling, capitalised: its exact match first, the typo its variant')
})

t.test('gap 9: markup in a title or body comes back escaped in the highlight, with the mark; the title itself as written', async (t) => {
  const { app, put } = await newsroom(t)
  const title = '<script>alert(1)</script> نتائج الانتخابات البلدية & "المفاجآت"'
  await put({ slug: 'script', title, paragraphs: ['أعلنت اللجنة النتائج مساء أمس.'], hoursAgo: 1 })
  await put({ slug: 'bold', title: 'جلسة البرلمان', paragraphs: ['قال المتحدث إن <b>الميزانية</b> أقرت بعد نقاش طويل.'], hoursAgo: 2 })

  const script = await page(t, app, 'البلدية')
  t.same(slugsOf(script), ['script'], 'the article with the script tag in its title is found')
  const hit = script.edges[0] as Edge
  t.same(hit.matches.map((m) => m.field), ['title'], 'precondition: the only match is in the title')
  t.equal(hit.node.title, title, 'node.title is the title as written (data: the client escapes it)')
  t.match(hit.highlight, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the highlight escapes the script tag')
  t.notMatch(hit.highlight, /<script/i, 'no live script tag in the highlight')
  t.match(hit.highlight, /<mark>البلدية<\/mark>/, 'and marks the match')
  t.match(hit.highlight, /&amp; &quot;المفاجآت&quot;/, 'ampersand and quotes escaped too')
  const rest = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('البلدية')}` })).json()
  t.equal(rest.data[0].article.title, title, 'REST: the title as written')
  t.equal(rest.data[0].highlight, hit.highlight, 'REST: the same escaped highlight')

  const bold = (await page(t, app, 'الميزانية')).edges[0] as Edge
  t.equal(bold.node.slug, 'bold', 'the article with <b> in its body is found')
  t.match(bold.highlight, /&lt;b&gt;<mark>الميزانية<\/mark>&lt;\/b&gt;/, 'the body\'s <b> escaped around the marked word (both)')
  t.notMatch(bold.highlight, /<b>/, 'no live <b>')
})

t.test('gap 10: match offsets are UTF-16 units of the field, past emoji (astral characters)', async (t) => {
  const { app, put } = await newsroom(t)
  const title = '🔥🔥 عاجل 🚨 حريق في المرفأ'
  const paragraphs = ['😀 شهود عيان 👀 قالوا إن النيران بلغت المرفأ مساء أمس.', 'صور 📸المرفأ بعد الحريق.']
  await put({ slug: 'port', title, paragraphs, hoursAgo: 1 })
  const body = paragraphs.join('\n\n')
  const word = 'المرفأ'
  const hit = (await page(t, app, word)).edges[0] as Edge
  t.equal(hit.node.slug, 'port', 'the article with emoji is found')
  const titleAt = title.indexOf(word)
  t.not([...title.slice(0, titleAt)].length, titleAt, 'precondition: the code-point index differs from the UTF-16 one')
  t.same(hit.matches.filter((m) => m.field === 'title'), [{ field: 'title', start: titleAt, length: word.length }], 'title: start is text.indexOf(word)')
  const bodyAts = [body.indexOf(word), body.lastIndexOf(word)]
  t.not(bodyAts[0], bodyAts[1], 'precondition: the body has the word twice')
  t.same(hit.matches.filter((m) => m.field === 'body'), bodyAts.map((start) => ({ field: 'body', start, length: word.length })), 'body: both starts are UTF-16 offsets, the second right after an emoji')
  for (const m of hit.matches) t.equal((m.field === 'title' ? title : body).slice(m.start, m.start + m.length), word, `${m.field} ${m.start}: the range is the word`)
  t.match(hit.highlight, /📸<mark>المرفأ<\/mark>/, 'the emoji stays whole beside the mark')
})

t.test('gap 11: a long body matched deep inside gives a short snippet around the match, cut at word boundaries', async (t) => {
  const { app, put } = await newsroom(t)
  const vocabulary = ['قال', 'المسؤول', 'إن', 'الحكومة', 'تدرس', 'خطة', 'جديدة', 'لتطوير', 'الطرق', 'في', 'المدن', 'الكبرى', 'وسط', 'مطالب', 'السكان', 'بتحسين', 'الخدمات', 'العامة', 'والنقل', 'مشيرا', 'إلى', 'أن', 'المشروع', 'سيستغرق', 'عدة', 'سنوات', 'قبل', 'اكتماله', 'الميناء', 'والمطار']
  let seed = 7
  const filler = (length: number): string => {
    const words: string[] = []
    while (words.join(' ').length < length) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      words.push(vocabulary[seed % vocabulary.length] as string)
    }
    return words.join(' ')
  }
  const body = `${filler(850)} ويزرع الفلاحون الزعفران في السهول ${filler(650)}`
  t.ok(body.length > 1400 && body.indexOf('الزعفران') > 800, `precondition: a body of ${body.length} characters, the match at ${body.indexOf('الزعفران')}`)
  await put({ slug: 'saffron', title: 'خطة الطرق', paragraphs: [body], hoursAgo: 1 })

  const hit = (await page(t, app, 'الزعفران')).edges[0] as Edge
  t.equal(hit.node.slug, 'saffron', 'the long article is found')
  const snippet = hit.highlight
  t.match(snippet, /<mark>الزعفران<\/mark>/, 'the match is marked')
  t.ok(snippet.length < 400 && snippet.length < body.length / 3, `much shorter than the body (${snippet.length} of ${body.length})`)
  t.ok(snippet.startsWith('…'), 'starts with …')
  t.ok(snippet.endsWith('…'), 'ends with …')
  const inner = snippet.slice(1, -1).replace(/<\/?mark>/g, '')
  const at = body.indexOf(inner)
  t.ok(at > 0 && body.lastIndexOf(inner) === at, 'the snippet is one stretch of the body as written')
  t.equal(body[at - 1], ' ', 'cut at the start on a space: its first word is whole')
  t.equal(body[at + inner.length], ' ', 'cut at the end on a space: its last word is whole')
  t.ok(vocabulary.includes(inner.slice(0, inner.indexOf(' '))), `the text between "…" and the first space is a word of the body: ${inner.slice(0, inner.indexOf(' '))}`)
})

t.test('gap 12: GET /api/v1/search with hostile or malformed q: 200 or a 400 problem naming q, never 5xx; nothing changes', async (t) => {
  const { app, db, put } = await newsroom(t)
  await put({ slug: 'a', title: 'Tables and articles', paragraphs: ['Drop the ball, b and c.'], language: 'en', hoursAgo: 1 })
  await put({ slug: 'b', title: 'الرئيس يزور المدينة', hoursAgo: 2 })
  const before = await db.prisma.article.count()
  const refused = new Set(['x'.repeat(500), '   ', '\t\n'])
  for (const q of ['!!!', '!&|():*', '"unbalanced', "'; DROP TABLE articles; --", 'a & b | (c', 'x'.repeat(500), '   ', '\t\n']) {
    const res = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` })
    const label = JSON.stringify(q.slice(0, 30))
    t.ok(res.statusCode < 500, `${label}: not a 5xx (${res.statusCode})`)
    if (refused.has(q)) {
      problem(t, res, 400, 'BAD_USER_INPUT', label)
      t.equal(res.json().field, 'q', `${label}: the problem names q`)
    } else if (res.statusCode === 400) {
      problem(t, res, 400, 'BAD_USER_INPUT', label)
      t.equal(res.json().field, 'q', `${label}: the problem names q`)
    } else {
      t.equal(res.statusCode, 200, `${label}: 200`)
      t.ok(Array.isArray(res.json().data), `${label}: a list`)
    }
  }
  t.equal(await db.prisma.article.count(), before, 'the articles table still has its rows')
  const after = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('الرئيس')}` })).json()
  t.same(after.data.map((d: { article: { slug: string } }) => d.article.slug), ['b'], 'and search still works')
})

t.test('gap 18: a missing query, an oversized section, a wrong-typed or oversized first: clear errors', async (t) => {
  const { app, put } = await newsroom(t)
  await put({ slug: 'a', title: 'الرئيس يزور المدينة', hoursAgo: 1 })

  const missing = await gql(app, '{ search { totalCount edges { node { slug } } } }')
  t.equal(missing.status, 400, 'no query argument: 400')
  t.equal(missing.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'no query argument: GRAPHQL_VALIDATION_FAILED')
  t.match(missing.errors?.[0]?.message, /query/, 'the message names the argument')
  t.equal(missing.data, null, 'no data')

  const section = (n: number) => app.inject({ url: `/api/v1/search?q=${encodeURIComponent('الرئيس')}&section=${'s'.repeat(n)}` })
  const long = await section(201)
  problem(t, long, 400, 'BAD_USER_INPUT', 'REST section of 201 characters')
  t.equal(long.json().field, 'section', 'the problem names section')
  const edge = await section(200)
  t.equal(edge.statusCode, 200, 'a section of 200 characters is allowed (an unknown one: no hits)')
  t.same(edge.json().data, [], 'and no hits')

  const literal = await gql(app, '{ search(query: "الرئيس", first: "x") { totalCount } }')
  t.equal(literal.status, 400, 'first: "x" written in the query: 400')
  t.equal(literal.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'first: "x" written in the query: GRAPHQL_VALIDATION_FAILED')
  t.equal(literal.data, null, 'no data')
  const variable = await gql(app, SEARCH, { query: 'الرئيس', first: 'x' })
  t.equal(variable.status, 400, 'first: "x" as a variable: 400')
  t.match(variable.errors?.[0]?.message, /first/, 'the message names the variable')
  t.equal(variable.data, null, 'no data')

  const huge = await gql(app, SEARCH, { query: 'الرئيس', first: 10000 })
  t.equal(huge.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'first: 10000 is BAD_USER_INPUT')
  t.equal(huge.errors?.[0]?.extensions?.field, 'first', 'naming first')
  t.notOk(huge.data?.search, 'no hits')
})
