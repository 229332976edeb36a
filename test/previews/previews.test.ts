// Draft preview links (issue 18, part 5): an editor's signed link shows one draft or scheduled
// article on the reader site and its print page without a token, until it expires (controlled
// clock) or is revoked; never cached publicly, never indexed, no other article through it; roles
// and bad input.
import * as cheerio from 'cheerio'
import t, { type Test } from 'tap'
import { createSection, createToken } from '../factories/index.ts'
import { build, gql, problem, TestClock, type GqlResult, type TestApp } from '../helper.ts'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000
const CREATE = 'mutation P($articleId: ID!, $expiresAt: DateTime) { createPreviewLink(articleId: $articleId, expiresAt: $expiresAt) { id url expiresAt createdBy active } }'

interface Setup extends TestApp {
  editor: string
  moderator: string
  ed: (query: string, variables?: Record<string, unknown>) => Promise<GqlResult<any>>
  draft: { id: string, slug: string }
}

async function setup (t: Test): Promise<Setup> {
  const ctx = await build(t, { clock: new TestClock(NOW), env: { PUBLIC_URL: 'https://news.example' } })
  const [editor, moderator] = await Promise.all([createToken(ctx.db, 'EDITOR'), createToken(ctx.db, 'MODERATOR')])
  const section = await createSection(ctx.db, { name: 'أخبار', slug: 'أخبار' })
  const ed = (query: string, variables?: Record<string, unknown>) => gql(ctx.app, query, variables, { token: editor })
  const created = await ed('mutation C($input: ArticleInput!) { createArticle(input: $input) { id slug } }', { input: { title: 'خبر لم ينشر <b>بعد</b>', sectionId: section.id, paragraphs: ['الفقرة الأولى.', 'الثانية.'] } })
  t.same(created.errors, undefined)
  return { ...ctx, editor, moderator, ed, draft: created.data.createArticle }
}

const pathOf = (url: string) => new URL(url).pathname

t.test('a preview link shows its draft to anyone with it, uncached and unindexed, until it expires', async (t) => {
  const s = await setup(t)
  const res = await s.ed(CREATE, { articleId: s.draft.id, expiresAt: new Date(NOW.getTime() + 2 * HOUR).toISOString() })
  t.same(res.errors, undefined)
  const link = res.data.createPreviewLink
  t.match(link.url, /^https:\/\/news\.example\/preview\/[A-Za-z0-9_-]{43}$/, 'an absolute link with a 256-bit token')
  t.equal(link.active, true)
  t.equal(link.createdBy, 'editor desk')
  t.equal((await s.app.inject({ url: `/articles/${encodeURIComponent(s.draft.slug)}` })).statusCode, 404, 'the draft itself stays a 404')

  const page = await s.app.inject({ url: pathOf(link.url) })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['cache-control'], 'private, no-store', 'never cached by a CDN or browser')
  t.equal(page.headers['x-robots-tag'], 'noindex, nofollow')
  t.equal(page.headers['referrer-policy'], 'no-referrer', 'the token never leaves in a Referer')
  t.notOk(page.headers.etag, 'no validators')
  const $ = cheerio.load(page.body)
  t.equal($('h1').text(), 'خبر لم ينشر <b>بعد</b>', 'the draft, its title escaped')
  t.same($('.body p').map((_i, p) => $(p).text()).get(), ['الفقرة الأولى.', 'الثانية.'])
  t.equal($('meta[name="robots"]').attr('content'), 'noindex, nofollow')
  t.ok($('.preview-note').text().length > 0, 'a preview note')
  t.equal($('#comments').length, 0, 'no comments or form on a draft')
  t.equal($('script[src]').length, 0, 'no script')
  const printHref = $('a.print').attr('href') as string
  t.equal(printHref, `${pathOf(link.url)}/print`, 'print through the same link')
  const print = await s.app.inject({ url: printHref })
  t.equal(print.statusCode, 200)
  t.equal(print.headers['cache-control'], 'private, no-store')
  t.equal(cheerio.load(print.body)('h1').text(), 'خبر لم ينشر <b>بعد</b>')

  s.clock.advance(2 * HOUR)
  const expired = await s.app.inject({ url: pathOf(link.url) })
  t.equal(expired.statusCode, 404, 'expired: a 404 page')
  t.equal(expired.headers['cache-control'], 'private, no-store')
  t.equal((await s.app.inject({ url: `${pathOf(link.url)}/print` })).statusCode, 404)
  const listed = await s.ed('query L($id: ID!) { previewLinks(articleId: $id) { id url active } }', { id: s.draft.id })
  t.same(listed.data.previewLinks, [{ id: link.id, url: null, active: false }], 'editors see it, without its url (only a hash is kept)')
})

