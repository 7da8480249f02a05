/**
 * The collaboration endpoint end to end: a real server on 127.0.0.1, a real SQLite DATA_DIR, and stock y-websocket
 * providers (no BroadcastChannel, so every byte goes through the server).
 */
import type { TLGeoShape, TLRecord } from '@tldraw/tlschema'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { defaultRoomOptions } from '../server/collab/Room'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import type { Storage } from '../server/storage/types'
import { boardRecords, initBoardDoc, RECORDS_KEY, type RecordEntry } from '../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../shared/boardSchema'
import { CloseCode } from '../shared/codes'
import { geoShape } from './fixtures/geoShape'
import {
  cleanup,
  connectPeer,
  docFromStored,
  loadStoredDoc,
  openRawSocket,
  sleep,
  startTestServer,
  waitFor,
  withDelayedDocs,
  withTimeout,
  type Peer,
} from './helpers/server'

afterEach(cleanup)


/** The board's records by id, sorted, as plain JSON. */
function recordsOf(doc: Y.Doc): Record<string, TLRecord> {
  const entries = [...boardRecords(doc).map.entries()].map(([id, entry]) => [id, entry.val] as const)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries)
}

/** Records read straight from a doc's `records` array without attaching a YKeyValue (which may write to the doc). */
function rawRecordIds(doc: Y.Doc): string[] {
  return doc.getArray<RecordEntry>(RECORDS_KEY).toArray().map((entry) => entry.key)
}

/** Everything a test writes into a doc: the board records and a few raw Yjs types. */
function contentOf(doc: Y.Doc) {
  return {
    records: recordsOf(doc),
    raw: doc.getMap('raw').toJSON(),
    notes: doc.getText('notes').toString(),
    list: doc.getArray('list').toJSON(),
  }
}

function onCloseCodes(peer: Peer): number[] {
  const codes: number[] = []
  peer.provider.on('connection-close', (event) => {
    if (event) codes.push(event.code)
  })
  return codes
}

