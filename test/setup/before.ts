// tap `before`: with no TEST_DATABASE_URL/DATABASE_URL, start one embedded PostgreSQL for the
// whole run (each test file still gets its own database in it). It outlives this script;
// test/setup/after.ts stops it.
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts'
import { TEST_DATA_DIR } from './test-server.ts'

if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) {
  const pg = await startEmbeddedPostgres({ dataDir: TEST_DATA_DIR })
  console.log(`# tests use the embedded PostgreSQL at ${pg.url.replace(/:[^:@/]+@/, ':***@')}`)
}
