/**
 * Per-socket limits over real sockets and real SQLite: message size, update and presence rates, sockets per board
 * and per address. Each limit closes the one socket that broke it, with its own code; everyone else keeps working.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, retryAfterFromReason } from '../shared/codes'
import { awarenessFrames, closeOf, floodKeys, joined, syncRaw, updateFrames } from './helpers/frames'
import { cleanup, connectPeer, loadStoredDoc, openRawSocket, sleep, startTestServer, waitFor, type Peer } from './helpers/server'

afterEach(cleanup)

/** Two stock clients on a board, synced, and a check that an edit on one still reaches the other. */
async function twoPeers(wsUrl: string, boardId: string) {
  const a = connectPeer(wsUrl, boardId)
  const b = connectPeer(wsUrl, boardId)
  await Promise.all([a.synced, b.synced])
  let n = 0
  const stillSyncing = async (from: Peer = a, to: Peer = b) => {
    const key = `still-${++n}`
    from.doc.getMap('check').set(key, n)
    await waitFor(() => to.doc.getMap('check').get(key) === n, 5_000, `${key} to reach the other client`)
  }
  return { a, b, stillSyncing }
}

describe('message size', () => {
  it('closes a socket that sends a frame over maxMessageBytes with 4413; others keep syncing; nothing of it is stored', async () => {
    const maxMessageBytes = 64 * 1024
    const t = await startTestServer({ limits: { maxMessageBytes } })
    const board = await t.createBoard()
    const { b, stillSyncing } = await twoPeers(t.wsUrl, board.id)

    // Just under the limit: taken in like any update.
    const fits = openRawSocket(t.wsUrl, board.id)
    await joined(fits)
    const [small] = updateFrames(1, { bytes: maxMessageBytes - 1_000, prefix: 'fits' })
    expect(small!.byteLength).toBeLessThanOrEqual(maxMessageBytes)
    fits.ws.send(small!)
    await waitFor(() => floodKeys(b.doc, 'fits').length === 1, 5_000, 'the frame under the limit to reach B')

    // Over the limit (read whole, refused by the size check) and far over it (refused by the WebSocket layer before
    // it is buffered): both are told 4413, the code the stock client does not retry.
    const over = openRawSocket(t.wsUrl, board.id)
    const farOver = openRawSocket(t.wsUrl, board.id)
    await Promise.all([joined(over), joined(farOver)])
    over.ws.send(updateFrames(1, { bytes: maxMessageBytes + 1, prefix: 'over' })[0]!)
    farOver.ws.send(updateFrames(1, { bytes: 10 * maxMessageBytes, prefix: 'far' })[0]!)
    for (const closed of [await closeOf(over), await closeOf(farOver)]) {
      expect(closed.code).toBe(CloseCode.messageTooLarge)
      expect(closed.reason).toBe(`message-too-large; max-bytes=${maxMessageBytes}`)
    }
    expect(t.server.rooms.stats.messageTooLargeCloses).toBe(2)
    expect(fits.ws.readyState).toBe(fits.ws.OPEN)

    await stillSyncing()
    const stored = await loadStoredDoc(t.server.storage, board.id)
    expect(floodKeys(stored, 'fits')).toHaveLength(1)
    expect(floodKeys(stored, 'over')).toHaveLength(0)
    expect(floodKeys(stored, 'far')).toHaveLength(0)
  })

  it('a stock client whose update is too large is closed with 4413 for good and does not come back', async () => {
    const t = await startTestServer({ limits: { maxMessageBytes: 16 * 1024 } })
    const board = await t.createBoard()
    const big = connectPeer(t.wsUrl, board.id)
    const finalCloses: number[] = []
    big.provider.on('closed', (event) => finalCloses.push(event.code))
    await big.synced
    big.doc.getText('notes').insert(0, 'y'.repeat(20_000))
    await waitFor(() => finalCloses.length === 1, 5_000, 'the provider to give up')
    expect(finalCloses).toEqual([CloseCode.messageTooLarge])
    await sleep(500)
    expect(big.provider.wsconnected || big.provider.wsconnecting).toBe(false)
    expect(t.server.rooms.connectionsOnBoard(board.id)).toBe(0)
  })
})

