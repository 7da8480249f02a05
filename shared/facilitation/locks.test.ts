import { describe, expect, it } from 'vitest'
import { isLocked, type Placed } from './locks'

const records = new Map<string, Placed>([
  ['shape:frame', { id: 'shape:frame', typeName: 'shape', parentId: 'page:page' }],
  ['shape:group', { id: 'shape:group', typeName: 'shape', parentId: 'shape:frame' }],
  ['shape:deep', { id: 'shape:deep', typeName: 'shape', parentId: 'shape:group' }],
  ['shape:free', { id: 'shape:free', typeName: 'shape', parentId: 'page:page' }],
])
const get = (id: string) => records.get(id)

describe('isLocked', () => {
  it('locks a locked frame and everything inside it at any depth, nothing else', () => {
    const locks = { board: false, frames: ['shape:frame'] }
    expect(isLocked(records.get('shape:frame')!, locks, get)).toBe(true)
    expect(isLocked(records.get('shape:deep')!, locks, get)).toBe(true)
    expect(isLocked(records.get('shape:free')!, locks, get)).toBe(false)
    expect(isLocked({ id: 'page:page', typeName: 'page' }, locks, get)).toBe(false)
    expect(isLocked(records.get('shape:deep')!, { board: false, frames: [] }, get)).toBe(false)
  })

  it('locks every record with the board locked', () => {
    expect(isLocked(records.get('shape:free')!, { board: true, frames: [] }, get)).toBe(true)
    expect(isLocked({ id: 'page:page', typeName: 'page' }, { board: true, frames: [] }, get)).toBe(true)
  })

  it('ends on a parent cycle', () => {
    const cycle = new Map<string, Placed>([
      ['shape:a', { id: 'shape:a', typeName: 'shape', parentId: 'shape:b' }],
      ['shape:b', { id: 'shape:b', typeName: 'shape', parentId: 'shape:a' }],
    ])
    expect(isLocked(cycle.get('shape:a')!, { board: false, frames: ['shape:x'] }, (id) => cycle.get(id))).toBe(false)
  })
})
