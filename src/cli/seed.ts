// npm run db:seed — loads the sample content (idempotent: existing slugs are skipped).
import { createDatabase } from '../db/database.ts'
import { migrate } from '../db/migrator.ts'
import { seedSampleContent } from '../db/seed.ts'
import { runCli } from './run.ts'

await runCli('db:seed', async (url) => {
  await migrate(url)
  const db = createDatabase(url, { max: 2 })
  try {
    const result = await seedSampleContent(db, new Date())
    console.log(`sample content: ${result.sectionsCreated} section(s) and ${result.articlesCreated} article(s) created`)
  } finally {
    await db.close()
  }
})
