import type { SerializedSchemaV2 } from '@tldraw/store'
import {
  CameraRecordType,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  PageRecordType,
  type IndexKey,
  type TLGeoShape,
  type TLRecord,
  type TLShapeId,
  type TLStore,
} from 'tldraw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardMeta, boardRecords, initBoardDoc, LAYOUT_VERSION, readDocSchema, readRecords } from '../../shared/boardDoc'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../../shared/boardSchema'
import { forumShapeUtils } from '../cards'
import { bindStoreToDoc, type BindResult } from './yjsBinding'
import { geoShape } from '../../test/fixtures/geoShape'

const REMOTE = 'remote-peer'

function newStore(): TLStore {
  return createTLStore({ shapeUtils: [...defaultShapeUtils, ...forumShapeUtils], bindingUtils: defaultBindingUtils })
}


function seededDoc(extra: TLRecord[] = []): Y.Doc {
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), [...initialBoardRecords(), ...extra])
  return doc
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), REMOTE)
  return copy
}

/** Sends `to` whatever `from` has that `to` lacks, as a remote peer would. */
function send(from: Y.Doc, to: Y.Doc) {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE)
}

function sameState(a: Y.Doc, b: Y.Doc) {
  return Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)))
}

function sync(a: Y.Doc, b: Y.Doc) {
  for (let i = 0; i < 5; i++) {
    send(a, b)
    send(b, a)
    if (sameState(a, b)) return
  }
  throw new Error('docs did not reach the same state')
}

const byId = (records: TLRecord[]) => [...records].sort((a, b) => a.id.localeCompare(b.id))

function documentRecords(store: TLStore): TLRecord[] {
  return byId(store.allRecords().filter((r) => store.schema.types[r.typeName].scope === 'document'))
}

function bound(result: BindResult) {
  expect(result.status).toBe('bound')
  if (result.status !== 'bound') throw new Error('not bound')
  return result
}

/** Records every update the doc emits, with its origin. */
function watchUpdates(doc: Y.Doc) {
  const origins: unknown[] = []
  const onUpdate = (_update: Uint8Array, origin: unknown) => origins.push(origin)
  doc.on('update', onUpdate)
  return origins
}

/** Records every change the store reports as made by this person. */
function watchUserChanges(store: TLStore) {
  const changes: unknown[] = []
  store.listen((entry) => changes.push(entry.changes), { source: 'user' })
  return changes
}

function olderSchema(sequenceId: string, by = 1): SerializedSchemaV2 {
  const schema = structuredClone(createBoardSchema().serialize()) as SerializedSchemaV2
  schema.sequences[sequenceId] = schema.sequences[sequenceId]! - by
  return schema
}

