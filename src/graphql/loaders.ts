// Batched field resolvers ("loaders"), as mercurius defines them (its `loaders` option, same
// shape: MercuriusLoaders), on the same per-request batcher (single-user-cache, mercurius's own),
// with one difference: what identifies a call. Mercurius keys each call by
// safe-stable-stringify({ obj, params }), the whole parent object: an article page's Article with
// its paragraphs and prefetched comments, and each of its 20 comments for Comment.replies. That
// key was 9 % of the service's CPU on the article page at 100,000 articles (a CPU profile under
// the bench's load) for calls that are never alike. Here a call is its parent object's identity
// (an object met before is the same number) and its arguments: the same field asked twice of one
// object (aliases) is still fetched once, and two objects are never taken for one.
import type { GraphQLResolveInfo } from 'graphql'
import type { IResolvers, MercuriusContext, MercuriusLoaders } from 'mercurius'
import { Factory } from 'single-user-cache'

interface Call { obj: object, params: Record<string, unknown>, info?: GraphQLResolveInfo }
type Batch = (queries: Call[], ctx: MercuriusContext) => Promise<unknown[]>

const identities = new WeakMap<object, number>()
let met = 0
const identity = (obj: object): number => {
  let id = identities.get(obj)
  if (id === undefined) identities.set(obj, id = ++met)
  return id
}
const keyOf = (call: Call): string => `${identity(call.obj)} ${JSON.stringify(call.params)}`

/** The resolvers of the loaders' fields; each request (or subscription event) batches its calls. */
export function loaderResolvers (loaders: MercuriusLoaders): IResolvers {
  // A request remembers what its loaders answered (unless a loader says cache: false); a
  // subscription lasts as long as its socket, so it only batches, as mercurius does.
  const perRequest = new Factory<MercuriusContext>()
  const perEvent = new Factory<MercuriusContext>()
  const resolvers: Record<string, Record<string, (obj: object, params: Record<string, unknown>, ctx: MercuriusContext, info: GraphQLResolveInfo) => Promise<unknown>>> = {}
  const batchers = new WeakMap<object, Record<string, (call: Call) => Promise<unknown>>>()
  for (const [type, fields] of Object.entries(loaders)) {
    resolvers[type] = {}
    for (const [field, loader] of Object.entries(fields)) {
      const name = `${type}-${field}`
      const batch = (typeof loader === 'function' ? loader : loader.loader) as unknown as Batch
      const cache = typeof loader === 'function' ? true : loader.opts?.cache !== false
      perRequest.add(name, { cache }, batch, keyOf)
      perEvent.add(name, { cache: false }, batch, keyOf)
      // cache: false also means the loader reads `info` (mercurius passes it then)
      resolvers[type][field] = async (obj, params, ctx, info) => {
        // mercurius makes a reply per request, and one per subscription
        const holder = ctx.reply as object
        let batcher = batchers.get(holder)
        if (batcher === undefined) {
          batcher = (ctx.scope.live ? perEvent : perRequest).create(ctx) as unknown as Record<string, (call: Call) => Promise<unknown>>
          batchers.set(holder, batcher)
        }
        return (batcher[name] as (call: Call) => Promise<unknown>)(cache ? { obj, params } : { obj, params, info })
      }
    }
  }
  return resolvers as IResolvers
}
