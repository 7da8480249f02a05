import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardMeta, boardRecords, initBoardDoc, RECORDS_KEY } from '../../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../../shared/boardSchema'
import { geoShape } from '../../test/fixtures/geoShape'
import { frameShape } from '../../shared/forum/records'
import { facilitationMap, writeFacilitation, type FacilitationState } from '../../shared/facilitation/state'
import { checkUpdate, decodesAsUpdate, type UpdateSender } from './updateGuard'

const schema = createBoardSchema()
const editor: UpdateSender = { role: 'editor' }
const facilitator: UpdateSender = { role: 'facilitator' }

/**
 * A server doc and a client doc in sync, and the update the client's `change` produces. `prepare` shapes the server
 * doc first (as the server's own writes would).
 */
function updateFrom(change: (client: Y.Doc) => void, prepare: (server: Y.Doc) => void = () => {}): { server: Y.Doc; update: Uint8Array } {
  const server = new Y.Doc()
  initBoardDoc(server, schema, initialBoardRecords())
  prepare(server)
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(client)
  change(client)
  return { server, update: Y.encodeStateAsUpdate(client, before) }
}

describe('checkUpdate', () => {
  it('accepts valid records, moves and deletes', () => {
    const { server, update } = updateFrom((c) => {
      boardRecords(c).set(geoShape(1).id, geoShape(1))
      boardRecords(c).set(geoShape(1).id, { ...geoShape(1), x: 99 })
      boardRecords(c).delete('page:page')
    })
    expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: true })
  })

  it('accepts meta changes and other top-level types', () => {
    const { server, update } = updateFrom((c) => {
      boardMeta(c).set('schema', schema.serialize())
      c.getMap('notes').set('a', null)
      c.getArray('raw').push([null, 1, 'x'])
    })
    expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: true })
  })

  it.each([
    ['null in records', (c: Y.Doc) => c.getArray(RECORDS_KEY).push([null])],
    ['a number in records', (c: Y.Doc) => c.getArray(RECORDS_KEY).push([7])],
    ['an invalid shape', (c: Y.Doc) => boardRecords(c).set(geoShape(1).id, { ...geoShape(1), props: { ...geoShape(1).props, w: 'wide' as never } })],
    ['a record under another id', (c: Y.Doc) => boardRecords(c).set('shape:other', geoShape(1))],
  ])('refuses %s', (_name, change) => {
    const { server, update } = updateFrom(change)
    const verdict = checkUpdate(update, schema, server, editor)
    expect(verdict).toMatchObject({ ok: false, code: 'invalidRecord' })
  })

  it('refuses a null that builds on content the server does not have yet', () => {
    const server = new Y.Doc()
    initBoardDoc(server, schema, initialBoardRecords())
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const sv = Y.encodeStateVector(client)
    client.getArray(RECORDS_KEY).push([{ key: geoShape(1).id, val: geoShape(1) }]) // never sent
    const afterFirst = Y.encodeStateVector(client)
    client.getArray(RECORDS_KEY).push([null])
    const onlySecond = Y.encodeStateAsUpdate(client, afterFirst)
    expect(checkUpdate(onlySecond, schema, server, editor)).toMatchObject({ ok: false, code: 'invalidRecord' })
    // Sent together, the first part makes the second's place known, and it is refused for being in records.
    expect(checkUpdate(Y.encodeStateAsUpdate(client, sv), schema, server, editor)).toMatchObject({ ok: false })
  })

  it('refuses bytes that do not decode', () => {
    expect(checkUpdate(new Uint8Array([1, 2, 3, 250, 250]), schema, new Y.Doc(), editor)).toMatchObject({ ok: false, code: 'malformedMessage' })
  })

  it('judges the decoded form it is given, as decoded on arrival, instead of decoding the update again', () => {
    const good = updateFrom((c) => boardRecords(c).set(geoShape(1).id, geoShape(1)))
    const bad = updateFrom((c) => c.getArray(RECORDS_KEY).push([7]))
    const decodedGood = decodesAsUpdate(good.update)
    const decodedBad = decodesAsUpdate(bad.update)
    if (!decodedGood.ok || !decodedBad.ok) throw new Error('both updates decode')
    const garbage = new Uint8Array([1, 2, 3, 250, 250])
    expect(checkUpdate(garbage, schema, good.server, editor, decodedGood.decoded)).toEqual({ ok: true })
    expect(checkUpdate(good.update, schema, bad.server, editor, decodedBad.decoded)).toMatchObject({ ok: false, code: 'invalidRecord' })
    // Judging does not change what it was given: the same decoded form gets the same verdict again.
    expect(checkUpdate(good.update, schema, good.server, editor, decodedGood.decoded)).toEqual({ ok: true })
    expect(checkUpdate(bad.update, schema, bad.server, editor, decodedBad.decoded)).toMatchObject({ ok: false, code: 'invalidRecord' })
  })
})

