// Where the tests' databases live: TEST_DATABASE_URL, else DATABASE_URL, else the embedded
// server that test/setup/before.ts started in .data/test (tap runs it once before all files).
import { readEmbeddedState } from '../../src/db/embedded-postgres.ts'

export const TEST_DATA_DIR = '.data/test'

export function testServerUrl (): string {
  const env = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (env) return env
  const state = readEmbeddedState(TEST_DATA_DIR)
  if (!state?.running) throw new Error('no TEST_DATABASE_URL and no embedded test server: run the tests with `npm test`')
  return state.url
}
