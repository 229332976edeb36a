// Read replicas on a real streaming replica (cluster.ts): anonymous reads go to it, writes and
// staff reads stay on the primary, a client reads its own write at once, a replica that lags is
// taken out of rotation (and /health/ready says so), and one that goes away under load costs no
// request. Statements reaching the replica are counted at its wire (a recording proxy).
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDatabase } from '../../src/db/database.ts'
import { createToken } from '../factories/index.ts'
import { startWireCounter } from '../support/wire-counter.ts'
import { migrate } from '../../src/db/migrator.ts'
import { caughtUp, debianBinaries, replicationCluster } from '../support/pg-cluster.ts'

const bin = debianBinaries()
// CI has them (the machine's PostgreSQL is Debian's): there, their absence is a failure, not a skip.
if (!bin && process.env.CI === 'true') t.fail('no Debian PostgreSQL binaries (initdb, pg_basebackup, postgres under /usr/lib/postgresql): apt install postgresql')

t.test('anonymous reads on a streaming replica: routing, read-your-writes, lag, a replica that goes away', { skip: bin ? false : 'no Debian PostgreSQL binaries (apt install postgresql)' }, async (t) => {
  const cluster = await replicationCluster(t, bin as string, {
    database: 'news',
    prepare: async (adminUrl) => {
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query('CREATE DATABASE news')
      await admin.end()
      await migrate(adminUrl.replace(/\/postgres$/, '/news'))
    },
  })
  const wire = await startWireCounter(cluster.replica.url)
  t.teardown(() => wire.close())
  const config = loadConfig({
    DATABASE_URL: cluster.primary.url,
    DATABASE_REPLICA_URLS: wire.url,
    REPLICA_MAX_LAG: '1s',
    REPLICA_CHECK_INTERVAL: '100ms',
    READ_RATE_LIMIT: 'off',
    COMMENT_RATE_LIMITS: '100000/1s',
    RESPONSE_CACHE_MB: '0',
    LOG_LEVEL: 'silent',
  })
  const db = createDatabase(cluster.primary.url, { max: 5, replicas: { urls: config.DATABASE_REPLICA_URLS, maxLagMs: config.REPLICA_MAX_LAG, checkIntervalMs: config.REPLICA_CHECK_INTERVAL } })
  const app = await buildApp({ config, db, logger: false })
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  await app.ready()
  await app.events.ready

  /** statements the replica received for requests (its state checks left out) */
  const replicaReads = (): number => wire.statements().filter((s) => !s.includes('pg_is_in_recovery')).length
  const editor = await createToken(db, 'EDITOR', 'مكتب التحرير')
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables }, headers: token ? { authorization: `Bearer ${token}` } : {} })
    const body = res.json()
    if (body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
  }
  const publish = async (title: string, sectionId: string): Promise<string> => {
    const { createArticle } = await gql('mutation A($s: ID!, $t: String!) { createArticle(input: { title: $t, paragraphs: ["فقرة"], sectionId: $s }) { id } }', { s: sectionId, t: title }, editor)
    await gql('mutation P($id: ID!) { publishArticle(id: $id) { id } }', { id: createArticle.id }, editor)
    return createArticle.id as string
  }
  const titles = async (headers: Record<string, string> = {}) => {
    const res = await app.inject({ url: '/api/v1/articles', headers })
    t.equal(res.statusCode, 200)
    return { titles: (res.json().data as Array<{ title: string }>).map((a) => a.title), etag: res.headers.etag as string | undefined }
  }
  const health = async () => (await app.inject({ url: '/health/ready' })).json() as { status: string, replicas: Array<{ name: string, inRotation: boolean, lagSeconds: number | null, problem: string | null }> }
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
      await sleep(50)
    }
  }
  /** an anonymous read, and whether the replica answered it */
  const readOnReplica = async (): Promise<boolean> => {
    wire.reset()
    await titles()
    return replicaReads() > 0
  }

  const { createSection } = await gql('mutation { createSection(input: { name: "أخبار", slug: "akhbar" }) { id } }', {}, editor)
  await publish('الخبر الأول', createSection.id)
  await caughtUp(cluster)

  t.test('anonymous reads go to the replica; staff reads and writes stay on the primary', async (t) => {
    await until('the replica has replayed the primary\'s versions', readOnReplica)
    t.same((await titles()).titles, ['الخبر الأول'], 'the replica answers with the primary\'s content')
    wire.reset()
    await gql('{ articles(first: 5) { edges { node { title } } } }')
    t.ok(replicaReads() > 0, 'an anonymous GraphQL query reads the replica')

    wire.reset()
    t.same((await titles({ authorization: `Bearer ${editor}` })).titles, ['الخبر الأول'])
    await gql('{ articles(first: 5) { edges { node { title status } } } }', {}, editor)
    t.equal(replicaReads(), 0, 'staff reads stay on the primary')

    wire.reset()
    const [article] = (await gql('{ articles(first: 1) { edges { node { id } } } }')).articles.edges
    wire.reset()
    const added = await gql('mutation C($a: ID!) { addComment(input: { articleId: $a, authorName: "قارئ", body: "تعليق من قارئ" }) { comment { status } } }', { a: article.node.id })
    t.equal(added.addComment.comment.status, 'PENDING', 'an anonymous write is acknowledged')
    t.equal(replicaReads(), 0, 'an anonymous write (and everything it reads) stays on the primary')

    const h = await health()
    t.equal(h.status, 'ok')
    t.match(h.replicas, [{ inRotation: true, lagSeconds: Number, problem: null }], '/health/ready reports the replica in rotation')
  })

  t.test('a client reads its own write at once; a lagging replica leaves the rotation and comes back', async (t) => {
    const sectionId = createSection.id as string
    await until('in rotation', readOnReplica)
    const before = await titles()
    await cluster.replica.query('SELECT pg_wal_replay_pause()')
    t.teardown(() => cluster.replica.query('SELECT pg_wal_replay_resume()').catch(() => {}))
    await publish('الخبر الثاني', sectionId)

    wire.reset()
    const after = await titles()
    t.same(after.titles, ['الخبر الثاني', 'الخبر الأول'], 'the write is read back at once (the replica has not replayed it)')
    t.equal(replicaReads(), 0, 'from the primary: the replica has not replayed the versions this answer is tagged with')
    t.not(after.etag, before.etag, 'a new ETag for the new content')
    const revalidated = await app.inject({ url: '/api/v1/articles', headers: { 'if-none-match': after.etag as string } })
    t.equal(revalidated.statusCode, 304, 'and a 304 for it, never the older answer')
    const stale = await app.inject({ url: '/api/v1/articles', headers: { 'if-none-match': before.etag as string } })
    t.equal(stale.statusCode, 200, 'the older ETag gets the new content')
    t.same((stale.json().data as Array<{ title: string }>).map((a) => a.title), ['الخبر الثاني', 'الخبر الأول'])

    await until('the paused replica is reported lagging', async () => (await health()).replicas[0]?.inRotation === false)
    const lagging = (await health()).replicas[0]
    t.ok((lagging?.lagSeconds ?? 0) > 1, `lag ${lagging?.lagSeconds} s over REPLICA_MAX_LAG`)
    t.match(lagging?.problem, /lagging/)

    await cluster.replica.query('SELECT pg_wal_replay_resume()')
    await until('back in rotation', async () => (await health()).replicas[0]?.inRotation === true)
    await until('reads on the replica again', readOnReplica)
    t.same((await titles()).titles, ['الخبر الثاني', 'الخبر الأول'], 'the replica now has the write')
  })

  t.test('a replica that goes away under load costs no request, and returns to the rotation', async (t) => {
    await until('in rotation', readOnReplica)
    const statuses: number[] = []
    const load = { running: true }
    const reader = async (): Promise<void> => {
      while (load.running) {
        const res = await app.inject({ url: '/api/v1/articles' })
        statuses.push(res.statusCode)
        if (res.statusCode === 200) t.equal(res.json().data.length, 2)
      }
    }
    const readers = Array.from({ length: 4 }, reader)
    await sleep(300)
    await cluster.replica.stop()
    await sleep(700)
    load.running = false
    await Promise.all(readers)
    t.ok(statuses.length > 20, `${statuses.length} reads while the replica went away`)
    t.same([...new Set(statuses)], [200], 'every read answered 200 (the primary took over)')
    const down = (await health()).replicas[0]
    t.equal(down?.inRotation, false)
    t.match(down?.problem, /unreachable/, '/health/ready says why')
    t.equal((await health()).status, 'ok', 'the service stays ready on its primary')

    await cluster.replica.start()
    await until('back in rotation after a restart', async () => (await health()).replicas[0]?.inRotation === true, 30_000).catch(async (err) => {
      const rows = await cluster.replica.query('SELECT pg_last_wal_receive_lsn()::text r, pg_last_wal_replay_lsn()::text p, pg_last_xact_replay_timestamp() ts, pg_is_in_recovery() rec')
      throw new Error(`${(err as Error).message}: ${JSON.stringify((await health()).replicas)} ${JSON.stringify(rows)}`)
    })
    await until('reads on the replica again', readOnReplica)
  })
})
