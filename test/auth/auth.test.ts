// Staff tokens: who the caller is, what a bad token gets, what is stored, which role may write,
// and the token CLI end to end.
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { AuthRepository } from '../../src/modules/auth/auth.repository.ts'
import { AuthService } from '../../src/modules/auth/auth.service.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createArticle, createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, runTool, type TestApp } from '../helper.ts'

type Role = 'ADMIN' | 'EDITOR' | 'MODERATOR'
const VIEWER = '{ viewer { role name } }'
const unknownToken = () => `nca_${randomBytes(32).toString('base64url')}`

/** Everything a write could touch: if this is equal before and after, nothing changed. */
async function snapshot (db: TestApp['db']) {
  const [sections, articles, site] = await Promise.all([
    db.prisma.section.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, slug: true, parentId: true, position: true, updatedAt: true } }),
    db.prisma.article.findMany({ orderBy: { id: 'asc' }, select: { id: true, title: true, slug: true, status: true, version: true, publishedAt: true, deletedAt: true } }),
    db.prisma.siteState.findUniqueOrThrow({ where: { id: 1 } }),
  ])
  return { sections, articles, changeCount: site.changeCount.toString(), revisions: await db.prisma.articleRevision.count() }
}

t.test('viewer: null for anonymous callers, role and name for each staff role', async (t) => {
  const { app, db } = await build(t)
  t.same(await gql(app, VIEWER), { status: 200, data: { viewer: null }, errors: undefined })
  for (const role of ['ADMIN', 'EDITOR', 'MODERATOR'] as const) {
    const token = await createToken(db, role, `${role} المكتب`)
    const res = await gql(app, VIEWER, {}, { token })
    t.same(res.errors, undefined, `${role}: no errors`)
    t.same(res.data, { viewer: { role, name: `${role} المكتب` } }, role)
  }
})

t.test('a bad, unknown or revoked token is a 401 even for public reads', async (t) => {
  const { app, db } = await build(t)
  const auth = new AuthService(new AuthRepository(db), systemClock)
  const revoked = await createToken(db, 'EDITOR', 'revoked by service')
  const revokedRow = await db.prisma.staffToken.findFirstOrThrow({ where: { name: 'revoked by service' } })
  t.equal(await auth.revokeToken(revokedRow.id), true)
  const stale = await createToken(db, 'ADMIN', 'revoked by hand')
  await db.prisma.staffToken.updateMany({ where: { name: 'revoked by hand' }, data: { revokedAt: new Date() } })
  const good = await createToken(db, 'EDITOR')
  t.equal((await gql(app, VIEWER, {}, { token: good })).data.viewer.role, 'EDITOR', 'a valid token of the same shape works')

  const headers: Record<string, string> = {
    'a Basic header': 'Basic abc',
    'Bearer without a token': 'Bearer',
    'a malformed token': 'Bearer not-a-token',
    'an unknown well-formed token': `Bearer ${unknownToken()}`,
    'a token revoked by the service': `Bearer ${revoked}`,
    'a token revoked in the database': `Bearer ${stale}`,
    'a valid token with junk after it': `Bearer ${good} extra`,
  }
  for (const [what, authorization] of Object.entries(headers)) {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization }, payload: { query: '{ sections { id } }' } })
    t.equal(res.statusCode, 401, `GraphQL, ${what}: 401`)
    const body = res.json()
    t.equal(body.data, null, `GraphQL, ${what}: data is null`)
    t.match(body.errors, [{ message: String, extensions: { code: 'UNAUTHENTICATED' } }], `GraphQL, ${what}: UNAUTHENTICATED`)
    t.equal(body.errors.length, 1)
    problem(t, await app.inject({ url: '/api/v1/sections', headers: { authorization } }), 401, 'UNAUTHENTICATED', `REST, ${what}`)
  }
  t.equal((await app.inject({ url: '/api/v1/sections' })).statusCode, 200, 'no header at all is an anonymous read')
  const write = await gql(app, 'mutation { createSection(input: { name: "بعد الإلغاء" }) { id } }', {}, { token: revoked })
  t.equal(write.status, 401, 'a revoked EDITOR token cannot write')
  t.equal(await db.prisma.section.count(), 0, 'and nothing was written')
})

