#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, used only by the Prisma CLI in development
// (`prisma migrate dev|status|diff`, `prisma generate`). The CLI downloads the native engine from
// Prisma's servers on first use, which fails on machines that reach only the npm registry; Prisma
// also publishes the same engine compiled to WebAssembly on npm (@prisma/schema-engine-wasm). This
// program speaks the native engine's protocol (JSON-RPC lines on stdin/stdout, plus `cli <command>`
// one-shots) and runs the wasm engine over @prisma/adapter-pg. prisma.config.ts points the CLI here
// through PRISMA_SCHEMA_ENGINE_BINARY. Production never runs it: src/db/migrator.ts applies migrations.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { createRequire } from 'node:module'
import * as wasmGlue from '@prisma/schema-engine-wasm/schema_engine_bg'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)
const log = (message, level = 'ERROR') => process.stderr.write(JSON.stringify({ level, fields: { message } }) + '\n')

let panicMessage = null
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message (m) { panicMessage = String(m); log('PANIC: ' + m) }
}

const args = process.argv.slice(2)
const datamodelFiles = []
let datasource = {}
let oneShot = null
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  if (a === '--version' || a === '-V') {
    console.log('schema-engine-cli wasm (news-content-api shim)')
    process.exit(0)
  }
  if (a === '--datamodels') datamodelFiles.push(args[++i])
  else if (a === '--datasource') datasource = JSON.parse(args[++i])
  else if (a === 'cli') oneShot = args[++i]
  else if (a.startsWith('--')) i++
}
const url = datasource.url ?? process.env.DATABASE_URL
if (!url) {
  log('schema-engine shim: no datasource url')
  process.exit(1)
}

// Discrete pg settings: adapter-pg spreads its config into `new Pool({ ...config, database })`
// for the shadow database, and a `connectionString` would silently win over `database`.
function pgConfig (str) {
  const u = new URL(str)
  const cfg = {
    host: decodeURIComponent(u.hostname) || undefined,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined
  }
  const socketDir = u.searchParams.get('host')
  if (socketDir) cfg.host = socketDir
  const sslmode = u.searchParams.get('sslmode')
  if (sslmode && sslmode !== 'disable') cfg.ssl = { rejectUnauthorized: sslmode === 'verify-full' }
  return cfg
}

if (oneShot) {
  const { default: pg } = await import('pg')
  const cfg = pgConfig(url)
  const name = cfg.database ?? 'postgres'
  const quoted = `"${name.replaceAll('"', '""')}"`
  const fail = (code, message) => {
    process.stderr.write(JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { error_code: code, message } }) + '\n')
    process.exit(1)
  }
  const run = async (database, sql) => {
    const client = new pg.Client({ ...cfg, database })
    await client.connect()
    try { if (sql) await client.query(sql) } finally { await client.end() }
  }
  try {
    if (oneShot === 'can-connect-to-database') await run(name)
    else if (oneShot === 'create-database') await run('postgres', `CREATE DATABASE ${quoted}`)
    else if (oneShot === 'drop-database') await run('postgres', `DROP DATABASE IF EXISTS ${quoted}`)
    else fail('P1000', `schema-engine shim: unsupported command ${oneShot}`)
    process.exit(0)
  } catch (e) {
    if (e.code === '3D000') fail('P1003', `Database \`${name}\` does not exist`)
    if (e.code === '42P04') fail('P1009', `Database \`${name}\` already exists`)
    if (e.code === '28P01' || e.code === '28000') fail('P1000', `Authentication failed: ${e.message}`)
    fail('P1001', `Can't reach database server: ${e.message}`)
  }
}

