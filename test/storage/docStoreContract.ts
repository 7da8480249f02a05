import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Board, Storage, StoredDoc } from '../../server/storage/types'
import { registerAccessStoreContractTests } from './accessStoreContract'
import { registerFacilitationStoreContractTests } from './facilitationStoreContract'

/**
 * What an adapter's test file hands the contract. `reopen` closes the current storage and opens a new one on the
 * same data (omit it for storage that does not outlive its process); `cleanup` closes whatever storage is current
 * and removes its data.
 */
export interface StorageHarness {
  storage: Storage
  reopen?: () => Promise<Storage>
  cleanup: () => Promise<void>
}

const bytes = (...values: number[]) => new Uint8Array(values)
// Compared as hex so a Buffer and a Uint8Array with the same bytes are equal, and failures print readably.
const hex = (data: Uint8Array | null) => (data === null ? null : Buffer.from(data).toString('hex'))
const hexAll = (data: Uint8Array[]) => data.map(hex)
const board = (id: string, createdAt: string, title = `Board ${id}`): Board => ({ id, title, createdAt })

/** The doc a stored log rebuilds to: snapshot first, then every update in order. */
function rebuild(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/** A Y.Doc that records every update it emits, one per transaction. */
function recordingDoc() {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, updates, map: doc.getMap<unknown>('shapes') }
}

/** Five real Yjs updates, each touching the map, and the snapshot of the doc after the first `n` of them. */
function fiveEdits() {
  const { doc, updates, map } = recordingDoc()
  map.set('a', { x: 1 })
  map.set('b', 'two')
  map.set('a', { x: 3 })
  map.delete('b')
  map.set('c', [1, 2, 3])
  const snapshotThrough = (n: number) => {
    const partial = new Y.Doc()
    for (const update of updates.slice(0, n)) Y.applyUpdate(partial, update)
    return Y.encodeStateAsUpdate(partial)
  }
  return { doc, updates, map, snapshotThrough }
}

/**
 * `durable: false` for a storage that lives and dies with its process (SQLite `:memory:`): the reopen rule is then
 * not registered at all, rather than registered and skipped.
 */
