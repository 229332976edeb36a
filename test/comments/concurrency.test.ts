// Regression (found by the benchmark's addComment scenario): a submission looked its article up on
// the pool while holding a connection in its own transaction, so as many concurrent submissions as
// the pool has connections waited on each other until the transaction timed out.
import t from 'tap'
import { createArticle, createSection } from '../factories/index.ts'
import { build, gql } from '../helper.ts'

const ADD = 'mutation A($input: AddCommentInput!) { addComment(input: $input) { comment { id status } } }'

t.test('more concurrent submissions than pool connections all get their receipt, quickly', async (t) => {
  // the test app's pool has 5 connections
  const { app, db } = await build(t, { env: { COMMENT_RATE_LIMITS: '1000/1s' } })
  const section = await createSection(db)
  const article = await createArticle(db, { sectionId: section.id })
  const started = Date.now()
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => i % 2 === 0
    ? gql(app, ADD, { input: { articleId: article.id, authorName: `قارئ ${i}`, body: `تعليق رقم ${i}` } })
    : app.inject({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, payload: { authorName: `قارئ ${i}`, body: `تعليق رقم ${i}` } })
      .then((res) => ({ status: res.statusCode, data: { addComment: { comment: res.json().data } }, errors: undefined }))))
  const elapsed = Date.now() - started
  t.same(results.flatMap((r) => r.errors ?? []), [], 'no errors')
  t.same(results.map((r) => r.data?.addComment.comment.status), Array(20).fill('PENDING'), 'every one is a PENDING receipt')
  t.ok(elapsed < 4000, `answered in ${elapsed} ms, not after a transaction timeout`)
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM comments WHERE article_id = $1', [article.id])
  t.equal(rows[0]?.n, 20, 'and 20 comments are stored')
})
