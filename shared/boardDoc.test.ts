import type { SerializedSchemaV2 } from '@tldraw/store'
import {
  createShapeId,
  createUserId,
  InstancePresenceRecordType,
  type TLGeoShape,
  type TLRecord,
  type TLShapeId,
} from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  boardMeta,
  boardRecords,
  checkRecord,
  initBoardDoc,
  LAYOUT_VERSION,
  peekRecord,
  readDocSchema,
  readRecords,
  RECORDS_KEY,
  schemaCompatibility,
  type RecordEntry,
} from './boardDoc'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from './boardSchema'
import { geoShape } from '../test/fixtures/geoShape'

const schema = createBoardSchema()


const byId = (records: TLRecord[]) => [...records].sort((a, b) => a.id.localeCompare(b.id))

/** Sends each doc what the other lacks until both hold the same state. */
function sync(a: Y.Doc, b: Y.Doc) {
  for (let i = 0; i < 5; i++) {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'peer')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'peer')
    if (Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)))) return
  }
  throw new Error('docs did not reach the same state')
}

function docWithClientId(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

function shapeX(doc: Y.Doc, id: TLShapeId): number | undefined {
  return (boardRecords(doc).get(id) as TLGeoShape | undefined)?.x
}

function entries(doc: Y.Doc): RecordEntry[] {
  return doc.getArray<RecordEntry>(RECORDS_KEY).toArray()
}

describe('initBoardDoc', () => {
  it('writes the layout version, the serialized schema and the records', () => {
    const doc = new Y.Doc()
    const records = [...initialBoardRecords('Rembug'), geoShape(1)]
    initBoardDoc(doc, schema, records)

    expect(boardMeta(doc).get('layout')).toBe(LAYOUT_VERSION)
    expect(boardMeta(doc).get('schema')).toEqual(schema.serialize())
    expect(readDocSchema(doc)).toEqual(schema.serialize())
    expect(byId(readRecords(doc))).toEqual(byId(records))
    expect(entries(doc)).toHaveLength(records.length)
    expect(boardRecords(doc).get(DEFAULT_PAGE_ID)).toMatchObject({ typeName: 'page', name: 'Rembug' })
  })

  it('writes everything in one transaction', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    initBoardDoc(doc, schema, [...initialBoardRecords(), geoShape(1), geoShape(2)])
    expect(updates).toBe(1)
  })

  it('readDocSchema is undefined for a doc without a schema', () => {
    const doc = new Y.Doc()
    expect(readDocSchema(doc)).toBeUndefined()
    boardMeta(doc).set('schema', 'not a schema')
    expect(readDocSchema(doc)).toBeUndefined()
  })
})

describe('readRecords', () => {
  it('round-trips the records through a Yjs update into a fresh doc', () => {
    const doc = new Y.Doc()
    const records = [...initialBoardRecords(), geoShape(1), geoShape(2, { rotation: 1.5, meta: { tag: 'x' } })]
    initBoardDoc(doc, schema, records)

    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
    expect(byId(readRecords(fresh))).toEqual(byId(records))
    expect(readDocSchema(fresh)).toEqual(schema.serialize())
    expect(boardRecords(fresh).get(createShapeId('shape2'))).toEqual(records[3])
  })
})

