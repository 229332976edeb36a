// With REDIS_URL the comment rate limit is shared by every instance (@fastify/rate-limit's Redis
// store). Redis is optional for the product: on a developer's machine without one this file skips
// with a message; under CI=true (.ci/run installs and starts Redis) a missing Redis fails it.
import net from 'node:net'
import { randomInt } from 'node:crypto'
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { buildOn, createTestDatabase } from '../helper.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

async function reachable (url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname, () => { socket.end(); resolve(true) })
    socket.once('error', () => resolve(false))
    socket.setTimeout(1_000, () => { socket.destroy(); resolve(false) })
  })
}

const available = await reachable(REDIS_URL)
if (!available && process.env.CI === 'true') t.fail(`no Redis at ${REDIS_URL}: .ci/run installs and starts one (apt redis-server)`)

t.test('two instances share one limit through Redis', { skip: available ? false : `no Redis at ${REDIS_URL} (set TEST_REDIS_URL, or install redis-server)` }, async (t) => {
  const url = await createTestDatabase(t)
  const env = { REDIS_URL, COMMENT_RATE_LIMITS: '1/30s' }
  const a = await buildOn(t, url, { env })
  const b = await buildOn(t, url, { env })
  const section = await createSection(a.db)
  const article = await createArticle(a.db, { sectionId: section.id })
  const client = `10.${randomInt(255)}.${randomInt(255)}.${randomInt(255)}` // fresh keys on every run
  const post = (app: typeof a.app, body: string, remoteAddress = client) =>
    app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: 'ق', body }, remoteAddress })
  t.equal((await post(a.app, 'على A')).statusCode, 201)
  const second = await post(b.app, 'على B')
  t.equal(second.statusCode, 429, 'the second comment, sent to the other instance, is limited')
  t.ok(Number(second.headers['retry-after']) >= 1)
  t.equal((await post(b.app, 'عميل آخر', `${client.split('.').slice(0, 3).join('.')}.${(Number(client.split('.')[3]) + 1) % 256}`)).statusCode, 201, 'another client is not')
  t.equal(await a.db.prisma.comment.count(), 2)
})
