import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode, closeReason } from '../../shared/codes'
import { createJitteredWebSocket, jitterDelay, type CloseLike, type SocketLike } from './jitteredSocket'

/** A WebSocket that does nothing on its own: the test opens, closes and messages it. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = []
  binaryType = 'blob'
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onclose: ((event: CloseLike) => void) | null = null
  readonly sent: unknown[] = []
  readonly madeAt = Date.now()
  constructor(
    readonly url: string | URL,
    readonly protocols?: string | string[],
  ) {
    FakeSocket.made.push(this)
  }
  send(data: unknown): void {
    this.sent.push(data)
  }
  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return
    this.serverClose(code, reason)
  }
  serverOpen(): void {
    this.readyState = 1
    this.onopen?.({ type: 'open' })
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean: true })
  }
}

/** The delays a socket class chose, in order. */
function recorder() {
  const delays: Array<{ delayMs: number; attempt: number }> = []
  return { delays, onSchedule: (delayMs: number, attempt: number) => delays.push({ delayMs, attempt }) }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  FakeSocket.made = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('jitterDelay', () => {
  it('stays within [0, min(cap, base·2^attempt)] and its ceiling grows with the attempt', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(30_000, 1_000 * 2 ** attempt)
      expect(jitterDelay(attempt, 1_000, 30_000, () => 0)).toBe(0)
      const top = jitterDelay(attempt, 1_000, 30_000, () => 0.999_999)
      expect(top).toBeLessThanOrEqual(ceiling)
      expect(top).toBeGreaterThanOrEqual(ceiling - 1)
    }
    expect(jitterDelay(1_000, 1_000, 30_000, () => 0.5)).toBe(15_000)
  })

  it('spreads a herd over the whole window', () => {
    const delays = Array.from({ length: 2_000 }, () => jitterDelay(3, 500, 30_000))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThanOrEqual(4_000)
    // Each 1 s slice of the 4 s window gets about a quarter of the clients.
    for (let slice = 0; slice < 4; slice++) {
      const inSlice = delays.filter((d) => d >= slice * 1_000 && d < (slice + 1) * 1_000).length
      expect(inSlice).toBeGreaterThan(350)
      expect(inSlice).toBeLessThan(650)
    }
  })
})

