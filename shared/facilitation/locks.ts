import type { LocksState } from './state'

/** The little of a record the lock check needs. */
export interface Placed {
  id: string
  typeName: string
  parentId?: string
}

/**
 * Whether a record is locked by `locks` for people who are not facilitators: with the board locked, every record
 * is; otherwise a shape is when it is a locked frame or sits (at any depth) inside one. `get` finds a record by id
 * in the board as it is.
 *
 * @example
 * isLocked(note, { board: false, frames: ['shape:step2'] }, (id) => records.get(id)) // → true inside step 2
 */
export function isLocked(record: Placed, locks: LocksState, get: (id: string) => Placed | undefined): boolean {
  if (locks.board) return true
  if (locks.frames.length === 0 || record.typeName !== 'shape') return false
  const frames = new Set(locks.frames)
  let current: Placed | undefined = record
  for (let depth = 0; current && depth < 100; depth++) {
    if (frames.has(current.id)) return true
    const parentId: string | undefined = current.parentId
    if (!parentId || !parentId.startsWith('shape:')) return false
    current = get(parentId)
  }
  return false
}
