// Requests the router or Node's HTTP parser refuse before any route runs still answer
// application/problem+json: raw Arabic in a URL (curl sends it unencoded), an over-long path.
import net from 'node:net'
import t from 'tap'
import { build } from '../helper.ts'

async function raw (port: number, target: Buffer): Promise<{ status: number, headers: string, body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(Buffer.concat([Buffer.from('GET '), target, Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')]))
    })
    let out = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => { out += d })
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n')
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body })
    })
  })
}

t.test('refusals before routing are problem+json', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as net.AddressInfo).port

  const arabic = await raw(port, Buffer.from('/api/v1/articles?tag=اقتصاد', 'utf8'))
  t.equal(arabic.status, 400)
  t.match(arabic.headers, /content-type: application\/problem\+json/)
  const problem = JSON.parse(arabic.body)
  t.match(problem, { status: 400, code: 'BAD_REQUEST', title: 'Bad Request' })
  t.match(problem.detail, /percent-encoded/, 'says what to do instead')

  const encoded = await raw(port, Buffer.from(`/api/v1/articles?tag=${encodeURIComponent('اقتصاد')}`))
  t.equal(encoded.status, 200, 'the same URL percent-encoded is answered')

  const long = await app.inject({ url: `/api/v1/articles/${'ا'.repeat(600)}` })
  t.equal(long.statusCode, 414)
  t.match(String(long.headers['content-type']), /^application\/problem\+json/)
  t.match(long.json(), { status: 414, code: 'BAD_REQUEST', title: 'URI Too Long' })
})
