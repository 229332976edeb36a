import t from 'tap'
import { createToken } from '../factories/index.ts'
import { gql } from '../helper.ts'
import { countedSearchApp, NOW, searchApp } from './fixtures.ts'

const SEARCH = `query Search($query: String!, $section: String, $tag: String, $from: DateTime, $to: DateTime, $orderBy: SearchOrder, $first: Int, $after: String) {
  search(query: $query, section: $section, tag: $tag, from: $from, to: $to, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor score highlight matches { field start length } node { slug title } }
  }
}`

interface Edge { cursor: string, score: number, highlight: string, matches: Array<{ field: string, start: number, length: number }>, node: { slug: string, title: string } }

t.test('search: every spelling rule finds its article', async (t) => {
  const { app } = await searchApp(t)
  const slugsOf = async (query: string, vars: Record<string, unknown> = {}): Promise<string[]> => {
    const res = await gql(app, SEARCH, { query, ...vars })
    t.equal(res.errors, undefined, `${query}: no errors`)
    return (res.data?.search.edges as Edge[]).map((e) => e.node.slug)
  }
  // [rule, query, expected article]
  const pairs: Array<[string, string, string]> = [
    ['alef with hamza in the text, plain alef in the query', 'احمد', 'energy'],
    ['alef with hamza in the query too', 'أحمد', 'energy'],
    ['hamza on waw in both', 'مؤتمر', 'energy'],
    ['hamza on waw in the text, plain waw in the query', 'موتمر', 'energy'],
    ['ta marbuta in the text, ha in the query', 'مدرسه', 'energy'],
    ['Arabic-Indic digits in the text, Latin digits in the query', '2024', 'energy'],
    ['Arabic-Indic digits in both', '٢٠٢٤', 'energy'],
    ['Persian digits in the query', '۲۰۲۴', 'energy'],
    ['tashkeel in the query', 'الرَّئِيسُ', 'energy'],
    ['tashkeel in the text', 'السنوي', 'energy'],
    ['tatweel in the query', 'الطـــاقة', 'energy'],
    ['a zero-width non-joiner in the query', 'مؤ\u200Cتمر', 'energy'],
    ['alef maqsura in the text, ya in the query', 'مصطفي', 'budget'],
    ['alef maqsura in both', 'مصطفى', 'budget'],
    ['Persian ya in the text, Arabic ya in the query', 'ايران', 'budget'],
    ['Persian ya in both', 'ایران', 'budget'],
    ['a summary word', 'المالية', 'budget'],
    ['a name without its long vowel (variant)', 'بوتن', 'final'],
    ['a name with it', 'بوتين', 'final'],
    ['-ية for -يا (variant)', 'روسية', 'russia'],
    ['-يا itself', 'روسيا', 'russia'],
    ['سورية for سوريا (variant)', 'سورية', 'syria'],
    ['ترمب for ترامب (variant)', 'ترمب', 'trump'],
    ['اوكرانية for أوكرانيا (variant)', 'اوكرانية', 'ukraine'],
    ['a quoted phrase', '"كأس العالم"', 'final'],
    ['OR: the first alternative', 'ترامب OR بوتين', 'trump'],
    ['OR: the second alternative', 'ترامب OR بوتين', 'final'],
    ['English stemming', 'scoring', 'salah'],
    ['Latin capitals', 'MOHAMMED', 'salah'],
    ['a doubled letter missing (variant)', 'Mohamed', 'salah'],
    ['an English summary word', 'liverpool', 'salah'],
    ['a word inside escaped markup', 'المحدد', 'script'],
  ]
  for (const [rule, query, slug] of pairs) {
    t.ok((await slugsOf(query)).includes(slug), `${rule}: "${query}" finds ${slug}`)
  }
  t.ok(pairs.length >= 30, `${pairs.length} (query, article) pairs`)

  t.notOk((await slugsOf('الرئيس -مؤتمر')).includes('energy'), '-exclusion leaves out the article with the word')
  t.ok((await slugsOf('الرئيس -مؤتمر')).includes('trump'), '-exclusion keeps the others')
  t.same(await slugsOf('"العالم كأس"'), [], 'a phrase in the wrong order is not found')
  const energy = await slugsOf('الطاقة')
  t.equal(energy[0], 'energy', 'a title match ranks above body matches')
  t.ok(energy.includes('solar'), 'a body match is found too')
  t.same(await slugsOf('معرض الكتاب'), ['twin-new', 'twin-old'], 'equal rank: the newer first')
  const variants = await slugsOf('بوتن')
  t.same(variants, ['final'], 'a widened search finds the variant, and nothing that is not visible')
})

