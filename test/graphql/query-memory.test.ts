// Memory stays bounded while 2,000 distinct large documents arrive (half accepted, half refused
// by validation), each at the default token limit: the parsed-document caches hold a bounded
// number of them, so the heap grows by less than 100 MB however many distinct documents come.
import t from 'tap'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { build, gql } from '../helper.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapMb = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1e6
}

/** A distinct document of about 1,000 tokens: 110 fragments of `Site`, spread into one query. */
function document (i: number, valid: boolean): string {
  const fragments = Array.from({ length: 110 }, (_, j) => `fragment F${i}_${j} on Site { ${valid ? 'name' : `nam${j}`} }`).join('\n')
  return `${fragments}\nquery Q${i} { site { ${Array.from({ length: 110 }, (_, j) => `...F${i}_${j}`).join(' ')} } }`
}

t.test('2,000 distinct large documents: the heap grows by less than 100 MB', async (t) => {
  const { app, config } = await build(t)
  t.equal(config.GRAPHQL_MAX_TOKENS, 1000, 'the default token limit')
  t.equal(config.GRAPHQL_QUERY_CACHE, 32, 'the default number of cached documents')
  const ok = await gql(app, document(100_001, true))
  t.same(ok.errors, undefined, 'a document like the ones sent is accepted')
  const bad = await gql(app, document(100_002, false))
  t.equal(bad.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'and its twin with unknown fields is refused by validation')
  const before = heapMb()
  let answered = 0
  let peak = before
  for (let i = 0; i < 2000; i++) {
    const res = await gql(app, document(i, i % 2 === 0))
    if (i % 2 === 0 ? res.errors === undefined : res.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') answered++
    if (i % 250 === 249) peak = Math.max(peak, heapMb())
  }
  const after = heapMb()
  t.equal(answered, 2000, 'every document answered as it should be')
  t.comment(`heap ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after, ${peak.toFixed(0)} MB at most; ${Buffer.byteLength(document(0, true))} bytes a document`)
  t.ok(peak - before < 100, `the heap grew by ${(peak - before).toFixed(0)} MB at most (< 100)`)
})