describe('boardRecords', () => {
  function seededPair(clientA: number, clientB: number) {
    const seed = new Y.Doc()
    initBoardDoc(seed, schema, [...initialBoardRecords(), geoShape(1), geoShape(2)])
    const update = Y.encodeStateAsUpdate(seed)
    const a = docWithClientId(clientA)
    const b = docWithClientId(clientB)
    Y.applyUpdate(a, update)
    Y.applyUpdate(b, update)
    return { a, b }
  }

  const id1 = createShapeId('shape1')

  function concurrentSet(order: 'a-first' | 'b-first') {
    const { a, b } = seededPair(1001, 2002)
    boardRecords(a).set(id1, geoShape(1, { x: 111 }))
    boardRecords(b).set(id1, geoShape(1, { x: 222 }))
    // A brand-new record written by both at once, too.
    boardRecords(a).set(createShapeId('new'), geoShape(9, { id: createShapeId('new'), x: 1 }))
    boardRecords(b).set(createShapeId('new'), geoShape(9, { id: createShapeId('new'), x: 2 }))
    const fromA = Y.encodeStateAsUpdate(a)
    const fromB = Y.encodeStateAsUpdate(b)
    if (order === 'a-first') {
      Y.applyUpdate(b, fromA, 'peer')
      Y.applyUpdate(a, fromB, 'peer')
    } else {
      Y.applyUpdate(a, fromB, 'peer')
      Y.applyUpdate(b, fromA, 'peer')
    }
    sync(a, b)
    return { a, b }
  }

  it.each(['a-first', 'b-first'] as const)(
    'two docs setting the same record at once converge to one entry per key (%s)',
    (order) => {
      const { a, b } = concurrentSet(order)
      for (const doc of [a, b]) {
        const keys = entries(doc).map((e) => e.key)
        expect(new Set(keys).size).toBe(keys.length)
        expect(keys).toHaveLength(5) // document, page, s1, s2, new
      }
      expect(byId(readRecords(a))).toEqual(byId(readRecords(b)))
      expect(entries(a)).toEqual(entries(b))
      expect([111, 222]).toContain(shapeX(a, id1))
      expect([1, 2]).toContain(shapeX(a, createShapeId('new')))
    },
  )

  it('picks the same winner whichever update arrives first', () => {
    const first = concurrentSet('a-first')
    const second = concurrentSet('b-first')
    expect(byId(readRecords(first.a))).toEqual(byId(readRecords(second.a)))
    expect(byId(readRecords(first.b))).toEqual(byId(readRecords(second.b)))
  })

  it('propagates a delete', () => {
    const { a, b } = seededPair(1, 2)
    const id2 = createShapeId('shape2')
    expect(boardRecords(b).has(id2)).toBe(true)
    boardRecords(a).delete(id2)
    expect(boardRecords(a).has(id2)).toBe(false)
    sync(a, b)
    expect(boardRecords(b).has(id2)).toBe(false)
    expect(readRecords(b).map((r) => r.id)).not.toContain(id2)
    expect(entries(b).map((e) => e.key)).not.toContain(id2)
    expect(boardRecords(b).has(id1)).toBe(true)
  })

  it('a record set many times costs about as much as one written once', () => {
    const recordCount = 10
    const moves = 5_000
    const move = (n: number) => geoShape(n % recordCount, { x: n, y: -n })

    const doc = new Y.Doc()
    initBoardDoc(doc, schema, initialBoardRecords())
    const kv = boardRecords(doc)
    const yMapDoc = new Y.Doc()
    const yMap = yMapDoc.getMap<TLRecord>('records')
    for (let n = 0; n < moves; n++) {
      const record = move(n)
      kv.set(record.id, record)
      yMap.set(record.id, record)
    }

    const finalRecords = readRecords(doc)
    expect(finalRecords).toHaveLength(recordCount + 2)
    const fresh = new Y.Doc()
    initBoardDoc(fresh, schema, finalRecords)
    const freshSize = Y.encodeStateAsUpdate(fresh).byteLength
    const size = Y.encodeStateAsUpdate(doc).byteLength
    expect(size).toBeLessThan(1.5 * freshSize)

    // The contrast: a plain Y.Map keeps a tombstone per overwrite, so the same moves grow it well past 2×.
    const freshMapDoc = new Y.Doc()
    const freshMap = freshMapDoc.getMap<TLRecord>('records')
    for (const record of readRecords(doc).filter((r) => r.typeName === 'shape')) freshMap.set(record.id, record)
    expect(yMap.toJSON()).toEqual(freshMap.toJSON())
    const freshMapSize = Y.encodeStateAsUpdate(freshMapDoc).byteLength
    const mapSize = Y.encodeStateAsUpdate(yMapDoc).byteLength
    expect(mapSize).toBeGreaterThan(2 * freshMapSize)
  })
})

