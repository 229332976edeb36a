// A TCP proxy between the service and PostgreSQL that records every statement the database runs,
// with its parameters, read off the wire protocol. Parse gives a statement's text (named
// statements are parsed once per connection and then only bound), Bind its parameter values,
// Execute runs it; a simple Query runs its text. Tests count statements with it
// (wire-counter.ts); the bench replays what one request ran under EXPLAIN, so neither needs any
// knowledge of the service's SQL. The bench uses it only in a counting pass, never while timing.
import net from 'node:net'

export interface CapturedStatement {
  /** the prepared statement's name ('' for unnamed ones) */
  name: string
  text: string
  /** text-format values as sent (null for SQL NULL); binary ones as Buffers */
  params: Array<string | Buffer | null>
  /** the connection's settings: `options` of its startup message and the SETs it sent */
  session: Session
}

export interface Session { options: string | undefined, sets: string[] }

export interface WireCapture {
  url: string
  /** statements executed since the last reset, in order */
  statements: () => CapturedStatement[]
  reset: () => void
  /** connections inside a transaction now: sent BEGIN, not yet COMMIT or ROLLBACK */
  openTransactions: () => number
  close: () => Promise<void>
}

const SKIPPED_STARTUP = new Set([80877103, 80877104]) // SSLRequest, GSSENCRequest

function cstring (buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at)
  return [buf.toString('utf8', at, end), end + 1]
}

function decodeBind (body: Buffer): { portal: string, statement: string, params: CapturedStatement['params'] } {
  // Bind: portal, statement, parameter format codes, the values, then result format codes.
  let at: number
  let portal: string, statement: string
  [portal, at] = cstring(body, 0);
  [statement, at] = cstring(body, at)
  const nFormats = body.readInt16BE(at); at += 2
  const formats: number[] = []
  for (let i = 0; i < nFormats; i++, at += 2) formats.push(body.readInt16BE(at))
  const nParams = body.readInt16BE(at); at += 2
  const params: CapturedStatement['params'] = []
  for (let i = 0; i < nParams; i++) {
    const length = body.readInt32BE(at); at += 4
    if (length < 0) { params.push(null); continue }
    const raw = body.subarray(at, at + length); at += length
    const binary = (nFormats === 1 ? formats[0] : formats[i]) === 1
    params.push(binary ? Buffer.from(raw) : raw.toString('utf8'))
  }
  return { portal, statement, params }
}

export async function startWireCapture (targetUrl: string): Promise<WireCapture> {
  const target = new URL(targetUrl)
  // Named statements keep their text across connections: every connection prepares the same
  // name with the same SQL, and a connection prepared before a reset only sends Bind later.
  const named = new Map<string, string>()
  let executed: CapturedStatement[] = []
  const sockets = new Set<net.Socket>()
  const inTransaction = new Set<net.Socket>()

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    sockets.add(client).add(upstream)
    let buffered = Buffer.alloc(0)
    let started = false
    let unnamed = ''
    const portals = new Map<string, Omit<CapturedStatement, 'session'>>()
    // What a replay needs to plan as this connection did (e.g. `-c jit=off`, `SET plan_cache_mode`).
    const session: Session = { options: undefined, sets: [] }
    const onStartup = (message: Buffer): void => {
      const parts = message.toString('utf8', 8).split('\0')
      for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === 'options') session.options = parts[i + 1]
    }
    const record = (statement: Omit<CapturedStatement, 'session'>): void => {
      if (/^\s*SET\s/i.test(statement.text) && statement.params.length === 0) session.sets.push(statement.text.trim())
      executed.push({ ...statement, session })
      if (/^\s*(BEGIN|START TRANSACTION)\b/i.test(statement.text)) inTransaction.add(client)
      else if (/^\s*(COMMIT|ROLLBACK|END|ABORT)\b/i.test(statement.text)) inTransaction.delete(client)
    }
    client.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      for (;;) {
        if (!started) {
          if (buffered.length < 8) break
          const length = buffered.readInt32BE(0)
          if (buffered.length < length) break
          if (!SKIPPED_STARTUP.has(buffered.readInt32BE(4))) {
            started = true
            onStartup(buffered.subarray(0, length))
          }
          buffered = buffered.subarray(length)
          continue
        }
        if (buffered.length < 5) break
        const type = String.fromCharCode(buffered[0] as number)
        const length = buffered.readInt32BE(1)
        if (buffered.length < 1 + length) break
        const body = buffered.subarray(5, 1 + length)
        if (type === 'Q') {
          record({ name: '', text: body.toString('utf8', 0, body.length - 1), params: [] })
        } else if (type === 'P') {
          const [name, at] = cstring(body, 0)
          const [text] = cstring(body, at)
          if (name) named.set(name, text)
          else unnamed = text
        } else if (type === 'B') {
          const bind = decodeBind(body)
          const text = bind.statement ? named.get(bind.statement) ?? `/* unknown statement ${bind.statement} */` : unnamed
          portals.set(bind.portal, { name: bind.statement, text, params: bind.params })
        } else if (type === 'E') {
          const [portal] = cstring(body, 0)
          const bound = portals.get(portal)
          if (bound) record(bound)
        }
        buffered = buffered.subarray(1 + length)
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    const end = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); inTransaction.delete(client) }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxied = new URL(targetUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String((server.address() as net.AddressInfo).port)
  return {
    url: proxied.toString(),
    statements: () => [...executed],
    reset: () => { executed = [] },
    openTransactions: () => inTransaction.size,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}
