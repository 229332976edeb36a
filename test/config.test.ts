import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.ts'

t.test('defaults', async (t) => {
  const c = loadConfig({})
  t.equal(c.DATABASE_URL, undefined, 'no DATABASE_URL → embedded')
  t.equal(c.DATA_DIR, './.data')
  t.equal(c.PORT, 3000)
  t.equal(c.HOST, '127.0.0.1')
  t.equal(c.SITE_DEFAULT_LOCALE, 'ar')
  t.equal(c.SITE_TIME_ZONE, 'Asia/Damascus')
  t.equal(c.PUBLIC_URL, 'http://localhost:3000')
  t.equal(c.MODE, 'development')
  t.equal(c.GRAPHIQL, true)
  t.equal(c.LOG_LEVEL, 'info')
  t.equal(c.METRICS_TOKEN, undefined, 'no /metrics unless asked for')
})

t.test('named settings', async (t) => {
  t.equal(loadConfig({ MODE: 'production' }).GRAPHIQL, false, 'production: GraphiQL off by default')
  t.equal(loadConfig({ MODE: 'production', GRAPHIQL: 'true' }).GRAPHIQL, true, 'unless asked for')
  t.equal(loadConfig({ PORT: '8080' }).PORT, 8080)
  t.equal(loadConfig({ PUBLIC_URL: 'https://news.example/' }).PUBLIC_URL, 'https://news.example', 'no trailing slash')
  t.equal(loadConfig({ SITE_DEFAULT_LOCALE: 'en-GB', SITE_TIME_ZONE: 'Europe/London' }).SITE_TIME_ZONE, 'Europe/London')
  const replicas = loadConfig({ DATABASE_REPLICA_URLS: 'postgresql://r1:5432/news, postgres://u:p@r2/news', REPLICA_MAX_LAG: '3s', REPLICA_CHECK_INTERVAL: '100ms' })
  t.same(replicas.DATABASE_REPLICA_URLS, ['postgresql://r1:5432/news', 'postgres://u:p@r2/news'], 'replicas: comma-separated, trimmed')
  t.equal(replicas.REPLICA_MAX_LAG, 3000)
  t.equal(replicas.REPLICA_CHECK_INTERVAL, 100)
  t.same(loadConfig({}).DATABASE_REPLICA_URLS, [], 'no replicas by default')
})

t.test('invalid values stop the start with a clear message', async (t) => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ MODE: 'staging' }, /MODE/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SITE_DEFAULT_LOCALE: 'en_US' }, /SITE_DEFAULT_LOCALE/],
    [{ SITE_TIME_ZONE: 'Mars/Olympus' }, /SITE_TIME_ZONE/],
    [{ PUBLIC_URL: 'news.example' }, /PUBLIC_URL/],
    [{ ARTICLE_URL_PATTERN: '{PUBLIC_URL}/articles' }, /ARTICLE_URL_PATTERN/],
    [{ ARTICLE_URL_PATTERN: 'news.example/{slug}' }, /ARTICLE_URL_PATTERN/],
    [{ EMBEDDED_PG_PORT: '0' }, /EMBEDDED_PG_PORT/],
    [{ METRICS_TOKEN: 'too-short' }, /METRICS_TOKEN/],
    [{ DATABASE_REPLICA_URLS: 'replica-host:5432' }, /DATABASE_REPLICA_URLS/],
    [{ DATABASE_REPLICA_URLS: 'postgresql://u:secret@r1/news,http://r2' }, /DATABASE_REPLICA_URLS: "http:\/\/r2"/],
    [{ REPLICA_MAX_LAG: 'soon' }, /REPLICA_MAX_LAG/],
  ]
  for (const [env, message] of bad) {
    t.throws(() => loadConfig(env), message, JSON.stringify(env))
    t.throws(() => loadConfig(env), ConfigError)
  }
})

t.test('an empty variable means unset, for every setting', async (t) => {
  const defaults = loadConfig({})
  const empty = loadConfig({ DATABASE_URL: '', PORT: '', MODE: '', LOG_LEVEL: ' ', METRICS_TOKEN: '', CLIENT_HASH_SALT: '', GRAPHIQL: '', TRUST_PROXY: '', SEED_SAMPLE_CONTENT: '' })
  t.same(empty, defaults, 'the same configuration as with none of them set')
  t.equal(empty.DATABASE_URL, undefined, 'DATABASE_URL= → the embedded server, as when unset')
  t.equal(empty.METRICS_TOKEN, undefined, 'METRICS_TOKEN= → no /metrics')
})

t.test('a bad setting stops the server with one line naming it, no stack trace', async (t) => {
  const run = promisify(execFile)
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: '', PORT: 'eighty', DATA_DIR: t.testdirName }
  const failed = await run(process.execPath, ['--import', import.meta.resolve('tsx'), path.resolve('src/server.ts')], { env }).then(() => null, (err: { code: number, stderr: string }) => err)
  t.ok(failed, 'the start fails')
  t.equal(failed?.code, 1, 'exit code 1')
  t.equal(failed?.stderr.trim().split('\n').length, 1, `one line: ${failed?.stderr}`)
  t.match(failed?.stderr, /PORT/, 'naming the variable')
  t.notMatch(failed?.stderr, /\bat .+:\d+:\d+/, 'no stack trace')
})
