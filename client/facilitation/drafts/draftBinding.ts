import type { TLBinding, TLRecord, TLShape, TLStore } from 'tldraw'
import { isDraftRecord } from '../../board/yjsBinding'
import type { DraftQueue } from './draftQueue'

/** Shapes that never become drafts: structure, not contributions (a draft frame or group would leave the shapes put
 * into it pointing at a parent nobody else has). */
const NEVER_DRAFT = new Set(['frame', 'group'])

type DraftRecord = { id: string } & Record<string, unknown>

export interface DraftBindingOptions {
  store: TLStore
  queue: Pick<DraftQueue, 'put' | 'remove' | 'forget' | 'isAcked'>
  /** Whether this person's new shapes are drafts now (private drafting on, and they are below facilitator). */
  isPrivate(): boolean
  /** Runs a change as this person's (so the board binding writes it) but outside their undo history. */
  withoutHistory(fn: () => void): void
}

export interface DraftBinding {
  /** Makes drafts ordinary shapes (private drafting went off before the server had them): the board gets them. */
  undraft(ids: readonly string[]): void
  /**
   * Puts drafts from elsewhere (the server's list, the backup) into the store as drafts (`asDraft`), skipping ids it
   * already has and records its schema refuses; answers those it put.
   */
  restore(records: readonly DraftRecord[]): DraftRecord[]
  /** The drafts in the store now. */
  drafts(): TLShape[]
  dispose(): void
}

/** The record with `meta.draft = true`. */
export function asDraft<T extends object>(record: T): T {
  const current = (record as { meta?: unknown }).meta
  const meta = current && typeof current === 'object' ? (current as Record<string, unknown>) : {}
  return meta.draft === true ? record : { ...record, meta: { ...meta, draft: true } }
}

function withoutDraft<T extends TLRecord>(record: T): T {
  const { draft: _draft, ...meta } = record.meta as Record<string, unknown>
  return { ...record, meta } as T
}

/**
 * Private drafting in the store (docs/PROTOCOL.md §10): while `isPrivate()`, every shape this person creates gets
 * `meta.draft = true` (and so does a binding, such as an arrow's end, that touches a draft), which keeps it out of the
 * board doc (client/board/yjsBinding.ts). Their changes to drafts go to `queue` (the server's draft store); when a
 * draft stops being one — the reveal brought the board's version, or `undraft` — the queue forgets it, and bindings
 * that touched it are written to the board once both their ends are ordinary shapes.
 */
export function bindDraftStore(options: DraftBindingOptions): DraftBinding {
  const { store, queue, isPrivate, withoutHistory } = options
  const cleanups: Array<() => void> = []
  let disposed = false

  cleanups.push(
    store.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
      if (source !== 'user' || isDraftRecord(shape) || NEVER_DRAFT.has(shape.type) || !isPrivate()) return shape
      return { ...shape, meta: { ...shape.meta, draft: true } }
    }),
    store.sideEffects.registerBeforeCreateHandler('binding', (binding, source) => {
      if (source !== 'user' || isDraftRecord(binding)) return binding
      const touchesDraft = isDraftRecord(store.get(binding.fromId)) || isDraftRecord(store.get(binding.toId))
      return touchesDraft ? { ...binding, meta: { ...binding.meta, draft: true } } : binding
    }),
  )

  // Bindings made while one of their ends was a draft, written to the board once neither end is one.
  let fixTimer: ReturnType<typeof setTimeout> | null = null
  const fixBindingsSoon = () => {
    if (fixTimer !== null || disposed) return
    // Later, not inside the change that undrafted the shape: that may be a remote merge, whose changes the board
    // binding does not write.
    fixTimer = setTimeout(() => {
      fixTimer = null
      if (disposed) return
      const ready = store
        .allRecords()
        .filter((r): r is TLBinding => r.typeName === 'binding' && isDraftRecord(r))
        .filter((b) => {
          const from = store.get(b.fromId)
          const to = store.get(b.toId)
          return !!from && !!to && !isDraftRecord(from) && !isDraftRecord(to)
        })
      if (ready.length > 0) withoutHistory(() => store.put(ready.map(withoutDraft)))
    }, 0)
  }

  cleanups.push(
    store.listen(
      ({ changes, source }) => {
        let undrafted = false
        const changed = (from: TLRecord | undefined, to: TLRecord) => {
          if (to.typeName !== 'shape') return
          if (isDraftRecord(to)) {
            if (source === 'user' && !queue.isAcked(to as unknown as DraftRecord)) queue.put(to as unknown as DraftRecord)
          } else if (from && isDraftRecord(from)) {
            // Revealed (the board's version replaced it) or made ordinary here.
            queue.forget(to.id)
            undrafted = true
          }
        }
        for (const record of Object.values(changes.added)) changed(undefined, record)
        for (const [from, to] of Object.values(changes.updated)) changed(from, to)
        for (const record of Object.values(changes.removed)) {
          if (record.typeName !== 'shape' || !isDraftRecord(record)) continue
          if (source === 'user') queue.remove(record.id)
          else queue.forget(record.id)
        }
        if (undrafted) fixBindingsSoon()
      },
      { scope: 'document' },
    ),
  )

  const drafts = () => store.allRecords().filter((r): r is TLShape => r.typeName === 'shape' && isDraftRecord(r))

  return {
    undraft(ids) {
      const records = ids.map((id) => store.get(id as TLShape['id'])).filter((r): r is TLShape => isDraftRecord(r))
      if (records.length === 0) return
      withoutHistory(() => store.put(records.map(withoutDraft)))
      fixBindingsSoon()
    },
    restore(records) {
      const missing = records.filter((r) => !store.has(r.id as TLShape['id'])).map((r) => asDraft(r))
      const restored: DraftRecord[] = []
      withoutHistory(() => {
        for (const record of missing) {
          try {
            store.put([record as unknown as TLRecord])
            restored.push(record)
          } catch (error) {
            // Not valid under this board's schema (an older app, a damaged copy): left out, the editor keeps working.
            console.warn(`Rembug: skipped hidden note ${record.id}:`, error)
          }
        }
      })
      return restored
    },
    drafts,
    dispose() {
      disposed = true
      if (fixTimer !== null) clearTimeout(fixTimer)
      for (const cleanup of cleanups.splice(0).reverse()) cleanup()
    },
  }
}