t.test('search never finds what readers may not see', async (t) => {
  const { app } = await searchApp(t)
  for (const query of ['مسودة', 'مجدول', 'مؤرشف', 'محذوف', 'بوتين ترامب']) {
    const res = await gql(app, SEARCH, { query })
    const slugs = (res.data?.search.edges as Edge[]).map((e) => e.node.slug)
    t.notOk(slugs.some((s) => ['draft', 'scheduled', 'archived', 'deleted'].includes(s)), `"${query}": no draft, scheduled, archived or deleted article`)
  }
})

t.test('search: a scheduled article is found from its instant', async (t) => {
  const { app, clock, n } = await searchApp(t)
  const find = async () => ((await gql(app, SEARCH, { query: 'مجدول' })).data?.search.edges as Edge[]).map((e) => e.node.slug)
  t.same(await find(), [])
  clock.set(n.hidden.scheduled.publishedAt as Date)
  t.same(await find(), ['scheduled'])
})

t.test('search follows each change of an article through the editorial mutations: publish, edit, move, unpublish, delete', async (t) => {
  const { app, db, n } = await searchApp(t)
  const token = await createToken(db, 'EDITOR', 'سلمى')
  const ed = async (query: string, variables: Record<string, unknown>) => {
    const res = await gql(app, query, variables, { token })
    t.same(res.errors, undefined, 'the mutation succeeds')
    return res.data
  }
  const found = async (query: string, section?: string) =>
    ((await gql(app, SEARCH, { query, section })).data?.search.edges as Edge[]).map((e) => e.node.slug)
  const { createArticle: { id } } = await ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id } }',
    { input: { title: 'زلزال في الأناضول', slug: 'quake', paragraphs: ['هزة أرضية قوية.'], sectionId: n.sections.economy.id, language: 'ar' } })
  t.same(await found('زلزال'), [], 'a draft is not found')
  await ed('mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id })
  t.same(await found('زلزال'), ['quake'], 'found once published')
  t.same(await found('زلزال', 'اقتصاد'), ['quake'], 'in its section')
  await ed('mutation U($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }', { id, input: { sectionId: n.sections.politics.id } })
  t.same(await found('زلزال', 'اقتصاد'), [], 'moved: no longer in its old section')
  t.same(await found('زلزال', 'سياسة'), ['quake'], 'moved: in its new one')
  await ed('mutation U($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }', { id, input: { title: 'بركان في الأناضول' } })
  t.same(await found('زلزال'), [], 'edited: the old title is gone')
  t.same(await found('بركان', 'سياسة'), ['quake'], 'edited: the new title is found, still in its section')
  await ed('mutation U($id: ID!) { unpublishArticle(id: $id) { id } }', { id })
  t.same(await found('بركان'), [], 'unpublished: not found')
  await ed('mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id })
  t.same(await found('بركان'), ['quake'], 'published again: found')
  await ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id })
  t.same(await found('بركان'), [], 'deleted: not found')
})

t.test('search filters: section with subsections, tag, dates, order', async (t) => {
  const { app } = await searchApp(t)
  const slugs = async (vars: Record<string, unknown>) => ((await gql(app, SEARCH, vars)).data?.search.edges as Edge[]).map((e) => e.node.slug).sort()
  t.same(await slugs({ query: 'الرئيس', section: 'سياسة' }), ['energy', 'trump'], 'a section includes its subsections')
  t.same(await slugs({ query: 'الرئيس', section: 'الرأي' }), ['trump'])
  t.same(await slugs({ query: 'الرئيس', section: 'اقتصاد' }), [])
  t.same(await slugs({ query: 'الرئيس', section: 'no-such-section' }), [], 'an unknown section finds nothing')
  t.same(await slugs({ query: 'الرئيس', tag: 'طاقة' }), ['energy', 'trump'])
  t.same(await slugs({ query: 'الطاقة', tag: 'موازنة' }), [])
  const all = ((await gql(app, SEARCH, { query: 'الرئيس', orderBy: 'DATE' })).data?.search.edges as Edge[]).map((e) => e.node.slug)
  t.same(all, ['energy', 'trump'], 'orderBy DATE: newest first')
  t.same(await slugs({ query: 'الرئيس', from: '2026-06-01T10:30:00.000Z' }), ['energy'], 'from: published at or after')
  t.same(await slugs({ query: 'الرئيس', to: '2026-06-01T10:30:00.000Z' }), ['trump'], 'to: published before')
})

