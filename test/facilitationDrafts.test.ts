/**
 * Private drafting against a real server: while it is on, a participant's hidden note is kept by the server only —
 * absent from every other client's copy of the board and from the room's own doc — until the facilitator reveals the
 * round; then every hidden note appears on the board at once and the draft store is empty.
 */
import type { TLShape } from '@tldraw/tlschema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readFacilitation } from '../shared/facilitation/state'
import { call, type Person } from './helpers/auth'
import { cleanup, loadStoredDoc, sleep, waitFor } from './helpers/server'
import { destroyExtraPeers, note, ok, participant, peerOf, put, recordIn, workshop, type Workshop } from './facilitationSetup'

let w: Workshop
let a: Person
let b: Person

beforeEach(async () => {
  w = await workshop()
  a = await participant(w, 'Bu Ani', 'masyarakat_sipil')
  b = await participant(w, 'Pak Budi', 'swasta')
})
afterEach(async () => {
  destroyExtraPeers()
  await cleanup()
})

function putDraft(person: Person, record: TLShape, shapeId: string = record.id) {
  return call<{ error?: { code: string; message: string } }>(w.t.url, person, 'PUT', `/api/boards/${w.boardId}/drafts/${shapeId}`, { record })
}

function draftsOf(person: Person) {
  return call<{ drafts: Array<{ shapeId: string; record: TLShape }> }>(w.t.url, person, 'GET', `/api/boards/${w.boardId}/drafts`)
}

/** Everything a doc holds, as text: a hidden note's id or words must not be in it. */
function contentText(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1')
}

describe('private drafting', () => {
  it('keeps a hidden note off every other copy of the board until the facilitator reveals it', async () => {
    const peerB = peerOf(w, b)
    await peerB.synced
    const on = await ok(w, w.facilitator, { type: 'private', on: true })
    expect(on.private).toEqual({ on: true, since: expect.any(Number) })
    await waitFor(() => readFacilitation(peerB.doc).private?.on === true)

    const secret = note(w.frames[2], 'rahasia-air-bersih-dusun-tiga', { meta: { draft: true } })
    const saved = await putDraft(a, secret)
    expect(saved.status).toBe(200)
    expect(saved.body).toEqual({})
    // A's own list has it; B's has nothing; the facilitator sees one waiting.
    expect((await draftsOf(a)).body.drafts).toEqual([{ shapeId: secret.id, record: secret }])
    expect((await draftsOf(b)).body.drafts).toEqual([])
    expect((await call<{ count: number }>(w.t.url, w.facilitator, 'GET', `/api/boards/${w.boardId}/drafts/count`)).body).toEqual({ count: 1 })
    expect((await call(w.t.url, a, 'GET', `/api/boards/${w.boardId}/drafts/count`)).status).toBe(403)

    // Another person cannot take over A's id.
    const stolen = await putDraft(b, { ...secret, props: { ...secret.props, color: 'red' } })
    expect(stolen.status).toBe(409)
    expect((await draftsOf(a)).body.drafts[0]!.record.props).toEqual(secret.props)

    // Nothing of it anywhere but the draft store: B's doc, the room's doc, what is stored.
    put(peerB, note(w.frames[4], 'barrier'))
    await sleep(100)
    for (const doc of [peerB.doc, w.t.server.rooms.loadedRoom(w.boardId)!.doc, await loadStoredDoc(w.t.server.storage, w.boardId)]) {
      expect(contentText(doc)).not.toContain(secret.id)
      expect(contentText(doc)).not.toContain('rahasia-air-bersih')
    }

    // Off reveals: B receives the note (no longer a draft), the store is empty.
    const off = await ok(w, w.facilitator, { type: 'private', on: false })
    expect(off.private).toBeNull()
    await waitFor(() => recordIn(peerB.doc, secret.id) !== undefined, 3_000, 'the revealed note at B')
    const revealed = recordIn(peerB.doc, secret.id) as TLShape
    expect(revealed.meta).toEqual({})
    expect(revealed.parentId).toBe(w.frames[2])
    expect(revealed.props).toEqual(secret.props)
    expect(await w.t.server.storage.drafts.count(w.boardId)).toBe(0)
    expect((await draftsOf(a)).body.drafts).toEqual([])

    // With private drafting off a draft is refused: the client writes the note to the board instead.
    const late = await putDraft(a, note(w.frames[2], 'terlambat'))
    expect(late.status).toBe(409)
    expect(late.body.error?.code).toBe('conflict')
  })

  it('reveals a round and keeps drafting on; puts notes whose frame is gone on the page; checks what it stores', async () => {
    const owner = peerOf(w, w.t.owner)
    await owner.synced
    await ok(w, w.facilitator, { type: 'private', on: true })
    const fromA = note(w.frames[2], 'dari Ani', { meta: { draft: true } })
    const orphan = note('shape:frame-that-is-gone', 'yatim', { meta: { draft: true } })
    const fromB = note(w.frames[3], 'dari Budi', { meta: { draft: true } })
    expect((await putDraft(a, fromA)).status).toBe(200)
    expect((await putDraft(a, orphan)).status).toBe(200)
    expect((await putDraft(b, fromB)).status).toBe(200)

    // Not a shape under its id, not valid, too large, already on the board, a viewer: refused, nothing stored.
    const onBoard = note(w.frames[2], 'sudah ada')
    put(owner, onBoard)
    await waitFor(() => recordIn(w.t.server.rooms.loadedRoom(w.boardId)!.doc, onBoard.id) !== undefined)
    const viewer = await participant(w, 'Layar', null, 'viewer')
    expect((await putDraft(a, fromA, 'shape:another')).status).toBe(400)
    expect((await putDraft(a, { ...fromA, props: { ...fromA.props, color: 'plaid' } } as never)).status).toBe(400)
    expect((await putDraft(a, { ...fromA, meta: { big: 'x'.repeat(20_000) } })).status).toBe(413)
    expect((await putDraft(a, onBoard)).status).toBe(409)
    expect((await putDraft(viewer, note(w.frames[2], 'x'))).status).toBe(403)
    expect(await w.t.server.storage.drafts.count(w.boardId)).toBe(3)

    // A deleted draft is not revealed.
    const dropped = note(w.frames[2], 'batal', { meta: { draft: true } })
    expect((await putDraft(a, dropped)).status).toBe(200)
    expect((await call(w.t.url, a, 'DELETE', `/api/boards/${w.boardId}/drafts/${dropped.id}`)).status).toBe(204)

    const state = await ok(w, w.facilitator, { type: 'private', action: 'reveal' })
    expect(state.private?.on).toBe(true)
    await waitFor(() => [fromA, orphan, fromB].every((n) => recordIn(owner.doc, n.id) !== undefined), 3_000, 'the round at the owner')
    expect((recordIn(owner.doc, orphan.id) as TLShape).parentId).toBe('page:page')
    expect((recordIn(owner.doc, fromB.id) as TLShape).parentId).toBe(w.frames[3])
    expect(recordIn(owner.doc, dropped.id)).toBeUndefined()
    expect(await w.t.server.storage.drafts.count(w.boardId)).toBe(0)
    // Still on: the next note is a draft again.
    expect((await putDraft(b, note(w.frames[3], 'ronde dua', { meta: { draft: true } }))).status).toBe(200)
  })
})
