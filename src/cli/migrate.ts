// npm run db:migrate — applies pending migrations and nothing else.
import { migrate } from '../db/migrator.ts'
import { runCli } from './run.ts'

await runCli('db:migrate', async (url) => {
  const applied = await migrate(url, { log: (msg) => console.log(msg) })
  console.log(applied.length === 0 ? 'database schema is up to date' : `applied ${applied.length} migration(s)`)
})
