import type { MercuriusContext } from 'mercurius'
import type { RequestScope, Services } from '../services.ts'

declare module 'mercurius' {
  interface MercuriusContext {
    services: Services
    scope: RequestScope
  }
}

export type GraphQLContext = MercuriusContext
