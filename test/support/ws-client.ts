// A minimal GraphQL-over-WebSocket client (the graphql-transport-ws protocol) for tests.
import WebSocket from 'ws'

export interface Subscription {
  /** the `next` payloads received so far */
  received: Array<{ data?: any, errors?: Array<{ message: string, extensions?: Record<string, unknown> }> }>
  /** resolves with the next payload (or rejects after `ms`) */
  next: (ms?: number) => Promise<Subscription['received'][number]>
  close: () => Promise<void>
}

export async function subscribe (url: string, query: string, variables?: Record<string, unknown>, connectionParams?: Record<string, unknown>): Promise<Subscription> {
  const socket = new WebSocket(url, 'graphql-transport-ws')
  const received: Subscription['received'] = []
  const waiters: Array<(p: Subscription['received'][number]) => void> = []
  let consumed = 0
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams ?? {} })))
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string, payload?: any }
      if (msg.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }))
        resolve()
      } else if (msg.type === 'next' || msg.type === 'error') {
        const payload = msg.type === 'error' ? { errors: msg.payload } : msg.payload
        received.push(payload)
        waiters.shift()?.(payload)
      }
    })
  })
  return {
    received,
    next: (ms = 2_000) => {
      if (received.length > consumed) return Promise.resolve(received[consumed++] as Subscription['received'][number])
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms)
        waiters.push((p) => { clearTimeout(timer); consumed++; resolve(p) })
      })
    },
    close: () => new Promise((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve()
      socket.once('close', () => resolve())
      socket.close()
    }),
  }
}
