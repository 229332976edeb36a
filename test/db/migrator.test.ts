import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import t from 'tap'
import { migrate, MIGRATIONS_DIR, readMigrations } from '../../src/db/migrator.ts'
import { createTestDatabase } from '../helper.ts'

const run = promisify(execFile)
const PRISMA = path.resolve('node_modules/.bin/prisma')

async function query<T extends pg.QueryResultRow> (url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

t.test('a fresh database migrates, and a second run applies nothing', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const applied = await migrate(url)
  t.same(applied, readMigrations().map((m) => m.name))
  const tables = (await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).map((r) => r.table_name)
  for (const table of ['sections', 'articles', 'article_slugs', 'comments', 'staff_tokens', 'site_state', '_prisma_migrations']) {
    t.ok(tables.includes(table), `table ${table}`)
  }
  t.same((await query(url, 'SELECT id FROM site_state')), [{ id: 1 }], 'the site state row exists')
  t.same(await migrate(url), [], 'nothing pending the second time')
  const rows = await query<{ checksum: string, finished_at: Date | null, applied_steps_count: number }>(url, 'SELECT checksum, finished_at, applied_steps_count FROM _prisma_migrations')
  t.equal(rows.length, readMigrations().length)
  t.ok(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1))
})

t.test('two processes starting at once both succeed; one applies', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }
  const cli = (): Promise<{ stdout: string }> => run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { env })
  const [a, b] = await Promise.all([cli(), cli()])
  const outputs = [a.stdout, b.stdout]
  t.equal(outputs.filter((o) => /applied \d+ migration/.test(o)).length, 1, 'exactly one applied the migrations')
  t.equal(outputs.filter((o) => /up to date/.test(o)).length, 1, 'the other waited and found nothing to do')
  const count = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM _prisma_migrations')
  t.equal(Number(count[0]?.n), readMigrations().length, 'each migration recorded once')

  const status = await run(PRISMA, ['migrate', 'status'], { env })
  t.match(status.stdout, /Database schema is up to date/, '`prisma migrate status` agrees with the runner')
})

t.test('a migration changed after it was applied is refused', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'))
  t.teardown(() => import('node:fs').then((fs) => fs.rmSync(dir, { recursive: true, force: true })))
  cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  await migrate(url, { dir })
  const first = readMigrations(dir)[0]
  t.ok(first)
  writeFileSync(path.join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`)
  await t.rejects(migrate(url, { dir }), /changed after it was applied/)
})

t.test('a failing migration rolls back and stops start-up', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'))
  t.teardown(() => import('node:fs').then((fs) => fs.rmSync(dir, { recursive: true, force: true })))
  cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  const broken = path.join(dir, '29991231000000_broken')
  await import('node:fs').then((fs) => fs.mkdirSync(broken))
  writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n')
  await t.rejects(migrate(url, { dir }), /29991231000000_broken failed/)
  const tables = await query(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")
  t.same(tables, [], 'nothing of the failed migration is left')
  const recorded = await query(url, "SELECT 1 FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'")
  t.same(recorded, [], 'and it is not recorded')
})

t.test('schema.prisma and the committed migrations do not drift', async (t) => {
  const url = await createTestDatabase(t, { migrated: false })
  const shadow = await createTestDatabase(t, { migrated: false })
  const env = { ...process.env, DATABASE_URL: url, SHADOW_DATABASE_URL: shadow }
  const res = await run(PRISMA, ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code'], { env })
    .then((r) => ({ code: 0, out: r.stdout }), (err: { code: number, stdout: string, stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }))
  t.equal(res.code, 0, `no difference expected, got:\n${res.out}`)
  t.match(res.out, /No difference detected/)
})
