// `npm run queries:extract -- [--out persisted-queries.json] [--check]`: the allow-list of
// persisted queries (GRAPHQL_PERSISTED_QUERIES=allowlist) from the documents the project
// publishes (graphql/documents.ts), validated against schema.graphql. --check fails when the file
// is not what extraction would write (CI, or before a release).
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { allowListOf, markdownDocuments } from '../graphql/documents.ts'

const ROOT = new URL('../../', import.meta.url)

function extract (): string {
  const documents = markdownDocuments(readFileSync(new URL('README.md', ROOT), 'utf8'))
  return `${JSON.stringify(allowListOf(documents, readFileSync(new URL('schema.graphql', ROOT), 'utf8')), null, 2)}\n`
}

function main (): void {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'persisted-queries.json' }, check: { type: 'boolean', default: false } } })
  const wanted = extract()
  const count = Object.keys(JSON.parse(wanted) as object).length
  if (values.check) {
    let current = ''
    try { current = readFileSync(values.out, 'utf8') } catch {}
    if (current !== wanted) {
      console.error(`${values.out} is out of date: run npm run queries:extract`)
      process.exitCode = 1
      return
    }
    console.log(`${values.out}: ${count} documents, up to date`)
    return
  }
  writeFileSync(values.out, wanted)
  console.log(`wrote ${count} documents to ${values.out}`)
}

try {
  main()
} catch (err) {
  console.error(`queries:extract: ${(err as Error).message}`)
  process.exitCode = 1
}
