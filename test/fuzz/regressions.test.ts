/**
 * What the fuzzers found, cut down to one frame or one scenario each, so each stays fixed. Every frame here used to
 * take the server process down (an exception thrown by Yjs inside the room's flush, an unhandled rejection), or a
 * scenario lost edits, closed a good client for good, or hung a shutdown.
 */
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeUpdate } from '../../server/collab/messages'
import { SqliteStorage } from '../../server/storage/SqliteStorage'
import { boardRecords } from '../../shared/boardDoc'
import { CloseCode } from '../../shared/codes'
import { geoShape } from '../fixtures/geoShape'
import { cleanup, connectPeer, docFromStored, loadStoredDoc, openRawSocket, sleep, waitFor, withDelayedDocs, withTimeout } from '../helpers/server'
import { deepNest, lastRecordsId } from './frames'
import { startFuzzServer, watchProcess, type FuzzServer } from './server'

const servers: FuzzServer[] = []
afterEach(async () => {
  await cleanup()
  for (const t of servers.splice(0)) await t.dispose().catch(() => {})
})

async function server(options: Parameters<typeof startFuzzServer>[0] = {}): Promise<FuzzServer> {
  const t = await startFuzzServer(options)
  servers.push(t)
  return t
}

function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'))
}

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

describe('fuzz findings: single frames', () => {
  /** What each frame is made from: the board's stored state (for frames that build on it). */
  type Make = (board: Uint8Array) => Uint8Array
  const nullEntry: Make = (board) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, board)
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.getArray('records').push([null])
    return syncUpdate(updates[0]!)
  }
  const emptyItem =
    (contentRef: number): Make =>
    (board) => {
      // One item with no content (ContentAny: ref 8, ContentJSON: 2, ContentDeleted: 1), after the last records entry.
      const { client, clock } = lastRecordsId(board)
      const e = encoding.createEncoder()
      for (const n of [1, 1, 4242, 0]) encoding.writeVarUint(e, n)
      encoding.writeUint8(e, 0x80 | contentRef)
      for (const n of [client, clock, 0, 0]) encoding.writeVarUint(e, n)
      return syncUpdate(encoding.toUint8Array(e))
    }
  const frames: Array<[string, Make, readonly number[]]> = [
    ['an empty delete range (Yjs: "Unexpected case" in UpdateEncoderV2.writeDsLen)', () => hex('000206000101010000'), [CloseCode.malformedMessage]],
    ['an item whose parent is a later item of its own client (Yjs: TypeError in getItemCleanEnd)', () => hex('00020c0101070008000705017d0100'), [CloseCode.malformedMessage]],
    ['an item whose origin is a later item of its own client', () => hex('00020b01010700880705017d0100'), [CloseCode.malformedMessage]],
    ['a delete range at a clock past 2^53 (clock + 1 === clock, then "Unexpected case")', () => hex('000210000194000194ce87fcce87fc15010501'), [CloseCode.malformedMessage]],
    ['a null entry in records (crashed every stock client’s YKeyValue)', nullEntry, [CloseCode.invalidRecord, CloseCode.malformedMessage]],
    ['an empty ContentAny item in records (every connected client’s YKeyValue throws on each later write)', emptyItem(8), [CloseCode.malformedMessage, CloseCode.invalidRecord]],
    ['an empty ContentJSON item in records', emptyItem(2), [CloseCode.malformedMessage, CloseCode.invalidRecord]],
    ['an empty ContentDeleted item (Yjs: "Unexpected case" in tryMergeDeleteSet, after the doc changed)', emptyItem(1), [CloseCode.malformedMessage]],
    [
      '3000 nested Y.Maps deleted in the same update (Yjs: stack overflow in ContentType.gc)',
      (board) => syncUpdate(deepNest(7, board, 3000, true)),
      [CloseCode.malformedMessage, CloseCode.invalidRecord, CloseCode.messageTooLarge],
    ],
  ]

  for (const [label, frame, codes] of frames) {
    it(`${label}: closes that socket, the server lives on, the other client is untouched`, async () => {
      const watch = watchProcess()
      try {
        const t = await server()
        const board = await t.createBoard()
        const good = connectPeer(t.wsUrl, board.id, { as: t.owner, origin: t.url })
        await good.synced
        const raw = openRawSocket(t.wsUrl, board.id, { as: t.owner, origin: t.url })
        await raw.opened
        await waitFor(() => raw.received.length > 0, 3_000, 'the room to take the socket')
        raw.ws.send(frame(Y.encodeStateAsUpdate(await loadStoredDoc(t.server.storage, board.id))))
        const closed = await withTimeout(raw.closed, 3_000, 'the close of the socket')
        await sleep(50)
        expect(watch.crashes, 'uncaught errors').toEqual([])
        expect(codes, `close code ${closed.code} ${closed.reason}`).toContain(closed.code)
        expect(await t.healthy()).toBe(true)
        // The board still takes edits and stores them.
        boardRecords(good.doc).set(geoShape(1).id, geoShape(1))
        await waitFor(async () => boardRecords(await loadStoredDoc(t.server.storage, board.id)).get(geoShape(1).id) !== undefined, 3_000, 'the edit to be stored')
        expect(watch.alarming()).toEqual([])
      } finally {
        watch.stop()
      }
    })
  }
})