export function registerStorageContractTests(
  name: string,
  factory: () => Promise<StorageHarness>,
  { durable = true }: { durable?: boolean } = {},
): void {
  describe(`${name} — storage contract`, () => {
    let harness: StorageHarness
    let storage: Storage

    beforeEach(async () => {
      harness = await factory()
      storage = harness.storage
    })
    afterEach(async () => {
      await harness.cleanup()
    })

    describe('DocStore', () => {
      it('load of an unknown doc is empty: no snapshot, no updates, lastSeq 0', async () => {
        await storage.docs.append('other', [bytes(1)])
        expect(await storage.docs.load('unknown')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
      })

      it('append numbers updates from 1, one per update, and returns the number of the last one', async () => {
        expect(await storage.docs.append('d', [bytes(1)])).toBe(1)
        expect(await storage.docs.append('d', [bytes(2), bytes(3)])).toBe(3)
        expect(await storage.docs.append('d', [bytes(4)])).toBe(4)
        const stored = await storage.docs.load('d')
        expect(stored.lastSeq).toBe(4)
        expect(stored.snapshot).toBeNull()
        expect(hexAll(stored.updates)).toEqual(['01', '02', '03', '04'])
      })

      it('append keeps the updates of a batch in the order given', async () => {
        const batch = [bytes(5), bytes(1), bytes(4), bytes(2), bytes(3)]
        expect(await storage.docs.append('d', batch)).toBe(5)
        expect(hexAll((await storage.docs.load('d')).updates)).toEqual(hexAll(batch))
      })

      it('append is all or nothing: a batch that fails stores none of its updates', async () => {
        await storage.docs.append('d', [bytes(1)])
        // The valid first update would be written before the bad one unless the batch is atomic.
        const bad = [bytes(2), null as unknown as Uint8Array, bytes(3)]
        await expect(storage.docs.append('d', bad)).rejects.toThrow()
        const stored = await storage.docs.load('d')
        expect(hexAll(stored.updates)).toEqual(['01'])
        expect(stored.lastSeq).toBe(1)
        expect(await storage.docs.append('d', [bytes(4)])).toBe(2)
      })

      it('concurrent appends get gapless numbers and each batch stays contiguous', async () => {
        const batches = [0, 1, 2, 3, 4].map((b) => [bytes(b, 0), bytes(b, 1), bytes(b, 2)])
        const results = await Promise.all(batches.map((batch) => storage.docs.append('d', batch)))
        expect([...results].sort((x, y) => x - y)).toEqual([3, 6, 9, 12, 15])
        const stored = await storage.docs.load('d')
        expect(stored.lastSeq).toBe(15)
        batches.forEach((batch, i) => {
          const last = results[i]!
          // Sequence number n is at index n - 1 when nothing was compacted.
          expect(hexAll(stored.updates.slice(last - 3, last))).toEqual(hexAll(batch))
        })
      })

      it('stored Yjs updates rebuild a doc equal to the original', async () => {
        const { doc, updates, map } = fiveEdits()
        await storage.docs.append('d', updates.slice(0, 2))
        await storage.docs.append('d', updates.slice(2))
        const rebuilt = rebuild(await storage.docs.load('d'))
        expect(rebuilt.getMap('shapes').toJSON()).toEqual(map.toJSON())
        expect(rebuilt.getMap('shapes').toJSON()).toEqual({ a: { x: 3 }, c: [1, 2, 3] })
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc))
      })

      it('compact replaces the updates up to throughSeq by the snapshot and keeps later ones', async () => {
        const { updates, map, snapshotThrough } = fiveEdits()
        await storage.docs.append('d', updates)
        const snapshot = snapshotThrough(3)
        await storage.docs.compact('d', snapshot, 3)
        const stored = await storage.docs.load('d')
        expect(hex(stored.snapshot)).toBe(hex(snapshot))
        expect(hexAll(stored.updates)).toEqual(hexAll(updates.slice(3)))
        expect(rebuild(stored).getMap('shapes').toJSON()).toEqual(map.toJSON())
      })

      it('compact leaves lastSeq unchanged and the next append gets lastSeq + 1', async () => {
        const { updates } = fiveEdits()
        await storage.docs.append('d', updates)
        await storage.docs.compact('d', bytes(9), 3)
        expect((await storage.docs.load('d')).lastSeq).toBe(5)
        await storage.docs.compact('d', bytes(9, 9), 5)
        const stored = await storage.docs.load('d')
        expect(stored.updates).toEqual([])
        expect(stored.lastSeq).toBe(5)
        // Numbering must not restart from the remaining updates (none here) after a full compaction.
        expect(await storage.docs.append('d', [bytes(6)])).toBe(6)
        const after = await storage.docs.load('d')
        expect(after.lastSeq).toBe(6)
        expect(hexAll(after.updates)).toEqual(['06'])
        expect(hex(after.snapshot)).toBe('0909')
      })

      it('compacting everything into encodeStateAsUpdate(doc) rebuilds a doc equal to the original', async () => {
        const { doc, updates, map } = fiveEdits()
        const lastSeq = await storage.docs.append('d', updates)
        await storage.docs.compact('d', Y.encodeStateAsUpdate(doc), lastSeq)
        // Edits after compaction land on top of the snapshot.
        map.set('d', 'after')
        await storage.docs.append('d', [updates[updates.length - 1]!])
        const stored = await storage.docs.load('d')
        expect(stored.updates).toHaveLength(1)
        const rebuilt = rebuild(stored)
        expect(rebuilt.getMap('shapes').toJSON()).toEqual(map.toJSON())
        expect(rebuilt.getMap('shapes').get('d')).toBe('after')
      })

      it('an older compaction arriving after a newer one does not replace it', async () => {
        const { updates, map, snapshotThrough } = fiveEdits()
        await storage.docs.append('d', updates)
        const newer = snapshotThrough(4)
        await storage.docs.compact('d', newer, 4)
        await storage.docs.compact('d', snapshotThrough(2), 2)
        const stored = await storage.docs.load('d')
        expect(hex(stored.snapshot)).toBe(hex(newer))
        expect(hexAll(stored.updates)).toEqual(hexAll(updates.slice(4)))
        expect(stored.lastSeq).toBe(5)
        expect(rebuild(stored).getMap('shapes').toJSON()).toEqual(map.toJSON())
      })

      it('a newer compaction replaces an older one', async () => {
        const { updates, map, snapshotThrough } = fiveEdits()
        await storage.docs.append('d', updates)
        await storage.docs.compact('d', snapshotThrough(2), 2)
        const newer = snapshotThrough(4)
        await storage.docs.compact('d', newer, 4)
        const stored = await storage.docs.load('d')
        expect(hex(stored.snapshot)).toBe(hex(newer))
        expect(hexAll(stored.updates)).toEqual(hexAll(updates.slice(4)))
        expect(rebuild(stored).getMap('shapes').toJSON()).toEqual(map.toJSON())
      })

      it('loadSince gives the updates numbered above a seq, and lastSeq as load does', async () => {
        await storage.docs.append('d', [bytes(1), bytes(2), bytes(3), bytes(4)])
        expect(await storage.docs.loadSince('d', 0)).toEqual(await storage.docs.load('d'))
        const since2 = await storage.docs.loadSince('d', 2)
        expect(since2.snapshot).toBeNull()
        expect(hexAll(since2.updates)).toEqual(['03', '04'])
        expect(since2.lastSeq).toBe(4)
        const upToDate = await storage.docs.loadSince('d', 4)
        expect(upToDate).toEqual({ snapshot: null, updates: [], lastSeq: 4 })
      })

      it('loadSince includes the snapshot only when it folded updates the reader lacks', async () => {
        const { updates, map, snapshotThrough } = fiveEdits()
        await storage.docs.append('d', updates)
        await storage.docs.compact('d', snapshotThrough(3), 3)
        // A reader at 3 or beyond lacks nothing the snapshot holds.
        const at3 = await storage.docs.loadSince('d', 3)
        expect(at3.snapshot).toBeNull()
        expect(hexAll(at3.updates)).toEqual(hexAll(updates.slice(3)))
        expect(at3.lastSeq).toBe(5)
        // A reader at 1 lacks 2 and 3, which live only in the snapshot now.
        const at1 = await storage.docs.loadSince('d', 1)
        expect(hex(at1.snapshot)).toBe(hex(snapshotThrough(3)))
        expect(hexAll(at1.updates)).toEqual(hexAll(updates.slice(3)))
        const reader = new Y.Doc()
        Y.applyUpdate(reader, updates[0]!)
        if (at1.snapshot) Y.applyUpdate(reader, at1.snapshot)
        for (const update of at1.updates) Y.applyUpdate(reader, update)
        expect(reader.getMap('shapes').toJSON()).toEqual(map.toJSON())
      })

      it('loadSince of an unknown doc is empty with lastSeq 0', async () => {
        expect(await storage.docs.loadSince('unknown', 7)).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
      })

      it('size counts the bytes of snapshot and updates and the number of updates', async () => {
        expect(await storage.docs.size('d')).toEqual({ bytes: 0, updates: 0 })
        await storage.docs.append('d', [bytes(1, 1, 1), bytes(2, 2, 2, 2, 2), bytes(3, 3, 3, 3, 3, 3, 3)])
        expect(await storage.docs.size('d')).toEqual({ bytes: 15, updates: 3 })
        await storage.docs.compact('d', bytes(4, 4, 4, 4), 2)
        expect(await storage.docs.size('d')).toEqual({ bytes: 4 + 7, updates: 1 })
        await storage.docs.compact('d', bytes(5, 5), 3)
        expect(await storage.docs.size('d')).toEqual({ bytes: 2, updates: 0 })
      })

      it('size shrinks when many Yjs updates are compacted into a snapshot', async () => {
        const { doc, updates, map } = recordingDoc()
        for (let i = 0; i < 200; i++) map.set('position', { x: i, y: i })
        const lastSeq = await storage.docs.append('d', updates)
        const before = await storage.docs.size('d')
        expect(before.updates).toBe(200)
        await storage.docs.compact('d', Y.encodeStateAsUpdate(doc), lastSeq)
        const after = await storage.docs.size('d')
        expect(after.updates).toBe(0)
        expect(after.bytes).toBeGreaterThan(0)
        expect(after.bytes).toBeLessThan(before.bytes)
      })

      it('list names every doc that has a snapshot or updates', async () => {
        expect(await storage.docs.list()).toEqual([])
        await storage.docs.append('with-updates', [bytes(1)])
        // A doc whose whole log was compacted away still exists through its snapshot.
        await storage.docs.append('snapshot-only', [bytes(1)])
        await storage.docs.compact('snapshot-only', bytes(2), 1)
        await storage.docs.append('both', [bytes(1), bytes(2)])
        await storage.docs.compact('both', bytes(3), 1)
        expect([...(await storage.docs.list())].sort()).toEqual(['both', 'snapshot-only', 'with-updates'])
      })

      it('delete removes the snapshot and every update; the doc reads as unknown again', async () => {
        await storage.docs.append('d', [bytes(1), bytes(2), bytes(3)])
        await storage.docs.compact('d', bytes(9), 2)
        await storage.docs.delete('d')
        expect(await storage.docs.load('d')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
        expect(await storage.docs.size('d')).toEqual({ bytes: 0, updates: 0 })
        expect(await storage.docs.list()).toEqual([])
        expect(await storage.docs.append('d', [bytes(4)])).toBe(1)
      })

      it('delete of an unknown doc resolves', async () => {
        await expect(storage.docs.delete('unknown')).resolves.toBeUndefined()
      })

      it('docs are isolated: appending, compacting and deleting one leaves the others unchanged', async () => {
        expect(await storage.docs.append('a', [bytes(0xa1), bytes(0xa2)])).toBe(2)
        expect(await storage.docs.append('b', [bytes(0xb1)])).toBe(1)
        expect(await storage.docs.append('c', [bytes(0xc1), bytes(0xc2), bytes(0xc3)])).toBe(3)
        await storage.docs.compact('a', bytes(0xaa), 2)
        await storage.docs.delete('c')
        expect(await storage.docs.load('a')).toMatchObject({ updates: [], lastSeq: 2 })
        expect(hex((await storage.docs.load('a')).snapshot)).toBe('aa')
        const b = await storage.docs.load('b')
        expect(b.snapshot).toBeNull()
        expect(hexAll(b.updates)).toEqual(['b1'])
        expect(b.lastSeq).toBe(1)
        expect(await storage.docs.size('b')).toEqual({ bytes: 1, updates: 1 })
        expect(await storage.docs.append('b', [bytes(0xb2)])).toBe(2)
        expect([...(await storage.docs.list())].sort()).toEqual(['a', 'b'])
      })
    })

    describe('BoardStore', () => {
      it('getBoard of an unknown id is null', async () => {
        await storage.boards.createBoard(board('known', '2024-01-01T00:00:00.000Z'))
        expect(await storage.boards.getBoard('unknown')).toBeNull()
      })

      it('createBoard stores the board and getBoard returns it unchanged', async () => {
        const created = board('abc', '2024-05-06T07:08:09.123Z', 'Rembug Desa Sukamaju — “ü” 🙂')
        await storage.boards.createBoard(created)
        expect(await storage.boards.getBoard('abc')).toEqual(created)
      })

      it('listBoards is empty for a new store', async () => {
        expect(await storage.boards.listBoards()).toEqual([])
      })

      it('listBoards returns every board newest first by createdAt', async () => {
        // Neither insertion order nor id order matches createdAt order.
        const jan = board('b-middle', '2024-01-15T00:00:00.000Z')
        const mar = board('c-last', '2024-03-01T12:00:00.000Z')
        const feb = board('a-first', '2024-02-01T00:00:00.000Z')
        for (const b of [jan, mar, feb]) await storage.boards.createBoard(b)
        expect(await storage.boards.listBoards()).toEqual([mar, feb, jan])
      })

      it('createBoard with a duplicate id rejects and keeps the original', async () => {
        const original = board('same', '2024-01-01T00:00:00.000Z', 'Original')
        await storage.boards.createBoard(original)
        await expect(storage.boards.createBoard(board('same', '2024-02-01T00:00:00.000Z', 'Copy'))).rejects.toThrow()
        expect(await storage.boards.getBoard('same')).toEqual(original)
        expect(await storage.boards.listBoards()).toEqual([original])
      })

      it('deleteBoard removes the board and its document, and nothing else', async () => {
        const doomed = board('doomed', '2024-01-01T00:00:00.000Z')
        const kept = board('kept', '2024-01-02T00:00:00.000Z')
        await storage.boards.createBoard(doomed)
        await storage.boards.createBoard(kept)
        await storage.docs.append('doomed', [bytes(1), bytes(2)])
        await storage.docs.compact('doomed', bytes(3), 1)
        await storage.docs.append('kept', [bytes(4)])
        await storage.boards.deleteBoard('doomed')
        expect(await storage.boards.getBoard('doomed')).toBeNull()
        expect(await storage.boards.listBoards()).toEqual([kept])
        expect(await storage.docs.load('doomed')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
        expect(await storage.docs.list()).toEqual(['kept'])
        expect(hexAll((await storage.docs.load('kept')).updates)).toEqual(['04'])
      })
    })

    registerAccessStoreContractTests(() => storage)
    registerFacilitationStoreContractTests(() => storage)

    it('ping resolves', async () => {
      await expect(storage.ping()).resolves.toBeUndefined()
    })

    if (durable) it('docs and boards survive closing and reopening', async () => {
      if (!harness.reopen) throw new Error('a durable storage harness must provide reopen()')
      const { doc, updates, map, snapshotThrough } = fiveEdits()
      await storage.docs.append('d', updates.slice(0, 3))
      await storage.docs.compact('d', snapshotThrough(2), 2)
      await storage.docs.append('d', updates.slice(3))
      const created = board('persisted', '2024-04-01T00:00:00.000Z')
      await storage.boards.createBoard(created)
      const before = await storage.docs.load('d')

      storage = await harness.reopen()

      const after = await storage.docs.load('d')
      expect(hex(after.snapshot)).toBe(hex(before.snapshot))
      expect(hexAll(after.updates)).toEqual(hexAll(before.updates))
      expect(after.lastSeq).toBe(5)
      expect(rebuild(after).getMap('shapes').toJSON()).toEqual(map.toJSON())
      expect(Y.encodeStateVector(rebuild(after))).toEqual(Y.encodeStateVector(doc))
      expect(await storage.docs.size('d')).toEqual(sizeOf(before))
      expect(await storage.boards.getBoard('persisted')).toEqual(created)
      expect(await storage.docs.append('d', [bytes(6)])).toBe(6)
    })

    if (durable) it('people, sessions, roles and invites survive closing and reopening', async () => {
      if (!harness.reopen) throw new Error('a durable storage harness must provide reopen()')
      const created = board('persisted', '2024-04-01T00:00:00.000Z')
      await storage.boards.createBoard(created)
      const user = { id: 'u1', kind: 'account' as const, email: 'ani@example.org', passwordHash: '$argon2id$x', name: 'Ani', sector: 'swasta' as const, organisation: 'PT Maju', createdAt: '2024-04-01T00:00:00.000Z' }
      await storage.users.create(user)
      const session = { id: 's1', userId: 'u1', secretHash: Uint8Array.from({ length: 32 }, (_, i) => 255 - i), createdAt: 1, expiresAt: 2 }
      await storage.sessions.create(session)
      const invite = { id: 'i1', boardId: 'persisted', code: 'ABCDEFGH', role: 'viewer' as const, createdBy: 'u1', createdAt: '2024-04-02T00:00:00.000Z', expiresAt: null, revokedAt: null }
      await storage.invites.create(invite)
      const membership = { boardId: 'persisted', userId: 'u1', role: 'viewer' as const, inviteId: 'i1', createdAt: '2024-04-03T00:00:00.000Z' }
      await storage.members.upsert(membership)

      storage = await harness.reopen()

      expect(await storage.users.getByEmail('ani@example.org')).toEqual(user)
      const reopened = await storage.sessions.get('s1')
      expect(reopened && { ...reopened, secretHash: hex(reopened.secretHash) }).toEqual({ ...session, secretHash: hex(session.secretHash) })
      expect(await storage.invites.getByCode('ABCDEFGH')).toEqual(invite)
      expect(await storage.members.get('persisted', 'u1')).toEqual(membership)
    })

    if (durable) it('ballots and drafts survive closing and reopening', async () => {
      if (!harness.reopen) throw new Error('a durable storage harness must provide reopen()')
      await storage.boards.createBoard(board('persisted', '2024-04-01T00:00:00.000Z'))
      const ballot = { boardId: 'persisted', voteId: 'v1', userId: 'u1', sector: 'swasta' as const, dots: { 'shape:a': 2 }, castAt: '2024-04-02T00:00:00.000Z' }
      await storage.ballots.put(ballot)
      const draft = { boardId: 'persisted', userId: 'u1', shapeId: 'shape:n', record: { id: 'shape:n', meta: { draft: true } }, updatedAt: '2024-04-02T00:00:00.000Z' }
      await storage.drafts.put(draft)

      storage = await harness.reopen()

      expect(await storage.ballots.listForVote('persisted', 'v1')).toEqual([ballot])
      expect(await storage.drafts.listForBoard('persisted')).toEqual([draft])
      // The owner of the id is remembered too.
      await expect(storage.drafts.put({ ...draft, userId: 'u2' })).rejects.toThrow()
    })
  })
}

function sizeOf(stored: StoredDoc): { bytes: number; updates: number } {
  const updateBytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0)
  return { bytes: (stored.snapshot?.byteLength ?? 0) + updateBytes, updates: stored.updates.length }
}
