import { loadConfig, type Config } from '../config.ts'
import { resolveDatabase } from '../db/connect.ts'

/**
 * Runs a command-line tool against DATABASE_URL, or the embedded server of DATA_DIR: the one
 * `npm start` is running if it is up, else one started for this command and stopped after it.
 */
export async function runCli (name: string, fn: (url: string, config: Config) => Promise<void>): Promise<void> {
  let code = 0
  try {
    const config = loadConfig()
    const target = await resolveDatabase(config, { info: (msg) => console.error(msg) })
    try {
      await fn(target.url, config)
    } finally {
      await target.release()
    }
  } catch (err) {
    console.error(`${name}: ${(err as Error).message}`)
    code = 1
  }
  // a tool that set its own exit code (e.g. import: 3, finished with rejected pages) keeps it
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code
}
