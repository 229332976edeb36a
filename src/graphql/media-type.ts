// GraphQL over HTTP's two response media types. `application/graphql-response+json` says what
// the status code means (4xx: the request failed before execution, so there is no `data`);
// `application/json` (legacy clients, and every client that sends no Accept) answers 200 for any
// well-formed request, the errors in the body.
import type { FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'

export const GRAPHQL_RESPONSE = 'application/graphql-response+json'

// Clients send a handful of distinct Accept headers: each is read once (bounded by the LRU).
const answers = new LRUCache<string, boolean>({ max: 256 })

/** Whether the client asked for application/graphql-response+json at least as much as application/json. */
export function wantsGraphQLResponse (request: FastifyRequest | undefined): boolean {
  const accept = request?.headers.accept
  if (!accept) return false
  let answer = answers.get(accept)
  if (answer === undefined) {
    answer = prefersGraphQLResponse(accept)
    answers.set(accept, answer)
  }
  return answer
}

function prefersGraphQLResponse (accept: string): boolean {
  let graphql = -1
  let json = -1
  for (const range of accept.split(',')) {
    const [type, ...params] = range.trim().toLowerCase().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (Number.isNaN(q)) continue
    if (type === GRAPHQL_RESPONSE) graphql = Math.max(graphql, q)
    else if (type === 'application/json') json = Math.max(json, q)
  }
  return graphql > 0 && graphql >= json
}
