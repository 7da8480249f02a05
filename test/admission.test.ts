/**
 * Reconnect storms over real sockets: the server takes new sockets in at a bounded rate and turns the rest away with
 * 4531 and a spread-out retry-after; the admitted ones sync, and clients that come back later get in — the stock
 * provider by its own retries, Rembug's jittered socket no sooner than the server asked.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { ClientOptions } from 'ws'
import { createJitteredWebSocket, type SocketClass } from '../client/board/jitteredSocket'
import { CloseCode, retryAfterFromReason } from '../shared/codes'
import { socketClassFor } from './helpers/auth'
import { isSyncStep1, syncRaw } from './helpers/frames'
import { cleanup, connectPeer, openRawSocket, startTestServer, waitFor, type RawSocket } from './helpers/server'

afterEach(cleanup)

/** Opens `count` raw sockets at once and waits until each was either taken in (sync step 1) or closed. */
async function storm(wsUrl: string, boardId: string, count: number) {
  const sockets = Array.from({ length: count }, () => openRawSocket(wsUrl, boardId))
  const closes = new Map<RawSocket, { code: number; reason: string }>()
  for (const raw of sockets) void raw.closed.then((close) => closes.set(raw, close))
  await waitFor(() => sockets.every((raw) => closes.has(raw) || raw.received.some(isSyncStep1)), 10_000, 'every socket of the storm to be answered')
  const refused = sockets.filter((raw) => closes.has(raw)).map((raw) => closes.get(raw)!)
  const admitted = sockets.filter((raw) => !closes.has(raw))
  return { refused, admitted }
}

describe('admission', () => {
  it('a storm beyond the burst: the excess gets 4531 with a spread retry-after, the admitted sync, a stock provider retrying later gets in', async () => {
    // A token every 2 s after a burst of 5: the storm settles long before the next one.
    const t = await startTestServer({ limits: { admissionRate: { perSecond: 0.5, burst: 5 } } })
    const board = await t.createBoard()
    const { refused, admitted } = await storm(t.wsUrl, board.id, 15)

    expect(admitted.length).toBeGreaterThanOrEqual(5)
    expect(admitted.length).toBeLessThanOrEqual(6)
    expect(refused.length).toBe(15 - admitted.length)
    const retryAfters = refused.map(({ code, reason }) => {
      expect(code).toBe(CloseCode.serverBusy)
      expect(reason).toMatch(/^server-busy; retry-after=[1-5]$/)
      return retryAfterFromReason(reason)!
    })
    // Spread out, so the herd does not come back together.
    expect(new Set(retryAfters).size).toBeGreaterThan(1)
    expect(t.server.rooms.stats.serverBusyRefusals).toBe(refused.length)
    // Turned away before the room: only the admitted hold a place.
    expect(t.server.rooms.connectionsOnBoard(board.id)).toBe(admitted.length)

    await Promise.all(admitted.map((raw) => syncRaw(raw)))

    // Right after the storm the bucket is empty: a stock provider is refused, retries on its own and gets in.
    const peer = connectPeer(t.wsUrl, board.id)
    const closes: number[] = []
    peer.provider.on('connection-close', (event) => event && closes.push(event.code))
    await waitFor(() => peer.provider.synced, 15_000, 'the stock provider to get in')
    expect(closes[0]).toBe(CloseCode.serverBusy)
    expect(closes.every((code) => code === CloseCode.serverBusy)).toBe(true)
  })

  it('Rembug’s jittered socket waits at least the retry-after the server gave before trying again, then syncs', async () => {
    const t = await startTestServer({ limits: { admissionRate: { perSecond: 1, burst: 2 } } })
    const board = await t.createBoard()
    const { refused } = await storm(t.wsUrl, board.id, 3)
    expect(refused.length).toBeGreaterThanOrEqual(1)

    // A real `ws` socket with the owner's cookie, recording when each one is made.
    const madeAt: number[] = []
    const Authed = socketClassFor(t.owner, t.url)
    class Recording extends Authed {
      constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
        super(address, protocols, options)
        madeAt.push(Date.now())
      }
    }
    const Socket = createJitteredWebSocket({ WebSocket: Recording as unknown as SocketClass, baseMs: 200 })
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(t.wsUrl, board.id, doc, {
      WebSocketPolyfill: Socket as unknown as typeof WebSocket,
      maxBackoffTime: 100,
      disableBc: true,
    })
    const closes: Array<{ code: number; reason: string; at: number }> = []
    provider.on('connection-close', (event) => event && closes.push({ code: event.code, reason: event.reason, at: Date.now() }))
    try {
      await waitFor(() => provider.synced, 20_000, 'the jittered provider to get in')
      expect(closes.length).toBeGreaterThanOrEqual(1)
      expect(madeAt).toHaveLength(closes.length + 1)
      for (const [i, close] of closes.entries()) {
        expect(close.code).toBe(CloseCode.serverBusy)
        const retryAfter = retryAfterFromReason(close.reason)!
        expect(retryAfter).toBeGreaterThanOrEqual(1)
        expect(madeAt[i + 1]! - close.at).toBeGreaterThanOrEqual(retryAfter * 1000 - 20)
      }
    } finally {
      provider.destroy()
      doc.destroy()
    }
  })
})
