// The go-live timer announces scheduled instants of the last GO_LIVE_WINDOW_MS only: it walks
// the visible-rows index over that window instead of reading every visible article each tick.
import t from 'tap'
import { GO_LIVE_WINDOW_MS } from '../../src/modules/site/site.repository.ts'
import { createArticle, createSection } from '../factories/index.ts'
import { build, TestClock } from '../helper.ts'

t.test('scheduled instants within the window are announced once; older ones are left alone', async (t) => {
  const clock = new TestClock(new Date('2026-06-01T12:00:00.000Z'))
  const { app, db } = await build(t, { clock })
  const section = await createSection(db)
  const now = clock.now().getTime()
  // written (updated_at) before their instant, as a scheduling write leaves them
  const scheduled = async (minutesAgo: number) => {
    const article = await createArticle(db, { sectionId: section.id, publishedAt: new Date(now - minutesAgo * 60_000) })
    await db.pool.query('UPDATE articles SET updated_at = published_at - interval \'1 hour\' WHERE id = $1', [article.id])
    return article.id
  }
  const recent = await scheduled(1)
  const withinWindow = await scheduled(GO_LIVE_WINDOW_MS / 60_000 - 5)
  await scheduled(GO_LIVE_WINDOW_MS / 60_000 + 5) // went live longer ago than the window
  await createArticle(db, { sectionId: section.id, publishedAt: new Date(now - 60_000) }) // published by a write at its instant: nothing to announce

  t.equal(await app.events.announceGoLives(), 2, 'the two instants within the window')
  const { rows } = await db.pool.query<{ id: string }>('SELECT article_id AS id FROM go_live_events ORDER BY published_at')
  t.same(rows.map((r) => r.id), [withinWindow, recent])
  t.equal(await app.events.announceGoLives(), 0, 'and only once')
})
