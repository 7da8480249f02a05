/**
 * The room stores and sends updates in batches (one merged frame per recipient per flush). These tests would fail if
 * batching dropped an update, reordered one writer's updates, sent anything before it was stored, or echoed a
 * writer's own updates back to it.
 */
import type { TLRecord } from '@tldraw/tlschema'
import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeUpdate, MessageType, SyncType } from '../server/collab/messages'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import type { StoredDoc } from '../server/storage/types'
import { boardRecords, readRecords } from '../shared/boardDoc'
import { geoShape } from './fixtures/geoShape'
import { cleanup, connectPeer, openRawSocket, startTestServer, waitFor, withDelayedDocs } from './helpers/server'
import { syncRaw } from './helpers/frames'

afterEach(cleanup)

/** The Yjs update of a sync update frame (`0, 2, …`), or null for any other frame. */
function updateOf(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== MessageType.sync || decoding.readVarUint(decoder) !== SyncType.update) return null
  return decoding.readVarUint8Array(decoder)
}

function docOf(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

function byId(doc: Y.Doc): Map<string, TLRecord> {
  return new Map(readRecords(doc).map((record) => [record.id, record]))
}

describe('batched broadcast', () => {
  it('every reader gets every update of several writers, in causal order, each only once stored, merged into fewer frames', async () => {
    // Appends held back 30 ms: updates pile up behind each write, so flushes carry batches from several writers.
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 30 }) })
    const board = await t.createBoard()
    const writers = [connectPeer(t.wsUrl, board.id), connectPeer(t.wsUrl, board.id), connectPeer(t.wsUrl, board.id)]
    // The room merges a batch only for eight or more recipients that sent nothing in it: seven onlookers and the reader.
    const onlookers = Array.from({ length: 7 }, () => connectPeer(t.wsUrl, board.id))
    await Promise.all([...writers, ...onlookers].map((p) => p.synced))
    const reader = openRawSocket(t.wsUrl, board.id)
    await syncRaw(reader)

    // The reader applies each update frame as it arrives; what it holds then is compared with what the store held at
    // that very moment (SQLite reads synchronously under the promise).
    const seen = new Y.Doc()
    // The board as the reader's sync gave it (the writers are synced and have written nothing yet).
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(writers[0]!.doc))
    let updateFrames = 0
    const violations: string[] = []
    const checks: Array<Promise<void>> = []
    reader.ws.on('message', (data: Buffer) => {
      const update = updateOf(new Uint8Array(data))
      if (!update) return
      const frame = ++updateFrames
      Y.applyUpdate(seen, update)
      // A dropped or reordered update leaves structs waiting for what they depend on.
      if (seen.store.pendingStructs !== null) violations.push(`frame ${frame} left pending structs`)
      const held = byId(seen)
      checks.push(
        t.server.storage.docs.load(board.id).then((stored) => {
          const inStore = byId(docOf(stored))
          for (const [id, record] of held) {
            if (JSON.stringify(inStore.get(id)) !== JSON.stringify(record)) violations.push(`frame ${frame}: ${id} seen before it was stored`)
          }
        }),
      )
    })

    // Each writer moves its own shape 40 times (each move depends on the one before) and creates 5 more shapes.
    const moves = 40
    for (let n = 1; n <= moves; n++) {
      writers.forEach((writer, w) => {
        boardRecords(writer.doc).set(geoShape(100 + w).id, geoShape(100 + w, { x: n }))
        if (n % 8 === 0) boardRecords(writer.doc).set(geoShape(1000 * (w + 1) + n).id, geoShape(1000 * (w + 1) + n))
      })
      if (n % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const fingerprint = (doc: Y.Doc) => JSON.stringify([...byId(doc)].sort(([a], [b]) => a.localeCompare(b)))
    await waitFor(() => writers.every((w) => fingerprint(w.doc) === fingerprint(writers[0]!.doc) && byId(w.doc).size === 3 * (5 + 1) + 2), 10_000, 'the writers to converge')
    await waitFor(() => fingerprint(seen) === fingerprint(writers[0]!.doc), 10_000, 'the reader to hold every update')
    await waitFor(() => onlookers.every((o) => fingerprint(o.doc) === fingerprint(writers[0]!.doc)), 10_000, 'the onlookers to hold every update')
    await Promise.all(checks)

    expect(violations).toEqual([])
    for (let w = 0; w < 3; w++) expect((byId(seen).get(geoShape(100 + w).id) as { x?: number } | undefined)?.x).toBe(moves)
    // 3 writers × (40 moves + 5 creations) updates arrived in fewer frames: flushes were merged.
    expect(updateFrames).toBeLessThan(3 * (moves + 5))
  })

  it('a writer is not sent its own updates back, only the others’', async () => {
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 30 }) })
    const board = await t.createBoard()
    const other = connectPeer(t.wsUrl, board.id)
    await other.synced
    const raw = openRawSocket(t.wsUrl, board.id)
    await syncRaw(raw)
    // Both docs start from the board as it is (the other peer is synced and has written nothing yet).
    const board0 = Y.encodeStateAsUpdate(other.doc)
    const rawDoc = new Y.Doc()
    Y.applyUpdate(rawDoc, board0)
    rawDoc.on('update', (update: Uint8Array) => raw.ws.send(encodeUpdate(update)))
    const received = new Y.Doc()
    Y.applyUpdate(received, board0)
    raw.ws.on('message', (data: Buffer) => {
      const update = updateOf(new Uint8Array(data))
      if (update) Y.applyUpdate(received, update)
    })
    // Both write in the same moments, so their updates share flushes.
    for (let n = 1; n <= 20; n++) {
      boardRecords(rawDoc).set(geoShape(1).id, geoShape(1, { x: n }))
      boardRecords(other.doc).set(geoShape(2).id, geoShape(2, { x: n }))
    }
    await waitFor(() => (byId(received).get(geoShape(2).id) as { x?: number } | undefined)?.x === 20, 10_000, 'the raw socket to get the other writer’s last move')
    await waitFor(() => (byId(other.doc).get(geoShape(1).id) as { x?: number } | undefined)?.x === 20, 10_000, 'the other writer to get the raw socket’s last move')
    // What the raw socket received holds none of its own writes.
    expect(byId(received).has(geoShape(1).id)).toBe(false)
  })
})
