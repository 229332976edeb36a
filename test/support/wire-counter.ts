// A TCP proxy between the app and PostgreSQL that counts the statements the database receives,
// read off the wire protocol: every simple Query ('Q') and every extended-protocol Execute ('E'),
// BEGIN and COMMIT included. Nothing in the app knows it is there.
import net from 'node:net'

export interface WireCounter {
  url: string
  /** statements since the last reset */
  count: () => number
  /** the SQL text of those statements, in order (from Query and Parse messages) */
  statements: () => string[]
  reset: () => void
  close: () => Promise<void>
}

export async function startWireCounter (targetUrl: string): Promise<WireCounter> {
  const target = new URL(targetUrl)
  let executed = 0
  let texts: string[] = []
  const sockets = new Set<net.Socket>()

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    sockets.add(client).add(upstream)
    let buffered = Buffer.alloc(0)
    let started = false
    let lastParsed = ''
    client.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      for (;;) {
        if (!started) {
          if (buffered.length < 8) break
          const length = buffered.readInt32BE(0)
          if (buffered.length < length) break
          const code = buffered.readInt32BE(4)
          if (code !== 80877103 && code !== 80877104) started = true // not an SSL/GSS request: the startup message
          buffered = buffered.subarray(length)
          continue
        }
        if (buffered.length < 5) break
        const type = String.fromCharCode(buffered[0] as number)
        const length = buffered.readInt32BE(1)
        if (buffered.length < 1 + length) break
        const body = buffered.subarray(5, 1 + length)
        if (type === 'Q') {
          executed++
          texts.push(body.toString('utf8', 0, body.length - 1))
        } else if (type === 'P') {
          const nameEnd = body.indexOf(0)
          lastParsed = body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1))
        } else if (type === 'E') {
          executed++
          texts.push(lastParsed)
        }
        buffered = buffered.subarray(1 + length)
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    const end = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxied = new URL(targetUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String((server.address() as net.AddressInfo).port)
  return {
    url: proxied.toString(),
    count: () => executed,
    statements: () => [...texts],
    reset: () => { executed = 0; texts = [] },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}
