// The metrics this service exports, on a registry of its own per app (never prom-client's global
// one, so several apps in one process — the tests — do not share or collide).
import type pg from 'pg'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

export const PREFIX = 'news_api_'

// A fast API: most answers take a few milliseconds; anything past 5 s has failed its reader anyway.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
// The budget is a handful of statements per page (README: front page 2, article page 2).
const STATEMENT_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50]

export interface Collectors {
  registry: Registry
  httpDuration: Histogram<'method' | 'route' | 'status_code'>
  httpStatements: Histogram<'method' | 'route'>
  graphqlDuration: Histogram<'operation_type' | 'operation_name'>
  graphqlErrors: Counter<'operation_type' | 'operation_name'>
}

export function createCollectors (pool: pg.Pool): Collectors {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: PREFIX })

  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by route pattern (unknown URLs: route="unmatched"), method and status code: time to the response sent',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const httpStatements = new Histogram({
    name: `${PREFIX}http_request_sql_statements`,
    help: 'SQL statements each HTTP request sent to PostgreSQL (BEGIN and COMMIT included), by route pattern and method',
    labelNames: ['method', 'route'] as const,
    buckets: STATEMENT_BUCKETS,
    registers: [registry],
  })
  const graphqlDuration = new Histogram({
    name: `${PREFIX}graphql_operation_duration_seconds`,
    help: 'GraphQL operations over HTTP by type and name (unnamed: "anonymous"; past the bound or malformed: "other"; refused before running: type "rejected")',
    labelNames: ['operation_type', 'operation_name'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const graphqlErrors = new Counter({
    name: `${PREFIX}graphql_operation_errors_total`,
    help: 'GraphQL operations over HTTP that answered with errors, by type and name (labels as in graphql_operation_duration_seconds)',
    labelNames: ['operation_type', 'operation_name'] as const,
    registers: [registry],
  })

  const poolGauge = (name: string, help: string, read: () => number): void => {
    // eslint-disable-next-line no-new -- registered in the registry, read at each scrape
    new Gauge({ name: `${PREFIX}${name}`, help, registers: [registry], collect () { this.set(read()) } })
  }
  poolGauge('db_pool_connections', 'PostgreSQL connections the pool holds (idle and in use)', () => pool.totalCount)
  poolGauge('db_pool_idle_connections', 'PostgreSQL connections idle in the pool', () => pool.idleCount)
  poolGauge('db_pool_waiting_clients', 'queries and transactions waiting for a free connection', () => pool.waitingCount)
  poolGauge('db_pool_max_connections', 'the most connections the pool opens', () => pool.options.max)

  return { registry, httpDuration, httpStatements, graphqlDuration, graphqlErrors }
}
