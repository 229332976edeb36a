// Statements the database receives, counted off the wire protocol by the recording proxy
// (pg-wire.ts): every simple Query and every extended-protocol Execute, BEGIN and COMMIT included.
// Nothing in the app knows it is there.
import { setTimeout as sleep } from 'node:timers/promises'
import { createTestDatabase } from '../helper.ts'
import { startWireCapture } from './pg-wire.ts'

export interface WireCounter {
  url: string
  /** statements since the last reset */
  count: () => number
  /** the SQL text of those statements, in order (a named statement's text even when only bound) */
  statements: () => string[]
  reset: () => void
  /**
   * waits until no statement has arrived for `quietMs` and no connection is inside a transaction:
   * work an earlier write set off in the background (event handlers, timers) has run to its COMMIT
   */
  settle: (quietMs?: number) => Promise<void>
  close: () => Promise<void>
}

export async function startWireCounter (targetUrl: string): Promise<WireCounter> {
  const capture = await startWireCapture(targetUrl)
  return {
    url: capture.url,
    count: () => capture.statements().length,
    statements: () => capture.statements().map((s) => s.text),
    reset: capture.reset,
    async settle (quietMs = 200) {
      const deadline = Date.now() + 3_000 // a steady background trickle (a timer's loop) must not hang a test
      for (let seen = -1; (capture.statements().length !== seen || capture.openTransactions() > 0) && Date.now() < deadline;) {
        seen = capture.statements().length
        await sleep(quietMs)
      }
    },
    close: capture.close,
  }
}

/**
 * Statements an app sends on its own, not for a request: the event listener's LISTEN and the
 * go-live timer re-reading the next scheduled instant after each content event.
 */
export const isBackground = (statement: string): boolean => /^LISTEN |AS next FROM articles/.test(statement)

/** A fresh database of its own behind a counting proxy, closed in teardown. */
export async function countedDatabase (t: { teardown: (fn: () => unknown) => void }): Promise<WireCounter> {
  const wire = await startWireCounter(await createTestDatabase(t))
  t.teardown(() => wire.close())
  return wire
}