describe('schemaCompatibility', () => {
  const current = () => structuredClone(schema.serialize()) as SerializedSchemaV2
  const geoSequence = 'com.tldraw.shape.geo'

  it("is 'same' for the current schema", () => {
    expect(schemaCompatibility(schema, current())).toBe('same')
    expect(schemaCompatibility(schema, createBoardSchema().serialize())).toBe('same')
  })

  it("is 'migrate' for a doc without a schema", () => {
    expect(schemaCompatibility(schema, undefined)).toBe('migrate')
  })

  it("is 'migrate' for an older version of one sequence", () => {
    const older = current()
    const version = older.sequences[geoSequence]
    expect(version).toBeGreaterThan(1)
    older.sequences[geoSequence] = version! - 1
    expect(schemaCompatibility(schema, older)).toBe('migrate')
  })

  it("is 'reload' for a newer version of a sequence", () => {
    const newer = current()
    newer.sequences[geoSequence] = newer.sequences[geoSequence]! + 1
    expect(schemaCompatibility(schema, newer)).toBe('reload')
  })

  it("is 'reload' for a sequence this client does not know", () => {
    const unknown = current()
    unknown.sequences['com.example.shape.hexagon'] = 1
    expect(schemaCompatibility(schema, unknown)).toBe('reload')
  })

  it("is 'reload' for a newer schemaVersion", () => {
    const newer = { ...current(), schemaVersion: current().schemaVersion + 1 } as unknown as SerializedSchemaV2
    expect(schemaCompatibility(schema, newer)).toBe('reload')
  })
})

describe('checkRecord', () => {
  it('accepts a valid document, page and shape record', () => {
    for (const record of [...initialBoardRecords(), geoShape(1)]) {
      const result = checkRecord(schema, record)
      expect(result).toEqual({ ok: true, record })
    }
  })

  it('refuses an unknown record type', () => {
    const result = checkRecord(schema, { ...geoShape(1), typeName: 'hexagon', id: 'hexagon:1' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toContain('hexagon')
    // Names that exist on every object must not pass as record types.
    for (const typeName of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(checkRecord(schema, { typeName }).ok).toBe(false)
    }
  })

  it('refuses a record type that is not of document scope', () => {
    const presence = InstancePresenceRecordType.create({
      id: InstancePresenceRecordType.createId('peer'),
      currentPageId: DEFAULT_PAGE_ID,
      userId: createUserId('a'),
      userName: 'Siti',
    })
    expect(InstancePresenceRecordType.validate(presence)).toBe(presence) // valid as a record, wrong place
    const result = checkRecord(schema, presence)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toContain('instance_presence')
  })

  it('refuses a shape whose props are invalid', () => {
    const bad = geoShape(1)
    const result = checkRecord(schema, { ...bad, props: { ...bad.props, w: 'wide' } })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason.length).toBeGreaterThan(0)
    expect(checkRecord(schema, { ...bad, id: 'not-a-shape-id' as TLShapeId }).ok).toBe(false)
    expect(checkRecord(schema, { ...bad, type: 'hexagon' }).ok).toBe(false)
    expect(checkRecord(schema, { typeName: 'shape' }).ok).toBe(false)
  })

  it('refuses non-objects and never throws', () => {
    const junk: unknown[] = [
      null,
      undefined,
      0,
      42,
      'shape',
      true,
      Symbol('x'),
      () => 1,
      [],
      [geoShape(1)],
      {},
      { typeName: 42 },
      { typeName: 'shape', props: null },
      { typeName: 'page' },
      { typeName: 'document', id: 'document:document' },
      Object.create(null),
    ]
    for (const value of junk) {
      let result: ReturnType<typeof checkRecord> | undefined
      expect(() => (result = checkRecord(schema, value))).not.toThrow()
      expect(result?.ok).toBe(false)
    }
  })
})

describe('peekRecord', () => {
  it('reads the record every reader takes (the last entry of its key) without writing to the doc', () => {
    const doc = new Y.Doc()
    const shape = geoShape(1)
    // Two peers wrote the same record at once: two entries for one key, the later one wins.
    doc.getArray<RecordEntry>(RECORDS_KEY).push([{ key: shape.id, val: shape }, { key: shape.id, val: { ...shape, x: 99 } }])
    let writes = 0
    doc.on('update', () => writes++)
    expect(peekRecord(doc, shape.id)).toMatchObject({ x: 99 })
    expect(peekRecord(doc, 'shape:none')).toBeUndefined()
    expect(peekRecord(new Y.Doc(), shape.id)).toBeUndefined()
    // A doc built from updates, whose records array nobody has asked for by type yet (a room's doc).
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(doc))
    expect(peekRecord(loaded, shape.id)).toMatchObject({ x: 99 })
    // Unlike a `boardRecords` view, which removes the older duplicate as it starts.
    expect(writes).toBe(0)
    expect(doc.getArray(RECORDS_KEY).length).toBe(2)
  })
})
