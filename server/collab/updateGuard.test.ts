import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardMeta, boardRecords, initBoardDoc, RECORDS_KEY } from '../../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../../shared/boardSchema'
import { geoShape } from '../../test/fixtures/geoShape'
import { checkUpdate } from './updateGuard'

const schema = createBoardSchema()

/** A server doc and a client doc in sync, and the update the client's `change` produces. */
function updateFrom(change: (client: Y.Doc) => void): { server: Y.Doc; update: Uint8Array } {
  const server = new Y.Doc()
  initBoardDoc(server, schema, initialBoardRecords())
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
    expect(checkUpdate(update, schema, server)).toEqual({ ok: true })
  })

  it('accepts meta changes and other top-level types', () => {
    const { server, update } = updateFrom((c) => {
      boardMeta(c).set('schema', schema.serialize())
      c.getMap('notes').set('a', null)
      c.getArray('raw').push([null, 1, 'x'])
    })
    expect(checkUpdate(update, schema, server)).toEqual({ ok: true })
  })

  it.each([
    ['null in records', (c: Y.Doc) => c.getArray(RECORDS_KEY).push([null])],
    ['a number in records', (c: Y.Doc) => c.getArray(RECORDS_KEY).push([7])],
    ['an invalid shape', (c: Y.Doc) => boardRecords(c).set(geoShape(1).id, { ...geoShape(1), props: { ...geoShape(1).props, w: 'wide' as never } })],
    ['a record under another id', (c: Y.Doc) => boardRecords(c).set('shape:other', geoShape(1))],
  ])('refuses %s', (_name, change) => {
    const { server, update } = updateFrom(change)
    const verdict = checkUpdate(update, schema, server)
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
    expect(checkUpdate(onlySecond, schema, server)).toMatchObject({ ok: false, code: 'invalidRecord' })
    // Sent together, the first part makes the second's place known, and it is refused for being in records.
    expect(checkUpdate(Y.encodeStateAsUpdate(client, sv), schema, server)).toMatchObject({ ok: false })
  })

  it('refuses bytes that do not decode', () => {
    expect(checkUpdate(new Uint8Array([1, 2, 3, 250, 250]), schema, new Y.Doc())).toMatchObject({ ok: false, code: 'malformedMessage' })
  })
})