t.test('revoking; a link shows only its article; scheduled articles; tokens that are not links', async (t) => {
  const s = await setup(t)
  const link = (await s.ed(CREATE, { articleId: s.draft.id })).data.createPreviewLink
  t.equal(link.expiresAt, new Date(NOW.getTime() + 24 * HOUR).toISOString(), 'default: 24 hours')
  const other = (await s.ed(CREATE, { articleId: s.draft.id })).data.createPreviewLink
  t.not(other.url, link.url, 'each link its own token')

  const revoked = await s.ed('mutation R($id: ID!) { revokePreviewLink(id: $id) { active revokedAt } }', { id: link.id })
  t.same(revoked.data.revokePreviewLink, { active: false, revokedAt: NOW.toISOString() })
  t.equal((await s.app.inject({ url: pathOf(link.url) })).statusCode, 404, 'a revoked link stops at once')
  t.equal((await s.app.inject({ url: pathOf(other.url) })).statusCode, 200, 'the other still works')

  await s.ed('mutation P($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status } }', { id: s.draft.id, at: new Date(NOW.getTime() + 5 * HOUR).toISOString() })
  t.equal((await s.app.inject({ url: pathOf(other.url) })).statusCode, 200, 'a scheduled article shows through its link')
  await s.ed('mutation D($id: ID!) { deleteArticle(id: $id) }', { id: s.draft.id })
  t.equal((await s.app.inject({ url: pathOf(other.url) })).statusCode, 404, 'a deleted article never shows')

  for (const token of ['x', 'A'.repeat(43), `${'A'.repeat(42)}!`, '../articles/x']) {
    const res = await s.app.inject({ url: `/preview/${encodeURIComponent(token)}` })
    t.equal(res.statusCode, 404, `not a link: ${token.slice(0, 12)}`)
  }
})

t.test('roles and bad input', async (t) => {
  const s = await setup(t)
  const cases: Array<[Record<string, unknown>, string, string?]> = [
    [{ articleId: 'nope' }, 'BAD_USER_INPUT', 'articleId'],
    [{ articleId: '01890000-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
    [{ articleId: s.draft.id, expiresAt: new Date(NOW.getTime() - 1).toISOString() }, 'BAD_USER_INPUT', 'expiresAt'],
    [{ articleId: s.draft.id, expiresAt: new Date(NOW.getTime() + 7 * 24 * HOUR + 1).toISOString() }, 'BAD_USER_INPUT', 'expiresAt'],
  ]
  for (const [variables, code, field] of cases) {
    const res = await s.ed(CREATE, variables)
    t.equal(res.errors?.[0]?.extensions?.code, code, JSON.stringify(variables).slice(0, 60))
    if (field) t.equal(res.errors?.[0]?.extensions?.field, field)
  }
  t.ok((await s.ed(CREATE, { articleId: s.draft.id, expiresAt: 'tomorrow' })).errors?.length, 'a wrong type')
  t.equal((await gql(s.app, CREATE, { articleId: s.draft.id })).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED')
  t.equal((await gql(s.app, CREATE, { articleId: s.draft.id }, { token: s.moderator })).errors?.[0]?.extensions?.code, 'FORBIDDEN')
  t.equal((await s.ed('mutation R($id: ID!) { revokePreviewLink(id: $id) { id } }', { id: '01890000-0000-7000-8000-000000000000' })).errors?.[0]?.extensions?.code, 'NOT_FOUND')
  t.same((await s.ed('query L($id: ID!) { previewLinks(articleId: $id) { id } }', { id: s.draft.id })).data.previewLinks, [], 'no refused write made a link')

  // REST
  const made = await s.app.inject({ method: 'POST', url: `/api/v1/articles/${s.draft.id}/previews`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(made.statusCode, 201)
  t.equal((await s.app.inject({ url: pathOf(made.json().data.url) })).statusCode, 200)
  problem(t, await s.app.inject({ method: 'POST', url: `/api/v1/articles/${s.draft.id}/previews`, headers: { authorization: `Bearer ${s.editor}` }, payload: { expiresAt: 'soon' } }), 400, 'BAD_USER_INPUT')
  problem(t, await s.app.inject({ method: 'POST', url: `/api/v1/articles/${s.draft.id}/previews` }), 401, 'UNAUTHENTICATED')
  const list = await s.app.inject({ url: `/api/v1/articles/${s.draft.id}/previews`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(list.json().data.length, 1)
  t.equal(list.json().data[0].url, null)
  const gone = await s.app.inject({ method: 'DELETE', url: `/api/v1/previews/${made.json().data.id}`, headers: { authorization: `Bearer ${s.editor}` } })
  t.equal(gone.statusCode, 200)
  t.equal((await s.app.inject({ url: pathOf(made.json().data.url) })).statusCode, 404, 'revoked through REST')
})
