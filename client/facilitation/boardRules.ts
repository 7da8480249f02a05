import { react, type Atom, type Editor, type Signal, type TLShape, type TLShapeId } from 'tldraw'
import { atLeast, type Role, type Sector } from '../../shared/access'
import { isLocked, type Placed } from '../../shared/facilitation/locks'
import type { FacilitationState } from '../../shared/facilitation/state'
import { stampAuthor } from './logic'

let stampSuppressed = 0

/**
 * Runs `fn` without stamping its new shapes as someone's contribution: for what the app itself adds (the five-step
 * template), which is nobody's idea.
 */
export function withoutAuthorStamp<T>(fn: () => T): T {
  stampSuppressed++
  try {
    return fn()
  } finally {
    stampSuppressed--
  }
}

export interface BoardRulesOptions {
  $facilitation: Signal<FacilitationState>
  role: Role
  /** Who creates shapes here, for the author stamp; `null` stamps nothing (the projector). */
  author: { userId: string; sector: Sector | null } | null
  /** The session's edit mode: set to `readonly` while the board is locked, back when it is unlocked. */
  $mode: Atom<'readonly' | 'readwrite'>
}

/**
 * What the facilitation state asks of this editor, for this person's own edits (source `user`; what arrives from the
 * server is never touched):
 *
 * - every contribution they create is stamped with their id and sector (docs/PROTOCOL.md §10);
 * - below facilitator, with the board locked the editor is read-only, and shapes in locked frames cannot be changed,
 *   deleted or created into (a new shape inside a locked frame lands on the page instead) — the server refuses such
 *   changes anyway (close 4423), so this keeps them from ever being sent.
 *
 * Returns a cleanup.
 */
export function bindBoardRules(editor: Editor, options: BoardRulesOptions): () => void {
  const { $facilitation, role, author, $mode } = options
  const cleanups: Array<() => void> = []

  if (author) {
    cleanups.push(
      editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
        if (source !== 'user' || stampSuppressed > 0) return shape
        return stampAuthor(shape as TLShape & { meta: Record<string, unknown> }, author)
      }),
    )
  }

  if (!atLeast(role, 'facilitator')) {
    const get = (id: string) => editor.store.get(id as TLShapeId) as Placed | undefined
    const locked = (record: Placed) => isLocked(record, $facilitation.get().locks, get)

    cleanups.push(
      editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
        if (source !== 'user' || !locked(shape)) return shape
        // Into a locked frame: the shape lands on the page at the same place instead.
        if (!shape.parentId.startsWith('shape:')) return shape
        const point = editor.getShapePageTransform(shape.parentId as TLShapeId).applyToPoint({ x: shape.x, y: shape.y })
        return { ...shape, parentId: editor.getCurrentPageId(), x: point.x, y: point.y }
      }),
      editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
        if (source !== 'user') return next
        return locked(prev) || locked(next) ? prev : next
      }),
      editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
        if (source !== 'user') return
        return locked(shape) ? false : undefined
      }),
    )

    const baseMode = $mode.get()
    if (baseMode === 'readwrite') {
      cleanups.push(
        react('board lock', () => {
          $mode.set($facilitation.get().locks.board ? 'readonly' : 'readwrite')
        }),
        () => $mode.set(baseMode),
      )
    }
  }

  return () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  }
}
