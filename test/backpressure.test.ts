/**
 * A socket that stops reading (a phone on weak data, here a raw socket whose TCP stream is paused) while others
 * write: presence to it is skipped once its outgoing buffer passes the soft limit, it is closed with 4508 once the
 * buffer passes the hard limit, and the server never buffers more than that for it. Document frames are never
 * skipped: everything sent before the close arrives, then the close.
 */
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Connection } from '../server/collab/Connection'
import * as decoding from 'lib0/decoding'
import { encodeSyncStep1, MessageType, SyncType } from '../server/collab/messages'
import { CloseCode } from '../shared/codes'
import { awarenessFrames, closeOf, floodKeys, joined, syncRaw, updateFrames } from './helpers/frames'
import { cleanup, connectPeer, openRawSocket, sleep, startTestServer, waitFor } from './helpers/server'

afterEach(cleanup)

const softBufferBytes = 64 * 1024
const hardBufferBytes = 512 * 1024
const updateBytes = 32 * 1024
/**
 * The flood's padding compresses to almost nothing, and the limits count the bytes a socket holds, compressed: with
 * compression on, the flood would never reach them. These tests are about the limits, so frames go uncompressed.
 */
const compressAboveBytes = 0

/** The TCP socket under a `ws` client socket. */
function tcpOf(ws: unknown): Socket {
  return (ws as { _socket: Socket })._socket
}

