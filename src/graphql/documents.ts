// The GraphQL documents the project itself publishes: the README's examples (and, when the reader
// site lands, its pages'). The allow-list of persisted queries is built from them
// (`npm run queries:extract`), and test/readme.test.ts runs each against a seeded server.
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql'
import { sha256 } from './persisted.ts'

/** The README's ```graphql blocks: one operation per line, or the whole block when it is one document; trailing `# comments` dropped. */
export function markdownDocuments (markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === 'graphql').map((m) => m[2] as string)
  return blocks.flatMap((body) => body.trim().startsWith('{')
    ? [body]
    : body.split('\n').map((line) => line.replace(/\s{2,}#.*$/, '').trim()).filter((line) => line !== ''))
}

/**
 * The allow-list for `documents`: `{ sha256(text): text }`, sorted by hash so the file diffs
 * cleanly. A document that does not validate against the schema stops the build.
 */
export function allowListOf (documents: string[], schema: GraphQLSchema | string): Record<string, string> {
  const built = typeof schema === 'string' ? buildSchema(schema) : schema
  const out: Record<string, string> = {}
  for (const text of documents) {
    const errors = validate(built, parse(text))
    if (errors.length > 0) throw new Error(`not valid against schema.graphql: ${text.slice(0, 80)}…: ${errors.map((e) => e.message).join('; ')}`)
    out[sha256(text)] = text
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}
