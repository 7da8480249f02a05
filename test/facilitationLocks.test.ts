/**
 * Locks against a real server: with a frame locked, a participant's update that changes anything in it is refused
 * with 4423 and nothing of it is applied; outside the frame they keep working; with the board locked every record
 * edit is refused; facilitators still edit; unlocking restores.
 */
import type { TLShape } from '@tldraw/tlschema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../shared/codes'
import { readFacilitation } from '../shared/facilitation/state'
import type { Person } from './helpers/auth'
import { cleanup, loadStoredDoc, sleep, waitFor } from './helpers/server'
import { closeCodes, destroyExtraPeers, note, ok, participant, peerOf, put, recordIn, workshop, type Workshop } from './facilitationSetup'

let w: Workshop
let editor: Person
const inFrame = () => note(w.frames[2], 'Air bersih', { x: 100, y: 300 })
const elsewhere = () => note(w.frames[4], 'Pelatihan', { x: 100, y: 300 })

beforeEach(async () => {
  w = await workshop()
  editor = await participant(w, 'Budi', 'masyarakat_sipil')
})
afterEach(async () => {
  destroyExtraPeers()
  await cleanup()
})

/** The x of a record as the server stores it. */
async function storedX(id: string): Promise<number | undefined> {
  return (recordIn(await loadStoredDoc(w.t.server.storage, w.boardId), id) as TLShape | undefined)?.x
}

/** An editor's peer moves `shape` to x; resolves with the close codes its socket saw. */
async function editorMoves(shape: TLShape, x: number): Promise<number[]> {
  const peer = peerOf(w, editor)
  await peer.synced
  const codes = closeCodes(peer)
  put(peer, { ...shape, x })
  return codes
}

describe('locks', () => {
  it('refuses an editor’s move inside a locked frame (4423), lets outside edits through, and unlocks', async () => {
    const observer = peerOf(w, w.t.owner)
    await observer.synced
    const a = inFrame()
    const b = elsewhere()
    put(observer, a, b)
    await waitFor(async () => (await storedX(b.id)) === b.x)

    const locked = await ok(w, w.facilitator, { type: 'lock', target: w.frames[2], locked: true })
    expect(locked.locks).toEqual({ board: false, frames: [w.frames[2]] })
    await waitFor(() => readFacilitation(observer.doc).locks.frames.includes(w.frames[2]))

    const refused = await editorMoves(a, 555)
    await waitFor(() => refused.includes(CloseCode.locked), 3_000, 'the editor to be closed with 4423')
    // Outside the frame: fine, and it shows the refused move went nowhere.
    const fine = await editorMoves(b, 777)
    await waitFor(async () => (await storedX(b.id)) === 777, 3_000, 'the move outside the frame to be stored')
    await waitFor(() => (recordIn(observer.doc, b.id) as TLShape | undefined)?.x === 777)
    expect(fine).toEqual([])
    expect((recordIn(observer.doc, a.id) as TLShape).x).toBe(a.x)
    expect(await storedX(a.id)).toBe(a.x)

    // A new note dropped into the locked frame, and deleting one in it, are refused too.
    const adder = peerOf(w, editor)
    await adder.synced
    const adderCodes = closeCodes(adder)
    put(adder, inFrame())
    await waitFor(() => adderCodes.includes(CloseCode.locked), 3_000, 'a new note in the locked frame to be refused')

    // The facilitator still edits inside it.
    const desk = peerOf(w, w.facilitator)
    await desk.synced
    put(desk, { ...a, x: 321 })
    await waitFor(() => (recordIn(observer.doc, a.id) as TLShape | undefined)?.x === 321, 3_000, 'the facilitator’s move')

    await ok(w, w.facilitator, { type: 'lock', target: w.frames[2], locked: false })
    const after = await editorMoves({ ...a, x: 321 }, 654)
    await waitFor(async () => (await storedX(a.id)) === 654, 3_000, 'the editor’s move after unlocking')
    expect(after).toEqual([])
  })

  it('with the board locked refuses every record edit of an editor, not of a facilitator', async () => {
    const observer = peerOf(w, w.t.owner)
    await observer.synced
    const b = elsewhere()
    put(observer, b)
    await waitFor(async () => (await storedX(b.id)) === b.x)
    await ok(w, w.facilitator, { type: 'lock', target: 'board', locked: true })

    const refused = await editorMoves(b, 999)
    await waitFor(() => refused.includes(CloseCode.locked), 3_000, 'the editor to be closed with 4423')
    const desk = peerOf(w, w.facilitator)
    await desk.synced
    put(desk, { ...b, x: 111 })
    await waitFor(async () => (await storedX(b.id)) === 111, 3_000, 'the facilitator’s edit')
    await sleep(50)
    expect((recordIn(observer.doc, b.id) as TLShape).x).toBe(111)

    await ok(w, w.facilitator, { type: 'lock', target: 'board', locked: false })
    const after = await editorMoves({ ...b, x: 111 }, 222)
    await waitFor(async () => (await storedX(b.id)) === 222, 3_000, 'the editor’s edit after unlocking')
    expect(after).toEqual([])
  })
})
