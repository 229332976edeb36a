// GraphQL subscriptions over a real WebSocket (graphql-transport-ws) on a listening app:
// where a staff token may be given (the upgrade request's Authorization header, or the
// connection_init payload), what a bad one gets, how an EDITOR's contentUpdated differs from an
// anonymous subscriber's, and that every write the README lists (article edit, unpublish,
// delete; section create, update, delete) announces what changed. "Must not receive" is proved
// by ordering: the next event a subscriber gets is a later write that it does receive.
import t, { type Test } from 'tap'
import WebSocket from 'ws'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { systemViewer } from '../../src/modules/auth/auth.service.ts'
import { build, gql, TestClock, type GqlResult, type TestApp } from '../helper.ts'

const CONTENT = 'subscription { contentUpdated { version at articleIds sectionIds } }'

interface Message { type: string, id?: string, payload?: any }

/** One WebSocket with one subscription (id "1"); keeps every message the server sends after the ack. */
interface Client {
  /** the upgrade was answered with this HTTP status instead of 101 */
  refusedStatus?: number
  acked: boolean
  /** next / error / complete / connection_error, in order */
  messages: Message[]
  closed: { code: number } | null
  /** the next message not yet taken (rejects after `ms`) */
  next: (ms?: number) => Promise<Message>
  /** takes messages until one satisfies `match`; returns it */
  until: (match: (m: Message) => boolean, ms?: number) => Promise<Message>
  /** whether the socket got a refusal: not acked, closed, or an UNAUTHENTICATED error for the subscription */
  refused: () => boolean
  close: () => Promise<void>
}