describe('update and presence rates', () => {
  it('closes a socket flooding updates with 4529 and retry-after; what it sent past its burst is dropped; others are unaffected', async () => {
    const updateRate = { perSecond: 20, burst: 40 }
    const t = await startTestServer({ limits: { updateRate } })
    const board = await t.createBoard()
    const { b, stillSyncing } = await twoPeers(t.wsUrl, board.id)

    const flooder = openRawSocket(t.wsUrl, board.id)
    await joined(flooder)
    const started = Date.now()
    for (const frame of updateFrames(300)) flooder.ws.send(frame)
    const closed = await closeOf(flooder)
    const elapsedSeconds = (Date.now() - started) / 1000
    expect(closed.code).toBe(CloseCode.rateLimited)
    expect(closed.reason).toMatch(/^rate-limited; retry-after=\d+$/)
    expect(retryAfterFromReason(closed.reason)).toBe(updateRate.burst / updateRate.perSecond)
    expect(t.server.rooms.stats.rateLimitedCloses).toBe(1)

    await stillSyncing()
    await waitFor(() => t.server.rooms.loadedRoom(board.id)?.hasUnsavedChanges === false, 5_000, 'the room to store')
    const applied = floodKeys(await loadStoredDoc(t.server.storage, board.id)).length
    expect(applied).toBeGreaterThanOrEqual(updateRate.burst)
    expect(applied).toBeLessThanOrEqual(updateRate.burst + Math.ceil(updateRate.perSecond * elapsedSeconds) + 1)
    expect(floodKeys(b.doc).length).toBe(applied)
  })

  it('closes a socket flooding presence with 4529; its updates count against their own rate; others’ presence still flows', async () => {
    const awarenessRate = { perSecond: 10, burst: 20 }
    const t = await startTestServer({ limits: { awarenessRate } })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id, { presence: { name: 'Ani' } })
    const b = connectPeer(t.wsUrl, board.id, { presence: { name: 'Budi' } })
    await Promise.all([a.synced, b.synced])

    const flooder = openRawSocket(t.wsUrl, board.id)
    await joined(flooder)
    // 30 updates: more than the presence burst, fine for the update rate.
    for (const frame of updateFrames(30)) flooder.ws.send(frame)
    await waitFor(() => floodKeys(b.doc).length === 30, 5_000, 'the flooder’s 30 updates at B')
    expect(flooder.ws.readyState).toBe(flooder.ws.OPEN)

    for (const frame of awarenessFrames(200)) flooder.ws.send(frame)
    const closed = await closeOf(flooder)
    expect(closed.code).toBe(CloseCode.rateLimited)
    expect(retryAfterFromReason(closed.reason)).toBe(awarenessRate.burst / awarenessRate.perSecond)

    a.awareness.setLocalStateField('cursor', { x: 42, y: 7 })
    await waitFor(() => (b.awareness.getStates().get(a.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === 42, 3_000, 'A’s cursor at B')
  })
})

describe('sockets per board and per address', () => {
  it('refuses one socket more than maxConnectionsPerBoard with 4530 and retry-after; a freed place can be taken', async () => {
    const t = await startTestServer({ limits: { maxConnectionsPerBoard: 3 } })
    const board = await t.createBoard()
    const other = await t.createBoard()
    const first = [openRawSocket(t.wsUrl, board.id), openRawSocket(t.wsUrl, board.id), openRawSocket(t.wsUrl, board.id)]
    await Promise.all(first.map((raw) => joined(raw)))
    expect(t.server.rooms.connectionsOnBoard(board.id)).toBe(3)

    const fourth = openRawSocket(t.wsUrl, board.id)
    const closed = await closeOf(fourth)
    expect(closed.code).toBe(CloseCode.tooManyConnections)
    expect(closed.reason).toMatch(/^too-many-connections; retry-after=\d+$/)
    const retryAfter = retryAfterFromReason(closed.reason)!
    expect(retryAfter).toBeGreaterThanOrEqual(5)
    expect(retryAfter).toBeLessThanOrEqual(15)
    expect(t.server.rooms.connectionsOnBoard(board.id)).toBe(3)
    expect(t.server.rooms.stats.tooManyConnectionsRefusals).toBe(1)

    // Another board is not full, and the three already there keep syncing.
    await syncRaw(openRawSocket(t.wsUrl, other.id))
    await syncRaw(first[0]!)

    first[0]!.ws.close()
    await waitFor(() => t.server.rooms.connectionsOnBoard(board.id) === 2, 3_000, 'the place to be freed')
    const peer = connectPeer(t.wsUrl, board.id)
    await peer.synced
    expect(t.server.rooms.connectionsOnBoard(board.id)).toBe(3)
  })

  it('counts sockets by the TCP peer address, never by a header, across boards', async () => {
    const t = await startTestServer({ limits: { maxConnectionsPerAddress: 2 } })
    const boards = [await t.createBoard(), await t.createBoard(), await t.createBoard()]
    const mine = [openRawSocket(t.wsUrl, boards[0]!.id), openRawSocket(t.wsUrl, boards[1]!.id)]
    await Promise.all(mine.map((raw) => joined(raw)))
    expect(t.server.rooms.connectionsFromAddress('127.0.0.1')).toBe(2)

    // A third from 127.0.0.1, to another board, claiming to be someone else: refused.
    const third = openRawSocket(t.wsUrl, boards[2]!.id, { headers: { 'x-forwarded-for': '10.9.8.7', 'x-real-ip': '10.9.8.7' } })
    const closed = await closeOf(third)
    expect(closed.code).toBe(CloseCode.tooManyConnections)
    expect(retryAfterFromReason(closed.reason)).toBeGreaterThanOrEqual(5)

    // The same person from another address gets in.
    const elsewhere = openRawSocket(t.wsUrl, boards[2]!.id, { localAddress: '127.0.0.2' })
    await syncRaw(elsewhere)
    expect(t.server.rooms.connectionsFromAddress('127.0.0.2')).toBe(1)
    expect(t.server.rooms.connectionsFromAddress('10.9.8.7')).toBe(0)

    // Closing one frees a place for that address.
    mine[1]!.ws.close()
    await waitFor(() => t.server.rooms.connectionsFromAddress('127.0.0.1') === 1, 3_000, 'the place to be freed')
    await syncRaw(openRawSocket(t.wsUrl, boards[2]!.id))
    expect(t.server.rooms.connectionsFromAddress('127.0.0.1')).toBe(2)
    expect(elsewhere.ws.readyState).toBe(elsewhere.ws.OPEN)
  })
})