describe('fuzz findings: scenarios', () => {
  it('a client that edits as its socket reopens, before its offline edits went through, is not closed and loses nothing', async () => {
    // Convergence fuzz: "c1 reconnects (and edits as the socket opens)" → 4400 "the update builds on changes this
    // board does not have", final for the stock client, and the offline edits never reached the server.
    const t = await server()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id, { as: t.owner, origin: t.url })
    await a.synced
    const closes: string[] = []
    a.provider.on('connection-close', (event) => closes.push(`${event?.code} ${event?.reason}`))
    a.provider.disconnect()
    const shape = geoShape(1)
    boardRecords(a.doc).set(shape.id, shape)
    a.provider.on('status', ({ status }) => {
      if (status === 'connected') boardRecords(a.doc).set(shape.id, { ...shape, x: 500 })
    })
    a.provider.connect()
    await waitFor(
      async () => (boardRecords(await loadStoredDoc(t.server.storage, board.id)).get(shape.id) as { x?: number } | undefined)?.x === 500,
      5_000,
      'the moved shape to be stored',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; closes after the reconnect: ${JSON.stringify(closes.slice(1))}`)
    })
    expect(closes.slice(1)).toEqual([])
  })

  it('an update is stored once, however long the store takes', async () => {
    // Convergence fuzz with appends held back: "storing updates failed … The database connection is not open" after
    // a restart. Room.flush started while `flushing` was still null (it is set after flush() returns), so the update
    // applied in its first, synchronous part scheduled a second flush loop, which appended the same batch again.
    const t = await server({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 20 }) })
    const board = await t.createBoard()
    const rowsBefore = (await t.server.storage.docs.load(board.id)).updates.length
    const raw = openRawSocket(t.wsUrl, board.id, { as: t.owner, origin: t.url })
    await raw.opened
    await waitFor(() => raw.received.length > 0, 3_000, 'the room to take the socket')
    const doc = docFromStored(await t.server.storage.docs.load(board.id))
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    boardRecords(doc).set(geoShape(1).id, geoShape(1))
    raw.ws.send(encodeUpdate(updates[0]!))
    await waitFor(async () => boardRecords(await loadStoredDoc(t.server.storage, board.id)).get(geoShape(1).id) !== undefined, 3_000, 'the update to be stored')
    await sleep(100)
    expect((await t.server.storage.docs.load(board.id)).updates.length).toBe(rowsBefore + 1)
  })

  it('a shutdown finishes when the last update it waits for was already known', async () => {
    // Room.flush leaves `flushWaiters` unresolved when the last inbox batch changes nothing (`continue` ends the
    // loop), so Room.close → RoomManager.shutdown → server.close() never finish. A stock client resends updates the
    // server already has (its sync step 2 after a reconnect), so this is an ordinary restart. (With a slow store a
    // second, spurious flush loop — the finding above — happens to resolve the waiters; here the store is fast.)
    const t = await server()
    const board = await t.createBoard()
    const raw = openRawSocket(t.wsUrl, board.id, { as: t.owner, origin: t.url })
    await raw.opened
    await waitFor(() => raw.received.length > 0, 3_000, 'the room to take the socket')
    const doc = docFromStored(await t.server.storage.docs.load(board.id))
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    boardRecords(doc).set(geoShape(1).id, geoShape(1))
    raw.ws.send(encodeUpdate(updates[0]!))
    await waitFor(async () => boardRecords(await loadStoredDoc(t.server.storage, board.id)).get(geoShape(1).id) !== undefined, 3_000, 'the update to be stored')
    await waitFor(() => t.server.rooms.loadedRoom(board.id)?.hasUnsavedChanges === false, 3_000, 'the room to be idle')
    // The same update again; the shutdown starts while it waits in the inbox (the same tick it arrived in).
    const room = t.server.rooms.loadedRoom(board.id)!
    const receive = room.receive.bind(room)
    let closing: Promise<void> | null = null
    room.receive = (connection, data) => {
      receive(connection, data)
      closing ??= t.server.close()
    }
    raw.ws.send(encodeUpdate(updates[0]!))
    await waitFor(() => closing !== null, 3_000, 'the duplicate to arrive')
    await withTimeout(closing!, 5_000, 'server.close() with an already-known update queued')
  })
})
