// The GraphQL ceiling: Mercurius with the service's own schema.graphql and `jit: 1`, no logging,
// answering the bench's documents from memory with payloads captured from the real service. No
// database, no loaders, no auth: what is left is HTTP + GraphQL parse/validate/execute/serialise,
// the most any server on this stack could do for these documents. Runs in a process of its own.
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { buildSchema, type GraphQLFieldResolver } from 'graphql'
import mercurius from 'mercurius'
import { own, ROOT, stopChild, tail, waitForHttp, type RunningServer } from '../lib/processes.ts'

/** Captured `data` of each operation, by operation name: `{ FrontPage: { sections: [...] } }`. */
export type CapturedPayloads = Record<string, Record<string, unknown>>

const CHILD_FLAG = 'BENCH_CEILING_SERVE'

/** Starts the ceiling server in a child process. */
export async function startCeiling (payloads: CapturedPayloads): Promise<RunningServer> {
  const child = own(fork(new URL(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [CHILD_FLAG]: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  }))
  const output = tail(child)
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port))
    child.once('exit', (code) => reject(new Error(`the ceiling server exited (${code}):\n${output()}`)))
    child.send(payloads)
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/ready`, child, output)
  return { url, pid: child.pid as number, stop: () => stopChild(child) }
}

async function serve (payloads: CapturedPayloads): Promise<number> {
  const schema = readFileSync(new URL('schema.graphql', `file://${ROOT}`), 'utf8')
  const queryFields = Object.keys(buildSchema(schema).getQueryType()?.getFields() ?? {})
  // Every root field answers what the service answered to the same operation: the documents'
  // own selections then pick from it, as they would from a resolver's result.
  const fromMemory: GraphQLFieldResolver<unknown, unknown> = (_root, _args, _ctx, info) =>
    payloads[info.operation.name?.value ?? '']?.[String(info.path.key)] ?? null
  const app = Fastify({ logger: false })
  await app.register(mercurius, {
    schema,
    resolvers: { Query: Object.fromEntries(queryFields.map((f) => [f, fromMemory])) },
    jit: 1,
    graphiql: false,
  })
  app.get('/ready', async () => ({ status: 'ok' }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.once('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
  return (app.server.address() as { port: number }).port
}

if (process.env[CHILD_FLAG] === '1' && process.send) {
  process.once('message', (payloads: CapturedPayloads) => {
    serve(payloads).then((port) => process.send?.({ port }), (err: Error) => {
      console.error(err)
      process.exit(1)
    })
  })
}
