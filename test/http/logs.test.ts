// The log, read as an operator reads it: structured lines, each request's lines carrying its id
// (the client's X-Request-Id when sane, echoed back), and no secret in it: a staff token, a
// cookie, a comment author's email are [redacted] wherever they appear.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDatabase } from '../../src/db/database.ts'
import { createLogger } from '../../src/logger.ts'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { createTestDatabase, TestClock } from '../helper.ts'

t.test('request ids in every line; tokens, cookies and emails redacted', async (t) => {
  const url = await createTestDatabase(t)
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'info', READ_RATE_LIMIT: 'off', PRESSURE_MAX_EVENT_LOOP_DELAY: '0', COMMENT_RATE_LIMITS: '100/1m' })
  const db = createDatabase(url, { max: 3 })
  const lines: string[] = []
  const logger = createLogger('info', { write: (line: string) => { lines.push(line) } })
  const app = await buildApp({ config, db, clock: new TestClock(), loggerInstance: logger })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  const section = await createSection(db, { name: 'سياسة', slug: 'politics' })
  const article = await createArticle(db, { sectionId: section.id, title: 'خبر', status: 'PUBLISHED', publishedAt: new Date('2026-01-01T00:00:00Z') })
  const token = await createToken(db, 'EDITOR')

  const traced = await app.inject({ method: 'GET', url: '/api/v1/articles', headers: { authorization: `Bearer ${token}`, cookie: 'session=s3cr3t-cookie', 'x-request-id': 'edge-7f3a' } })
  t.equal(traced.statusCode, 200)
  t.equal(traced.headers['x-request-id'], 'edge-7f3a', 'the client\'s request id is echoed back')
  const mine = lines.map((l) => JSON.parse(l) as { reqId?: string, req?: { headers?: Record<string, unknown> }, msg: string }).filter((l) => l.reqId === 'edge-7f3a')
  t.ok(mine.length >= 2, `the request's lines carry its id (${mine.length} lines)`)
  const incoming = mine.find((l) => l.msg === 'incoming request')
  t.equal(incoming?.req?.headers?.authorization, '[redacted]', 'the Authorization header is logged as [redacted]')
  t.equal(incoming?.req?.headers?.cookie, '[redacted]', 'the cookie too')

  const odd = await app.inject({ method: 'GET', url: '/api/v1/site', headers: { 'x-request-id': 'x'.repeat(500) } })
  t.not(odd.headers['x-request-id'], 'x'.repeat(500), 'an unreasonable request id is replaced')
  t.match(String(odd.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'by a generated one')

  const email = 'reader.private@example.org'
  const res = await app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: 'قارئ', authorEmail: email, body: 'تعليق' } })
  t.equal(res.statusCode, 201)
  // what a future log call might carry: a comment, a GraphQL request's variables, a body
  app.log.info({ comment: { authorEmail: email }, variables: { input: { authorEmail: email } }, token }, 'an object with secrets in it')

  const log = lines.join('\n')
  t.notOk(log.includes(token), 'the staff token appears nowhere in the log')
  t.notOk(log.includes('s3cr3t-cookie'), 'the cookie appears nowhere')
  t.notOk(log.includes(email), 'the email appears nowhere')
  t.ok(log.includes('"authorEmail":"[redacted]"'), 'emails are logged as [redacted]')
})