describe('collaboration over real sockets', () => {
  it('two stock clients converge on board records and raw Yjs types edited on both sides', async () => {
    const t = await startTestServer()
    const board = await t.createBoard('Rembug Desa Sukamaju')
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    await Promise.all([a.synced, b.synced])

    // Both got the board the server seeded on creation.
    expect(recordsOf(a.doc)['page:page']).toMatchObject({ typeName: 'page', name: 'Page 1' })
    expect(recordsOf(b.doc)['document:document']).toMatchObject({ typeName: 'document' })

    // Concurrent edits on both sides, including the same record written by both at once.
    const s1 = geoShape(1)
    const s2 = geoShape(2)
    const s3 = geoShape(3)
    // The fixture is a record tldraw itself accepts.
    expect(createBoardSchema().types.shape.validate(s1)).toEqual(s1)
    boardRecords(a.doc).set(s1.id, s1)
    boardRecords(b.doc).set(s2.id, s2)
    boardRecords(a.doc).set(s3.id, { ...s3, x: 111 })
    boardRecords(b.doc).set(s3.id, { ...s3, x: 222 })
    a.doc.getMap('raw').set('fromA', { votes: 3 })
    b.doc.getMap('raw').set('fromB', 'ok')
    b.doc.getText('notes').insert(0, 'Catatan dari B')
    a.doc.getArray('list').push(['a1', 'a2'])
    b.doc.getArray('list').push(['b1'])

    await waitFor(() => {
      expect(contentOf(b.doc)).toEqual(contentOf(a.doc))
      return true
    }, 5_000, 'A and B to converge')

    const content = contentOf(a.doc)
    expect(content.records[s1.id]).toEqual(s1)
    expect(content.records[s2.id]).toEqual(s2)
    expect([111, 222]).toContain((content.records[s3.id] as TLGeoShape).x)
    expect(content.raw).toEqual({ fromA: { votes: 3 }, fromB: 'ok' })
    expect(content.notes).toBe('Catatan dari B')
    expect([...content.list].sort()).toEqual(['a1', 'a2', 'b1'])
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc))

    // Later edits keep flowing both ways.
    boardRecords(b.doc).set(s1.id, { ...s1, x: -5 })
    await waitFor(() => (recordsOf(a.doc)[s1.id] as TLGeoShape | undefined)?.x === -5, 5_000, 'B’s move to reach A')
  })

  it('a client joining later receives the full state in its first sync', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    await Promise.all([a.synced, b.synced])
    for (let n = 1; n <= 10; n++) boardRecords(n % 2 ? a.doc : b.doc).set(geoShape(n).id, geoShape(n))
    a.doc.getText('notes').insert(0, 'agenda')
    b.doc.getMap('raw').set('k', 'v')
    await waitFor(() => {
      expect(contentOf(b.doc)).toEqual(contentOf(a.doc))
      return Object.keys(recordsOf(a.doc)).length === 12 && contentOf(a.doc).notes === 'agenda'
    }, 5_000, 'A and B to converge')

    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    // No waiting: the server's sync step 2 alone carries everything.
    expect(contentOf(c.doc)).toEqual(contentOf(a.doc))
    expect(Object.keys(contentOf(c.doc).records)).toHaveLength(12)
  })

  it('awareness of A reaches B and is removed when A disconnects (provider.destroy)', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id, { presence: { user: { name: 'Ani' } } })
    const b = connectPeer(t.wsUrl, board.id, { presence: { user: { name: 'Budi' } } })
    await Promise.all([a.synced, b.synced])
    const aId = a.doc.clientID
    await waitFor(() => (b.awareness.getStates().get(aId) as { user?: { name?: string } } | undefined)?.user?.name === 'Ani', 3_000, 'A’s presence at B')
    await waitFor(() => b.awareness.getStates().has(b.doc.clientID) && a.awareness.getStates().has(b.doc.clientID), 3_000, 'B’s presence at A')

    // Presence updates travel too.
    a.awareness.setLocalStateField('cursor', { x: 5, y: 7 })
    await waitFor(() => (b.awareness.getStates().get(aId) as { cursor?: { x: number } } | undefined)?.cursor?.x === 5, 3_000, 'A’s cursor at B')

    a.destroy()
    await waitFor(() => !b.awareness.getStates().has(aId), 3_000, 'A’s presence to leave B')
    expect(b.awareness.getStates().has(b.doc.clientID)).toBe(true)
  })

  it('awareness of A is removed by the server when A’s socket drops without saying goodbye', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id, { presence: { user: { name: 'Ani' } } })
    const b = connectPeer(t.wsUrl, board.id, { presence: { user: { name: 'Budi' } } })
    await Promise.all([a.synced, b.synced])
    const aId = a.doc.clientID
    await waitFor(() => b.awareness.getStates().has(aId), 3_000, 'A’s presence at B')

    // Kill A's TCP connection: no null-presence message is sent, only the server can tell B.
    a.provider.shouldConnect = false
    ;(a.provider.ws as unknown as WebSocket).terminate()
    await waitFor(() => !b.awareness.getStates().has(aId), 3_000, 'the server to remove A’s presence')

    // A newcomer is told about B but not about A.
    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    await waitFor(() => c.awareness.getStates().has(b.doc.clientID), 3_000, 'B’s presence at C')
    expect(c.awareness.getStates().has(aId)).toBe(false)
  })

  it('keeps the doc across a server restart on the same DATA_DIR', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    const aCloses = onCloseCodes(a)
    await Promise.all([a.synced, b.synced])
    for (let n = 1; n <= 5; n++) boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    a.doc.getText('notes').insert(0, 'sebelum restart')
    await waitFor(() => {
      expect(contentOf(b.doc)).toEqual(contentOf(a.doc))
      return contentOf(b.doc).notes === 'sebelum restart'
    }, 5_000, 'B to receive A’s edits')
    const before = contentOf(a.doc)
    b.destroy()

    await t.restart()
    await waitFor(() => aCloses.length > 0, 3_000, 'A to see its socket closed')
    expect(aCloses[0]).toBe(CloseCode.restarting)
    expect(t.server.rooms.roomCount).toBe(0)

    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    expect(contentOf(c.doc)).toEqual(before)

    // The old client reconnects by itself (same port) and keeps collaborating.
    await waitFor(() => a.provider.synced, 5_000, 'A to reconnect after the restart')
    boardRecords(a.doc).set(geoShape(6).id, geoShape(6))
    await waitFor(() => recordsOf(c.doc)[geoShape(6).id] !== undefined, 5_000, 'A’s post-restart edit to reach C')
  })

  it('compaction keeps the stored size bounded while the content stays equal', async () => {
    const compactAfterUpdates = 50
    // One client sends 2,000 updates as fast as it can: lift the per-socket update rate (4529 otherwise), so the log
    // is written in many batches instead of one resync.
    const t = await startTestServer({
      rooms: { room: { ...defaultRoomOptions, compactAfterUpdates } },
      limits: { updateRate: { perSecond: 100_000, burst: 100_000 } },
    })
    const board = await t.createBoard()
    const writer = connectPeer(t.wsUrl, board.id)
    const writerCloses = onCloseCodes(writer)
    await writer.synced
    let sentBytes = 0
    writer.doc.on('update', (update: Uint8Array) => (sentBytes += update.byteLength))

    const shapes = Array.from({ length: 20 }, (_, n) => geoShape(n + 1))
    for (const shape of shapes) boardRecords(writer.doc).set(shape.id, shape)
    const moves = 2_000
    for (let i = 0; i < moves; i++) {
      const shape = shapes[i % shapes.length]!
      boardRecords(writer.doc).set(shape.id, { ...shape, x: shape.x + i, y: shape.y - i })
      // Let the socket and the server breathe now and then, so the log is written in many batches.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve))
    }
    const expected = recordsOf(writer.doc)
    expect(Object.keys(expected)).toHaveLength(22)

    await waitFor(async () => {
      expect(recordsOf(await loadStoredDoc(t.server.storage, board.id))).toEqual(expected)
      return t.server.rooms.loadedRoom(board.id)?.hasUnsavedChanges === false
    }, 10_000, 'every move to be stored')

    expect(writerCloses).toEqual([])
    // The compaction after the last write may still be in flight on a networked store (PostgreSQL).
    await waitFor(async () => (await t.server.storage.docs.size(board.id)).updates < compactAfterUpdates, 5_000, 'the last compaction')
    const size = await t.server.storage.docs.size(board.id)
    const fresh = new Y.Doc()
    initBoardDoc(fresh, createBoardSchema(), initialBoardRecords())
    for (const record of Object.values(expected)) boardRecords(fresh).set(record.id, record)
    const freshBytes = Y.encodeStateAsUpdate(fresh).byteLength

    // Without compaction the log would hold every one of the ~2,000 updates.
    expect(sentBytes).toBeGreaterThan(50 * freshBytes)
    expect(size.updates).toBeLessThan(compactAfterUpdates)
    // At rest: one snapshot about the size of a fresh encode, plus fewer than 50 not yet folded moves (~450 B each).
    expect(size.bytes).toBeLessThan(4 * freshBytes)

    const reader = connectPeer(t.wsUrl, board.id)
    await reader.synced
    expect(recordsOf(reader.doc)).toEqual(expected)
  })

  it('two simultaneous first connections to a never-opened board share one room', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    expect(t.server.rooms.loadedRoom(board.id)).toBeUndefined()

    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    await Promise.all([a.synced, b.synced])
    expect(t.server.rooms.roomCount).toBe(1)
    const room = t.server.rooms.loadedRoom(board.id)
    expect(room?.connections.size).toBe(2)

    boardRecords(a.doc).set(geoShape(1).id, geoShape(1))
    boardRecords(b.doc).set(geoShape(2).id, geoShape(2))
    await waitFor(() => {
      expect(recordsOf(a.doc)).toEqual(recordsOf(b.doc))
      return Object.keys(recordsOf(a.doc)).length === 4
    }, 5_000, 'A and B to converge')
    expect(t.server.rooms.loadedRoom(board.id)).toBe(room)
  })

  it('loads a board once when sockets arrive while its load is still in flight', async () => {
    // The doc read is held back 100 ms (real SQLite underneath), so the second socket surely arrives mid-load.
    const calls = { loads: [] as string[] }
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { loadMs: 100 }, calls) })
    const board = await t.createBoard()

    const peers = [connectPeer(t.wsUrl, board.id), connectPeer(t.wsUrl, board.id), connectPeer(t.wsUrl, board.id)]
    await Promise.all(peers.map((p) => p.synced))
    expect(calls.loads.filter((id) => id === board.id)).toHaveLength(1)
    expect(t.server.rooms.roomCount).toBe(1)
    expect(t.server.rooms.loadedRoom(board.id)?.connections.size).toBe(3)

    peers.forEach((p, n) => boardRecords(p.doc).set(geoShape(n).id, geoShape(n)))
    await waitFor(
      () => peers.every((p) => Object.keys(recordsOf(p.doc)).length === 5 && JSON.stringify(recordsOf(p.doc)) === JSON.stringify(recordsOf(peers[0]!.doc))),
      5_000,
      'all three to converge',
    )
  })

  it('closes a socket to an unknown board with 4404, and the stock provider stops reconnecting', async () => {
    const t = await startTestServer()
    const unknownId = 'a'.repeat(24)

    const raw = openRawSocket(t.wsUrl, unknownId)
    expect(await raw.closed).toEqual({ code: CloseCode.boardNotFound, reason: 'board-not-found' })
    const malformedId = openRawSocket(t.wsUrl, 'not-a-board-id')
    expect((await malformedId.closed).code).toBe(CloseCode.boardNotFound)

    const peer = connectPeer(t.wsUrl, unknownId, { connect: false })
    const closes: number[] = []
    const terminal: number[] = []
    let attempts = 0
    peer.provider.on('connection-close', (event) => closes.push(event?.code ?? -1))
    peer.provider.on('closed', (event) => terminal.push(event.code))
    peer.provider.on('status', ({ status }) => {
      if (status === 'connecting') attempts++
    })
    peer.provider.connect()
    await expect(peer.synced).rejects.toThrow(/4404/)
    expect(closes).toEqual([CloseCode.boardNotFound])
    expect(terminal).toEqual([CloseCode.boardNotFound])
    // The first reconnect would come after 200 ms: nothing happens.
    await sleep(600)
    expect(attempts).toBe(1)
    expect(peer.provider.ws).toBeNull()
    expect(peer.provider.synced).toBe(false)
    expect(t.server.rooms.roomCount).toBe(0)
  })

  it('closes only the offending socket with 4400 on a malformed frame; others keep syncing', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    const aCloses = onCloseCodes(a)
    const bCloses = onCloseCodes(b)
    await Promise.all([a.synced, b.synced])

    const badFrames: Array<[string, Uint8Array | string]> = [
      ['a text frame', 'hello'],
      ['random bytes', new Uint8Array([0xde, 0xad, 0xbe, 0xef])],
      ['an empty frame', new Uint8Array([])],
      ['an unknown message type', new Uint8Array([7, 1, 2])],
      ['a sync update with a truncated payload', new Uint8Array([0, 2, 10, 1, 2, 3])],
      ['an unknown sync sub-type', new Uint8Array([0, 9, 0])],
      ['trailing bytes after a message', new Uint8Array([3, 0])],
      ['a sync update whose payload is not a Yjs update', new Uint8Array([0, 2, 3, 0xff, 0xff, 0xff])],
      ['a sync step 1 whose state vector is garbage', new Uint8Array([0, 0, 3, 0xff, 0xff, 0xff])],
      ['an awareness message with a garbage payload', new Uint8Array([1, 3, 0xff, 0xff, 0xff])],
    ]
    let n = 0
    for (const [label, frame] of badFrames) {
      const raw = openRawSocket(t.wsUrl, board.id)
      await raw.opened
      // Once the server's sync step 1 arrived, the socket is in the room.
      await waitFor(() => raw.received.length > 0, 3_000, `the room to take the socket (${label})`)
      raw.ws.send(frame)
      const closed = await withTimeout(raw.closed, 3_000, `the close after ${label}`)
      expect(closed.code, label).toBe(CloseCode.malformedMessage)

      // The others still sync both ways.
      n++
      boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
      await waitFor(() => recordsOf(b.doc)[geoShape(n).id] !== undefined, 3_000, `B to receive A’s edit after ${label}`)
    }
    b.doc.getText('notes').insert(0, 'still here')
    await waitFor(() => a.doc.getText('notes').toString() === 'still here', 3_000, 'A to receive B’s edit')

    expect(aCloses).toEqual([])
    expect(bCloses).toEqual([])
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
    expect(t.server.rooms.loadedRoom(board.id)?.connections.size).toBe(2)
    // Nothing of the garbage reached the doc: a newcomer gets exactly what A has.
    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    expect(contentOf(c.doc)).toEqual(contentOf(a.doc))
    expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc))
  })

  it('a malformed frame sent before the room is loaded closes that socket with 4400 too', async () => {
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { loadMs: 100 }) })
    const board = await t.createBoard()
    const raw = openRawSocket(t.wsUrl, board.id)
    await raw.opened
    raw.ws.send(new Uint8Array([0xde, 0xad]))
    expect((await withTimeout(raw.closed, 3_000, 'the close of the offending socket')).code).toBe(CloseCode.malformedMessage)
    const a = connectPeer(t.wsUrl, board.id)
    await a.synced
    expect(recordsOf(a.doc)['page:page']).toBeDefined()
  })

  /** Records what `doc` holds and, at that same moment, what the store holds (SQLite answers synchronously). */
  function storeProbe(storage: () => Storage, boardId: string) {
    const checks: Array<Promise<{ who: string; seen: Record<string, TLRecord>; stored: Record<string, TLRecord> }>> = []
    return {
      checks,
      check(who: string, doc: Y.Doc) {
        const seen = recordsOf(doc)
        const stored = storage().docs.load(boardId)
        checks.push(stored.then((s) => ({ who, seen, stored: recordsOf(docFromStored(s)) })))
      },
      /** Every record each observer saw was already stored, with the same value, when it saw it. */
      async expectAllSeenWereStored() {
        const results = await Promise.all(checks)
        for (const { who, seen, stored } of results) {
          for (const [id, record] of Object.entries(seen)) expect(stored[id], `${id} stored when ${who} saw it`).toEqual(record)
        }
        return results
      },
    }
  }

  it.each([
    { store: 'SQLite as is', appendMs: 0 },
    // Held back, a server that sent before its write finished would surely be caught.
    { store: 'SQLite with appends held back 40 ms', appendMs: 40 },
  ])('an update reaches other clients only after it is stored, and so does a joiner’s first state ($store)', async ({ appendMs }) => {
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs }) })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    await Promise.all([a.synced, b.synced])

    const probe = storeProbe(() => t.server.storage, board.id)
    b.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === b.provider) probe.check('B on an update', b.doc)
    })

    const total = 30
    for (let n = 1; n <= total; n++) {
      boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
      if (n % 3 === 0 && n < total) await sleep(5)
    }
    // A joiner arriving while the last updates may still be being written: its first state must hold stored data only.
    const c = connectPeer(t.wsUrl, board.id)
    let cChecked = false
    c.provider.on('sync', (isSynced: boolean) => {
      if (isSynced && !cChecked) {
        cChecked = true
        probe.check('C on its first sync', c.doc)
      }
    })
    await waitFor(() => Object.keys(recordsOf(b.doc)).length === total + 2, 5_000, 'B to receive every edit')
    await c.synced
    await waitFor(() => Object.keys(recordsOf(c.doc)).length === total + 2, 5_000, 'C to receive every edit')

    const results = await probe.expectAllSeenWereStored()
    expect(results.filter((r) => r.who.startsWith('B')).length).toBeGreaterThan(1)
    expect(results.filter((r) => r.who.startsWith('C'))).toHaveLength(1)
  })

  it('a client asking for the state while updates are being written gets only stored data, then the rest', async () => {
    // Appends held back 60 ms leave a window wide enough to aim at; a raw socket sends its sync step 1 inside it.
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 60 }) })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    await a.synced
    const probe = storeProbe(() => t.server.storage, board.id)

    const raw = openRawSocket(t.wsUrl, board.id)
    await raw.opened
    await waitFor(() => raw.received.length > 0, 3_000, 'the room to take the raw socket')
    const replies: Y.Doc[] = []
    raw.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return
      const reply = new Y.Doc()
      Y.applyUpdate(reply, decoding.readVarUint8Array(decoder))
      replies.push(reply)
      probe.check('a joiner on its sync step 2', reply)
    })

    const room = t.server.rooms.loadedRoom(board.id)!
    const burst = Array.from({ length: 5 }, (_, i) => geoShape(i + 1))
    for (const shape of burst) boardRecords(a.doc).set(shape.id, shape)
    await waitFor(
      () => room.hasUnsavedChanges && rawRecordIds(room.doc).includes(burst.at(-1)!.id),
      3_000,
      'the server to hold the burst, not yet stored',
    )
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, 0) // sync
    encoding.writeVarUint(step1, 0) // step 1
    encoding.writeVarUint8Array(step1, Y.encodeStateVector(new Y.Doc()))
    raw.ws.send(encoding.toUint8Array(step1))
    await waitFor(() => replies.length === 1, 3_000, 'the sync step 2 reply')

    await probe.expectAllSeenWereStored()
    // Waiting for the write, the reply then carries the burst as well.
    for (const shape of burst) expect(recordsOf(replies[0]!)[shape.id]).toEqual(shape)
  })

  it('unloads an idle room after idleUnloadMs and reloads it with the same content', async () => {
    const t = await startTestServer({ rooms: { idleUnloadMs: 200 } })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    await a.synced
    for (let n = 1; n <= 3; n++) boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    const expected = recordsOf(a.doc)
    await waitFor(async () => {
      expect(recordsOf(await loadStoredDoc(t.server.storage, board.id))).toEqual(expected)
      return true
    }, 3_000, 'A’s edits to be stored')
    const firstRoom = t.server.rooms.loadedRoom(board.id)
    expect(firstRoom).toBeDefined()

    // A connected room is never unloaded.
    await sleep(400)
    expect(t.server.rooms.loadedRoom(board.id)).toBe(firstRoom)

    a.destroy()
    await sleep(50)
    expect(t.server.rooms.loadedRoom(board.id)).toBe(firstRoom)
    await waitFor(() => t.server.rooms.roomCount === 0, 3_000, 'the idle room to unload')

    const b = connectPeer(t.wsUrl, board.id)
    await b.synced
    expect(recordsOf(b.doc)).toEqual(expected)
    const secondRoom = t.server.rooms.loadedRoom(board.id)
    expect(secondRoom).toBeDefined()
    expect(secondRoom).not.toBe(firstRoom)

    // Coming back within the idle window cancels the unload.
    b.destroy()
    await sleep(100)
    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    await sleep(300)
    expect(t.server.rooms.loadedRoom(board.id)).toBe(secondRoom)
    expect(recordsOf(c.doc)).toEqual(expected)
  })

  it.each([
    { store: 'SQLite as is', appendMs: 0 },
    { store: 'SQLite with appends held back 50 ms', appendMs: 50 },
  ])('server.close() stores the edits received just before and closes client sockets with 4503 ($store)', async ({ appendMs }) => {
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs }) })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const b = connectPeer(t.wsUrl, board.id)
    const aCloses = onCloseCodes(a)
    const bCloses = onCloseCodes(b)
    await Promise.all([a.synced, b.synced])
    const room = t.server.rooms.loadedRoom(board.id)!
    const server = t.server

    const total = 40
    const lastId = geoShape(total).id
    let closing: Promise<void> | null = null
    let unsavedAtClose: boolean | null = null
    // Shut down (as on SIGTERM) the moment the server has applied the last edit, before its write had a chance to run.
    room.doc.on('update', () => {
      if (closing || !rawRecordIds(room.doc).includes(lastId)) return
      unsavedAtClose = room.hasUnsavedChanges
      closing = server.close()
    })
    for (let n = 1; n <= total; n++) boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    await waitFor(() => closing !== null, 5_000, 'the server to receive the last edit')
    await closing
    expect(unsavedAtClose).toBe(true)

    await waitFor(() => aCloses.length > 0 && bCloses.length > 0, 3_000, 'both clients to see the close')
    expect(aCloses[0]).toBe(CloseCode.restarting)
    expect(bCloses[0]).toBe(CloseCode.restarting)

    // Everything is in the database, read back with a fresh connection to the same file.
    const reopened = new SqliteStorage(t.dataDir)
    try {
      const stored = recordsOf(await loadStoredDoc(reopened, board.id))
      for (let n = 1; n <= total; n++) expect(stored[geoShape(n).id], `shape ${n}`).toEqual(geoShape(n))
    } finally {
      await reopened.close()
    }

    await t.restart()
    const c = connectPeer(t.wsUrl, board.id)
    await c.synced
    expect(Object.keys(recordsOf(c.doc))).toHaveLength(total + 2)
  })

  it('server.close() finishes while a client keeps writing, and nothing the client wrote is lost', async () => {
    // Appends take 30 ms (SQLite underneath, held back like a networked store) while A writes every 5 ms: the log
    // is never empty for long, so a shutdown that waits for "nothing pending" would never finish.
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 30 }) })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    const aCloses = onCloseCodes(a)
    await a.synced
    const room = t.server.rooms.loadedRoom(board.id)!
    let n = 0
    const writer = setInterval(() => {
      n++
      boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    }, 5)
    try {
      await sleep(150)
      const receivedAtClose = rawRecordIds(room.doc)
      const started = Date.now()
      await withTimeout(t.server.close(), 3_000, 'server.close() on a busy board')
      expect(Date.now() - started).toBeLessThan(1_000)
      await waitFor(() => aCloses.length > 0, 3_000, 'A to see the close')
      expect(aCloses[0]).toBe(CloseCode.restarting)

      // Everything the server had received when close() was called is stored.
      const reopened = new SqliteStorage(t.dataDir)
      try {
        const stored = recordsOf(await loadStoredDoc(reopened, board.id))
        expect(receivedAtClose.length).toBeGreaterThan(5)
        for (const id of receivedAtClose) expect(stored[id], id).toBeDefined()
      } finally {
        await reopened.close()
      }

      // What A wrote while the server was going down reaches the store once A reconnects to the restarted server.
      await t.restart()
      await waitFor(() => a.provider.synced, 5_000, 'A to reconnect')
    } finally {
      clearInterval(writer)
    }
    const expected = recordsOf(a.doc)
    expect(Object.keys(expected).length).toBe(n + 2)
    await waitFor(async () => {
      expect(recordsOf(await loadStoredDoc(t.server.storage, board.id))).toEqual(expected)
      return true
    }, 5_000, 'all of A’s records to be stored')
  })

  it('a client joining a busy board is answered within a write, with stored state only', async () => {
    // Appends take 30 ms while A writes every 5 ms, so something is always waiting to be stored. A joiner must still
    // get its first sync promptly — from what is stored, never from what is only in memory.
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 30 }) })
    const board = await t.createBoard()
    const a = connectPeer(t.wsUrl, board.id)
    await a.synced
    let n = 0
    const writer = setInterval(() => {
      n++
      boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    }, 5)
    try {
      await sleep(100)
      const b = connectPeer(t.wsUrl, board.id)
      let storedWhenSynced: Record<string, TLRecord> | null = null
      let seenBySync: string[] = []
      b.provider.once('sync', () => {
        seenBySync = rawRecordIds(b.doc)
      })
      await withTimeout(b.synced, 1_000, 'B to finish its first sync on a busy board')
      storedWhenSynced = recordsOf(await loadStoredDoc(t.server.storage, board.id))
      expect(seenBySync.length).toBeGreaterThan(2)
      for (const id of seenBySync) expect(storedWhenSynced[id], id).toBeDefined()
    } finally {
      clearInterval(writer)
    }
  })
})
