import { createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, type Editor, type TLStore } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { Role } from '../../../shared/access'
import { boardRecords, initBoardDoc } from '../../../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../../../shared/boardSchema'
import { writeFacilitation } from '../../../shared/facilitation/state'
import { geoShape } from '../../../test/fixtures/geoShape'
import { ApiCallError } from '../../api'
import type { BoardSession } from '../../board/BoardSession'
import { bindStoreToDoc } from '../../board/yjsBinding'
import { forumShapeUtils } from '../../cards'

const api = vi.hoisted(() => ({
  list: vi.fn(async (_boardId: string): Promise<Array<{ shapeId: string; record: unknown }>> => []),
  put: vi.fn(async (_boardId: string, _shapeId: string, _record: unknown): Promise<void> => {}),
  remove: vi.fn(async (_boardId: string, _shapeId: string): Promise<void> => {}),
}))
vi.mock('./api', () => ({ draftsApi: api }))
// The markers need a page (DOM); they are not what this tests.
vi.mock('./markers', () => ({ showDraftMarkers: () => () => {} }))

const { bindDrafts } = await import('./bindDrafts')

function setup(role: Role = 'editor', privateOn = true) {
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), initialBoardRecords())
  writeFacilitation(doc, { private: { on: privateOn, since: 1 } })
  const store: TLStore = createTLStore({ shapeUtils: [...defaultShapeUtils, ...forumShapeUtils], bindingUtils: defaultBindingUtils })
  if (bindStoreToDoc(store, doc).status !== 'bound') throw new Error('not bound')
  const provider = { synced: true, on: vi.fn(), off: vi.fn() }
  const session = { boardId: 'b1', role, view: 'board', doc, provider, person: { userId: 'u1' } } as unknown as BoardSession
  const editor = { store, run: (fn: () => void) => fn() } as unknown as Editor
  const stop = bindDrafts(session, editor)
  return { doc, store, stop }
}

describe('bindDrafts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    api.list.mockClear()
    api.put.mockClear()
    api.remove.mockClear()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("sends a participant's new note to the draft store, not to the board", async () => {
    const { doc, store, stop } = setup()
    store.put([geoShape('hidden')])
    await vi.advanceTimersByTimeAsync(400)
    expect(boardRecords(doc).has(createShapeId('hidden'))).toBe(false)
    expect(api.put).toHaveBeenCalledWith('b1', createShapeId('hidden'), expect.objectContaining({ meta: { draft: true } }))
    stop()
  })

  it("puts the server's drafts back into the store without sending them again", async () => {
    const mine = geoShape('earlier', { meta: { draft: true } })
    api.list.mockResolvedValueOnce([{ shapeId: mine.id, record: mine }])
    const { doc, store, stop } = setup()
    await vi.advanceTimersByTimeAsync(1000)
    expect(store.get(mine.id)).toEqual(mine)
    expect(boardRecords(doc).has(mine.id)).toBe(false)
    expect(api.put).not.toHaveBeenCalled()
    stop()
  })

  it('turns a leftover draft into a board note when private drafting goes off (the server answers 409)', async () => {
    const { doc, store, stop } = setup()
    api.put.mockImplementation(async () => {
      throw new ApiCallError(409, 'conflict', 'private drafting is off')
    })
    // Offline-made, never reached the server; then the facilitator switches private drafting off.
    store.put([geoShape('late')])
    writeFacilitation(doc, { private: { on: false, since: 2 } })
    await vi.advanceTimersByTimeAsync(3000)
    expect(store.get(createShapeId('late'))?.meta).toEqual({})
    expect(boardRecords(doc).get(createShapeId('late'))).toEqual(geoShape('late'))
    api.put.mockReset()
    stop()
  })

  it('leaves facilitators and owners alone: their notes go straight to the board', async () => {
    const { doc, store, stop } = setup('facilitator')
    store.put([geoShape('public')])
    await vi.advanceTimersByTimeAsync(1000)
    expect(boardRecords(doc).has(createShapeId('public'))).toBe(true)
    expect(api.list).not.toHaveBeenCalled()
    stop()
  })
})
