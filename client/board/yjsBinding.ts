import type { TLRecord, TLStore } from 'tldraw'
import type * as Y from 'yjs'
import {
  boardMeta,
  boardRecords,
  checkRecord,
  LAYOUT_VERSION,
  readDocSchema,
  readRecords,
  schemaCompatibility,
} from '../../shared/boardDoc'

/** Marks Yjs transactions made by this binding, so their events are not applied back to the store. */
const LOCAL_ORIGIN = Symbol('rembug-local-store')

export interface BindingOptions {
  /** Called for each record from the doc that fails validation; the record is skipped, the editor keeps working. */
  onInvalidRecord?(id: string, reason: string): void
  /** Called when another client moved the doc to a newer schema: this page must reload to keep editing. */
  onSchemaTooNew?(): void
}

export type BindResult = { status: 'bound'; dispose(): void } | { status: 'reload' }

/**
 * A private draft (docs/PROTOCOL.md §10): a record this person made while private drafting was on. It lives in this
 * store only (and, through client/facilitation/drafts, with the server's draft store), never in the board doc, so no
 * other client's copy of the document can hold it. When the facilitator reveals it, the server writes the same id
 * without the flag to the doc, and that version replaces the local draft.
 */
export function isDraftRecord(record: TLRecord | undefined): boolean {
  return (record?.meta as { draft?: unknown } | undefined)?.draft === true
}

