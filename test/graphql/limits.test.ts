// Query limits: each one at its edge (answered) and one past it (QUERY_TOO_COMPLEX with the limit
// in extensions, nothing run), the attacks the hardening issue names refused under the defaults
// while a reader is still answered quickly, and what production mode hides (introspection, "Did
// you mean" suggestions) with the settings that turn introspection back on.
import t, { type Test } from 'tap'
import { getIntrospectionQuery } from 'graphql'
import { createArticle, createSection } from '../factories/index.ts'
import { build, gql, type GqlResult, type TestApp } from '../helper.ts'

const code = (res: GqlResult) => res.errors?.[0]?.extensions?.code

function refused (t: Test, res: GqlResult, limit: string, max: number, label: string): void {
  t.equal(code(res), 'QUERY_TOO_COMPLEX', `${label}: QUERY_TOO_COMPLEX`)
  t.match(res.errors?.[0]?.extensions, { limit, max }, `${label}: extensions name the ${limit} limit of ${max}`)
  t.match(res.errors?.[0]?.message, new RegExp(`${limit} limit of ${max}`), `${label}: the message says which limit`)
  t.notOk(res.data, `${label}: nothing ran`)
}

function answered (t: Test, res: GqlResult, label: string): void {
  t.same(res.errors, undefined, `${label}: answered without errors`)
  t.ok(res.data, `${label}: with data`)
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: site { name }`).join(' ')} }`
/** `article { section { articles { edges { node { section …` about `levels` fields deep */
function chain (levels: number): string {
  const cycles = Math.ceil((levels - 2) / 4)
  return `{ article(slug: "x") {${' section { articles(first: 1) { edges { node {'.repeat(cycles)} id ${'} } } }'.repeat(cycles)} } }`
}

async function seeded (t: Test, env: Record<string, string> = {}): Promise<TestApp & { slug: string }> {
  const ctx = await build(t, { env })
  const section = await createSection(ctx.db, { name: 'سياسة', slug: 'politics' })
  const article = await createArticle(ctx.db, { sectionId: section.id, title: 'خبر', status: 'PUBLISHED', publishedAt: new Date('2026-01-01T00:00:00Z') })
  return { ...ctx, slug: article.slug }
}

t.test('each limit at its edge and one past it', async (t) => {
  const { app } = await seeded(t, {
    GRAPHQL_MAX_BYTES: '1000',
    GRAPHQL_MAX_TOKENS: '120',
    GRAPHQL_MAX_DEPTH: '7',
    GRAPHQL_MAX_ALIASES: '3',
    GRAPHQL_MAX_DIRECTIVES: '2',
    GRAPHQL_MAX_NODES: '120',
  })

  // bytes: counted in UTF-8 (an Arabic letter is two), before parsing
  const padded = (bytes: number) => { const base = '{ site { name } }'; return base + ' '.repeat(bytes - Buffer.byteLength(base)) }
  answered(t, await gql(app, padded(1000)), 'bytes: 1,000 of 1,000')
  refused(t, await gql(app, padded(1001)), 'bytes', 1000, 'bytes: 1,001 of 1,000')
  const arabic = `{ site { name } } # ${'ب'.repeat(495)}`
  t.ok(arabic.length < 1000 && Buffer.byteLength(arabic) > 1000, 'fewer than 1,000 characters, more than 1,000 bytes')
  refused(t, await gql(app, arabic), 'bytes', 1000, 'bytes are UTF-8 bytes, not characters')
  const overGet = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(padded(1001))}` })
  t.equal(overGet.statusCode, 200, 'over GET too, as application/json (no Accept): 200 with the error')
  t.match(overGet.json(), { errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'bytes', max: 1000 } }] })

  // tokens: `{ site { name } }` is 6; each `name` more is 1
  const tokens = (n: number) => `{ site { ${Array.from({ length: n - 5 }, () => 'name').join(' ')} } }`
  answered(t, await gql(app, tokens(120)), 'tokens: 120 of 120')
  refused(t, await gql(app, tokens(121)), 'tokens', 120, 'tokens: 121 of 120')

  // depth: article(1) section(2) articles(3) edges(4) node(5) section(6) name(7), path(7) name(8)
  answered(t, await gql(app, '{ article(slug: "x") { section { articles(first: 1) { edges { node { section { name } } } } } } }'), 'depth: 7 of 7')
  refused(t, await gql(app, '{ article(slug: "x") { section { articles(first: 1) { edges { node { section { path { name } } } } } } } }'), 'depth', 7, 'depth: 8 of 7')
  refused(t, await gql(app, `fragment F on Article { section { articles(first: 1) { edges { node { section { path { name } } } } } } }
    { article(slug: "x") { ...F } }`), 'depth', 7, 'depth through a fragment')

  // aliases
  answered(t, await gql(app, aliases(3)), 'aliases: 3 of 3')
  refused(t, await gql(app, aliases(4)), 'aliases', 3, 'aliases: 4 of 3')

  // directives
  answered(t, await gql(app, '{ site { name @include(if: true) tagline: name @skip(if: false) } }'), 'directives: 2 of 2')
  refused(t, await gql(app, '{ site { name @include(if: true) @skip(if: false) b: name @skip(if: false) } }'), 'directives', 2, 'directives: 3 of 2')

  // nodes: articles(first: 10) is 10 items, each with comments(first: 10): 10 + 10 × 10 = 110
  answered(t, await gql(app, '{ articles(first: 10) { edges { node { comments(first: 10) { edges { node { id } } } } } } }'), 'nodes: 110 of 120')
  answered(t, await gql(app, '{ articles(first: 10) { edges { node { comments(first: 11) { edges { node { id } } } } } } }'), 'nodes: 10 + 10 × 11 = 120 of 120')
  refused(t, await gql(app, '{ articles(first: 10) { edges { node { comments(first: 12) { edges { node { id } } } } } } }'), 'nodes', 120, 'nodes: 10 + 10 × 12 = 130 of 120')
  refused(t, await gql(app, '{ articles(first: 100) { totalCount } b: articles(first: 21) { totalCount } }'), 'nodes', 120, 'nodes: lists add up')
  refused(t, await gql(app, 'query ($n: Int) { articles(first: $n) { totalCount } b: articles(first: 21) { totalCount } }', { n: 1 }), 'nodes', 120, 'a variable counts as the largest page (100)')
  answered(t, await gql(app, '{ articles { totalCount } b: articles { totalCount } }'), 'no first: the default page (20) each')
})

t.test('under the defaults: the issue\'s attacks are refused, and a reader waits less than a second meanwhile', async (t) => {
  const { app, slug } = await seeded(t)

  // 40,000 aliases of `{ site { name } }`: 0.87 MB
  const big = aliases(40_000)
  t.ok(Buffer.byteLength(big) > 800_000, `the document is ${Buffer.byteLength(big)} bytes`)
  const read = () => gql(app, '{ article(slug: $slug) { title } }'.replace('$slug', JSON.stringify(slug)))
  await read() // the reader has been reading: the app's first request (connections, caches) is not the attack's cost
  const started = performance.now()
  const attacks = Array.from({ length: 10 }, () => gql(app, big))
  const reader = (async () => {
    const at = performance.now()
    const res = await read()
    return { res, ms: performance.now() - at }
  })()
  const [reading, ...outcomes] = await Promise.all([reader, ...attacks])
  for (const [i, res] of outcomes.entries()) if (i === 0) refused(t, res as GqlResult, 'bytes', 16_384, '40,000 aliases')
  t.ok(outcomes.every((res) => code(res as GqlResult) === 'QUERY_TOO_COMPLEX'), 'all ten refused')
  t.equal(reading?.res.data?.article && (reading.res.data.article as { title: string }).title, 'خبر', 'the reader got the article')
  t.ok((reading?.ms ?? Infinity) < 1_000, `the reader waited ${Math.round(reading?.ms ?? -1)} ms (< 1,000) while ten 0.87 MB attacks arrived`)
  t.ok(performance.now() - started < 5_000, 'the ten refusals took less than 5 s in all')

  // 500 aliases of a full page of articles with their paragraphs (23.6 MB answered before)
  const pages = `{ ${Array.from({ length: 500 }, (_, i) => `p${i}: articles(first: 100) { edges { node { paragraphs } } }`).join(' ')} }`
  const refusal = await gql(app, pages)
  t.equal(code(refusal), 'QUERY_TOO_COMPLEX', '500 aliased pages of 100 articles: refused')

  // the same, small enough in bytes and tokens: the alias limit refuses it, then the node limit
  refused(t, await gql(app, `{ ${Array.from({ length: 31 }, (_, i) => `p${i}: articles(first: 100) { totalCount }`).join(' ')} }`), 'aliases', 30, '31 aliased pages')
  answered(t, await gql(app, `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: articles(first: 100) { totalCount }`).join(' ')} }`), '30 aliased pages of 100 articles (3,000 items) are within')
  // 200 levels of article > section > articles > edges > node
  refused(t, await gql(app, chain(200)), 'depth', 12, 'a 200-level chain')
  answered(t, await gql(app, `{ article(slug: "x") { section { articles(first: 1) { edges { node { section { articles(first: 1) {
    edges { node { section { path { name } } } } } } } } } } } }`), 'a 12-level chain is within the default')
  // nested lists multiply: 100 articles × 100 comments × 100 replies
  refused(t, await gql(app, '{ articles(first: 100) { edges { node { comments(first: 100) { edges { node { replies(first: 100) { totalCount } } } } } } } }'), 'nodes', 20_000, 'lists nested three deep')
})

