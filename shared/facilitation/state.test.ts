import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { emptyFacilitation, facilitationMap, readFacilitation, writeFacilitation } from './state'

describe('facilitation state in the doc', () => {
  it('reads defaults from an empty doc and what was written, replicated to another doc', () => {
    const doc = new Y.Doc()
    expect(readFacilitation(doc)).toEqual(emptyFacilitation)
    writeFacilitation(doc, { phase: { step: 2, frameId: 'shape:f2', startedAt: 5 }, locks: { board: true, frames: [] } })
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    expect(readFacilitation(other)).toEqual({ ...emptyFacilitation, phase: { step: 2, frameId: 'shape:f2', startedAt: 5 }, locks: { board: true, frames: [] } })
  })

  it('reads an invalid field as its default, leaving the others', () => {
    const doc = new Y.Doc()
    facilitationMap(doc).set('locks', { board: 'yes' })
    facilitationMap(doc).set('summon', { userId: 'u1', name: 'Ani', since: 1 })
    expect(readFacilitation(doc).locks).toEqual({ board: false, frames: [] })
    expect(readFacilitation(doc).summon).toEqual({ userId: 'u1', name: 'Ani', since: 1 })
  })

  it('writes nothing for an unchanged value and throws, writing nothing, for an invalid one', () => {
    const doc = new Y.Doc()
    writeFacilitation(doc, { summon: null })
    let updates = 0
    doc.on('update', () => updates++)
    writeFacilitation(doc, { summon: null })
    expect(updates).toBe(0)
    expect(() => writeFacilitation(doc, { phase: null, timer: { durationMs: -1 } as never })).toThrow()
    expect(updates).toBe(0)
    expect(facilitationMap(doc).has('phase')).toBe(false)
  })
})
