import { createBindingId, createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLArrowBinding, type TLRecord, type TLStore } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardRecords, initBoardDoc } from '../../../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../../../shared/boardSchema'
import { geoShape } from '../../../test/fixtures/geoShape'
import { bindStoreToDoc } from '../../board/yjsBinding'
import { forumShapeUtils } from '../../cards'
import { bindDraftStore } from './draftBinding'

function setup(privateOn = true) {
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), initialBoardRecords())
  const store: TLStore = createTLStore({ shapeUtils: [...defaultShapeUtils, ...forumShapeUtils], bindingUtils: defaultBindingUtils })
  const binding = bindStoreToDoc(store, doc)
  if (binding.status !== 'bound') throw new Error('not bound')
  const state = { privateOn }
  const queue = { put: vi.fn(), remove: vi.fn(), forget: vi.fn(), isAcked: vi.fn(() => false) }
  const drafts = bindDraftStore({ store, queue, isPrivate: () => state.privateOn, withoutHistory: (fn) => fn() })
  return { doc, store, queue, drafts, state }
}

function arrowBinding(key: string, fromId: string, toId: string): TLArrowBinding {
  return {
    id: createBindingId(key),
    typeName: 'binding',
    type: 'arrow',
    fromId: fromId as TLArrowBinding['fromId'],
    toId: toId as TLArrowBinding['toId'],
    meta: {},
    props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
  }
}

const inDoc = (doc: Y.Doc, id: string) => boardRecords(doc).has(id)

describe('bindDraftStore', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it("marks this person's new shapes as drafts while private drafting is on: kept out of the doc, sent to the queue", () => {
    const { doc, store, queue, state } = setup()
    store.put([geoShape('idea')])
    const id = createShapeId('idea')
    expect(store.get(id)?.meta).toEqual({ draft: true })
    expect(inDoc(doc, id)).toBe(false)
    expect(queue.put).toHaveBeenCalledWith(store.get(id))

    store.update(id, (r) => ({ ...r, x: 10 }))
    expect(queue.put).toHaveBeenLastCalledWith(expect.objectContaining({ id, x: 10 }))
    expect(inDoc(doc, id)).toBe(false)

    state.privateOn = false
    store.put([geoShape('open')])
    expect(store.get(createShapeId('open'))?.meta).toEqual({})
    expect(inDoc(doc, createShapeId('open'))).toBe(true)
  })

  it('never drafts frames, nor what arrives from others', () => {
    const { doc, store } = setup()
    store.put([{ ...geoShape('frame'), type: 'frame', props: { w: 100, h: 100, name: 'F', color: 'black' } } as unknown as TLRecord])
    expect(store.get(createShapeId('frame'))?.meta).toEqual({})
    store.mergeRemoteChanges(() => store.put([geoShape('theirs')]))
    expect(store.get(createShapeId('theirs'))?.meta).toEqual({})
    expect(inDoc(doc, createShapeId('frame'))).toBe(true)
  })

  it('deletes a deleted draft from the queue, and forgets a draft the reveal replaced', () => {
    const { doc, store, queue } = setup()
    store.put([geoShape('gone'), geoShape('shown')])
    store.remove([createShapeId('gone')])
    expect(queue.remove).toHaveBeenCalledWith(createShapeId('gone'))
    expect(inDoc(doc, createShapeId('gone'))).toBe(false)

    // The server reveals: the doc gets the same id without the flag.
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc))
    boardRecords(peer).set(createShapeId('shown'), geoShape('shown'))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), 'server')
    expect(store.get(createShapeId('shown'))?.meta).toEqual({})
    expect(queue.forget).toHaveBeenCalledWith(createShapeId('shown'))
    expect(queue.remove).not.toHaveBeenCalledWith(createShapeId('shown'))
  })

  it('undraft writes the shapes to the board, and then the bindings that touched them', async () => {
    const { doc, store, queue, drafts } = setup()
    store.mergeRemoteChanges(() => store.put([geoShape('public')]))
    store.put([geoShape('arrowish'), geoShape('target')])
    store.put([arrowBinding('b1', createShapeId('arrowish'), createShapeId('target')), arrowBinding('b2', createShapeId('public'), createShapeId('target'))])
    expect(store.get(createBindingId('b1'))?.meta).toEqual({ draft: true })
    expect(store.get(createBindingId('b2'))?.meta).toEqual({ draft: true })
    expect(inDoc(doc, createBindingId('b1'))).toBe(false)
    expect(drafts.drafts().map((d) => d.id).sort()).toEqual([createShapeId('arrowish'), createShapeId('target')])

    drafts.undraft([createShapeId('target')])
    expect(inDoc(doc, createShapeId('target'))).toBe(true)
    expect(queue.forget).toHaveBeenCalledWith(createShapeId('target'))
    await vi.advanceTimersByTimeAsync(0)
    // b2 joins two ordinary shapes now; b1 still has a draft end.
    expect(boardRecords(doc).get(createBindingId('b2'))?.meta).toEqual({})
    expect(inDoc(doc, createBindingId('b1'))).toBe(false)

    drafts.undraft([createShapeId('arrowish')])
    await vi.advanceTimersByTimeAsync(0)
    expect(inDoc(doc, createBindingId('b1'))).toBe(true)
  })

  it('restores drafts the store lacks, still as drafts, and skips the rest', () => {
    const { doc, store, drafts } = setup()
    store.mergeRemoteChanges(() => store.put([geoShape('present')]))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const restored = drafts.restore([
      { ...geoShape('back', { meta: { draft: true } }) },
      { ...geoShape('present', { meta: { draft: true } }) },
      { ...geoShape('broken', { meta: { draft: true } }), x: 'left' } as unknown as ReturnType<typeof geoShape>,
    ] as unknown as Array<{ id: string } & Record<string, unknown>>)
    warn.mockRestore()
    expect(restored.map((r) => r.id)).toEqual([createShapeId('back')])
    expect(store.get(createShapeId('back'))?.meta).toEqual({ draft: true })
    expect(store.get(createShapeId('present'))?.meta).toEqual({})
    expect(inDoc(doc, createShapeId('back'))).toBe(false)
  })

  it('dispose() stops marking', () => {
    const { store, drafts } = setup()
    drafts.dispose()
    store.put([geoShape('after')])
    expect(store.get(createShapeId('after'))?.meta).toEqual({})
  })
})
