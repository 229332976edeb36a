import type { Config } from '../config.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts'

export interface DatabaseTarget {
  url: string
  /** set when the embedded server is in use */
  embedded: EmbeddedPostgres | null
  /** stops the embedded server if this process started it */
  release: () => Promise<void>
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL of DATA_DIR: the one a running
 * `npm start` wrote to the state file, or one started here (and stopped by `release`).
 */
export async function resolveDatabase (config: Config, logger: { info: (msg: string) => void }): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null, release: async () => {} }
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, logger })
  return { url: embedded.url, embedded, release: () => embedded.stop() }
}
