import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'prisma/config'

// The Prisma CLI is a development tool here (authoring migrations, generating the client).
// Its native schema engine is downloaded from Prisma's servers on first use, which fails offline;
// scripts/prisma-schema-engine.mjs runs the engine Prisma publishes on npm as WebAssembly instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('./scripts/prisma-schema-engine.mjs', import.meta.url))

// Prisma 7 reads no .env. Without DATABASE_URL, use the embedded server that `npm start` is running.
function embeddedUrl (): string | undefined {
  const stateFile = path.join(process.env.DATA_DIR ?? '.data', 'embedded-postgres.json')
  try {
    return (JSON.parse(readFileSync(stateFile, 'utf8')) as { url?: string }).url
  } catch {
    return undefined // no embedded server has run here yet
  }
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? embeddedUrl() ?? 'postgresql://postgres@127.0.0.1:5432/news_dev',
    // `migrate dev` and `migrate diff --from-migrations` replay migrations into a shadow database;
    // unset, the engine creates and drops a temporary one on the same server.
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
})