t.test('search pages with cursors, through exact matches and variants', async (t) => {
  const { app } = await searchApp(t)
  const page = async (vars: Record<string, unknown>) => (await gql(app, SEARCH, vars)).data?.search as { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Edge[] }
  // pages of one, as long as the exact matches fill them (no widening): the whole list in order
  const exact = (await page({ query: 'الطاقة', first: 1 })).totalCount
  t.ok(exact >= 2)
  const whole = await page({ query: 'الطاقة', first: exact })
  t.equal(whole.edges.length, exact)
  const seen: string[] = []
  let after: string | null = null
  for (let i = 0; i < 10; i++) {
    const p = await page({ query: 'الطاقة', first: 1, after })
    t.equal(p.totalCount, whole.totalCount, 'totalCount is the whole list on every page')
    seen.push(...p.edges.map((e) => e.node.slug))
    if (!p.pageInfo.hasNextPage) break
    after = p.pageInfo.endCursor
  }
  t.same(seen, whole.edges.map((e) => e.node.slug), 'pages of one are the whole list in order')

  // a widened search: the exact match first, then the variants, across pages
  const query = 'ترامب OR روسية OR سورية'
  const mixed = await page({ query, first: 5 })
  const slugs = mixed.edges.map((e) => e.node.slug)
  t.equal(slugs[0], 'trump', 'the exact match comes first')
  t.same(slugs.slice(1).sort(), ['russia', 'syria'], 'then the variants')
  t.equal(mixed.totalCount, 3)
  const one = await page({ query, first: 2 })
  t.same(one.edges.map((e) => e.node.slug), slugs.slice(0, 2))
  t.equal(one.pageInfo.hasNextPage, true)
  const two = await page({ query, first: 2, after: one.pageInfo.endCursor })
  t.same(two.edges.map((e) => e.node.slug), slugs.slice(2), 'the next page continues among the variants')
  t.equal(two.totalCount, 3)
  t.equal(two.pageInfo.hasNextPage, false)

  const foreign = await gql(app, SEARCH, { query: 'الرئيس', after: whole.pageInfo.endCursor })
  t.equal(foreign.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a cursor of another search is refused')
})

t.test('totalCount is counted only when selected: without it, the same hits, pages and cursors', async (t) => {
  const { wire, ...ctx } = await countedSearchApp(t)
  const UNCOUNTED = SEARCH.replace(/^\s*totalCount\n/m, '')
  t.not(UNCOUNTED, SEARCH)
  type Page = { totalCount?: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Edge[] }
  const page = async (query: string, vars: Record<string, unknown>) => {
    const res = await gql(ctx.app, query, vars)
    t.equal(res.errors, undefined)
    return res.data?.search as Page
  }
  /** counting the hits (not the page's rows: `enough` of the ranked-first statement) */
  const COUNTS = /count\(\*\) FROM (hits|\()/
  /** the search statements a request sent (not the tree check or the stemming of new words) */
  const searches = async (): Promise<string[]> => {
    await wire.settle()
    return wire.statements().filter((s) => /article_search s\b/.test(s) && /websearch_to_tsquery/.test(s))
  }
  // exact matches (one of them ranked first), a widened search (few exact matches), by date, a phrase
  const cases: Array<[string, Record<string, unknown>]> = [
    ['الطاقة', { first: 1 }],
    ['الرئيس', { first: 2 }],
    ['ترامب OR روسية OR سورية', { first: 2 }],
    ['الرئيس', { first: 2, orderBy: 'DATE' }],
    ['"مؤتمر الطاقة"', { first: 1 }],
  ]
  for (const [query, vars] of cases) {
    const label = `${query} ${JSON.stringify(vars)}`
    let after: string | null = null
    let counted: number | undefined
    for (let n = 0; n < 20; n++) {
      wire.reset()
      const withCount = await page(SEARCH, { query, ...vars, after })
      const sent = await searches()
      t.ok(sent.length >= 1 && sent.every((s) => COUNTS.test(s)), `${label}: totalCount selected, the hits are counted`)
      wire.reset()
      const without = await page(UNCOUNTED, { query, ...vars, after })
      const bare = await searches()
      t.ok(bare.length >= 1 && bare.every((s) => !COUNTS.test(s)), `${label}: not selected, nothing is counted`)
      t.equal(bare.length, sent.length, `${label}: the same statements otherwise (widened or not)`)
      const { totalCount: _total, ...rest } = withCount
      t.same(without, rest, `${label}: page ${n + 1} has the same hits, highlights and cursors`)
      t.ok(withCount.edges.length > 0, `${label}: page ${n + 1} has hits`)
      counted ??= withCount.totalCount
      t.equal(withCount.totalCount, counted, `${label}: the count stays the same on every page`)
      if (!withCount.pageInfo.hasNextPage) break
      after = withCount.pageInfo.endCursor
    }
  }
})

t.test('a first page that its exact matches do not fill, with no spelling variant to widen it, reads them once', async (t) => {
  const { wire, ...ctx } = await countedSearchApp(t)
  const searches = async (): Promise<string[]> => {
    await wire.settle()
    return wire.statements().filter((s) => /article_search s\b/.test(s) && /websearch_to_tsquery/.test(s))
  }
  const variants = async (): Promise<number> => {
    await wire.settle()
    return wire.statements().filter((s) => /FROM search_words/.test(s)).length
  }
  type Page = { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Edge[] }
  const page = async (vars: Record<string, unknown>): Promise<Page> => {
    wire.reset()
    const res = await gql(ctx.app, SEARCH, vars)
    t.equal(res.errors, undefined)
    return res.data?.search as Page
  }
  // 'الرئيس': two exact matches, no spelling variant among the documents' words
  const whole = await page({ query: 'الرئيس', first: 20 })
  t.same(whole.edges.map((e) => e.node.slug).sort(), ['energy', 'trump'])
  t.equal(whole.totalCount, 2)
  t.equal(await variants(), 1, 'the exact matches do not fill the page: its words\' variants are looked up')
  t.equal((await searches()).length, 1, 'none found: the exact matches already read are the page, not read again')
  const slugs = (p: { edges: Array<{ node: { slug: string } }> }): string[] => p.edges.map((e) => e.node.slug)
  // Its cursors are the widened list's (the same hits as the exact one): a later page looks its
  // words' variants up again, then reads that list.
  const second = await page({ query: 'الرئيس', first: 20, after: whole.edges[0]!.cursor })
  t.same(slugs(second), slugs(whole).slice(1), 'the page after the first hit continues the list')
  t.equal(second.totalCount, 2)
  t.equal(second.pageInfo.hasNextPage, false)
  t.equal((await searches()).length, 1, 'a later page of that list: one search statement')
  t.equal(await variants(), 1, 'after the lookup of its words\' variants')
  // the same without totalCount, and walking backward
  const WALK = `query ($query: String!, $first: Int, $last: Int, $before: String) {
    search(query: $query, first: $first, last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage } edges { cursor node { slug } } }
  }`
  type Walk = { totalCount?: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean }, edges: Array<{ cursor: string, node: { slug: string } }> }
  const walk = async (vars: Record<string, unknown>): Promise<Walk> => {
    wire.reset()
    const res = await gql(ctx.app, WALK, { query: 'الرئيس', ...vars })
    t.equal(res.errors, undefined)
    return res.data?.search as Walk
  }
  const uncounted = await walk({ first: 20 })
  t.same(slugs(uncounted), slugs(whole), 'uncounted: the same hits')
  t.same(uncounted.edges.map((e) => e.cursor), whole.edges.map((e) => e.cursor), 'and the same cursors')
  t.equal((await searches()).length, 1, 'uncounted: read once')
  const end = await walk({ last: 20 })
  t.same(slugs(end), slugs(whole), 'the last 20, walking backward from the list\'s end: the same hits in list order')
  t.equal(end.pageInfo.hasPreviousPage, false)
  t.equal((await searches()).length, 1, 'walking backward: read once')
  const before = await walk({ last: 1, before: whole.edges[1]!.cursor })
  t.same(slugs(before), slugs(whole).slice(0, 1), 'the hit before the second one, on the same list')
  t.equal(before.pageInfo.hasPreviousPage, false)
})

t.test('a warm search is one statement: its hits carry the section tree\'s version, and a section changed by plain SQL shows at once', async (t) => {
  const { isBackground } = await import('../support/wire-counter.ts')
  const { wire, n: { sections }, ...ctx } = await countedSearchApp(t)
  const PAGE = 'query ($section: String) { search(query: "الطاقة", section: $section, first: 1) { totalCount edges { node { slug section { name path { name } } } } } }'
  const read = async (section: string | null = null) => {
    await wire.settle()
    wire.reset()
    const res = await gql(ctx.app, PAGE, { section })
    t.equal(res.errors, undefined)
    await wire.settle()
    const edges = res.data?.search.edges as Array<{ node: { slug: string, section: { name: string, path: Array<{ name: string }> } } }>
    return { edges, statements: wire.statements().filter((s) => !isBackground(s)) }
  }
  await read() // the process's tree and the query's words, loaded
  const warm = await read()
  t.ok(warm.edges.length > 0)
  t.equal(warm.statements.length, 1, `warm, without a section filter: the search statement alone (${warm.statements.map((s) => s.slice(0, 60)).join(' | ')})`)
  const hit = warm.edges[0]!.node
  const sectionId = Object.values(sections).find((s) => s.name === hit.section.name)!.id
  await ctx.db.pool.query('UPDATE sections SET name = $1 WHERE id = $2', ['اسم جديد', sectionId])
  const renamed = await read()
  t.equal(renamed.edges.find((e) => e.node.slug === hit.slug)?.node.section.name, 'اسم جديد', 'a rename by plain SQL shows on the next search')
  t.equal(renamed.statements.length, 2, 'the newer version in the hits reloaded the tree once')
  t.equal((await read()).statements.length, 1, 'and then the search is one statement again')
  // a section filter needs the tree first: the version check, then the search
  const slug = (await ctx.db.pool.query<{ slug: string }>('SELECT slug FROM sections WHERE id = $1', [sectionId])).rows[0]!.slug
  const filtered = await read(slug)
  t.ok(filtered.edges.length > 0 && filtered.edges.every((e) => e.node.section.path.some((p) => p.name === 'اسم جديد')), 'the filter finds the section\'s hits')
  t.equal(filtered.statements.length, 2, 'with a section filter: the tree check and the search')
})

t.test('search walks backward: last/before give the forward list in reverse, on exact and widened lists', async (t) => {
  const { app } = await searchApp(t)
  const BACK = `query Back($query: String!, $orderBy: SearchOrder, $first: Int, $after: String, $last: Int, $before: String) {
    search(query: $query, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { slug } }
    }
  }`
  interface Page { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { slug: string } }> }
  const page = async (vars: Record<string, unknown>): Promise<Page> => {
    const res = await gql(app, BACK, vars)
    t.equal(res.errors, undefined)
    return res.data?.search as Page
  }
  const slugs = (p: Page) => p.edges.map((e) => e.node.slug)
  // [query, orderBy, page size]: an exact list, the same by date, a widened one (one exact match, two variants)
  for (const [query, orderBy, size] of [['الطاقة', 'RELEVANCE', 1], ['الرئيس', 'DATE', 1], ['ترامب OR روسية OR سورية', 'RELEVANCE', 2]] as const) {
    const forward: string[] = []
    let first = await page({ query, orderBy, first: size })
    const total = first.totalCount
    for (let p = first; ; p = await page({ query, orderBy, first: size, after: p.pageInfo.endCursor })) {
      forward.push(...slugs(p))
      t.equal(p.totalCount, total, `${query}: the same total on every forward page`)
      if (!p.pageInfo.hasNextPage) break
      first = p
    }
    t.equal(forward.length, total, `${query}: the forward walk is the whole list`)
    t.ok(forward.length > size, `${query}: more than one page`)

    // from the list's end, page by page, back to its start
    const backward: string[] = []
    let p = await page({ query, orderBy, last: size })
    t.equal(p.pageInfo.hasNextPage, false, 'the last page has no next')
    for (;;) {
      backward.unshift(...slugs(p))
      t.equal(p.totalCount, total, `${query}: the same total on every backward page`)
      if (!p.pageInfo.hasPreviousPage) break
      p = await page({ query, orderBy, last: size, before: p.pageInfo.startCursor })
      t.equal(p.pageInfo.hasNextPage, true, 'a page before another has a next')
    }
    t.same(backward, forward, `${query} (${orderBy}): the backward walk is the forward list`)
  }

  // The first page decides the list: a widened walk (page of 2, one exact match) stays widened when
  // the next page is asked bigger or walked back, and an exact walk stays exact.
  const query = 'ترامب OR روسية OR سورية'
  const one = await page({ query, first: 2 })
  t.same(slugs(one).slice(0, 1), ['trump'])
  const rest = await page({ query, first: 10, after: one.pageInfo.endCursor })
  t.equal(rest.totalCount, 3, 'a widened list stays widened with a bigger page')
  t.equal(slugs(rest).length, 1)
  const back = await page({ query, last: 10, before: rest.pageInfo.startCursor })
  t.same(slugs(back), slugs(one), 'and walked back from its variants it reaches the exact match')
  t.equal(back.pageInfo.hasPreviousPage, false)
  const exactOnly = await page({ query: 'ترامب', first: 1 })
  t.equal(exactOnly.totalCount, 1)
  const afterExact = await page({ query: 'ترامب', first: 10, after: exactOnly.pageInfo.endCursor })
  t.same(slugs(afterExact), [], 'an exact list stays exact: its cursor does not widen it')
  t.equal(afterExact.totalCount, 1)

  for (const [vars, field] of [[{ last: 0 }, 'last'], [{ last: 101 }, 'last'], [{ before: 'forged' }, 'before'], [{ after: one.pageInfo.endCursor, before: one.pageInfo.endCursor }, 'before']] as const) {
    const res = await gql(app, BACK, { query, ...vars })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${field}: BAD_USER_INPUT`)
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  const foreign = await gql(app, BACK, { query: 'الرئيس', before: one.pageInfo.endCursor })
  t.equal(foreign.errors?.[0]?.extensions?.field, 'before', 'a cursor of another search is refused walking back too')

  // REST: before= walks back from a page's startCursor
  const q = encodeURIComponent(query)
  const last = (await app.inject({ url: `/api/v1/search?q=${q}&limit=2&before=${rest.pageInfo.startCursor}` })).json()
  t.same(last.data.map((d: { article: { slug: string } }) => d.article.slug), slugs(one), 'REST before= gives the page before')
  t.match(last.pageInfo, { hasNextPage: true, hasPreviousPage: false })
  const both = await app.inject({ url: `/api/v1/search?q=${q}&cursor=${one.pageInfo.endCursor}&before=${one.pageInfo.endCursor}` })
  t.equal(both.statusCode, 400)
  t.equal(both.json().field, 'before')
})

t.test('highlights: marks around matches, everything else escaped; ranges in UTF-16 of each field', async (t) => {
  const { app, n } = await searchApp(t)
  const res = await gql(app, SEARCH, { query: 'احمد' })
  const hit = (res.data?.search.edges as Edge[])[0] as Edge
  t.equal(hit.node.slug, 'energy')
  const title = n.a.energy.title
  const at = title.indexOf('أحمد')
  t.match(hit.matches, [{ field: 'title', start: at, length: 4 }], 'the title match points at "أحمد" as written')
  t.equal(title.slice(at, at + 4), 'أحمد')
  t.match(hit.highlight, /<mark>أحمد<\/mark>/, 'the snippet marks the word as written (no body match: the title)')

  const body = await gql(app, SEARCH, { query: 'موتمر' })
  const energy = (body.data?.search.edges as Edge[])[0] as Edge
  t.ok(energy.matches.some((m) => m.field === 'title' && title.slice(m.start, m.start + m.length) === 'مؤتمر'), 'the query without hamza marks the word with it')

  const digits = ((await gql(app, SEARCH, { query: '2024' })).data?.search.edges as Edge[])[0] as Edge
  t.match(digits.highlight, /<mark>٢٠٢٤<\/mark>/, 'Arabic-Indic digits are marked as written')
  const bodyText = n.a.energy.paragraphs.join('\n\n')
  const range = digits.matches.find((m) => m.field === 'body')
  t.ok(range, 'a body range')
  if (range) t.equal(bodyText.slice(range.start, range.start + range.length), '٢٠٢٤', 'body ranges are offsets into bodyText')

  const script = ((await gql(app, SEARCH, { query: 'الانتخابات' })).data?.search.edges as Edge[])[0] as Edge
  t.equal(script.node.slug, 'script')
  t.notMatch(script.highlight, /<script|<b>/, 'markup in the text comes back inert')
  t.match(script.highlight, /&lt;b&gt;|<mark>الانتخابات<\/mark>/)
  const titleHit = script.matches.find((m) => m.field === 'title')
  t.equal(titleHit && n.a.script.title.slice(titleHit.start, titleHit.start + titleHit.length), 'الانتخابات')

  const variant = ((await gql(app, SEARCH, { query: 'بوتن' })).data?.search.edges as Edge[])[0] as Edge
  t.match(variant.highlight, /<mark>بوتين<\/mark>/, 'a variant is marked where it was found')
})

t.test('search: bad input is a clear error or an empty result, never a 500', async (t) => {
  const { app } = await searchApp(t)
  for (const query of ['', '   ', '\u200B', 'x'.repeat(301), 'a\u0000b']) {
    const res = await gql(app, SEARCH, { query })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${JSON.stringify(query.slice(0, 20))}: BAD_USER_INPUT`)
  }
  for (const query of ['!!!', '!&|():*', '"unbalanced', "' OR 1=1; DROP TABLE articles; --", '-', '""', 'OR', '-"x"', ':*', '\\', '(((((', 'a:*&!b|']) {
    const res = await gql(app, SEARCH, { query })
    t.equal(res.errors, undefined, `${JSON.stringify(query)}: no error`)
    t.equal(res.status, 200)
  }
  for (const [vars, field] of [[{ first: 0 }, 'first'], [{ first: 101 }, 'first'], [{ after: 'forged' }, 'after'], [{ tag: 'x'.repeat(101) }, 'tag'], [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from']] as const) {
    const res = await gql(app, SEARCH, { query: 'الرئيس', ...vars })
    t.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${field}: BAD_USER_INPUT`)
    t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  const wrongType = await gql(app, SEARCH, { query: 12 })
  t.equal(wrongType.status, 400, 'a number for the query is a request error')
})

t.test('GET /api/v1/search', async (t) => {
  const { app } = await searchApp(t)
  const res = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('احمد')}` })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.totalCount, 1)
  t.match(body.data[0], { article: { slug: 'energy', section: { slug: 'سياسة' } }, score: Number, highlight: /<mark>/, matches: [{ field: 'title' }] })
  t.ok(res.headers.etag, 'cacheable like every read')

  const paged = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('الطاقة')}&limit=1` })).json()
  const next = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('الطاقة')}&limit=1&cursor=${paged.pageInfo.endCursor}` })).json()
  t.not(next.data[0].article.slug, paged.data[0].article.slug, 'cursor continues')
  const filtered = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('الرئيس')}&section=${encodeURIComponent('الرأي')}&order=date` })).json()
  t.same(filtered.data.map((d: { article: { slug: string } }) => d.article.slug), ['trump'])

  for (const query of ['', 'q=', `q=${'x'.repeat(700)}`, 'q=a&limit=0', 'q=a&limit=abc', 'q=a&order=best', 'q=a&from=yesterday', 'q=a&colour=red', 'q=a&cursor=forged']) {
    const bad = await app.inject({ url: `/api/v1/search?${query}` })
    t.equal(bad.statusCode, 400, `${query.slice(0, 30)}: 400`)
    t.match(bad.headers['content-type'], /problem\+json/)
  }
  const cursor = await app.inject({ url: '/api/v1/search?q=a&cursor=forged' })
  t.equal(cursor.json().field, 'cursor', 'REST names its own parameter')
  const blank = await app.inject({ url: '/api/v1/search?q=%20%20' })
  t.equal(blank.json().field, 'q')
})

t.test('related: shared tags and section, then similar titles; never itself or hidden; one statement for a page', async (t) => {
  const { wire, n: { a }, ...ctx } = await countedSearchApp(t)
  const related = async (slug: string, first?: number) => {
    const res = await gql(ctx.app, 'query($slug: String!, $first: Int) { article(slug: $slug) { related(first: $first) { slug } } }', { slug, first })
    return res
  }
  const energy = ((await related('energy', 20)).data?.article.related as Array<{ slug: string }>).map((r) => r.slug)
  t.equal(energy[0], 'trump', 'the article sharing its tag comes first')
  t.notOk(energy.includes('energy'), 'never itself')
  t.notOk(energy.some((s) => ['draft', 'scheduled', 'archived', 'deleted'].includes(s)), 'never a hidden article')
  t.ok(energy.includes('syria') && energy.includes('ukraine'), 'articles of its section follow')
  const twin = ((await related('twin-old', 1)).data?.article.related as Array<{ slug: string }>).map((r) => r.slug)
  t.same(twin, ['twin-new'], 'same section and the same title first')
  t.same((await related('energy', 0)).data?.article.related, [], 'first: 0')
  t.equal((await related('energy', 21)).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'first over 20')
  t.equal((await related('energy', -1)).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'a negative first')

  // a page of search hits with their related articles: one statement for all the related lists
  const page = '{ search(query: "الرئيس OR الطاقة", first: 5) { edges { node { slug related(first: 3) { slug } } } } }'
  await gql(ctx.app, page)
  await wire.settle()
  wire.reset()
  const res = await gql(ctx.app, page)
  t.equal(res.errors, undefined)
  t.ok((res.data?.search.edges as unknown[]).length >= 3)
  t.equal(wire.statements().filter((s) => /search\.related|article_search ss/.test(s) || /FROM jsonb_to_recordset.*articles s/s.test(s)).length, 1, 'every related list of the page in one statement')
  t.ok(wire.count() <= 5, `the search page and its related lists: ${wire.count()} statements (tree check, search, variants and the widened search when exact hits do not fill the page, related)`)
  t.equal(wire.statements().filter((s) => /to_tsvector/.test(s)).length, 0, 'the highlights of a repeated search: every word already known')
  t.ok(a.energy.id)

  // Highlights mark every form the stemmer joins to the query's word, in the field as written, and
  // PostgreSQL stems a word once per process: a new search asks only for the words it has not met.
  const HITS = 'query($q: String!) { search(query: $q) { edges { highlight matches { field start length } node { slug } } } }'
  wire.reset()
  const scoring = await gql(ctx.app, HITS, { q: 'scoring' })
  const salah = (scoring.data?.search.edges as Array<{ highlight: string, matches: Array<{ field: string, start: number, length: number }>, node: { slug: string } }>).find((e) => e.node.slug === 'salah')
  t.match(salah?.highlight, /<mark>scored<\/mark>/, 'the body\'s "scored" is marked for "scoring"')
  const title = 'Mohammed Salah scores twice'
  t.same(salah?.matches.filter((m) => m.field === 'title').map((m) => title.slice(m.start, m.start + m.length)), ['scores'], 'and the title\'s "scores"')
  await wire.settle()
  t.equal(wire.statements().filter((s) => /to_tsvector/.test(s)).length, 1, 'the words not met before, stemmed in one statement')
  wire.reset()
  await gql(ctx.app, HITS, { q: 'score' })
  await wire.settle()
  t.equal(wire.statements().filter((s) => /to_tsvector/.test(s)).length, 1, 'another query: only its own word is new')
  wire.reset()
  await gql(ctx.app, HITS, { q: 'scored' })
  await wire.settle()
  t.equal(wire.statements().filter((s) => /to_tsvector/.test(s)).length, 0, 'a query of known words: none')
})

t.test('ranked first: a search of single words lists exactly what the general statement lists, both ways', async (t) => {
  const { SearchRepository } = await import('../../src/modules/search/search.repository.ts')
  const { app, n } = await searchApp(t)
  // more articles whose words fall in titles, summaries and bodies alike, some at the same minute
  const vocabulary = ['نفط', 'ميناء', 'قمة', 'اتفاق', 'انتخابات', 'ملعب']
  const pick = (i: number, k: number): string => vocabulary.filter((_, w) => ((i * 7 + w * 3 + k) % 5) === 0).join(' ')
  await app.db.prisma.article.createMany({
    data: Array.from({ length: 90 }, (_, i) => ({
      sectionId: i % 2 === 0 ? n.sections.politics.id : n.sections.economy.id,
      slug: `generated-${i}`,
      title: `خبر ${i} ${pick(i, 0)}`,
      summary: i % 3 === 0 ? null : `ملخص ${pick(i, 1)}`,
      paragraphs: [`نص ${pick(i, 2)} ${pick(i, 4)}`],
      language: 'ar',
      status: 'PUBLISHED' as const,
      publishedAt: new Date(NOW.getTime() - 3_600_000 * 200 - Math.floor(i / 3) * 60_000),
    })),
  })
  const repo = new SearchRepository(app.db)
  const now = NOW
  const general = (q: Parameters<typeof repo.page>[0]) => repo.page({ ...q, wordsAreMatches: false }, now)
  const ranked = (q: Parameters<typeof repo.page>[0]) => repo.page({ ...q, wordsAreMatches: true }, now)
  const shape = (page: Awaited<ReturnType<typeof repo.page>>) => ({ total: page.total, rows: page.rows.map((r) => [r.id, r.tier, r.rank]) })
  let compared = 0
  const { normalizeForSearch } = await import('../../src/lib/arabic.ts')
  for (const text of [...vocabulary, 'نفط OR قمة', 'الرئيس', 'بوتين', 'scoring', 'خبر'].map(normalizeForSearch)) {
    const anyWord = text.split(/ or /i).map((w) => `'${w}'`).join(' | ')
    const base = { text, widened: null, anyWord, wordsAreMatches: true, sectionIds: null, tag: null, from: null, to: null, order: 'RELEVANCE' as const, at: null, backward: false, limit: 500, withTotal: true }
    const whole = await general(base)
    if (text === 'نفط') t.ok(whole.rows.some((r) => r.rank > 0) && whole.rows.some((r) => r.rank === 0), 'ranked hits and body-only ones')
    t.same(shape(await ranked(base)), shape(whole), `${text}: the whole list (${whole.rows.length} hits)`)
    t.same(shape(await ranked({ ...base, backward: true })), shape(await general({ ...base, backward: true })), `${text}: the whole list, walking back`)
    t.same(shape(await ranked({ ...base, withTotal: false })), { ...shape(whole), total: null }, `${text}: uncounted, the same list and no total`)
    // by date, a hit's score is the one it has by relevance (only the page's rows are ranked)
    const byDate = await ranked({ ...base, order: 'DATE' })
    const rankOf = new Map(whole.rows.map((r) => [r.id, r.rank]))
    t.same(byDate.rows.map((r) => [r.id, r.rank]), byDate.rows.map((r) => [r.id, rankOf.get(r.id)]), `${text}: scores by date are the relevance ones`)
    t.equal(byDate.total, whole.total)
    for (const limit of [1, 3, 10, 30]) {
      t.same(shape(await ranked({ ...base, limit })), shape(await general({ ...base, limit })), `${text}: the first ${limit}`)
    }
    // pages of 3 after (and before) every fifth hit
    for (const [i, row] of whole.rows.entries()) {
      if (i % 5 !== 0) continue
      const at = { tier: row.tier, rank: row.rank, publishedAt: row.publishedAt as Date, id: row.id }
      for (const backward of [false, true]) {
        const q = { ...base, at, backward, limit: 3 }
        const [a, b] = [await ranked(q), await general(q)]
        if (JSON.stringify(shape(a)) !== JSON.stringify(shape(b))) t.fail(`${text}: the page of 3 ${backward ? 'before' : 'after'} hit ${i} differs`)
        compared++
      }
    }
  }
  t.ok(compared > 60, `${compared} pages compared`)
  // the statement sent is the ranked-first one
  const { searchStatement } = await import('../../src/modules/search/search.repository.ts')
  const base = { text: 'نفط', widened: null, anyWord: "'نفط'", wordsAreMatches: true, sectionIds: null, tag: null, from: null, to: null, order: 'RELEVANCE' as const, at: null, backward: false, limit: 21, withTotal: true }
  t.match(searchStatement(base, now).name, /ranked-first/)
  t.notMatch(searchStatement({ ...base, order: 'DATE' }, now).name, /ranked-first/, 'by date: the general statement')
})
