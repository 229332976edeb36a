import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius'
import { sectionLoaders } from '../modules/sections/sections.loaders.ts'
import { sectionResolvers } from '../modules/sections/sections.resolvers.ts'
import { siteResolvers } from '../modules/site/site.resolvers.ts'
import { RequestScope } from '../services.ts'
import { formatGraphQLErrors } from './errors.ts'
import type { Resolvers } from './generated.ts'
import { DateTime } from './scalars.ts'
import './context.ts'

export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url)

function merge (...parts: Resolvers[]): IResolvers {
  const out: Record<string, Record<string, unknown>> = {}
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) out[type] = { ...out[type], ...fields }
  }
  return out as IResolvers
}

function mergeLoaders (...parts: MercuriusLoaders[]): MercuriusLoaders {
  const out: MercuriusLoaders = {}
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) out[type] = { ...out[type], ...fields }
  }
  return out
}

async function graphql (app: FastifyInstance): Promise<void> {
  const resolvers = merge(
    { DateTime, Node: { __resolveType: () => 'Section' } },
    siteResolvers,
    sectionResolvers
  )
  await app.register(mercurius, {
    schema: readFileSync(SCHEMA_FILE, 'utf8'),
    resolvers,
    loaders: mergeLoaders(sectionLoaders),
    graphiql: app.config.GRAPHIQL,
    path: '/graphql',
    context: () => ({ services: app.services, scope: new RequestScope(app.services) }),
    errorFormatter: formatGraphQLErrors,
    additionalRouteOptions: {},
  })
}

export default fp(graphql, { name: 'graphql', dependencies: ['services'] })