describe('createJitteredWebSocket', () => {
  it('opens the first socket at once and forwards events and sends both ways', () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket })
    const socket = new Socket('ws://x/collab/b', ['p'])
    socket.binaryType = 'arraybuffer'
    expect(FakeSocket.made).toHaveLength(1)
    const real = FakeSocket.made[0]!
    expect(real.url).toBe('ws://x/collab/b')
    expect(real.protocols).toEqual(['p'])
    expect(real.binaryType).toBe('arraybuffer')
    const seen: string[] = []
    socket.onopen = () => seen.push('open')
    socket.onmessage = (event) => seen.push(`message ${(event as { data: string }).data}`)
    socket.onclose = (event) => seen.push(`close ${event.code} ${event.reason}`)
    expect(socket.readyState).toBe(0)
    real.serverOpen()
    expect(socket.readyState).toBe(1)
    real.onmessage?.({ data: 'hi' })
    socket.send('up')
    expect(real.sent).toEqual(['up'])
    real.serverClose(CloseCode.boardNotFound, 'board-not-found')
    expect(seen).toEqual(['open', 'message hi', `close ${CloseCode.boardNotFound} board-not-found`])
  })

  it('delays every reconnect by a jittered time within [0, cap] that grows with failed attempts', () => {
    const r = recorder()
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, baseMs: 1_000, capMs: 8_000, random: () => 0.999, onSchedule: r.onSchedule })
    new Socket('ws://x')
    for (let i = 0; i < 6; i++) {
      FakeSocket.made.at(-1)!.serverClose(1006)
      const socket = new Socket('ws://x')
      const { delayMs } = r.delays.at(-1)!
      expect(socket.readyState).toBe(0)
      // Not a moment before its delay.
      const count = FakeSocket.made.length
      if (delayMs > 0) {
        vi.advanceTimersByTime(delayMs - 1)
        expect(FakeSocket.made).toHaveLength(count)
      }
      vi.advanceTimersByTime(1)
      expect(FakeSocket.made).toHaveLength(count + 1)
    }
    expect(r.delays.map((d) => d.attempt)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(r.delays.map((d) => d.delayMs)).toEqual([0, 1_998, 3_996, 7_992, 7_992, 7_992, 7_992])
    for (const { delayMs } of r.delays) expect(delayMs).toBeLessThanOrEqual(8_000)
  })

  it('with a random source, delays stay within [0, cap] and are not all equal', () => {
    const r = recorder()
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, baseMs: 200, capMs: 5_000, onSchedule: r.onSchedule })
    new Socket('ws://x')
    for (let i = 0; i < 40; i++) {
      FakeSocket.made.at(-1)!.serverClose(1006)
      new Socket('ws://x')
      vi.runOnlyPendingTimers()
    }
    const reconnects = r.delays.slice(1)
    expect(reconnects.map((d) => d.attempt)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    for (const { delayMs, attempt } of reconnects) {
      expect(delayMs).toBeGreaterThanOrEqual(0)
      expect(delayMs).toBeLessThanOrEqual(Math.min(5_000, 200 * 2 ** attempt))
    }
    const delays = reconnects.map((d) => d.delayMs)
    expect(new Set(delays).size).toBeGreaterThan(10)
  })

  it('resets the attempts after a connection stayed open for resetAfterMs, not before', () => {
    const r = recorder()
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, resetAfterMs: 5_000, random: () => 0.999, onSchedule: r.onSchedule })
    new Socket('ws://x')
    for (let i = 0; i < 3; i++) {
      FakeSocket.made.at(-1)!.serverClose(1006)
      new Socket('ws://x')
      vi.runOnlyPendingTimers()
    }
    expect(Socket.attempt).toBe(3)
    // Open for 4.9 s: not good enough.
    FakeSocket.made.at(-1)!.serverOpen()
    vi.advanceTimersByTime(4_900)
    FakeSocket.made.at(-1)!.serverClose(1006)
    expect(Socket.attempt).toBe(4)
    new Socket('ws://x')
    vi.runOnlyPendingTimers()
    // Open for 5 s: good; the close that follows starts over from the smallest delay.
    FakeSocket.made.at(-1)!.serverOpen()
    vi.advanceTimersByTime(5_000)
    expect(Socket.attempt).toBe(0)
    FakeSocket.made.at(-1)!.serverClose(CloseCode.restarting, closeReason('restarting'))
    expect(Socket.attempt).toBe(0)
    new Socket('ws://x')
    expect(r.delays.at(-1)).toEqual({ delayMs: 999, attempt: 0 })
  })

  it('resets the attempts when told the connection synced', () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, random: () => 0.999 })
    new Socket('ws://x')
    FakeSocket.made.at(-1)!.serverClose(1006)
    new Socket('ws://x')
    vi.runOnlyPendingTimers()
    FakeSocket.made.at(-1)!.serverOpen()
    expect(Socket.attempt).toBe(1)
    Socket.markGood()
    FakeSocket.made.at(-1)!.serverClose(1006)
    expect(Socket.attempt).toBe(0)
  })

  it('waits at least the retry-after a server put in its close reason', () => {
    const r = recorder()
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, baseMs: 1_000, random: () => 0, onSchedule: r.onSchedule })
    new Socket('ws://x')
    FakeSocket.made[0]!.serverClose(CloseCode.serverBusy, closeReason('serverBusy', 'retry-after=4'))
    vi.advanceTimersByTime(250) // the provider's own short backoff
    new Socket('ws://x')
    expect(r.delays.at(-1)!.delayMs).toBe(3_750)
    vi.advanceTimersByTime(3_749)
    expect(FakeSocket.made).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.made).toHaveLength(2)
    expect(FakeSocket.made[1]!.madeAt - FakeSocket.made[0]!.madeAt).toBeGreaterThanOrEqual(4_000)
  })

  it('adds the jitter on top of retry-after, so clients told the same N do not come back together', () => {
    const r = recorder()
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, baseMs: 1_000, random: () => 0.5, onSchedule: r.onSchedule })
    new Socket('ws://x')
    FakeSocket.made[0]!.serverClose(CloseCode.rateLimited, closeReason('rateLimited', 'retry-after=2'))
    new Socket('ws://x')
    expect(r.delays.at(-1)!.delayMs).toBe(2_000 + 1_000)
  })

  it('closing while it waits never opens the real socket', async () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, random: () => 0.5 })
    new Socket('ws://x')
    FakeSocket.made[0]!.serverClose(1006)
    const waiting = new Socket('ws://x')
    const closes: number[] = []
    waiting.onclose = (event) => closes.push(event.code)
    waiting.close(1000)
    expect(waiting.readyState).toBe(3)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.made).toHaveLength(1)
    expect(closes).toEqual([1000])
  })
})

describe('with the stock y-websocket provider', () => {
  function provider(Socket: ReturnType<typeof createJitteredWebSocket>) {
    const doc = new Y.Doc()
    const p = new WebsocketProvider('ws://rembug.test/collab', 'board', doc, {
      WebSocketPolyfill: Socket as unknown as typeof WebSocket,
      maxBackoffTime: 100,
      disableBc: true,
    })
    return { provider: p, destroy: () => (p.destroy(), doc.destroy()) }
  }

  it('a refused provider comes back no sooner than retry-after, then syncs', async () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, random: () => 0.3 })
    const { provider: p, destroy } = provider(Socket)
    expect(FakeSocket.made).toHaveLength(1)
    FakeSocket.made[0]!.serverOpen()
    FakeSocket.made[0]!.serverClose(CloseCode.serverBusy, closeReason('serverBusy', 'retry-after=3'))
    await vi.advanceTimersByTimeAsync(2_999)
    expect(FakeSocket.made).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(FakeSocket.made).toHaveLength(2)
    FakeSocket.made[1]!.serverOpen()
    expect(p.wsconnected).toBe(true)
    destroy()
  })

  it('a final 44xx close stops the provider: no new socket however long it waits', async () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket })
    const { provider: p, destroy } = provider(Socket)
    const closed: number[] = []
    p.on('closed', (event) => closed.push(event.code))
    FakeSocket.made[0]!.serverOpen()
    FakeSocket.made[0]!.serverClose(CloseCode.forbidden, closeReason('forbidden'))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(closed).toEqual([CloseCode.forbidden])
    expect(FakeSocket.made).toHaveLength(1)
    destroy()
  })

  it('destroying the provider while a reconnect waits leaves no socket behind', async () => {
    const Socket = createJitteredWebSocket({ WebSocket: FakeSocket, random: () => 0.9 })
    const { destroy } = provider(Socket)
    FakeSocket.made[0]!.serverClose(1006)
    await vi.advanceTimersByTimeAsync(150) // the provider creates the next (waiting) socket
    destroy()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.made).toHaveLength(1)
  })
})
