import { stopEmbeddedPostgres } from '../../src/db/embedded-postgres.ts'
import { TEST_DATA_DIR } from './test-server.ts'

if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) await stopEmbeddedPostgres(TEST_DATA_DIR)