describe('backpressure', () => {
  it('a reader that stops reading loses presence first, then is closed with 4508; its buffer stays bounded; the writer and others go on', async () => {
    const t = await startTestServer({
      limits: {
        compressAboveBytes,
        softBufferBytes,
        hardBufferBytes,
        updateRate: { perSecond: 100_000, burst: 100_000 },
        awarenessRate: { perSecond: 100_000, burst: 100_000 },
      },
      // The flood is bigger than a board may grow by default.
      rooms: { room: { maxDocumentBytes: 1024 * 1024 * 1024 } },
    })
    const board = await t.createBoard()
    const rooms = t.server.rooms

    const reader = openRawSocket(t.wsUrl, board.id)
    await syncRaw(reader)
    const readerConnection = rooms.connections().find((c) => c.isOpen) as Connection
    expect(rooms.connections()).toHaveLength(1)
    const writer = openRawSocket(t.wsUrl, board.id)
    await syncRaw(writer)
    const bystander = connectPeer(t.wsUrl, board.id)
    await bystander.synced

    // The reader stops reading: the kernel buffers fill, then the server's.
    tcpOf(reader.ws).pause()

    const frames = updateFrames(2_000, { bytes: updateBytes })
    const presence = awarenessFrames(2_000)
    const largestFrame = Math.max(...frames.map((f) => f.byteLength), ...presence.map((f) => f.byteLength)) + 14
    let sent = 0
    let maxBuffered = 0
    let droppedWhileOpen = 0
    while (readerConnection.isOpen && sent < frames.length) {
      writer.ws.send(frames[sent]!)
      writer.ws.send(presence[sent]!)
      sent++
      const buffered = readerConnection.socket.bufferedAmount
      maxBuffered = Math.max(maxBuffered, buffered)
      // One update per batch of the room (it stores and sends at most every 20 ms: at full speed one batch could
      // carry the buffer from below the soft limit past the hard one), and past the soft limit one per tick and a
      // half, so that several presence ticks (every 40 ms) fall between the two limits.
      await sleep(buffered > softBufferBytes ? 60 : 25)
      maxBuffered = Math.max(maxBuffered, readerConnection.socket.bufferedAmount)
      if (readerConnection.isOpen) droppedWhileOpen = readerConnection.droppedPresenceFrames
    }
    expect(readerConnection.isOpen, `the reader still open after ${sent} updates of ${updateBytes} bytes`).toBe(false)
    maxBuffered = Math.max(maxBuffered, readerConnection.socket.bufferedAmount)

    // Presence was skipped before the close, and it was the hard limit that closed it.
    expect(droppedWhileOpen).toBeGreaterThanOrEqual(2)
    expect(rooms.stats.droppedPresenceFrames).toBeGreaterThanOrEqual(droppedWhileOpen)
    expect(rooms.stats.slowConsumerCloses).toBe(1)
    // Bounded: never more than the hard limit plus the one frame that crossed it.
    expect(readerConnection.peakBufferedAmount).toBeGreaterThan(hardBufferBytes)
    expect(readerConnection.peakBufferedAmount).toBeLessThanOrEqual(hardBufferBytes + largestFrame)
    expect(maxBuffered).toBeLessThanOrEqual(hardBufferBytes + largestFrame)
    // Nothing more is queued for it however much the writer goes on sending.
    const bufferedAtClose = readerConnection.socket.bufferedAmount
    for (const frame of frames.slice(sent, sent + 50)) writer.ws.send(frame)
    await waitFor(() => floodKeys(bystander.doc).length === Math.min(frames.length, sent + 50), 10_000, 'the bystander to get every update')
    expect(readerConnection.socket.bufferedAmount).toBeLessThanOrEqual(bufferedAtClose)

    // Reading again, the reader gets every document frame the server sent it, in full, then 4508.
    tcpOf(reader.ws).resume()
    const closed = await closeOf(reader, 15_000)
    expect(closed.code).toBe(CloseCode.slowConsumer)
    expect(closed.reason).toMatch(/^slow-consumer; buffered=\d+$/)
    const docFrames = reader.received.filter((f) => f[0] === MessageType.sync).length
    const presenceFrames = reader.received.filter((f) => f[0] === MessageType.awareness).length
    expect(docFrames).toBe(readerConnection.framesSent.doc)
    expect(presenceFrames).toBe(readerConnection.framesSent.presence)

    // The writer was never touched, and a newcomer syncs everything.
    expect(writer.ws.readyState).toBe(writer.ws.OPEN)
    const late = connectPeer(t.wsUrl, board.id)
    await late.synced
    expect(floodKeys(late.doc).length).toBe(floodKeys(bystander.doc).length)
  })

  /** A server with a 128 KiB hard limit and a board of about 8 MiB (more than the kernel's socket buffers take). */
  async function bigBoard() {
    const t = await startTestServer({
      limits: { compressAboveBytes, softBufferBytes: 16 * 1024, hardBufferBytes: 128 * 1024, updateRate: { perSecond: 10_000, burst: 10_000 } },
    })
    const board = await t.createBoard()
    const writer = openRawSocket(t.wsUrl, board.id)
    await joined(writer)
    for (const frame of updateFrames(256, { bytes: updateBytes })) writer.ws.send(frame)
    const stored = (prefix: string, count: number) => {
      const room = t.server.rooms.loadedRoom(board.id)
      return room?.hasUnsavedChanges === false && floodKeys(room.doc, prefix).length === count
    }
    await waitFor(() => stored('k', 256), 10_000, 'the board to be written')
    return { t, board, writer, stored }
  }

  it('a joiner’s first sync of a board far larger than the hard limit does not count as falling behind', async () => {
    const { t, board, writer, stored } = await bigBoard()

    // The joiner asks for everything while not reading; the answer sits in the server's buffer.
    const joiner = openRawSocket(t.wsUrl, board.id)
    await joined(joiner)
    const joinerConnection = t.server.rooms.connections().at(-1)!
    tcpOf(joiner.ws).pause()
    // Sync step 1 with an empty state vector: send me the whole board.
    joiner.ws.send(encodeSyncStep1(new Uint8Array([0])))
    await waitFor(() => joinerConnection.framesSent.doc >= 2, 5_000, 'the sync step 2 to be sent')
    await waitFor(() => joinerConnection.socket.bufferedAmount > 8 * 128 * 1024, 5_000, 'the server to hold the first sync')
    // A few small updates while that first sync is still waiting to go out: sent, not a reason to close.
    for (const frame of updateFrames(5, { bytes: 100, prefix: 'small' })) writer.ws.send(frame)
    await waitFor(() => stored('small', 5), 5_000, 'the small updates to be stored')
    expect(joinerConnection.isOpen).toBe(true)
    expect(joinerConnection.socket.bufferedAmount).toBeGreaterThan(8 * 128 * 1024)
    expect(t.server.rooms.stats.slowConsumerCloses).toBe(0)
    tcpOf(joiner.ws).resume()
    await waitFor(() => joiner.received.filter((f) => f[0] === MessageType.sync).length === joinerConnection.framesSent.doc, 10_000, 'the joiner to read everything')
    // The whole board and then the five small updates (the room may merge updates stored together into one frame).
    const got = new Y.Doc()
    for (const frame of joiner.received) {
      const decoder = decoding.createDecoder(frame)
      if (decoding.readVarUint(decoder) !== MessageType.sync || decoding.readVarUint(decoder) === SyncType.step1) continue
      Y.applyUpdate(got, decoding.readVarUint8Array(decoder))
    }
    expect(floodKeys(got, 'k')).toHaveLength(256)
    expect(floodKeys(got, 'small')).toHaveLength(5)
  })
  it('asking for the whole board again and again without reading: only one answer is set aside, then 4508', async () => {
    const { t, board } = await bigBoard()
    const joiner = openRawSocket(t.wsUrl, board.id)
    await joined(joiner)
    const joinerConnection = t.server.rooms.connections().at(-1)!
    tcpOf(joiner.ws).pause()
    const boardBytes = Y.encodeStateAsUpdate(t.server.rooms.loadedRoom(board.id)!.doc).byteLength
    for (let n = 0; n < 10; n++) {
      joiner.ws.send(encodeSyncStep1(new Uint8Array([0])))
      await sleep(20)
    }
    await waitFor(() => !joinerConnection.isOpen, 5_000, 'the joiner to be closed')
    expect(t.server.rooms.stats.slowConsumerCloses).toBe(1)
    // The answer set aside, plus at most the hard limit and one more answer: never ten boards.
    expect(joinerConnection.framesSent.doc).toBeLessThanOrEqual(1 + 2)
    expect(joinerConnection.peakBufferedAmount).toBeLessThanOrEqual(2 * (boardBytes + 16) + 128 * 1024)
    tcpOf(joiner.ws).resume()
    expect((await closeOf(joiner, 15_000)).code).toBe(CloseCode.slowConsumer)
  })
  it('what was already waiting before a joiner’s sync still counts towards the hard limit', async () => {
    const { t, board, writer } = await bigBoard()
    const joiner = openRawSocket(t.wsUrl, board.id)
    await joined(joiner)
    const joinerConnection = t.server.rooms.connections().at(-1)!
    tcpOf(joiner.ws).pause()
    // Fill the kernel's buffers, then leave 64–96 KiB waiting in the server's: below the 128 KiB hard limit.
    const updates = updateFrames(400, { bytes: updateBytes, prefix: 'later' })
    let next = 0
    while (joinerConnection.socket.bufferedAmount <= 64 * 1024) {
      writer.ws.send(updates[next++]!)
      await waitFor(() => joinerConnection.framesSent.doc === 1 + next, 5_000, 'the update to be sent on')
    }
    expect(joinerConnection.isOpen).toBe(true)
    const waiting = joinerConnection.socket.bufferedAmount
    // Now the whole board (set aside), then three more updates: what waited before it plus them pass the limit.
    joiner.ws.send(encodeSyncStep1(new Uint8Array([0])))
    await waitFor(() => joinerConnection.framesSent.doc === 2 + next, 5_000, 'the sync step 2 to be sent')
    for (let n = 0; n < 3; n++) writer.ws.send(updates[next++]!)
    await waitFor(() => !joinerConnection.isOpen, 5_000, 'the joiner to be closed')
    expect(waiting + 2 * updateBytes).toBeGreaterThan(128 * 1024)
    expect(t.server.rooms.stats.slowConsumerCloses).toBe(1)
  })
})