async function connect (url: string, opts: { headers?: Record<string, string>, init?: Record<string, unknown>, query?: string }): Promise<Client> {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers: opts.headers ?? {} })
  const messages: Message[] = []
  let taken = 0
  let wake: () => void = () => {}
  const client: Client = {
    acked: false,
    messages,
    closed: null,
    next: (ms = 3_000) => client.until(() => true, ms),
    until: async (match, ms = 3_000) => {
      const deadline = Date.now() + ms
      for (;;) {
        while (taken < messages.length) {
          const m = messages[taken++] as Message
          if (match(m)) return m
        }
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no matching message within ${ms} ms (got ${JSON.stringify(messages)})`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          wake = () => { clearTimeout(timer); resolve() }
        })
      }
    },
    refused: () => !client.acked || client.closed !== null ||
      messages.some((m) => m.type === 'connection_error' || (m.type === 'error' && JSON.stringify(m.payload).includes('UNAUTHENTICATED'))),
    close: () => new Promise((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve()
      socket.once('close', () => resolve())
      socket.close()
    }),
  }
  await new Promise<void>((resolve) => {
    socket.once('unexpected-response', (_req, res) => { client.refusedStatus = res.statusCode; resolve() })
    socket.on('error', () => resolve()) // an unexpected response also ends in an error; the status tells
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: opts.init ?? {} })))
    socket.on('close', (code) => { client.closed = { code }; resolve(); wake() })
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as Message
      if (msg.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }))
      if (msg.type === 'connection_ack') {
        client.acked = true
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: opts.query ?? CONTENT } }))
        return resolve()
      }
      messages.push(msg)
      if (msg.type === 'connection_error') resolve()
      wake()
    })
  })
  return client
}

const change = (m: Message) => m.payload?.data?.contentUpdated as { version: string, at: string, articleIds: string[], sectionIds: string[] } | undefined

interface Setup extends TestApp {
  wsUrl: string
  editor: string
  ed: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
  contentVersion: () => Promise<string>
  /** opens clients; returns once each one's subscription demonstrably receives events (no sleep) */
  ready: (clients: Client[]) => Promise<void>
}

const NOW = new Date('2026-05-01T10:00:00.000Z')

async function setup (t: Test): Promise<Setup> {
  const clock = new TestClock(NOW)
  const ctx = await build(t, { clock })
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  await ctx.app.events.ready
  const wsUrl = `ws://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}/graphql`
  const editor = await createToken(ctx.db, 'EDITOR', 'مكتب التحرير')
  const ed = (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token: editor })
  const contentVersion = async () => (await gql(ctx.app, '{ site { contentVersion } }')).data.site.contentVersion as string
  const barrier = await createSection(ctx.db, { name: 'حاجز', slug: 'barrier' })
  let n = 0
  // A subscription is registered some time after its subscribe message, with nothing sent back:
  // rename a section until every client has received that rename's event, then drop what they got.
  const ready = async (clients: Client[]) => {
    for (let attempt = 0; ; attempt++) {
      const res = await ed('mutation R($id: ID!, $name: String!) { updateSection(id: $id, input: { name: $name }) { id } }', { id: barrier.id, name: `حاجز ${++n}` })
      if (res.errors) throw new Error(JSON.stringify(res.errors))
      const version = await contentVersion()
      const got = await Promise.all(clients.map((c) => c.until((m) => change(m)?.version === version, 300).then(() => true, () => false)))
      if (got.every(Boolean)) return
      if (attempt > 20) throw new Error('subscriptions never became ready')
    }
  }
  return { ...ctx, wsUrl, editor, ed, contentVersion, ready }
}

const PUBLISH_AT = 'mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }'

t.test('a staff token in the upgrade header or in connection_init: staff see scheduled article ids, others do not', async (t) => {
  const s = await setup(t)
  const section = await createSection(s.db, { name: 'سياسة', slug: 'سياسة' })
  const draft = await createArticle(s.db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const moderator = await createToken(s.db, 'MODERATOR')
  const clients = {
    anonymous: await connect(s.wsUrl, {}),
    header: await connect(s.wsUrl, { headers: { authorization: `Bearer ${s.editor}` } }),
    init: await connect(s.wsUrl, { init: { authorization: `Bearer ${s.editor}` } }),
    initHeaders: await connect(s.wsUrl, { init: { headers: { Authorization: `Bearer ${s.editor}` } } }),
    moderator: await connect(s.wsUrl, { headers: { authorization: `Bearer ${moderator}` } }),
  }
  t.teardown(() => Promise.all(Object.values(clients).map((c) => c.close())))
  for (const [name, c] of Object.entries(clients)) t.ok(c.acked, `${name}: connection acknowledged`)
  await s.ready(Object.values(clients))

  s.clock.set('2026-05-01T10:05:00.000Z')
  const at = '2026-05-02T06:00:00.000Z'
  t.equal((await s.ed(PUBLISH_AT, { id: draft.id, at })).data.publishArticle.status, 'SCHEDULED', 'scheduled')
  const version = await s.contentVersion()
  const staffView = { version, at: '2026-05-01T10:05:00.000Z', articleIds: [draft.id], sectionIds: [section.id] }
  const publicView = { ...staffView, articleIds: [] }
  t.same(change(await clients.header.next()), staffView, 'EDITOR token in the upgrade header: the scheduled article\'s id')
  t.same(change(await clients.init.next()), staffView, 'EDITOR token as connection_init { authorization }')
  t.same(change(await clients.initHeaders.next()), staffView, 'EDITOR token as connection_init { headers: { Authorization } }')
  t.same(change(await clients.anonymous.next()), publicView, 'anonymous: the same change, without the id of an article it cannot see yet')
  t.same(change(await clients.moderator.next()), publicView, 'a MODERATOR is not staff for articles: no scheduled id either')

  // when it goes live, everyone is told its id
  s.clock.set(at)
  await s.app.events.announceGoLives() // (or the instance's own timer, whichever claims it first)
  const live = { version: await s.contentVersion(), at, articleIds: [draft.id], sectionIds: [section.id] }
  for (const [name, c] of Object.entries(clients)) t.same(change(await c.next()), live, `${name}: the go-live, with its id`)
})

t.test('a malformed, unknown or revoked token is refused, wherever it is sent', async (t) => {
  const s = await setup(t)
  const section = await createSection(s.db, { name: 'اقتصاد', slug: 'اقتصاد' })
  const draft = await createArticle(s.db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const revoked = await createToken(s.db, 'EDITOR', 'مفتاح ملغى')
  const { id: revokedId } = (await s.app.services.auth.listTokens()).find((r) => r.name === 'مفتاح ملغى') ?? { id: '' }
  t.ok(await s.app.services.auth.revokeToken(revokedId), 'revoked')
  const unknown = `nca_${'A'.repeat(43)}`

  const bad: Array<[string, string]> = [['garbage', 'Bearer garbage'], ['unknown', `Bearer ${unknown}`], ['revoked', `Bearer ${revoked}`], ['not Bearer', `Basic ${Buffer.from('a:b').toString('base64')}`]]
  for (const [name, authorization] of bad) {
    const c = await connect(s.wsUrl, { headers: { authorization } })
    t.equal(c.refusedStatus, 401, `${name} token in the upgrade header: the upgrade is refused with 401`)
    t.notOk(c.acked, `${name}: no connection`)
    await c.close()
  }

  // In connection_init: README "a malformed, unknown or revoked one is UNAUTHENTICATED (401) for
  // the whole request". Today the connection is acknowledged, and a selection without articleIds
  // (the one field that reads the caller) is served as if anonymous.
  const control = await connect(s.wsUrl, {})
  const inInit: Record<string, Client> = {}
  for (const [name, authorization] of bad) {
    inInit[`${name} (version sectionIds)`] = await connect(s.wsUrl, { init: { authorization }, query: 'subscription { contentUpdated { version sectionIds } }' })
    inInit[`${name} (articleIds)`] = await connect(s.wsUrl, { init: { authorization } })
  }
  t.teardown(() => Promise.all([control, ...Object.values(inInit)].map((c) => c.close())))
  await s.ready([control])
  s.clock.set('2026-05-01T11:00:00.000Z')
  await s.ed(PUBLISH_AT, { id: draft.id, at: '2026-05-03T00:00:00.000Z' })
  t.same(change(await control.next()), { version: await s.contentVersion(), at: '2026-05-01T11:00:00.000Z', articleIds: [], sectionIds: [section.id] }, 'the control subscriber (anonymous) got the change')
  // A refusal happens at connection_init or subscribe, long before this write. A connection that
  // was not refused gets this same change (as an event, or as an error for the field that reads
  // the caller): wait for that first message rather than for a fixed time.
  for (const c of Object.values(inInit)) if (!c.refused()) await c.until((m) => m.type !== 'complete', 3_000).catch(() => null)
  for (const [name, c] of Object.entries(inInit)) {
    const leaked = c.messages.filter((m) => change(m))
    if (name.includes('articleIds')) t.notOk(leaked.some((m) => change(m)?.articleIds?.includes(draft.id)), `${name}: never the staff view (the scheduled id)`)
    t.ok(c.refused(), `${name}: refused before any event`)
    t.equal(leaked.length, 0, `${name}: no event data at all (${JSON.stringify(c.messages.map((m) => m.payload))})`)
  }
})

t.test('a token revoked while its subscription is open no longer gets the staff view', async (t) => {
  const s = await setup(t)
  const section = await createSection(s.db, { name: 'رياضة', slug: 'رياضة' })
  const first = await createArticle(s.db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const second = await createArticle(s.db, { sectionId: section.id, status: 'DRAFT', publishedAt: null })
  const leaving = await createToken(s.db, 'EDITOR', 'محرر مغادر')
  const staff = await connect(s.wsUrl, { headers: { authorization: `Bearer ${leaving}` } })
  const control = await connect(s.wsUrl, {})
  t.teardown(() => Promise.all([staff.close(), control.close()]))
  await s.ready([staff, control])

  await s.ed(PUBLISH_AT, { id: first.id, at: '2026-06-01T00:00:00.000Z' })
  t.same(change(await staff.next())?.articleIds, [first.id], 'while valid: the staff view')
  t.same(change(await control.next())?.articleIds, [], 'anonymous: not the scheduled id')

  const { id } = (await s.app.services.auth.listTokens()).find((r) => r.name === 'محرر مغادر') ?? { id: '' }
  t.ok(await s.app.services.auth.revokeToken(id), 'revoked (as `npm run token -- revoke` does)')
  await s.ed(PUBLISH_AT, { id: second.id, at: '2026-06-02T00:00:00.000Z' })
  t.same(change(await control.next())?.articleIds, [], 'the control subscriber got the next change')
  const after = await staff.next().catch(() => null)
  t.notOk(change(after ?? { type: 'none' })?.articleIds?.includes(second.id), `after revocation: not the scheduled id (${JSON.stringify(after?.payload)})`)
})

t.test('article edit, unpublish, delete and section writes are announced with what changed', async (t) => {
  const s = await setup(t)
  const news = await createSection(s.db, { name: 'أخبار', slug: 'أخبار' })
  const local = await createSection(s.db, { name: 'محليات', slug: 'محليات', parentId: news.id })
  const live = await createArticle(s.db, { sectionId: local.id, title: 'خبر منشور', publishedAt: new Date('2026-04-01T00:00:00.000Z') })
  const draft = await createArticle(s.db, { sectionId: local.id, title: 'مسودة', status: 'DRAFT', publishedAt: null })
  const anonymous = await connect(s.wsUrl, {})
  const editor = await connect(s.wsUrl, { headers: { authorization: `Bearer ${s.editor}` } })
  t.teardown(() => Promise.all([anonymous.close(), editor.close()]))
  await s.ready([anonymous, editor])

  let tick = 0
  const step = async (label: string, query: string, variables: Record<string, unknown>) => {
    const at = new Date(NOW.getTime() + ++tick * 60_000).toISOString()
    s.clock.set(at)
    const res = await s.ed(query, variables)
    t.same(res.errors, undefined, `${label}: the write succeeded`)
    return { at, res }
  }
  const expectBoth = async (label: string, at: string, staff: { articleIds: string[], sectionIds: string[] }, anonymousArticleIds = staff.articleIds) => {
    const version = await s.contentVersion()
    const sort = (c: ReturnType<typeof change>) => c && { ...c, sectionIds: [...c.sectionIds].sort() }
    const expected = { version, at, articleIds: staff.articleIds, sectionIds: [...staff.sectionIds].sort() }
    t.same(sort(change(await editor.next())), expected, `${label}: the EDITOR's event`)
    t.same(sort(change(await anonymous.next())), { ...expected, articleIds: anonymousArticleIds }, `${label}: the anonymous subscriber's event`)
  }
  const UPDATE = 'mutation U($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { version } }'

  // A draft edit changes nothing anonymous readers see: no event for anyone ("Draft edits move
  // nothing"); the next event each subscriber gets is the edit of the live article that follows.
  const versionBefore = await s.contentVersion()
  await step('draft edit', UPDATE, { id: draft.id, input: { title: 'مسودة معدلة سرية', paragraphs: ['نص لم ينشر بعد'] } })
  t.equal(await s.contentVersion(), versionBefore, 'a draft edit does not move contentVersion')
  const edit = await step('live edit', UPDATE, { id: live.id, input: { title: 'خبر منشور معدل' } })
  await expectBoth('edit of a visible article', edit.at, { articleIds: [live.id], sectionIds: [local.id] })
  for (const c of [editor, anonymous]) t.notOk(c.messages.some((m) => JSON.stringify(m).includes(draft.id)), 'the draft was never mentioned')

  const move = await step('move', UPDATE, { id: live.id, input: { sectionId: news.id } })
  await expectBoth('a visible article moved to another section', move.at, { articleIds: [live.id], sectionIds: [local.id, news.id] })

  // Unpublished or deleted, the article is no longer one anonymous readers may see: README
  // "contentUpdated lists to each subscriber only the article ids it may see".
  const unpublish = await step('unpublish', 'mutation U($id: ID!) { unpublishArticle(id: $id) { status } }', { id: live.id })
  t.equal(unpublish.res.data.unpublishArticle.status, 'ARCHIVED', 'it was live: archived')
  await expectBoth('unpublish', unpublish.at, { articleIds: [live.id], sectionIds: [news.id] }, [])

  const republish = await step('republish', PUBLISH_AT, { id: live.id })
  t.equal(republish.res.data.publishArticle.status, 'PUBLISHED', 'live again')
  await expectBoth('publish again (its original publishedAt comes back)', republish.at, { articleIds: [live.id], sectionIds: [news.id] })

  const del = await step('delete', 'mutation D($id: ID!) { deleteArticle(id: $id) }', { id: live.id })
  t.equal(del.res.data.deleteArticle, live.id, 'deleted')
  await expectBoth('delete', del.at, { articleIds: [live.id], sectionIds: [news.id] }, [])

  const created = await step('create section', 'mutation C($input: SectionInput!) { createSection(input: $input) { id } }', { input: { name: 'ثقافة', parentId: news.id } })
  const culture = created.res.data.createSection.id as string
  await expectBoth('section created', created.at, { articleIds: [], sectionIds: [culture] })

  const renamed = await step('rename section', 'mutation R($id: ID!) { updateSection(id: $id, input: { name: "ثقافة وفنون" }) { id } }', { id: culture })
  await expectBoth('section renamed', renamed.at, { articleIds: [], sectionIds: [culture] })

  const moved = await step('move section', 'mutation R($id: ID!) { updateSection(id: $id, input: { parentId: null, position: 0 }) { id } }', { id: culture })
  await expectBoth('section moved to the top level: it and its former parent', moved.at, { articleIds: [], sectionIds: [culture, news.id] })

  const back = await step('move back', 'mutation R($id: ID!, $p: ID) { updateSection(id: $id, input: { parentId: $p }) { id } }', { id: culture, p: news.id })
  await expectBoth('section moved back under its parent', back.at, { articleIds: [], sectionIds: [culture] })

  const deleted = await step('delete section', 'mutation D($id: ID!) { deleteSection(id: $id) }', { id: culture })
  t.equal(deleted.res.data.deleteSection, culture, 'section deleted')
  await expectBoth('section deleted: its parent changed', deleted.at, { articleIds: [], sectionIds: [news.id] })

  const refused = await s.ed('mutation D($id: ID!) { deleteSection(id: $id) }', { id: news.id })
  t.equal(refused.errors?.[0]?.extensions?.code, 'CONFLICT', 'a section holding subsections cannot be deleted')
  const last = await step('rename after a refused write', 'mutation R($id: ID!) { updateSection(id: $id, input: { name: "أخبار اليوم" }) { id } }', { id: news.id })
  await expectBoth('a refused write announces nothing: the next event is the rename after it', last.at, { articleIds: [], sectionIds: [news.id] })
})

t.test('a change too large for a NOTIFY (an import that publishes 300 pages) still reaches subscribers whole', async (t) => {
  const s = await setup(t)
  const subscriber = await connect(s.wsUrl, {})
  t.teardown(() => subscriber.close())
  await s.ready([subscriber])
  // 300 article ids are some 11,700 bytes of JSON: PostgreSQL refuses a NOTIFY payload over 8,000
  const pages = Array.from({ length: 300 }, (_v, i) => ({
    name: `page-${i}.txt`,
    content: `التحديث الاخير بتاريخ|الأربعاء, 5 مارس, 2025\n\nخبر مستورد رقم ${i}\n\nمحليات ـ\n\nنص الخبر المستورد ${i}.\n\nانتهى\n`,
  }))
  const report = await s.app.services.imports.run(systemViewer('test import'), pages, { publish: true, publishedAt: new Date('2026-04-01T00:00:00.000Z') })
  t.equal(report.totals.created, 300, 'every page imported and published')
  const version = await s.contentVersion()
  const got = change(await subscriber.until((m) => change(m)?.version === version, 10_000))
  const { rows } = await s.db.pool.query<{ id: string }>('SELECT article_id AS id FROM article_imports')
  t.same([...(got?.articleIds ?? [])].sort(), rows.map((r) => r.id).sort(), 'the one event names all 300 articles')
  t.equal(got?.sectionIds.length, 1, 'and the section they went to')
})