const frame = frameShape({ id: 'shape:frame' as never, parentId: 'page:page' as never, index: 'a1' as never, x: 0, y: 0 }, { w: 800, h: 600, name: 'Langkah 2' })
/** A geo shape inside the frame. */
const inside = geoShape('inside', { parentId: frame.id })
const outside = geoShape('outside')

/** The server's board: a frame with a shape in it, a shape outside, and this facilitation state. */
function board(state: Partial<FacilitationState>) {
  return (server: Y.Doc) => {
    for (const record of [frame, inside, outside]) boardRecords(server).set(record.id, record)
    writeFacilitation(server, state)
  }
}

describe('checkUpdate: the facilitation map is the server’s', () => {
  const state = { phase: { step: 2 as const, frameId: frame.id, startedAt: 1 }, locks: { board: false, frames: [] } }

  it.each([
    ['a new key', (c: Y.Doc) => facilitationMap(c).set('summon', { userId: 'u1', name: 'Ani', since: 1 })],
    ['a value replaced (placed by its neighbour)', (c: Y.Doc) => facilitationMap(c).set('phase', null)],
    ['a value deleted', (c: Y.Doc) => facilitationMap(c).delete('phase')],
    ['a nested type', (c: Y.Doc) => facilitationMap(c).set('timer', new Y.Map())],
    ['content of a nested type made in the same update', (c: Y.Doc) => {
      const nested = new Y.Map<unknown>()
      facilitationMap(c).set('vote', nested)
      nested.set('status', 'revealed')
    }],
  ])('refuses %s from anyone but the server', (_name, change) => {
    const { server, update } = updateFrom(change, board(state))
    for (const sender of [editor, facilitator, { role: 'owner' } as const]) {
      expect(checkUpdate(update, schema, server, sender)).toEqual({ ok: false, code: 'invalidRecord', reason: 'only the server writes facilitation state' })
    }
    expect(checkUpdate(update, schema, server, 'server')).toEqual({ ok: true })
  })

  it('refuses a value under a facilitation key in a type whose place the server cannot know', () => {
    const server = new Y.Doc()
    initBoardDoc(server, schema, initialBoardRecords())
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const nested = new Y.Map<unknown>()
    client.getMap('elsewhere').set('x', nested) // never sent
    const afterFirst = Y.encodeStateVector(client)
    nested.set('locks', { board: false, frames: [] })
    const onlySecond = Y.encodeStateAsUpdate(client, afterFirst)
    expect(checkUpdate(onlySecond, schema, server, editor)).toMatchObject({ ok: false, code: 'invalidRecord' })
  })

  it('lets people write everything else while facilitation state exists', () => {
    const { server, update } = updateFrom((c) => {
      boardRecords(c).set(outside.id, { ...outside, x: 500 })
      boardMeta(c).set('schema', schema.serialize())
    }, board(state))
    expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: true })
  })
})