describe('bindStoreToDoc', () => {
  it("the client store's schema is the board schema", () => {
    expect(newStore().schema.serialize()).toEqual(createBoardSchema().serialize())
  })

  it("loads the doc's records into the store, replacing stale document records", () => {
    const shape = geoShape('loaded', { x: 42 })
    const doc = seededDoc([shape])
    const store = newStore()
    const stalePage = PageRecordType.create({ id: PageRecordType.createId('stale'), name: 'Stale', index: 'a9' as IndexKey })
    const camera = CameraRecordType.create({ id: CameraRecordType.createId(DEFAULT_PAGE_ID) })
    store.put([stalePage, camera])
    const updates = watchUpdates(doc)

    bound(bindStoreToDoc(store, doc))

    expect(documentRecords(store)).toEqual(byId(readRecords(doc)))
    expect(store.get(shape.id)).toEqual(shape)
    expect(store.has(stalePage.id)).toBe(false)
    expect(store.get(camera.id)).toEqual(camera) // session state is not the doc's business
    expect(updates).toEqual([]) // loading a current doc writes nothing
  })

  it('writes a shape the person adds to the doc, with equal content', () => {
    const doc = seededDoc()
    const store = newStore()
    bound(bindStoreToDoc(store, doc))
    const updates = watchUpdates(doc)

    const shape = geoShape('mine', { x: 10, y: 20, meta: { by: 'Siti' } })
    store.put([shape])

    expect(boardRecords(doc).get(shape.id)).toEqual(shape)
    expect(updates).toHaveLength(1)
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
    expect(boardRecords(fresh).get(shape.id)).toEqual(shape)
    expect(byId(readRecords(fresh))).toEqual(documentRecords(store))
  })

  it('writes one transaction per store change and leaves session records out of the doc', () => {
    const doc = seededDoc()
    const store = newStore()
    bound(bindStoreToDoc(store, doc))
    const updates = watchUpdates(doc)

    store.put([geoShape('a'), geoShape('b'), geoShape('c')])
    expect(updates).toHaveLength(1)

    store.put([CameraRecordType.create({ id: CameraRecordType.createId(DEFAULT_PAGE_ID), x: 5 })])
    expect(updates).toHaveLength(1)
    expect(readRecords(doc).some((r) => r.typeName === 'camera')).toBe(false)
  })

  it('propagates updates and removals', () => {
    const doc = seededDoc()
    const store = newStore()
    bound(bindStoreToDoc(store, doc))
    const shape = geoShape('moving')
    store.put([shape])

    store.update(shape.id, (r) => ({ ...r, x: 300, y: 400 }))
    expect(boardRecords(doc).get(shape.id)).toEqual({ ...shape, x: 300, y: 400 })
    expect(doc.getArray('records').length).toBe(3) // no leftover copy of the old version

    store.put([{ ...shape, x: 1, props: { ...shape.props, color: 'red' } }])
    expect(boardRecords(doc).get(shape.id)).toEqual({ ...shape, x: 1, props: { ...shape.props, color: 'red' } })

    store.remove([shape.id])
    expect(boardRecords(doc).has(shape.id)).toBe(false)
    expect(readRecords(doc).map((r) => r.id)).not.toContain(shape.id)
  })

  it('applies a remote change to the store without echoing it', () => {
    const docA = seededDoc([geoShape('existing')])
    const docB = copyOf(docA)
    const storeA = newStore()
    const storeB = newStore()
    bound(bindStoreToDoc(storeA, docA))
    bound(bindStoreToDoc(storeB, docB))
    const fromB: Uint8Array[] = []
    docB.on('update', (update: Uint8Array) => fromB.push(update))
    const updatesA = watchUpdates(docA)
    const userChangesA = watchUserChanges(storeA)

    const added = geoShape('theirs', { x: 7 })
    storeB.put([added])
    storeB.update(createShapeId('existing'), (r) => ({ ...r, y: 99 }))
    storeB.remove([createShapeId('existing')])
    storeB.put([geoShape('another')])
    expect(fromB).toHaveLength(4)

    for (const update of fromB) Y.applyUpdate(docA, update, REMOTE)

    expect(storeA.get(added.id)).toEqual(added)
    expect(storeA.has(createShapeId('existing'))).toBe(false)
    expect(storeA.get(createShapeId('another'))).toEqual(geoShape('another'))
    expect(documentRecords(storeA)).toEqual(documentRecords(storeB))
    // Only the four remote updates: nothing written back, nothing counted as this person's edit.
    expect(updatesA).toEqual([REMOTE, REMOTE, REMOTE, REMOTE])
    storeA._flushHistory()
    expect(userChangesA).toEqual([])
    expect(sameState(docA, docB)).toBe(true)
  })

  it('two bound stores that edit apart converge once their docs exchange updates', () => {
    const docA = seededDoc([geoShape('shared'), geoShape('doomed'), geoShape('kept')])
    const docB = copyOf(docA)
    const storeA = newStore()
    const storeB = newStore()
    bound(bindStoreToDoc(storeA, docA))
    bound(bindStoreToDoc(storeB, docB))

    storeA.update(createShapeId('shared'), (r) => ({ ...r, x: 111 }))
    storeB.update(createShapeId('shared'), (r) => ({ ...r, x: 222 }))
    storeA.put([geoShape('fromA')])
    storeB.put([geoShape('fromB')])
    storeA.update(createShapeId('doomed'), (r) => ({ ...r, y: 5 }))
    storeB.remove([createShapeId('doomed')])
    storeB.remove([createShapeId('kept')])
    storeA.put([PageRecordType.create({ id: PageRecordType.createId('second'), name: 'Two', index: 'a2' as IndexKey })])

    sync(docA, docB)

    const a = documentRecords(storeA)
    expect(a).toEqual(documentRecords(storeB))
    expect(a).toEqual(byId(readRecords(docA)))
    expect(a).toEqual(byId(readRecords(docB)))
    const ids = a.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([createShapeId('fromA'), createShapeId('fromB'), 'page:second']))
    expect(ids).not.toContain(createShapeId('kept'))
    expect([111, 222]).toContain(storeA.get(createShapeId('shared'))?.x)
  })

  it('skips and reports invalid records from the doc; valid ones in the same transaction still arrive', () => {
    const docA = seededDoc()
    const docB = copyOf(docA)
    const storeA = newStore()
    const invalid: Array<[string, string]> = []
    bound(bindStoreToDoc(storeA, docA, { onInvalidRecord: (id, reason) => invalid.push([id, reason]) }))

    const good = geoShape('good')
    const wide = geoShape('wide')
    docB.transact(() => {
      const kv = boardRecords(docB)
      kv.set(good.id, good)
      kv.set(wide.id, { ...wide, props: { ...wide.props, w: 'wide' } } as unknown as TLRecord)
      kv.set('hexagon:1', { id: 'hexagon:1', typeName: 'hexagon' } as unknown as TLRecord)
    })
    const updatesA = watchUpdates(docA)
    expect(() => send(docB, docA)).not.toThrow()

    expect(invalid.map(([id]) => id).sort()).toEqual(['hexagon:1', wide.id].sort())
    for (const [, reason] of invalid) expect(reason).toEqual(expect.any(String))
    expect(storeA.get(good.id)).toEqual(good)
    expect(storeA.has(wide.id)).toBe(false)
    expect(updatesA).toEqual([REMOTE])

    // The store keeps working both ways.
    const after = geoShape('after')
    storeA.put([after])
    expect(boardRecords(docA).get(after.id)).toEqual(after)
    boardRecords(docB).set(createShapeId('later'), geoShape('later'))
    send(docB, docA)
    expect(storeA.get(createShapeId('later'))).toEqual(geoShape('later'))
  })

  it('skips and reports invalid records already in the doc when binding', () => {
    const good = geoShape('good')
    const doc = seededDoc([good])
    boardRecords(doc).set(createShapeId('bad'), { ...geoShape('bad'), x: 'left' } as unknown as TLRecord)
    const store = newStore()
    const invalid: string[] = []
    bound(bindStoreToDoc(store, doc, { onInvalidRecord: (id) => invalid.push(id) }))
    expect(invalid).toEqual([createShapeId('bad')])
    expect(store.get(good.id)).toEqual(good)
    expect(store.has(createShapeId('bad'))).toBe(false)
  })

  it("refuses a doc with a newer schema ('reload') and writes nothing to it", () => {
    const doc = seededDoc([geoShape('future')])
    const newer = structuredClone(createBoardSchema().serialize()) as SerializedSchemaV2
    newer.sequences['com.tldraw.shape.geo'] = newer.sequences['com.tldraw.shape.geo']! + 1
    boardMeta(doc).set('schema', newer)
    const before = Y.encodeStateAsUpdate(doc)
    const updates = watchUpdates(doc)
    const store = newStore()

    expect(bindStoreToDoc(store, doc)).toEqual({ status: 'reload' })

    expect(updates).toEqual([])
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(before))).toBe(true)
    expect(store.allRecords()).toEqual([])
    // Nor does it listen: an edit in the store stays out of the doc.
    store.put([geoShape('late')])
    expect(updates).toEqual([])
  })

  it('tells the page to reload when another client moves the doc to a newer schema', () => {
    const docA = seededDoc()
    const docB = copyOf(docA)
    const onSchemaTooNew = vi.fn()
    bound(bindStoreToDoc(newStore(), docA, { onSchemaTooNew }))

    boardMeta(docB).set('layout', LAYOUT_VERSION)
    send(docB, docA)
    expect(onSchemaTooNew).not.toHaveBeenCalled()

    const newer = structuredClone(createBoardSchema().serialize()) as SerializedSchemaV2
    newer.sequences['com.tldraw.shape.note'] = newer.sequences['com.tldraw.shape.note']! + 1
    boardMeta(docB).set('schema', newer)
    send(docB, docA)
    expect(onSchemaTooNew).toHaveBeenCalledTimes(1)
  })

  it('migrates a doc with an older schema and writes the records and schema back', () => {
    // A geo shape as a client one migration behind wrote it: no flipX/flipY yet.
    const current = geoShape('old')
    const { flipX: _x, flipY: _y, ...oldProps } = current.props
    const oldShape = { ...current, props: oldProps } as unknown as TLRecord
    const doc = new Y.Doc()
    doc.transact(() => {
      boardMeta(doc).set('layout', LAYOUT_VERSION)
      boardMeta(doc).set('schema', olderSchema('com.tldraw.shape.geo'))
      for (const record of [...initialBoardRecords(), oldShape]) boardRecords(doc).set(record.id, record)
    }, REMOTE)
    const peer = copyOf(doc)
    const updates = watchUpdates(doc)
    const invalid: string[] = []
    const store = newStore()

    bound(bindStoreToDoc(store, doc, { onInvalidRecord: (id) => invalid.push(id) }))

    expect(invalid).toEqual([])
    expect(readDocSchema(doc)).toEqual(createBoardSchema().serialize())
    expect(boardRecords(doc).get(current.id)).toEqual(current)
    expect(store.get(current.id)).toEqual(current)
    expect(documentRecords(store)).toEqual(byId(readRecords(doc)))
    // The migration is one ordinary update, so the other peers get it too.
    expect(updates).toHaveLength(1)
    send(doc, peer)
    expect(boardRecords(peer).get(current.id)).toEqual(current)
    expect(readDocSchema(peer)).toEqual(createBoardSchema().serialize())
  })

  it('leaves a doc untouched when its records cannot be migrated', () => {
    // Before AddRichText the label was `text`; a record missing it makes that migration throw.
    const schema = structuredClone(createBoardSchema().serialize()) as SerializedSchemaV2
    schema.sequences['com.tldraw.shape.geo'] = 9
    const broken = { ...geoShape('broken'), props: { w: 1, h: 1 } } as unknown as TLRecord
    const doc = new Y.Doc()
    doc.transact(() => {
      boardMeta(doc).set('schema', schema)
      for (const record of [...initialBoardRecords(), broken]) boardRecords(doc).set(record.id, record)
    })
    const updates = watchUpdates(doc)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      expect(bindStoreToDoc(newStore(), doc)).toEqual({ status: 'reload' })
    } finally {
      error.mockRestore()
    }
    expect(updates).toEqual([])
    expect(readDocSchema(doc)).toEqual(schema)
  })

  it("gives a doc without a schema (made by a plain Yjs client) the client's schema", () => {
    const doc = new Y.Doc()
    const shape = geoShape('plain')
    boardRecords(doc).set(shape.id, shape)
    const store = newStore()

    bound(bindStoreToDoc(store, doc))

    expect(readDocSchema(doc)).toEqual(store.schema.serialize())
    expect(boardMeta(doc).get('layout')).toBe(LAYOUT_VERSION)
    expect(store.get(shape.id)).toEqual(shape)
    expect(boardRecords(doc).get(shape.id)).toEqual(shape)

    const empty = new Y.Doc()
    bound(bindStoreToDoc(newStore(), empty))
    expect(readDocSchema(empty)).toEqual(createBoardSchema().serialize())
    expect(readRecords(empty)).toEqual([])
  })

  it('dispose() stops both directions', () => {
    const docA = seededDoc()
    const docB = copyOf(docA)
    const store = newStore()
    const binding = bound(bindStoreToDoc(store, docA))
    const kept = geoShape('kept')
    store.put([kept])
    expect(boardRecords(docA).get(kept.id)).toEqual(kept)

    binding.dispose()
    const updates = watchUpdates(docA)
    store.put([geoShape('local-after')])
    store.remove([kept.id])
    expect(updates).toEqual([])
    expect(boardRecords(docA).get(kept.id)).toEqual(kept)

    boardRecords(docB).set(createShapeId('remote-after'), geoShape('remote-after'))
    send(docB, docA)
    expect(boardRecords(docA).has(createShapeId('remote-after'))).toBe(true)
    expect(store.has(createShapeId('remote-after'))).toBe(false)
  })

  describe('private drafts (meta.draft) stay out of the doc', () => {
    const draft = (key: string, overrides: Partial<TLGeoShape> = {}) => geoShape(key, { meta: { draft: true }, ...overrides })

    it('never writes a draft the person adds, edits or removes', () => {
      const doc = seededDoc()
      const store = newStore()
      bound(bindStoreToDoc(store, doc))
      const updates = watchUpdates(doc)

      const hidden = draft('hidden')
      store.put([hidden])
      store.update(hidden.id, (r) => ({ ...r, x: 50 }))
      expect(store.get(hidden.id)).toEqual({ ...hidden, x: 50 })
      store.remove([hidden.id])

      expect(updates).toEqual([])
      expect(boardRecords(doc).has(hidden.id)).toBe(false)
      expect(readRecords(doc).map((r) => r.id)).not.toContain(hidden.id)
    })

    it('writes the rest of a change that also holds a draft', () => {
      const doc = seededDoc()
      const store = newStore()
      bound(bindStoreToDoc(store, doc))
      store.put([draft('hidden'), geoShape('public')])
      expect(boardRecords(doc).has(createShapeId('hidden'))).toBe(false)
      expect(boardRecords(doc).get(createShapeId('public'))).toEqual(geoShape('public'))
    })

    it("replaces the local draft with the doc's record of the same id (the reveal)", () => {
      const docA = seededDoc()
      const server = copyOf(docA)
      const store = newStore()
      bound(bindStoreToDoc(store, docA))
      const hidden = draft('revealed', { x: 5 })
      store.put([hidden])

      const revealed = geoShape('revealed', { x: 5 })
      boardRecords(server).set(revealed.id, revealed)
      send(server, docA)

      expect(store.get(revealed.id)).toEqual(revealed)
      // Later edits of the revealed note are ordinary edits.
      store.update(revealed.id, (r) => ({ ...r, y: 9 }))
      expect(boardRecords(docA).get(revealed.id)).toEqual({ ...revealed, y: 9 })
    })

    it('writes a draft once it stops being one', () => {
      const doc = seededDoc()
      const store = newStore()
      bound(bindStoreToDoc(store, doc))
      const hidden = draft('late')
      store.put([hidden])
      expect(boardRecords(doc).has(hidden.id)).toBe(false)

      store.update(hidden.id, (r) => ({ ...r, meta: {} }))
      expect(boardRecords(doc).get(hidden.id)).toEqual(geoShape('late'))
    })

    it('keeps local drafts when binding and lets the doc win over a draft of the same id', () => {
      const inDoc = geoShape('both', { x: 3 })
      const doc = seededDoc([inDoc])
      const store = newStore()
      const mine = draft('mine')
      store.put([mine, draft('both', { x: 99 })])
      const updates = watchUpdates(doc)

      bound(bindStoreToDoc(store, doc))

      expect(store.get(mine.id)).toEqual(mine)
      expect(store.get(inDoc.id)).toEqual(inDoc)
      expect(updates).toEqual([])
    })

    it('puts the doc version back when a record the doc has is made a draft here', () => {
      const shared = geoShape('shared')
      const doc = seededDoc([shared])
      const store = newStore()
      bound(bindStoreToDoc(store, doc))
      const updates = watchUpdates(doc)

      store.update(shared.id, (r) => ({ ...r, x: 77, meta: { draft: true } }))

      expect(updates).toEqual([])
      expect(boardRecords(doc).get(shared.id)).toEqual(shared)
      expect(store.get(shared.id)).toEqual(shared)
    })

    it('deletes a draft from the doc only when the doc has that id', () => {
      const shared = geoShape('shared')
      const doc = seededDoc([shared])
      const store = newStore()
      bound(bindStoreToDoc(store, doc))
      // A record that is a draft here while the doc already has it (the reveal not merged yet), then deleted.
      store.mergeRemoteChanges(() => store.put([{ ...shared, meta: { draft: true } }]))
      store.remove([shared.id])
      expect(boardRecords(doc).has(shared.id)).toBe(false)
    })
  })

  describe('when the store reports changes a frame late, as it does in a browser', () => {
    // Under vitest tldraw calls store listeners synchronously; with this flag it waits for an animation frame, as in a
    // browser, so a person's edit is still unreported when something else happens.
    function reportChangesOnNextFrame() {
      vi.stubGlobal('__FORCE_RAF_IN_TESTS__', true)
      vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(Date.now()), 16))
      vi.stubGlobal('cancelAnimationFrame', (handle: number) => clearTimeout(handle))
    }

    afterEach(async () => {
      // Let the frames already asked for run before the browser globals go.
      await new Promise((resolve) => setTimeout(resolve, 100))
      vi.unstubAllGlobals()
    })

    it("writes the person's unreported edit before merging a remote change to the same record", () => {
      const shape = geoShape('contested')
      const docA = seededDoc([shape])
      const docB = copyOf(docA)
      const storeA = newStore()
      bound(bindStoreToDoc(storeA, docA))
      reportChangesOnNextFrame()

      storeA.put([{ ...shape, x: 100 }])
      storeA.put([geoShape('pending')])
      // The race under test needs the edit still unreported here.
      expect((boardRecords(docA).get(shape.id) as TLGeoShape).x).toBe(0)
      expect(boardRecords(docA).has(createShapeId('pending'))).toBe(false)

      boardRecords(docB).set(shape.id, { ...shape, x: 200 })
      send(docB, docA)
      storeA._flushHistory() // the next frame
      sync(docA, docB)

      expect(storeA.get(shape.id)).toEqual(boardRecords(docA).get(shape.id))
      expect(boardRecords(docB).get(shape.id)).toEqual(boardRecords(docA).get(shape.id))
      expect(documentRecords(storeA)).toEqual(byId(readRecords(docB)))
      expect(boardRecords(docB).get(createShapeId('pending'))).toEqual(geoShape('pending'))
    })

    it('a reveal that arrives while an edit of the draft is unreported still replaces the draft', () => {
      const docA = seededDoc()
      const server = copyOf(docA)
      const storeA = newStore()
      bound(bindStoreToDoc(storeA, docA))
      reportChangesOnNextFrame()
      const hidden = geoShape('racing', { meta: { draft: true } })
      storeA.put([hidden])
      storeA.update(hidden.id, (r) => ({ ...r, x: 40 }))

      const revealed = geoShape('racing')
      boardRecords(server).set(revealed.id, revealed)
      send(server, docA)
      storeA._flushHistory()

      expect(storeA.get(revealed.id)).toEqual(revealed)
      expect(boardRecords(docA).get(revealed.id)).toEqual(revealed)
    })

    it("dispose() still writes the person's last, unreported edits", () => {
      const doc = seededDoc()
      const store = newStore()
      const binding = bound(bindStoreToDoc(store, doc))
      reportChangesOnNextFrame()

      const last = geoShape('last')
      store.put([last])
      expect(boardRecords(doc).has(last.id)).toBe(false)
      binding.dispose()
      expect(boardRecords(doc).get(last.id)).toEqual(last)

      store.put([geoShape('after-dispose')])
      store._flushHistory()
      expect(boardRecords(doc).has(createShapeId('after-dispose'))).toBe(false)
    })
  })
})

// Guard against a misleading helper: a shape id made here is a real tldraw shape id.
it('test fixtures are valid board records', () => {
  const shape: TLShapeId = geoShape('x').id
  expect(shape).toBe('shape:x')
  // The store validates every record it is given.
  expect(() => newStore().put([geoShape('x')])).not.toThrow()
  expect(() => newStore().put([{ ...geoShape('x'), x: 'left' } as unknown as TLRecord])).toThrow()
})
