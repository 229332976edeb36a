// Applies the committed prisma/migrations/*/migration.sql at start, the `prisma migrate deploy` way,
// without the Prisma CLI (production never needs it). It records each migration in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status` agrees, and holds Prisma's advisory lock
// key, so two instances (or this runner and the Prisma CLI) never migrate at once.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

/** The key Prisma Migrate takes with pg_advisory_lock. */
const PRISMA_MIGRATE_LOCK = 72707369

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url))

export interface Migration { name: string, sql: string, checksum: string }

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export function readMigrations (dir = MIGRATIONS_DIR): Migration[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

interface AppliedRow { migration_name: string, checksum: string, finished_at: Date | null, rolled_back_at: Date | null }

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate (connectionString: string, opts: { dir?: string, log?: (msg: string) => void } = {}): Promise<string[]> {
  const migrations = readMigrations(opts.dir)
  const client = new pg.Client({ connectionString })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`)
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL')
    const failed = rows.find((r) => r.finished_at === null)
    if (failed) throw new MigrationError(`migration ${failed.migration_name} failed earlier and is unfinished; resolve it before starting`)
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]))
    for (const m of migrations) {
      const checksum = done.get(m.name)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new MigrationError(`migration ${m.name} was changed after it was applied (checksum mismatch)`)
        continue
      }
      await client.query('BEGIN')
      try {
        const id = randomUUID()
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, m.checksum, m.name])
        await client.query(m.sql)
        await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`)
      }
      applied.push(m.name)
      opts.log?.(`applied migration ${m.name}`)
    }
    const unknown = [...done.keys()].filter((name) => !migrations.some((m) => m.name === name))
    // A newer instance may have migrated already (rolling deploys): say so, don't refuse.
    if (unknown.length > 0) opts.log?.(`the database has migrations this build does not know: ${unknown.join(', ')}`)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {})
    await client.end()
  }
  return applied
}
