// Persisted queries (src/graphql/persisted.ts): Apollo's automatic protocol over GET and POST, the
// allow-list mode, and the allow-list file kept in step with the README.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { allowListOf, markdownDocuments } from '../../src/graphql/documents.ts'
import { sha256 } from '../../src/graphql/persisted.ts'
import { loadConfig } from '../../src/config.ts'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, buildOn, createTestDatabase } from '../helper.ts'

const QUERY = '{ articles(first: 3) { edges { node { id title } } } }'
const HASH = sha256(QUERY)
const ext = (hash = HASH) => ({ persistedQuery: { version: 1, sha256Hash: hash } })

const getUrl = (params: Record<string, unknown>) => `/graphql?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`

async function post (app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/graphql', payload: body, headers })
}

t.test('automatic persisted queries: not found, registered with the text, then by hash over GET and POST', async (t) => {
  const { app, db } = await build(t)
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id, title: 'خبر محفوظ' })

  const unknown = await app.inject({ method: 'GET', url: getUrl({ extensions: ext() }) })
  t.equal(unknown.statusCode, 200)
  t.same(unknown.json().errors.map((e: { message: string, extensions: { code: string } }) => [e.message, e.extensions.code]), [['PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND']], 'an unknown hash: Apollo\'s message and code, so the client sends the text')
  t.equal(unknown.headers['cache-control'], 'no-store', 'a miss is not cached')

  const mismatch = await post(app, { query: QUERY, extensions: ext('0'.repeat(64)) })
  t.match(mismatch.json().errors[0], { message: 'provided sha does not match query' }, 'a text whose hash is not the one sent is refused')
  t.equal((await app.inject({ method: 'GET', url: getUrl({ extensions: ext('0'.repeat(64)) }) })).json().errors[0].message, 'PersistedQueryNotFound', 'and not kept under that hash')
  const badVersion = await post(app, { extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } })
  t.equal(badVersion.json().errors[0].extensions.code, 'PERSISTED_QUERY_NOT_SUPPORTED', 'another protocol version is not supported')

  const registered = await post(app, { query: QUERY, extensions: ext() })
  t.equal(registered.statusCode, 200)
  t.same(registered.json().data.articles.edges.map((e: { node: { id: string } }) => e.node.id), [article.id], 'hash and text: answered')

  const byGet = await app.inject({ method: 'GET', url: getUrl({ extensions: ext() }) })
  t.equal(byGet.statusCode, 200)
  t.same(byGet.json(), registered.json(), 'then the hash alone over GET gives the same answer')
  t.ok(byGet.headers.etag, 'a persisted GET is cacheable like any query over GET')
  t.equal((await app.inject({ method: 'GET', url: getUrl({ extensions: ext() }), headers: { 'if-none-match': String(byGet.headers.etag) } })).statusCode, 304, 'and revalidates to 304')
  const byPost = await post(app, { extensions: ext() })
  t.same(byPost.json(), registered.json(), 'and over POST')

  const invalid = '{ nope }'
  const refused = await post(app, { query: invalid, extensions: ext(sha256(invalid)) })
  t.equal(refused.json().errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED')
  t.equal((await post(app, { extensions: ext(sha256(invalid)) })).json().errors[0].message, 'PersistedQueryNotFound', 'a document that failed validation is never kept')
  const tooBig = `{ site { name } } # ${'x'.repeat(20_000)}`
  const big = await post(app, { query: tooBig, extensions: ext(sha256(tooBig)) })
  t.equal(big.json().errors[0].extensions.code, 'QUERY_TOO_COMPLEX', 'the query limits apply to what registers')
})

t.test('allow-list mode: anonymous callers run only the listed documents; staff tokens anything', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'allowlist-'))
  const file = path.join(dir, 'persisted-queries.json')
  writeFileSync(file, JSON.stringify({ [HASH]: QUERY }))
  const { app, db } = await build(t, { env: { GRAPHQL_PERSISTED_QUERIES: 'allowlist', GRAPHQL_ALLOWLIST_FILE: file } })
  const section = await createSection(db)
  await createArticle(db, { sectionId: section.id })

  t.equal((await app.inject({ method: 'GET', url: getUrl({ extensions: ext() }) })).json().data.articles.edges.length, 1, 'a listed hash runs, with no text ever sent')
  t.equal((await post(app, { query: QUERY })).json().data.articles.edges.length, 1, 'a listed document sent in full runs')
  const other = await post(app, { query: '{ site { name } }' })
  t.same(other.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code), ['PERSISTED_QUERY_NOT_FOUND'], 'any other document is refused')
  t.notOk('data' in other.json(), 'and nothing ran')
  const otherGet = await app.inject({ method: 'GET', url: getUrl({ query: '{ site { name } }' }), headers: { accept: 'application/graphql-response+json' } })
  t.equal(otherGet.statusCode, 400, 'a request error: 400 under graphql-response+json')
  const registering = await post(app, { query: '{ site { name } }', extensions: ext(sha256('{ site { name } }')) })
  t.equal(registering.json().errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND', 'nothing registers at run time')
  const unknownHash = await app.inject({ method: 'GET', url: getUrl({ extensions: ext(sha256('{ site { name } }')) }) })
  t.equal(unknownHash.json().errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND')

  const editor = await createToken(db, 'EDITOR')
  const staff = await post(app, { query: '{ site { name } }' }, { authorization: `Bearer ${editor}` })
  t.same(staff.json().errors, undefined, 'a staff token may send any document (editorial tools are not published queries)')
  const badToken = await post(app, { query: '{ site { name } }' }, { authorization: 'Bearer nope' })
  t.equal(badToken.statusCode, 401, 'a bad token is still refused')
})

t.test('allow-list mode refuses to start on a missing or tampered file', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'allowlist-'))
  const url = await createTestDatabase(t)
  await t.rejects(buildOn(t, url, { env: { GRAPHQL_PERSISTED_QUERIES: 'allowlist', GRAPHQL_ALLOWLIST_FILE: path.join(dir, 'missing.json') } }), /npm run queries:extract/)
  const tampered = path.join(dir, 'tampered.json')
  writeFileSync(tampered, JSON.stringify({ [HASH]: '{ site { name } }' }))
  await t.rejects(buildOn(t, url, { env: { GRAPHQL_PERSISTED_QUERIES: 'allowlist', GRAPHQL_ALLOWLIST_FILE: tampered } }), /not the SHA-256 of its document/)
  t.throws(() => loadConfig({ GRAPHQL_PERSISTED_QUERIES: 'sometimes' }), 'an unknown mode is a configuration error')
})

t.test('persisted-queries.json is the README\'s documents, extracted and valid', async (t) => {
  const root = new URL('../../', import.meta.url)
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  const wanted = allowListOf(markdownDocuments(readme), readFileSync(new URL('schema.graphql', root), 'utf8'))
  const file = JSON.parse(readFileSync(new URL('persisted-queries.json', root), 'utf8')) as Record<string, string>
  t.same(file, wanted, 'up to date: run npm run queries:extract after changing the README')
  t.ok(Object.keys(file).length >= 15, 'every README query is in it')
  for (const [hash, text] of Object.entries(file)) t.equal(sha256(text), hash)
  t.throws(() => allowListOf(['{ nope }'], readFileSync(new URL('schema.graphql', root), 'utf8')), /not valid against schema.graphql/, 'an invalid document stops the extraction')
})