describe('checkUpdate: locks', () => {
  const frameLocked = board({ locks: { board: false, frames: [frame.id] } })
  const boardLocked = board({ locks: { board: true, frames: [] } })

  it.each([
    ['moving a shape inside the locked frame', (c: Y.Doc) => boardRecords(c).set(inside.id, { ...inside, x: 300 })],
    ['moving the locked frame', (c: Y.Doc) => boardRecords(c).set(frame.id, { ...frame, x: 300 })],
    ['taking a shape out of the locked frame', (c: Y.Doc) => boardRecords(c).set(inside.id, { ...inside, parentId: 'page:page' as never })],
    ['putting a shape into the locked frame', (c: Y.Doc) => boardRecords(c).set(outside.id, { ...outside, parentId: frame.id })],
    ['adding a shape to the locked frame', (c: Y.Doc) => boardRecords(c).set(geoShape(7).id, geoShape(7, { parentId: frame.id }))],
    ['deleting a shape inside the locked frame', (c: Y.Doc) => boardRecords(c).delete(inside.id)],
  ])('refuses %s to an editor (4423), not to a facilitator', (_name, change) => {
    const { server, update } = updateFrom(change, frameLocked)
    expect(checkUpdate(update, schema, server, editor)).toMatchObject({ ok: false, code: 'locked' })
    expect(checkUpdate(update, schema, server, facilitator)).toEqual({ ok: true })
    expect(checkUpdate(update, schema, server, 'server')).toEqual({ ok: true })
  })

  it('lets an editor change what is outside a locked frame', () => {
    for (const change of [
      (c: Y.Doc) => boardRecords(c).set(outside.id, { ...outside, x: 900 }),
      (c: Y.Doc) => boardRecords(c).set(geoShape(8).id, geoShape(8)),
      (c: Y.Doc) => boardRecords(c).delete(outside.id),
    ]) {
      const { server, update } = updateFrom(change, frameLocked)
      expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: true })
    }
  })

  it.each([
    ['an edit', (c: Y.Doc) => boardRecords(c).set(outside.id, { ...outside, x: 900 })],
    ['a new shape', (c: Y.Doc) => boardRecords(c).set(geoShape(9).id, geoShape(9))],
    ['a deletion', (c: Y.Doc) => boardRecords(c).delete(outside.id)],
  ])('with the board locked refuses %s to an editor only', (_name, change) => {
    const { server, update } = updateFrom(change, boardLocked)
    expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: false, code: 'locked', reason: expect.stringMatching(/locked/) })
    expect(checkUpdate(update, schema, server, facilitator)).toEqual({ ok: true })
  })

  it('judges nothing once unlocked', () => {
    const { server, update } = updateFrom((c) => boardRecords(c).delete(inside.id), board({ locks: { board: false, frames: [] } }))
    expect(checkUpdate(update, schema, server, editor)).toEqual({ ok: true })
  })

  it('finds a locked record’s deletion among others', () => {
    const { server, update } = updateFrom((c) => {
      boardRecords(c).delete(outside.id)
      boardRecords(c).delete(inside.id)
    }, frameLocked)
    expect(checkUpdate(update, schema, server, editor)).toMatchObject({ ok: false, code: 'locked' })
  })
})

describe('checkUpdate: what the server already holds', () => {
  it('lets a client send back the whole board it has (its offline copy does on every page load), locks and facilitation state included', () => {
    for (const locks of [{ board: false, frames: [frame.id] }, { board: true, frames: [] }]) {
      const server = new Y.Doc()
      initBoardDoc(server, schema, initialBoardRecords())
      board({ locks })(server)
      // An older facilitation value replaced by a newer one: the old one is in the delete set the client sends back.
      writeFacilitation(server, { summon: { userId: 'u1', name: 'Siti', since: 1 } })
      writeFacilitation(server, { summon: null })
      const client = new Y.Doc()
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      expect(checkUpdate(Y.encodeStateAsUpdate(client), schema, server, editor)).toEqual({ ok: true })
      // Known content with something new on top is judged by the new part.
      boardRecords(client).set(inside.id, { ...inside, x: 300 })
      expect(checkUpdate(Y.encodeStateAsUpdate(client), schema, server, editor)).toMatchObject({ ok: false, code: 'locked' })
    }
  })
})
