// An unexpected failure answers INTERNAL_SERVER_ERROR with a fixed message (no stack, no SQL, no
// text of the original error), and the original error goes to the log at error level. The
// failure is real: the test breaks its own database with plain SQL (a renamed column) and calls
// what reads or writes it. The log is captured through the pino instance the app is built with,
// as server.ts builds it.
import t, { type Test } from 'tap'
import { pino } from 'pino'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDatabase } from '../../src/db/database.ts'
import { createSection, createToken } from '../factories/index.ts'
import { createTestDatabase, gql, TestClock } from '../helper.ts'

interface LogLine { level: number, msg: string, reqId?: string, err?: { type?: string, message?: string, stack?: string } }

async function buildLogged (t: Test) {
  const url = await createTestDatabase(t)
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'info', RESPONSE_CACHE_MB: '0' }) // the database is broken behind the cache's back
  const db = createDatabase(url, { max: 5 })
  const logs: LogLine[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line) as LogLine) } })
  const app = await buildApp({ config, db, clock: new TestClock(), loggerInstance: logger })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  const errorsLogged = () => logs.filter((l) => l.level >= 50)
  return { app, db, logs, errorsLogged }
}

// What must never reach a client: the driver's or Prisma's words, SQL, file paths and stack frames.
const INTERNALS = /does not exist|column|relation|SELECT|UPDATE|INSERT|prisma|invocation|DatabaseError|\bat .*\(|\.ts:\d|node_modules|change_count|name_renamed/i

function assertMasked (t: Test, body: unknown, original: string | undefined, label: string): void {
  const text = JSON.stringify(body)
  t.notMatch(text.replace(/"(line|column)":\d+/g, ''), INTERNALS, `${label}: no internals in the answer`)
  t.ok(original && original.length > 10, `${label}: the original error was logged with its message (${original})`)
  if (original) t.notOk(text.includes(original), `${label}: the original message is not in the answer`)
  t.notOk(/stack/i.test(text), `${label}: no stack`)
}

t.test('a query that fails in SQL: INTERNAL_SERVER_ERROR, masked; the original error logged', async (t) => {
  const { app, db, errorsLogged } = await buildLogged(t)
  await createSection(db, { name: 'سياسة', slug: 'سياسة' })
  const query = '{ sections { id name } }'
  t.same((await gql(app, query)).data?.sections?.[0]?.name, 'سياسة', 'works before the database breaks')

  await db.pool.query('ALTER TABLE sections RENAME COLUMN name TO name_renamed')
  // jit: 1 — the first failing run is interpreted, the next ones run the compiled query: both mask.
  for (const run of ['first run', 'compiled (jit) run']) {
    const before = errorsLogged().length
    const res = await gql(app, query)
    t.equal(res.status, 200, `${run}: a GraphQL answer`)
    t.equal(res.data, null, `${run}: no data`)
    t.equal(res.errors?.length, 1, `${run}: one error`)
    t.same(res.errors?.[0], { message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['sections'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, `${run}: only the fixed message, the place and the code`)
    const logged = errorsLogged().slice(before)
    t.equal(logged.length, 1, `${run}: one error logged`)
    const line = logged[0]
    t.equal(line?.level, 50, `${run}: at error level`)
    t.ok(line?.reqId, `${run}: with the request id`)
    t.match(line?.err?.message, /name/, `${run}: the original database error: ${line?.err?.message}`)
    t.match(line?.err?.message, /does not exist/, `${run}: the driver's own words are in the log`)
    t.match(line?.err?.stack, /\n\s+at /, `${run}: with its stack`)
    assertMasked(t, res, line?.err?.message, run)
  }
})

t.test('a mutation that fails inside its transaction: masked, logged, nothing written', async (t) => {
  const { app, db, errorsLogged } = await buildLogged(t)
  const editor = await createToken(db, 'EDITOR')
  await db.pool.query('ALTER TABLE site_state RENAME COLUMN change_count TO change_count_renamed')
  const before = errorsLogged().length
  const res = await gql(app, 'mutation { createSection(input: { name: "ثقافة" }) { id } }', {}, { token: editor })
  t.equal(res.status, 200, 'a GraphQL answer')
  t.equal(res.data, null, 'no data')
  t.same(res.errors?.[0], { message: 'Internal server error', locations: [{ line: 1, column: 12 }], path: ['createSection'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, 'only the fixed message, the place and the code')
  const logged = errorsLogged().slice(before)
  t.equal(logged.length, 1, 'one error logged')
  t.equal(logged[0]?.level, 50, 'at error level')
  t.match(logged[0]?.err?.message, /change_count/, `the original (Prisma) error: ${logged[0]?.err?.message}`)
  assertMasked(t, res, logged[0]?.err?.message, 'mutation')
  t.equal(await db.prisma.section.count(), 0, 'the section was rolled back with the failed change record')
})

t.test('REST: the same failure is a 500 problem with no internals, logged', async (t) => {
  const { app, db, errorsLogged } = await buildLogged(t)
  await createSection(db, { name: 'اقتصاد', slug: 'اقتصاد' })
  await db.pool.query('ALTER TABLE sections RENAME COLUMN name TO name_renamed')
  const before = errorsLogged().length
  const res = await app.inject({ url: '/api/v1/sections' })
  t.equal(res.statusCode, 500, '500')
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'a problem document')
  t.same(res.json(), {
    type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'INTERNAL_SERVER_ERROR', detail: 'The server could not answer this request.', instance: '/api/v1/sections',
  }, 'the fixed problem, nothing of the error')
  const logged = errorsLogged().slice(before)
  t.equal(logged.length, 1, 'one error logged')
  t.equal(logged[0]?.level, 50, 'at error level')
  t.match(logged[0]?.err?.message, /does not exist/, `the original error: ${logged[0]?.err?.message}`)
  assertMasked(t, res.json(), logged[0]?.err?.message, 'REST')
})

t.test('expected errors keep their code and message and are not logged as errors', async (t) => {
  const { app, errorsLogged } = await buildLogged(t)
  const res = await gql(app, 'mutation { createSection(input: { name: "x" }) { id } }')
  t.equal(res.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED')
  t.match(res.errors?.[0]?.message, /staff token/, 'the service\'s own message is shown')
  t.equal(errorsLogged().length, 0, 'nothing at error level')
})