t.test('only a hash of the token is stored; last_used_at records its use', async (t) => {
  const { app, db, clock } = await build(t)
  const token = await createToken(db, 'EDITOR', 'hash check')
  t.match(token, /^nca_[A-Za-z0-9_-]{43}$/, 'the token shape')
  const [row] = await db.prisma.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM staff_tokens WHERE name = 'hash check'`
  t.ok(row)
  t.match(row?.token_hash, /^[0-9a-f]{64}$/, 'a SHA-256 in hex')
  t.not(row?.token_hash, token)
  t.notOk(String(row?.token_hash).includes(token.slice(4)), 'the hash does not contain the secret')
  t.notOk(Object.values(row ?? {}).some((v) => String(v).includes(token.slice(4))), 'no column holds the secret')
  t.equal(row?.last_used_at, null, 'never used yet')

  t.equal((await gql(app, VIEWER, {}, { token })).data.viewer.name, 'hash check')
  const used = await db.prisma.staffToken.findFirstOrThrow({ where: { name: 'hash check' } })
  t.same(used.lastUsedAt, clock.now(), 'last_used_at is the instant of the use')
})

// Each write, with a fresh object to act on so that an allowed call can succeed.
interface Write {
  name: string
  prepare: (db: TestApp['db']) => Promise<Record<string, string>>
  gql: (ids: Record<string, string>) => [string, Record<string, unknown>]
  rest: (ids: Record<string, string>) => { method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>, status: number }
}
const section = async (db: TestApp['db']) => ({ id: (await createSection(db)).id })
const article = (status: 'DRAFT' | 'PUBLISHED') => async (db: TestApp['db']) =>
  ({ id: (await createArticle(db, { sectionId: (await createSection(db)).id, status })).id })
const WRITES: Write[] = [
  {
    name: 'createSection',
    prepare: async () => ({ name: `قسم ${randomBytes(3).toString('hex')}` }),
    gql: ({ name }) => ['mutation M($input: SectionInput!) { createSection(input: $input) { id name } }', { input: { name } }],
    rest: ({ name }) => ({ method: 'POST', url: '/api/v1/sections', payload: { name }, status: 201 }),
  },
  {
    name: 'updateSection',
    prepare: section,
    gql: ({ id }) => ['mutation M($id: ID!) { updateSection(id: $id, input: { name: "اسم جديد" }) { id name } }', { id }],
    rest: ({ id }) => ({ method: 'PATCH', url: `/api/v1/sections/${id}`, payload: { name: 'اسم جديد' }, status: 200 }),
  },
  {
    name: 'deleteSection',
    prepare: section,
    gql: ({ id }) => ['mutation M($id: ID!) { deleteSection(id: $id) }', { id }],
    rest: ({ id }) => ({ method: 'DELETE', url: `/api/v1/sections/${id}`, status: 200 }),
  },
  {
    name: 'createArticle',
    prepare: section,
    gql: ({ id }) => ['mutation M($input: ArticleInput!) { createArticle(input: $input) { id status } }', { input: { title: 'خبر جديد', paragraphs: ['فقرة.'], sectionId: id } }],
    rest: ({ id }) => ({ method: 'POST', url: '/api/v1/articles', payload: { title: 'خبر جديد', paragraphs: ['فقرة.'], sectionId: id }, status: 201 }),
  },
  {
    name: 'updateArticle',
    prepare: article('DRAFT'),
    gql: ({ id }) => ['mutation M($id: ID!) { updateArticle(id: $id, input: { title: "عنوان معدل" }) { id version } }', { id }],
    rest: ({ id }) => ({ method: 'PATCH', url: `/api/v1/articles/${id}`, payload: { title: 'عنوان معدل' }, status: 200 }),
  },
  {
    name: 'publishArticle',
    prepare: article('DRAFT'),
    gql: ({ id }) => ['mutation M($id: ID!) { publishArticle(id: $id) { id status } }', { id }],
    // {}: a body-less publish is checked on its own below
    rest: ({ id }) => ({ method: 'POST', url: `/api/v1/articles/${id}/publish`, payload: {}, status: 200 }),
  },
  {
    name: 'unpublishArticle',
    prepare: article('PUBLISHED'),
    gql: ({ id }) => ['mutation M($id: ID!) { unpublishArticle(id: $id) { id status } }', { id }],
    rest: ({ id }) => ({ method: 'POST', url: `/api/v1/articles/${id}/unpublish`, status: 200 }),
  },
  {
    name: 'deleteArticle',
    prepare: article('PUBLISHED'),
    gql: ({ id }) => ['mutation M($id: ID!) { deleteArticle(id: $id) }', { id }],
    rest: ({ id }) => ({ method: 'DELETE', url: `/api/v1/articles/${id}`, status: 200 }),
  },
]
const CALLERS: Array<{ role: Role | null, code?: string, status?: number }> = [
  { role: null, code: 'UNAUTHENTICATED', status: 401 },
  { role: 'MODERATOR', code: 'FORBIDDEN', status: 403 },
  { role: 'EDITOR' },
  { role: 'ADMIN' },
]

t.test('roles × every mutation, in GraphQL', async (t) => {
  const { app, db } = await build(t)
  const tokens = { ADMIN: await createToken(db, 'ADMIN'), EDITOR: await createToken(db, 'EDITOR'), MODERATOR: await createToken(db, 'MODERATOR') }
  for (const write of WRITES) {
    for (const caller of CALLERS) {
      const label = `${write.name} as ${caller.role ?? 'anonymous'}`
      const [query, vars] = write.gql(await write.prepare(db))
      const before = await snapshot(db)
      const res = await gql(app, query, vars, caller.role ? { token: tokens[caller.role] } : {})
      if (caller.code) {
        t.equal(res.errors?.[0]?.extensions?.code, caller.code, `${label}: ${caller.code}`)
        t.equal(res.data, null, `${label}: no data`)
        t.same(await snapshot(db), before, `${label}: the database did not change`)
      } else {
        t.same(res.errors, undefined, `${label}: no errors`)
        t.ok(res.data?.[write.name], `${label}: answered`)
        t.notSame(await snapshot(db), before, `${label}: the write happened`)
      }
    }
  }
})

t.test('roles × every mutation, in REST', async (t) => {
  const { app, db } = await build(t)
  const tokens = { ADMIN: await createToken(db, 'ADMIN'), EDITOR: await createToken(db, 'EDITOR'), MODERATOR: await createToken(db, 'MODERATOR') }
  for (const write of WRITES) {
    for (const caller of CALLERS) {
      const label = `REST ${write.name} as ${caller.role ?? 'anonymous'}`
      const { status, ...request } = write.rest(await write.prepare(db))
      const before = await snapshot(db)
      const res = await app.inject({ ...request, headers: caller.role ? { authorization: `Bearer ${tokens[caller.role]}` } : {} })
      if (caller.code) {
        problem(t, res, caller.status as number, caller.code, label)
        t.same(await snapshot(db), before, `${label}: the database did not change`)
      } else {
        t.equal(res.statusCode, status, `${label}: ${status}`)
        t.ok(res.json().data?.id, `${label}: answered with the object`)
        t.notSame(await snapshot(db), before, `${label}: the write happened`)
      }
    }
  }
})

t.test('REST publish needs no body: "Publish now, or at `at`"', async (t) => {
  const { app, db, clock } = await build(t)
  const token = await createToken(db, 'EDITOR')
  const headers = { authorization: `Bearer ${token}` }
  const { id } = await article('DRAFT')(db)
  t.equal((await app.inject({ url: `/api/v1/articles/${id}` })).statusCode, 404, 'a draft: not public')
  const res = await app.inject({ method: 'POST', url: `/api/v1/articles/${id}/publish`, headers })
  t.equal(res.statusCode, 200, 'publish now without a body')
  t.match(res.json().data, { id, status: 'PUBLISHED', publishedAt: clock.now().toISOString() }, 'published at the present instant')
  const read = await app.inject({ url: `/api/v1/articles/${id}` })
  t.equal(read.statusCode, 200, 'anonymous readers see it at once')
  t.equal(read.json().data?.publishedAt, clock.now().toISOString())

  const later = await article('DRAFT')(db)
  const at = new Date(clock.now().getTime() + 3_600_000).toISOString()
  const scheduled = await app.inject({ method: 'POST', url: `/api/v1/articles/${later.id}/publish`, headers, payload: { at } })
  t.equal(scheduled.statusCode, 200, 'or at `at`')
  t.match(scheduled.json().data, { id: later.id, status: 'SCHEDULED', publishedAt: at }, 'a future `at`: SCHEDULED')
  t.equal((await app.inject({ url: `/api/v1/articles/${later.id}` })).statusCode, 404, 'not public before `at`')

  const anonymous = await app.inject({ method: 'POST', url: `/api/v1/articles/${id}/unpublish` })
  problem(t, anonymous, 401, 'UNAUTHENTICATED', 'unpublish takes no body: anonymous is 401')
  const unpublished = await app.inject({ method: 'POST', url: `/api/v1/articles/${id}/unpublish`, headers })
  t.equal(unpublished.statusCode, 200, 'unpublish without a body')
  t.match(unpublished.json().data, { id, status: 'ARCHIVED' }, 'it was live: ARCHIVED')
  t.equal((await app.inject({ url: `/api/v1/articles/${id}` })).statusCode, 404, 'and no longer public')
})

const cli = (url: string, ...args: string[]) => runTool('token.ts', url, ...args)

t.test('the token CLI end to end', async (t) => {
  const { app, db, url } = await build(t)
  const created = await cli(url, 'create', '--role', 'EDITOR', '--name', 'Desk')
  t.equal(created.code, 0, `create exits 0 (${created.stderr.trim()})`)
  t.match(created.stdout, /^nca_[A-Za-z0-9_-]{43}\n$/, 'stdout is exactly the token, one line')
  const token = created.stdout.trim()
  t.same((await gql(app, VIEWER, {}, { token })).data, { viewer: { role: 'EDITOR', name: 'Desk' } }, 'the token authenticates')
  const row = await db.prisma.staffToken.findFirstOrThrow({ where: { name: 'Desk' } })
  t.equal(row.role, 'EDITOR')

  const list = await cli(url, 'list')
  t.equal(list.code, 0, 'list exits 0')
  const lines = list.stdout.trimEnd().split('\n')
  t.same(lines[0]?.split('\t').slice(0, 4), ['id', 'name', 'role', 'created'], 'a header line')
  const desk = lines.slice(1).map((l) => l.split('\t')).find((cols) => cols[0] === row.id)
  t.same(desk?.slice(0, 4), [row.id, 'Desk', 'EDITOR', row.createdAt.toISOString()], 'a line with id, name, role, created')

  const revoked = await cli(url, 'revoke', row.id)
  t.equal(revoked.code, 0, 'revoke exits 0')
  t.ok((await db.prisma.staffToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt, 'revoked_at is set')
  const after = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: VIEWER } })
  t.equal(after.statusCode, 401, 'a revoked token is refused')
  t.match(after.json(), { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })

  const bad = await cli(url, 'revoke', 'not-a-uuid')
  t.not(bad.code, 0, 'revoke of a malformed id fails')
  t.not(bad.code, null)
  t.equal((await cli(url, 'frobnicate')).code, 2, 'an unknown command exits 2')
  const noRole = await cli(url, 'create', '--name', 'No role')
  t.not(noRole.code, 0, 'create without --role fails')
  t.equal(noRole.stdout, '', 'and prints no token')
  t.equal(await db.prisma.staffToken.count({ where: { name: 'No role' } }), 0, 'and stores none')
})
