// GraphiQL (GRAPHIQL=true, on in development) served whole by this service: its page, React and
// GraphiQL's bundle come from their npm packages (react, react-dom, graphiql: the versions
// mercurius's own page loads from a CDN), so the IDE works on a machine without internet, as
// /docs (swagger-ui) does. Only the listed files are served.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

const require = createRequire(import.meta.url)
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`))
const OWN = fileURLToPath(new URL('../../static/graphiql/', import.meta.url))

/** Served name → the file on disk. */
const ASSETS: Record<string, string> = {
  'react.production.min.js': join(packageDir('react'), 'umd', 'react.production.min.js'),
  'react-dom.production.min.js': join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  'graphiql.min.js': join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': join(packageDir('graphiql'), 'graphiql.min.css'),
  'start.js': join(OWN, 'start.js'),
}

export default async function graphiql (app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: OWN, serve: false, decorateReply: true })
  app.get('/graphiql', (_request, reply) => reply.sendFile('index.html', OWN, { maxAge: 0 }))
  app.get('/graphiql/assets/:name', (request, reply) => {
    const file = ASSETS[(request.params as { name: string }).name]
    if (!file) return reply.callNotFound()
    // the vendor files change only with an upgrade of their package; a day's cache is plenty
    return reply.sendFile(file.slice(dirname(file).length + 1), dirname(file), { maxAge: 86_400_000 })
  })
}