/**
 * Binds a tldraw store to a board doc (layout in shared/boardDoc.ts), both ways:
 * - the doc's records are loaded into the store (after migrating an older doc up);
 * - a change a person makes in the editor (store source `user`, document scope) is written to the doc in one
 *   transaction;
 * - a change from elsewhere in the doc is merged into the store with `mergeRemoteChanges`, so it is neither sent back
 *   (no echo) nor added to this person's undo history.
 * Records that fail validation are skipped and reported. Call after the doc has synced with the server.
 *
 * Private drafts (`meta.draft === true`, see `isDraftRecord`) stay out of the doc: they are never put, and deleting
 * one deletes it from the doc only if the doc has that id. Whenever the doc has a record, its version wins over a
 * local draft of the same id (the revealed note replaces the draft). A draft that stops being one is written.
 */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, options: BindingOptions = {}): BindResult {
  const schema = store.schema
  const kv = boardRecords(doc)
  const meta = boardMeta(doc)

  const compatibility = schemaCompatibility(schema, readDocSchema(doc))
  if (compatibility === 'reload') return { status: 'reload' }
  // A doc that cannot be migrated is left untouched: never write a schema its records do not match.
  if (compatibility === 'migrate' && !migrateDoc(store, doc)) return { status: 'reload' }

  const accept = (value: unknown, id: string): TLRecord | null => {
    const result = checkRecord(schema, value)
    if (result.ok) return result.record
    options.onInvalidRecord?.(id, result.reason)
    return null
  }

  // Initial load: the doc is the truth for document records.
  store.mergeRemoteChanges(() => {
    const inDoc = new Set<string>()
    const toPut: TLRecord[] = []
    for (const [id, entry] of kv.map) {
      inDoc.add(id)
      const record = accept(entry.val, id)
      if (record) toPut.push(record)
    }
    // Drafts are this person's own and never in the doc: loading the doc keeps them.
    const stale = store
      .allRecords()
      .filter((r) => schema.types[r.typeName].scope === 'document' && !inDoc.has(r.id) && !isDraftRecord(r))
    if (stale.length > 0) store.remove(stale.map((r) => r.id))
    if (toPut.length > 0) store.put(toPut)
  })

  // The ids this person's edits touched in the last flush (only collected while a remote change is being merged).
  let written: Set<string> | null = null
  const stopListening = store.listen(
    ({ changes }) => {
      const ids: string[] = []
      // Records the doc has but this store now holds as drafts: the doc's version comes back (the doc wins).
      const restore: TLRecord[] = []
      doc.transact(() => {
        const put = (record: TLRecord) => {
          if (isDraftRecord(record)) {
            const inDoc = kv.get(record.id)
            if (inDoc !== undefined) restore.push(inDoc)
            return
          }
          kv.set(record.id, record)
          ids.push(record.id)
        }
        for (const record of Object.values(changes.added)) put(record)
        for (const [, to] of Object.values(changes.updated)) put(to)
        for (const record of Object.values(changes.removed)) {
          // A draft the doc never had stays out of it, even as a deletion.
          if (isDraftRecord(record) && !kv.has(record.id)) continue
          kv.delete(record.id)
          ids.push(record.id)
        }
      }, LOCAL_ORIGIN)
      if (written) for (const id of ids) written.add(id)
      if (restore.length > 0) {
        const valid = restore.map((value) => accept(value, value.id)).filter((r): r is TLRecord => r !== null)
        const current = valid.filter((r) => isDraftRecord(store.get(r.id)))
        if (current.length > 0) store.mergeRemoteChanges(() => store.put(current))
      }
    },
    { source: 'user', scope: 'document' },
  )

  // The store tells its listeners about a person's edits on the next animation frame. Write edits still waiting to
  // the doc now, before anything else touches the store, or they would land in the doc after (and over) a remote
  // version the store already shows, and this store would disagree with the doc until the record changed again.
  // Returns the ids those edits wrote: in the doc they now come after the remote change, so they win over it.
  const writePendingEdits = (): Set<string> => {
    const ids = new Set<string>()
    written = ids
    try {
      store._flushHistory()
      return ids
    } finally {
      written = null
    }
  }

  const onRemoteChange = (
    changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: TLRecord }>,
    transaction: Y.Transaction,
  ) => {
    if (transaction.origin === LOCAL_ORIGIN) return
    const justWritten = writePendingEdits()
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const [id, change] of changes) {
      if (justWritten.has(id)) continue
      if (change.action === 'delete') {
        if (store.has(id as TLRecord['id'])) toRemove.push(id as TLRecord['id'])
      } else {
        const record = accept(change.newValue, id)
        if (record) toPut.push(record)
      }
    }
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove)
      if (toPut.length > 0) store.put(toPut)
    })
  }
  kv.on('change', onRemoteChange)

  const onMetaChange = () => {
    if (schemaCompatibility(schema, readDocSchema(doc)) === 'reload') options.onSchemaTooNew?.()
  }
  meta.observe(onMetaChange)

  return {
    status: 'bound',
    dispose() {
      writePendingEdits()
      stopListening()
      kv.off('change', onRemoteChange)
      meta.unobserve(onMetaChange)
    },
  }
}

/**
 * Brings an older doc up to this client's schema: migrates every record, writes back those that changed and stores
 * the new schema, in one transaction. A doc with no schema at all (made by a plain Yjs client) just gets ours.
 */
function migrateDoc(store: TLStore, doc: Y.Doc): boolean {
  const schema = store.schema
  const stored = readDocSchema(doc)
  const kv = boardRecords(doc)
  let migrated: Record<string, TLRecord> = {}
  const records = stored ? readRecords(doc) : []
  if (stored) {
    const result = schema.migrateStoreSnapshot({
      schema: stored,
      store: Object.fromEntries(records.map((r) => [r.id, r])) as Record<TLRecord['id'], TLRecord>,
    })
    if (result.type !== 'success') return false
    migrated = result.value as Record<string, TLRecord>
  }
  doc.transact(() => {
    for (const record of records) {
      const next = migrated[record.id]
      if (!next) kv.delete(record.id)
      else if (JSON.stringify(next) !== JSON.stringify(record)) kv.set(record.id, next)
    }
    boardMeta(doc).set('layout', LAYOUT_VERSION)
    boardMeta(doc).set('schema', schema.serialize())
  }, LOCAL_ORIGIN)
  return true
}
