// npm run token -- create --role ADMIN --name "Desk"   prints a new token, once
// npm run token -- list                                 name, role, created, last used, revoked
// npm run token -- revoke <id>
import { parseArgs } from 'node:util'
import { createDatabase } from '../db/database.ts'
import { migrate } from '../db/migrator.ts'
import { systemClock } from '../lib/clock.ts'
import { AuthRepository } from '../modules/auth/auth.repository.ts'
import { AuthService, ROLES } from '../modules/auth/auth.service.ts'
import { runCli } from './run.ts'

const USAGE = `usage:
  npm run token -- create --role ${ROLES.join('|')} --name <name>
  npm run token -- list
  npm run token -- revoke <id>`

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  options: { role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
  strict: false,
})
const [command, ...rest] = positionals

if (values.help || !command || !['create', 'list', 'revoke'].includes(command)) {
  console.error(USAGE)
  process.exitCode = values.help ? 0 : 2
} else {
  await runCli('token', async (url) => {
    await migrate(url)
    const db = createDatabase(url, { max: 2 })
    const auth = new AuthService(new AuthRepository(db), systemClock)
    try {
      if (command === 'create') {
        if (typeof values.role !== 'string' || typeof values.name !== 'string') throw new Error(`--role and --name are required\n${USAGE}`)
        const { token, row } = await auth.createToken({ name: values.name, role: values.role.toUpperCase() })
        console.error(`created ${row.role} token "${row.name}" (id ${row.id}); it is shown once, store it now:`)
        console.log(token)
      } else if (command === 'list') {
        const rows = await auth.listTokens()
        const iso = (d: Date | null) => d?.toISOString() ?? '-'
        console.log(['id', 'name', 'role', 'created', 'last used', 'revoked'].join('\t'))
        for (const r of rows) console.log([r.id, r.name, r.role, iso(r.createdAt), iso(r.lastUsedAt), iso(r.revokedAt)].join('\t'))
      } else {
        const id = rest[0]
        if (!id) throw new Error(`revoke needs a token id\n${USAGE}`)
        if (!await auth.revokeToken(id)) throw new Error(`no token ${id}`)
        console.log(`revoked ${id}`)
      }
    } finally {
      await db.close()
    }
  })
}
