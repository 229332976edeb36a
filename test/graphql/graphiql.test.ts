// GraphiQL offline (issue 14): the page refers only to files this service serves from its npm
// packages (React, ReactDOM, GraphiQL), so it works on a machine without internet; the CSP lets
// nothing else load. (The end-to-end browser test runs a query in it.)
import * as cheerio from 'cheerio'
import t from 'tap'
import { build } from '../helper.ts'

t.test('the GraphiQL page and every file it loads come from this service', async (t) => {
  const { app } = await build(t, { env: { GRAPHIQL: 'true' } })
  const page = await app.inject({ url: '/graphiql' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const $ = cheerio.load(page.body)
  const refs = [...$('script[src]').map((_i, el) => $(el).attr('src')).get(), ...$('link[rel=stylesheet]').map((_i, el) => $(el).attr('href')).get()]
  t.equal($('script:not([src])').length, 0, 'no inline script (the CSP would refuse it)')
  t.ok(refs.length >= 5, `the page loads React, ReactDOM, GraphiQL, its CSS and its start script (${refs.join(', ')})`)
  for (const ref of refs) {
    t.match(ref, /^\/graphiql\//, `${ref}: a path on this service, not a CDN`)
    const asset = await app.inject({ url: ref })
    t.equal(asset.statusCode, 200, `${ref} is served`)
    t.match(asset.headers['content-type'], ref.endsWith('.css') ? /^text\/css/ : /javascript/, `${ref}: its type`)
    t.ok(asset.body.length > 100, `${ref}: has content`)
  }
  const bundle = await app.inject({ url: '/graphiql/assets/graphiql.min.js' })
  t.match(bundle.body, /GraphiQL/, 'the GraphiQL bundle itself')
  t.match(String(page.headers['content-security-policy']), /script-src 'self';/, 'scripts from this service only')
  t.equal((await app.inject({ url: '/graphiql/assets/package.json' })).statusCode, 404, 'only the listed files are served')
  t.equal((await app.inject({ url: '/graphiql/assets/..%2F..%2Fpackage.json' })).statusCode, 404)
})

t.test('GRAPHIQL off: no page and no assets', async (t) => {
  const { app } = await build(t, { env: { GRAPHIQL: 'false', MODE: 'production' } })
  t.equal((await app.inject({ url: '/graphiql' })).statusCode, 404)
  t.equal((await app.inject({ url: '/graphiql/assets/graphiql.min.js' })).statusCode, 404)
})