t.test('what clients send is admitted: GraphiQL\'s introspection, and the article page with its comments', async (t) => {
  const { app, slug } = await seeded(t)
  const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })
  const res = await gql(app, introspection)
  answered(t, res, 'the full introspection query (development)')
  t.ok((res.data?.__schema as { types: unknown[] } | undefined)?.types.length, 'with the schema\'s types')
  answered(t, await gql(app, `query ($slug: String!) { article(slug: $slug) { title paragraphs section { path { name } }
    comments(first: 20) { totalCount edges { cursor node { body replies(first: 20) { totalCount edges { node { body } } } } } } } }`, { slug }), 'the article page')
  answered(t, await gql(app, '{ site { name lastUpdatedAt } sections { name children { name children { name } } } articles(first: 20) { edges { node { title section { name } } } } }'), 'the front page')
})

t.test('production: no introspection unless asked for, no suggestions, GraphiQL brings introspection with it', async (t) => {
  const prod = await seeded(t, { MODE: 'production' })
  const intro = await gql(prod.app, '{ __schema { types { name } } }')
  t.equal(code(intro), 'GRAPHQL_VALIDATION_FAILED', 'introspection is refused in production')
  t.notOk(intro.data, 'and answers no data')
  answered(t, await gql(prod.app, '{ site { __typename name } }'), '__typename still works')
  const typo = await gql(prod.app, '{ site { nam } }')
  t.equal(code(typo), 'GRAPHQL_VALIDATION_FAILED')
  t.match(typo.errors?.[0]?.message, /Cannot query field "nam"/, 'the error says what is wrong')
  t.notMatch(typo.errors?.[0]?.message, /Did you mean/, 'but suggests nothing from the schema')
  const get = await prod.app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(get.statusCode, 404, 'no GraphiQL in production')

  const dev = await seeded(t)
  t.match((await gql(dev.app, '{ site { nam } }')).errors?.[0]?.message, /Did you mean "name"\?/, 'development suggests')

  const asked = await seeded(t, { MODE: 'production', GRAPHQL_INTROSPECTION: 'true' })
  answered(t, await gql(asked.app, '{ __schema { queryType { name } } }'), 'GRAPHQL_INTROSPECTION=true turns it on')
  const graphiql = await seeded(t, { MODE: 'production', GRAPHIQL: 'true' })
  answered(t, await gql(graphiql.app, '{ __schema { queryType { name } } }'), 'GRAPHIQL=true turns it on (GraphiQL needs it)')
  const off = await seeded(t, { GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' })
  t.equal(code(await gql(off.app, '{ __type(name: "Article") { name } }')), 'GRAPHQL_VALIDATION_FAILED', 'and it can be turned off in development')
})

t.test('bad limit settings are refused at start, naming the variable', async (t) => {
  for (const [name, value] of [['GRAPHQL_MAX_DEPTH', '1'], ['GRAPHQL_MAX_BYTES', 'big'], ['GRAPHQL_MAX_NODES', '-5']] as const) {
    await t.rejects(build(t, { env: { [name]: value } }), new RegExp(name), `${name}=${value}`)
  }
})
