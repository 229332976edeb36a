// npm run db:seed — loads the sample content through the services, as a system viewer
// (idempotent: existing slugs are skipped).
import { createDatabase } from '../db/database.ts'
import { migrate } from '../db/migrator.ts'
import { seedSampleContent } from '../db/seed.ts'
import { systemClock } from '../lib/clock.ts'
import { createServices } from '../services.ts'
import { runCli } from './run.ts'

await runCli('db:seed', async (url, config) => {
  await migrate(url)
  const db = createDatabase(url, { max: 2 })
  try {
    const result = await seedSampleContent(createServices({ db, config, clock: systemClock }), new Date())
    console.log(`sample content: ${result.sectionsCreated} section(s) and ${result.articlesCreated} article(s) created`)
  } finally {
    await db.close()
  }
})
