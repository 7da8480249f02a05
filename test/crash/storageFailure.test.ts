/**
 * A store that fails, in process: the real server and real SQLite, with the doc store's reads or writes made to
 * reject for a while (docs/PROTOCOL.md §3, rules 2 and 3).
 *
 * - A load that fails closes the socket with 4500 and caches nothing: no client ever gets an empty doc, and once the
 *   store answers again clients get everything stored, with the stored log untouched but for new edits.
 * - A write that fails keeps the edits in memory and retries: nothing is sent on before it is stored, the room is
 *   not unloaded, and once writes succeed everything is stored and clients converge.
 */
import type { TLRecord } from '@tldraw/tlschema'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { defaultRoomOptions } from '../../server/collab/Room'
import { SqliteStorage } from '../../server/storage/SqliteStorage'
import type { Storage, StoredDoc } from '../../server/storage/types'
import { boardRecords } from '../../shared/boardDoc'
import { CloseCode } from '../../shared/codes'
import { geoShape } from '../fixtures/geoShape'
import { cleanup, connectPeer, startTestServer, waitFor, withDocs, type Peer, type TestServerOptions } from '../helpers/server'
import { docFromLog, Editor, mergeVersions, onRecordChanges, recordsIn, shortfall, versionsIn, type Versions } from './harness'

afterEach(cleanup)

interface Faults {
  failLoads: boolean
  failAppends: boolean
  loads: number
  failedLoads: number
  appends: number
  failedAppends: number
}

function newFaults(): Faults {
  return { failLoads: false, failAppends: false, loads: 0, failedLoads: 0, appends: 0, failedAppends: 0 }
}

/** The same storage, with doc loads and/or appends rejecting while the matching flag is set. */
function withFaultyDocs(storage: Storage, faults: Faults): Storage {
  const docs = storage.docs
  return withDocs(storage, {
    async load(docId) {
      faults.loads++
      if (faults.failLoads) {
        faults.failedLoads++
        throw new Error('injected: the disk is unreadable')
      }
      return docs.load(docId)
    },
    async loadSince(docId, afterSeq) {
      if (faults.failLoads) throw new Error('injected: the disk is unreadable')
      return docs.loadSince(docId, afterSeq)
    },
    async append(docId, updates) {
      faults.appends++
      if (faults.failAppends) {
        faults.failedAppends++
        throw new Error('injected: the disk is full')
      }
      return docs.append(docId, updates)
    },
    compact: (docId, snapshot, throughSeq) => docs.compact(docId, snapshot, throughSeq),
    list: () => docs.list(),
    delete: (docId) => docs.delete(docId),
    size: (docId) => docs.size(docId),
  })
}

/** A server whose doc store fails on demand; `inner` is the real SQLite store underneath, to read it directly. */
async function faultyServer(rooms?: TestServerOptions['rooms']) {
  const faults = newFaults()
  let inner: SqliteStorage | null = null
  const t = await startTestServer({
    storage: (dir) => withFaultyDocs((inner = new SqliteStorage(dir)), faults),
    ...(rooms ? { rooms } : {}),
  })
  return { t, faults, inner: () => inner! }
}

function closeCodes(peer: Peer): Array<number | null> {
  const codes: Array<number | null> = []
  peer.provider.on('connection-close', (event) => codes.push(event ? event.code : null))
  return codes
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === b || (a !== null && b !== null && Buffer.from(a).equals(Buffer.from(b)))
}

/** The client ids whose operations an update inserts. */
function insertingClients(update: Uint8Array): Set<number> {
  return new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client))
}

function plain(records: Map<string, TLRecord>): Record<string, TLRecord> {
  return Object.fromEntries([...records].sort(([a], [b]) => (a < b ? -1 : 1)))
}

