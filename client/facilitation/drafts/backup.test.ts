import { describe, expect, it } from 'vitest'
import { DraftBackup, draftBackupKey } from './backup'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

const record = (id: string, x = 0) => ({ id, typeName: 'shape', type: 'note', x, meta: { draft: true } })

describe('DraftBackup', () => {
  it('keeps entries per board and person, and survives a new instance (a reload)', () => {
    const storage = memoryStorage()
    const backup = new DraftBackup(storage, draftBackupKey('b1', 'u1'))
    backup.set('shape:a', { op: 'put', record: record('shape:a', 5) })
    backup.set('shape:b', { op: 'delete' })
    backup.set('shape:a', { op: 'put', record: record('shape:a', 6) })

    const again = new DraftBackup(storage, draftBackupKey('b1', 'u1'))
    expect(again.all()).toEqual({ 'shape:a': { op: 'put', record: record('shape:a', 6) }, 'shape:b': { op: 'delete' } })
    expect(new DraftBackup(storage, draftBackupKey('b1', 'u2')).all()).toEqual({})
    expect(new DraftBackup(storage, draftBackupKey('b2', 'u1')).all()).toEqual({})
  })

  it('removes entries, and the key with the last one', () => {
    const storage = memoryStorage()
    const backup = new DraftBackup(storage, 'k')
    backup.set('shape:a', { op: 'put', record: record('shape:a') })
    backup.set('shape:b', { op: 'put', record: record('shape:b') })
    backup.delete('shape:a')
    expect(Object.keys(backup.all())).toEqual(['shape:b'])
    backup.delete('shape:b')
    expect(storage.items.has('k')).toBe(false)
  })

  it('reads a damaged copy as empty or skips the bad entries, and never throws on a refusing storage', () => {
    const storage = memoryStorage()
    storage.setItem('k', '{not json')
    expect(new DraftBackup(storage, 'k').all()).toEqual({})
    storage.setItem('k', JSON.stringify({ 'shape:a': { op: 'put', record: record('shape:other') }, 'shape:b': { op: 'delete' }, 'shape:c': 7 }))
    expect(new DraftBackup(storage, 'k').all()).toEqual({ 'shape:b': { op: 'delete' } })

    const refusing = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    }
    const backup = new DraftBackup(refusing, 'k')
    expect(() => backup.set('shape:a', { op: 'delete' })).not.toThrow()
    expect(backup.all()).toEqual({})
    expect(new DraftBackup(null, 'k').all()).toEqual({})
  })
})
