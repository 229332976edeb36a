// PostGraphile v5 as the side-by-side peer (bench/baselines/postgraphile.ts). It is loaded at run
// time and checked for shape, so a missing or broken peer makes the run say "unavailable (why)"
// and go on with the service and the ceiling.
import { graphqlRequest, type Exchange, type HttpRequest } from './http.ts'

export interface PeerScenario {
  query: string
  variables?: (i: number) => Record<string, unknown>
  /** the article ids an answer shows, in order, to compare with the service's */
  articleIds: (body: unknown) => string[]
}

export interface Peer {
  startPostGraphile: (databaseUrl: string) => Promise<{ url: string, pid: number, stop: () => Promise<void> }>
  postgraphileScenarios: Record<string, PeerScenario>
}

/** The peer module, or why it cannot be used. */
export async function loadPeer (): Promise<Peer | string> {
  // A computed specifier: the bench type-checks and runs whether or not the peer exists.
  const specifier = new URL('../baselines/postgraphile.ts', import.meta.url).href
  try {
    const mod = await import(specifier) as Partial<Peer>
    if (typeof mod.startPostGraphile !== 'function' || typeof mod.postgraphileScenarios !== 'object') return 'bench/baselines/postgraphile.ts does not export startPostGraphile and postgraphileScenarios'
    return mod as Peer
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'could not load bench/baselines/postgraphile.ts'
  }
}

/**
 * The peer's request for input `i`: the variables the service got for the same request, where
 * the peer's document declares a variable of that name (a slug, a page size), and the peer's
 * own variables for the rest.
 */
export function peerRequest (scenario: PeerScenario, ours: Record<string, unknown> | undefined, i: number): HttpRequest {
  const shared = Object.entries(ours ?? {}).filter(([name]) => new RegExp(`\\$${name}\\b`).test(scenario.query))
  return graphqlRequest(scenario.query, { ...scenario.variables?.(i), ...Object.fromEntries(shared) })
}

/** Why the peer's answer differs from the service's (null: same article ids in the same order). */
export function peerMismatch (scenario: PeerScenario, res: Exchange, expected: string[]): string | null {
  let body: { errors?: unknown }
  try {
    body = JSON.parse(res.body) as { errors?: unknown }
  } catch {
    return `HTTP ${res.status}, not JSON: ${res.body.slice(0, 200)}`
  }
  if (res.status !== 200 || body.errors) return `HTTP ${res.status}: ${res.body.slice(0, 300)}`
  const got = scenario.articleIds(body)
  if (JSON.stringify(got) === JSON.stringify(expected)) return null
  const at = got.findIndex((id, k) => id !== expected[k])
  return `article ids differ (${got.length} vs ${expected.length}; first difference at ${at === -1 ? Math.min(got.length, expected.length) : at}): peer [${got.slice(0, 6).join(', ')}…], service [${expected.slice(0, 6).join(', ')}…]`
}