// adapter-pg cannot deserialize the catalog types the engine's describer reads
// (prisma/orm#27403). `"char"` must come back as a Character column; the rest as text.
const CHAR = 18
const AS_TEXT = new Set([19, 22, 24, 30, 194, 2205, 2206]) // name, int2vector, regproc, oidvector, pg_node_tree, regclass, regtype
const AS_TEXT_ARRAY = new Set([1003]) // name[]
function patchQueryable (adapter) {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter))
  if (proto.catalogTypesPatched) return adapter
  const performIO = proto.performIO
  const queryRaw = proto.queryRaw
  proto.performIO = async function (query) {
    const res = await performIO.call(this, query)
    const charColumns = []
    res?.fields?.forEach((f, i) => {
      if (f.dataTypeID === CHAR) { f.dataTypeID = 25; charColumns.push(i) } else if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25
      else if (AS_TEXT_ARRAY.has(f.dataTypeID)) f.dataTypeID = 1009
    })
    if (res) res.charColumns = charColumns
    return res
  }
  proto.queryRaw = async function (query) {
    const res = await this.performIO(query)
    const view = Object.create(this)
    view.performIO = async () => res
    const out = await queryRaw.call(view, query)
    for (const i of res?.charColumns ?? []) out.columnTypes[i] = ColumnTypeEnum.Character
    return out
  }
  // adapter-pg's executeScript splits the script on every ";", which breaks dollar-quoted
  // function bodies in migrations; PostgreSQL's simple query protocol takes the whole script.
  Object.getPrototypeOf(adapter).executeScript = async function (script) {
    try {
      await this.client.query(script)
    } catch (error) {
      this.onError(error)
    }
  }
  proto.catalogTypesPatched = true
  return adapter
}

class MigrationAdapter extends PrismaPg {
  constructor (cfg) { super(cfg); this.cfg = cfg }
  async connect () { return patchQueryable(await super.connect()) }
  async connectToShadowDb () {
    if (datasource.shadowDatabaseUrl) return new MigrationAdapter(pgConfig(datasource.shadowDatabaseUrl)).connect()
    const main = await this.connect()
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`
    await main.executeScript(`CREATE DATABASE "${name}"`)
    const shadow = await new MigrationAdapter({ ...this.cfg, database: name }).connect()
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`)
      await main.dispose()
    }
    return shadow
  }
}

const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
const wasm = fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'))
const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { './schema_engine_bg.js': wasmGlue })
wasmGlue.__wbg_set_wasm(instance.exports)
instance.exports.__wbindgen_start()

const datamodels = datamodelFiles.map((f) => [f, fs.readFileSync(f, 'utf8')])
// The wasm engine panics on an empty list (the CLI passes none for `migrate diff`).
if (datamodels.length === 0) datamodels.push(['schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n'])
const engine = await wasmGlue.SchemaEngine.new(
  { datamodels },
  (line) => process.stderr.write(String(line).trimEnd() + '\n'),
  bindMigrationAwareSqlAdapterFactory(new MigrationAdapter(pgConfig(url)))
)

const methodNames = { getDatabaseVersion: 'version' }
const reply = (msg) => process.stdout.write(JSON.stringify(msg) + '\n')
let inFlight = 0
let inputClosed = false
const exitWhenIdle = () => { if (inputClosed && inFlight === 0) process.exit(0) }

readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on('line', async (line) => {
    if (!line.trim()) return
    const req = JSON.parse(line)
    if (req.method === undefined) return // the CLI acknowledging a `print` notification
    inFlight++
    try {
      const method = methodNames[req.method] ?? req.method
      if (typeof engine[method] !== 'function') throw new Error(`schema-engine shim: ${req.method} is not in schema-engine-wasm`)
      let result = await engine[method](req.params ?? {})
      if (method === 'diff' && typeof result?.stdout === 'string') {
        // the native engine streams diff output to the CLI as `print` requests
        if (result.stdout) reply({ jsonrpc: '2.0', id: `print-${req.id}`, method: 'print', params: { content: result.stdout.replace(/\n$/, '') } })
        const { stdout, ...rest } = result
        result = rest
      }
      reply({ jsonrpc: '2.0', id: req.id, result: result ?? null })
    } catch (e) {
      const isPanic = e instanceof WebAssembly.RuntimeError || panicMessage !== null
      const data = { is_panic: isPanic, message: isPanic ? (panicMessage ?? e?.message) : (e?.message ?? String(e)), backtrace: e?.stack ?? null }
      if (e?.code) Object.assign(data, { error_code: e.code, meta: e.meta ?? null })
      reply({ jsonrpc: '2.0', id: req.id, error: { code: 4466, message: 'An error happened. Check the data field for details.', data } })
      if (e instanceof WebAssembly.RuntimeError) inputClosed = true // the engine is gone after a panic
    } finally {
      inFlight--
      exitWhenIdle()
    }
  })
  .on('close', () => { inputClosed = true; exitWhenIdle() })

process.on('unhandledRejection', (e) => { log('schema-engine shim: ' + (e?.stack ?? e)); process.exit(101) })
