// Every GraphQL and curl example in the README works against a freshly seeded server: the examples
// are read out of README.md itself, placeholders (<id>, <id or slug>, <pageInfo.endCursor>,
// $METRICS_TOKEN) are filled from the sample content and from earlier examples' answers.
import { readFileSync } from 'node:fs'
import { parse, validate } from 'graphql'
import { markdownDocuments } from '../src/graphql/documents.ts'
import t from 'tap'
import { seedSampleContent } from '../src/db/seed.ts'
import { createToken } from './factories/index.ts'
import { build, gql } from './helper.ts'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const blocks = [...README.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, body: m[2] as string }))

const graphqlExamples = (): string[] => markdownDocuments(README)

/** curl command lines (continuations joined), split into words with single and double quotes. */
function curlExamples (): string[][] {
  return blocks.filter((b) => b.lang === 'sh')
    .flatMap((b) => b.body.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s{2,}#.*$/, '').trim())
    .filter((line) => line.startsWith('curl '))
    .map((line) => [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] as string))
}

const METRICS_TOKEN = 'readme-metrics-token-0123456789'

t.test('every README example answers without error on the sample content', async (t) => {
  // The GraphQL and curl examples send the same comment from one client back to back, as no reader
  // would: the per-client limit and the duplicate window are opened for that.
  const { app, db, clock } = await build(t, { env: { METRICS_TOKEN, COMMENT_RATE_LIMITS: '100/1s', COMMENT_DUPLICATE_WINDOW: '1s' } })
  await seedSampleContent(app.services, clock.now())
  const admin = await createToken(db, 'ADMIN')
  const politics = await db.prisma.section.findUniqueOrThrow({ where: { slug: 'سياسة' } })
  const sample = await db.prisma.article.findFirstOrThrow({ where: { status: 'PUBLISHED', publishedAt: { lte: clock.now() } }, orderBy: { publishedAt: 'desc' } })
  const made: { article?: string, comment?: string } = {}

  const examples = graphqlExamples()
  t.ok(examples.length >= 15, `the README has its GraphQL examples (${examples.length})`)
  for (const example of examples) {
    const id = /createSection|createArticle/.test(example)
      ? politics.id
      : /updateArticle|publishArticle|unpublishArticle/.test(example) ? made.article : /moderateComment|reportComment/.test(example) ? made.comment : sample.id
    const document = example.replaceAll('<id>', id ?? 'missing').replaceAll('<section id>', sample.sectionId)
    const label = example.replace(/\s+/g, ' ').slice(0, 90)
    if (/^\s*subscription\b/.test(document)) {
      t.same(validate(app.graphql.schema, parse(document)).map((e) => e.message), [], `valid: ${label}`)
      continue
    }
    const res = await gql(app, document, undefined, { token: admin })
    t.same(res.errors, undefined, `no errors: ${label}`)
    t.ok(res.data && Object.keys(res.data).length > 0 && Object.values(res.data).every((v) => v !== null), `every field answered: ${label}`)
    if (/createArticle/.test(document)) made.article = res.data?.createArticle?.id
    if (/addComment/.test(document)) made.comment = res.data?.addComment?.comment?.id
  }
  t.ok(made.article && made.comment, 'the examples that need earlier answers had them')

  clock.advance(5_000)
  const firstPage = await app.inject({ url: '/api/v1/articles?limit=10' })
  const fill = (word: string): string => word
    .replaceAll('<id or slug>', encodeURIComponent(sample.slug))
    .replaceAll('<id>', sample.id)
    .replaceAll('<pageInfo.endCursor>', firstPage.json().pageInfo.endCursor)
    .replaceAll('$METRICS_TOKEN', METRICS_TOKEN)
    .replaceAll('$ADMIN', admin)
  const curls = curlExamples()
  t.ok(curls.length >= 9, `the README has its curl examples (${curls.length})`)
  for (const words of curls) {
    let method: string | undefined
    let get = false
    let url: URL | undefined
    const headers: Record<string, string> = {}
    const data: string[] = []
    const encoded: string[] = []
    const form = new FormData()
    let multipart = false
    for (let i = 1; i < words.length; i++) {
      const word = fill(words[i] as string)
      if (word === '-X') method = words[++i]
      else if (word === '-H') { const [k, ...v] = fill(words[++i] as string).split(':'); headers[(k as string).trim().toLowerCase()] = v.join(':').trim() } else if (word === '-d') data.push(fill(words[++i] as string))
      else if (word === '--data-urlencode') encoded.push(fill(words[++i] as string))
      else if (word === '-G') get = true
      else if (word === '-i') continue
      else if (word === '-F') {
        // a file part: name=@path, the path from the repository's root
        const [name, path] = fill(words[++i] as string).split('=@') as [string, string]
        form.append(name, new Blob([readFileSync(new URL(`../${path}`, import.meta.url))]), path.split('/').at(-1))
        multipart = true
      } else if (/^https?:\/\//.test(word)) url = new URL(word)
      else t.fail(`an option this test does not know: ${word}`)
    }
    if (!url) throw new Error(`no URL in ${words.join(' ')}`)
    if (get) {
      for (const pair of [...data, ...encoded]) {
        const [k, ...v] = pair.split('=')
        url.searchParams.append(k as string, v.join('='))
      }
    }
    const res = await app.inject({
      method: (method ?? (data.length > 0 && !get ? 'POST' : 'GET')) as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(data.length > 0 && !get ? { payload: data.join('&') } : {}),
      ...(multipart ? { method: 'POST' as const, payload: form } : {}),
    })
    const label = words.join(' ').slice(0, 100)
    t.ok(res.statusCode < 400, `${res.statusCode}: ${label}`)
    if (res.statusCode < 300 && /json/.test(String(res.headers['content-type']))) t.not(res.json().data, null, `data: ${label}`)
  }
})