describe('a store that fails', () => {
  it('a load that fails closes with 4500 and never serves an empty doc; after recovery the stored board comes back whole', async () => {
    const { t, faults, inner } = await faultyServer({ idleUnloadMs: 50 })
    const board = await t.createBoard()

    // A and C share a first set of notes; C goes offline; A adds notes only the store has; A leaves; the room unloads.
    const a = connectPeer(t.wsUrl, board.id)
    const c = connectPeer(t.wsUrl, board.id)
    c.provider.maxBackoffTime = 100
    await Promise.all([a.synced, c.synced])
    for (let n = 1; n <= 5; n++) boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    await waitFor(() => recordsIn(c.doc).size === 7, 5_000, 'C to receive A’s first notes')
    c.provider.disconnect()
    for (let n = 6; n <= 10; n++) boardRecords(a.doc).set(geoShape(n).id, geoShape(n))
    await waitFor(async () => recordsIn(docFromLog(await inner().docs.load(board.id))).size === 12, 5_000, 'A’s notes to be stored')
    const expected = plain(recordsIn(a.doc))
    a.destroy()
    await waitFor(() => t.server.rooms.roomCount === 0, 5_000, 'the idle room to unload')
    const storedBefore: StoredDoc = await inner().docs.load(board.id)
    expect(plain(recordsIn(docFromLog(storedBefore)))).toEqual(expected)
    const loadsBefore = faults.loads

    // The store can no longer be read. C comes back with a note made offline; B is new and holds nothing.
    faults.failLoads = true
    const offline = geoShape('offline-c')
    boardRecords(c.doc).set(offline.id, offline)
    const b = connectPeer(t.wsUrl, board.id, { connect: false })
    b.provider.maxBackoffTime = 100
    const bCodes = closeCodes(b)
    const cCodes = closeCodes(c)
    const syncedWhileFailing: string[] = []
    for (const [name, peer] of [['B', b], ['C', c]] as const) {
      peer.provider.on('sync', (isSynced: boolean) => {
        if (isSynced && faults.failLoads) syncedWhileFailing.push(name)
      })
    }
    b.provider.connect()
    c.provider.connect()
    await waitFor(
      () =>
        // A sync while the store fails ends the wait at once (and fails below).
        syncedWhileFailing.length > 0 ||
        (bCodes.filter((code) => code === CloseCode.loadFailed).length >= 3 && cCodes.filter((code) => code === CloseCode.loadFailed).length >= 3),
      10_000,
      'B and C to be refused with 4500 several times (the stock provider retries 45xx)',
    )
    faults.failLoads = false
    // While the store failed: every close was 4500, nobody synced, B got nothing, nothing was cached or written.
    expect(bCodes.every((code) => code === CloseCode.loadFailed), `B's close codes ${bCodes.join()}`).toBe(true)
    expect(cCodes.filter((code) => code !== null).every((code) => code === CloseCode.loadFailed), `C's close codes ${cCodes.join()}`).toBe(true)
    expect(syncedWhileFailing).toEqual([])
    expect(recordsIn(b.doc).size).toBe(0)
    expect(faults.failedLoads).toBeGreaterThanOrEqual(3)
    const storedWhileFailing = await inner().docs.load(board.id)
    expect(sameBytes(storedWhileFailing.snapshot, storedBefore.snapshot)).toBe(true)
    expect(storedWhileFailing.updates.length).toBe(storedBefore.updates.length)
    expect(storedWhileFailing.lastSeq).toBe(storedBefore.lastSeq)

    // The store answers again: B and C reconnect by themselves and get everything that was stored, plus C's note.
    await waitFor(() => b.provider.synced && c.provider.synced, 10_000, 'B and C to sync once the store answers')
    await waitFor(() => {
      expect(plain(recordsIn(b.doc))).toEqual({ ...expected, [offline.id]: offline })
      expect(plain(recordsIn(c.doc))).toEqual(plain(recordsIn(b.doc)))
      return true
    }, 5_000, 'B and C to hold the stored board and C’s offline note')
    const fresh = geoShape(99)
    boardRecords(b.doc).set(fresh.id, fresh)
    const final = { ...expected, [offline.id]: offline, [fresh.id]: fresh }
    await waitFor(async () => {
      expect(plain(recordsIn(docFromLog(await inner().docs.load(board.id))))).toEqual(final)
      expect(plain(recordsIn(c.doc))).toEqual(final)
      return true
    }, 5_000, 'the new edits to be stored and reach C')

    // The stored log is what it was, followed by updates carrying only B's and C's new edits.
    const storedAfter = await inner().docs.load(board.id)
    expect(sameBytes(storedAfter.snapshot, storedBefore.snapshot)).toBe(true)
    storedBefore.updates.forEach((update, i) => expect(sameBytes(storedAfter.updates[i]!, update), `stored update ${i}`).toBe(true))
    const added = storedAfter.updates.slice(storedBefore.updates.length)
    expect(added.length).toBeGreaterThan(0)
    for (const update of added) {
      for (const client of insertingClients(update)) expect([b.doc.clientID, c.doc.clientID]).toContain(client)
    }
    // One load after recovery, shared by B and C: the failed ones cached nothing.
    expect(faults.loads - loadsBefore - faults.failedLoads).toBe(1)
  })

  it('a write that fails keeps the edits in memory and retries: nothing sent on unstored, the room stays, everything is stored in the end', async () => {
    const { t, faults, inner } = await faultyServer({
      idleUnloadMs: 50,
      room: { ...defaultRoomOptions, retryDelayMs: 10, maxRetryDelayMs: 100 },
    })
    const board = await t.createBoard()
    const editors = [0, 1, 2].map((i) => new Editor(i, t.wsUrl, board.id, t.owner, t.url))
    const [a, b, c] = editors as [Editor, Editor, Editor]
    await Promise.all(editors.map((e) => e.peer.synced))
    const room = t.server.rooms.loadedRoom(board.id)!
    expect(room).toBeDefined()
    const loadsAtStart = faults.loads

    // Whenever a client receives a record version, read the store at that very moment (SQLite answers synchronously
    // inside the call): the version must already be there.
    const checks: Array<{ who: number; got: Versions; stored: Promise<StoredDoc> }> = []
    for (const editor of editors) {
      onRecordChanges(editor.doc, (changes, transaction) => {
        if (transaction.origin !== editor.peer.provider) return
        const got: Versions = new Map()
        for (const [key, change] of changes) {
          const v = change.action === 'delete' ? undefined : (change.newValue.meta as { v?: number }).v
          if (typeof v === 'number') got.set(key, v)
        }
        if (got.size > 0) checks.push({ who: editor.index, got, stored: inner().docs.load(board.id) })
      })
    }

    for (const editor of editors) editor.start(12)
    await waitFor(() => editors.every((e) => e.receivedCount > 20), 5_000, 'edits to flow')

    // The store starts refusing writes.
    faults.failAppends = true
    await waitFor(() => faults.failedAppends >= 1, 5_000, 'a write to fail')
    const storedWhenFailing = await inner().docs.load(board.id)
    // Three retries later (≥ 70 ms), whatever was sent before the first failure has arrived.
    await waitFor(() => faults.failedAppends >= 4 && editors.every((e) => e.version > 30), 5_000, 'the room to retry while clients keep editing')
    const receivedWhenFailing = editors.map((e) => e.receivedCount)
    expect(room.hasUnsavedChanges).toBe(true)

    // C sends its last edits and leaves for good: they exist only in the server's memory now.
    c.stop()
    c.destroy()
    await waitFor(() => room.connections.size === 2, 5_000, 'the server to see C leave (after C’s last frames)')
    // A and B drop off too: an empty room with unstored edits must stay loaded however often its unload comes due.
    a.peer.provider.disconnect()
    b.peer.provider.disconnect()
    await waitFor(() => room.connections.size === 0, 5_000, 'the room to be empty')
    const emptySince = Date.now()
    while (Date.now() - emptySince < 500) {
      expect(t.server.rooms.loadedRoom(board.id)).toBe(room)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(room.hasUnsavedChanges).toBe(true)

    // A and B come back while writes still fail: they are let in but nothing unstored reaches them.
    a.peer.provider.connect()
    b.peer.provider.connect()
    await waitFor(() => room.connections.size === 2, 5_000, 'A and B to reconnect')
    await waitFor(() => faults.failedAppends >= 8, 5_000, 'more failed retries')
    expect(editors.map((e) => e.receivedCount), 'record versions received while nothing could be stored').toEqual(receivedWhenFailing)
    const storedStill = await inner().docs.load(board.id)
    expect(storedStill.lastSeq).toBe(storedWhenFailing.lastSeq)
    const failedDuringOutage = faults.failedAppends

    // The store recovers.
    faults.failAppends = false
    await waitFor(() => a.synced && b.synced, 10_000, 'A and B to sync once writes succeed')
    a.stop()
    b.stop()
    const everything = mergeVersions(a.written, b.written, c.written)
    await waitFor(() => {
      expect(shortfall(everything, versionsIn(a.doc)), 'A lacks').toEqual([])
      expect(shortfall(everything, versionsIn(b.doc)), 'B lacks').toEqual([])
      return true
    }, 10_000, 'A and B to hold every version written by A, B and C')
    expect(versionsIn(b.doc)).toEqual(versionsIn(a.doc))
    await waitFor(() => !room.hasUnsavedChanges, 5_000, 'everything to be stored')
    const stored = docFromLog(await inner().docs.load(board.id))
    expect(versionsIn(stored)).toEqual(versionsIn(a.doc))
    expect(shortfall(c.written, versionsIn(stored)), 'C’s edits held only in memory during the outage').toEqual([])

    // Never unloaded, never reloaded; and every version a client received was already stored when it arrived.
    expect(t.server.rooms.loadedRoom(board.id)).toBe(room)
    expect(faults.loads).toBe(loadsAtStart)
    let checked = 0
    for (const check of checks) {
      const storedDoc = docFromLog(await check.stored)
      expect(shortfall(check.got, versionsIn(storedDoc)), `versions editor ${check.who} received before they were stored`).toEqual([])
      storedDoc.destroy()
      checked++
    }
    // One check per update frame received; the room merges updates stored together, so there are fewer frames than edits.
    expect(checked).toBeGreaterThan(20)
    console.info('[crash] failing writes:', {
      failedAppends: failedDuringOutage,
      writes: a.version + b.version + c.version,
      cWrites: c.version,
      receivedChecks: checked,
      recordsAtEnd: versionsIn(stored).size,
    })
  })
})
