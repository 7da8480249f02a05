import type { SerializedSchema, StoreSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'

/**
 * The layout of a board's Yjs document — the public contract every y-websocket client of a board relies on
 * (written down in docs/PROTOCOL.md):
 *
 * - `records` (`Y.Array<{ key, val }>`): one entry per tldraw document record, `key` the record id and `val` the
 *   record as plain JSON. Read and written through y-utility's `YKeyValue`: a write appends the new entry and deletes
 *   the old one, so a record moved ten thousand times leaves runs of deleted items that Yjs merges and
 *   garbage-collects, instead of the ever-growing history a `Y.Map` key keeps.
 * - `meta` (`Y.Map`): `layout` — the version of this layout (a number); `schema` — the serialized tldraw schema the
 *   records conform to.
 *
 * Only records of document scope live in the doc (document, pages, shapes, bindings, assets). Cameras, selections
 * and cursors are per person and travel as awareness.
 */
export const LAYOUT_VERSION = 1

export const RECORDS_KEY = 'records'
export const META_KEY = 'meta'

export type RecordEntry = { key: string; val: TLRecord }

const keyValues = new WeakMap<Y.Doc, YKeyValue<TLRecord>>()

/**
 * The board's records as a key-value view over the `records` array. One view per doc: the view also cleans up the
 * duplicate entries two peers leave when they write the same record at once (the later one in array order wins).
 *
 * @example
 * boardRecords(doc).set(shape.id, shape)
 * boardRecords(doc).get('document:document')
 */
export function boardRecords(doc: Y.Doc): YKeyValue<TLRecord> {
  let kv = keyValues.get(doc)
  if (!kv) {
    kv = new YKeyValue<TLRecord>(doc.getArray<RecordEntry>(RECORDS_KEY))
    keyValues.set(doc, kv)
  }
  return kv
}

/** The `meta` map of a board doc. */
export function boardMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_KEY)
}

/** The serialized tldraw schema stored in the doc, or `undefined` when the doc has none yet. */
export function readDocSchema(doc: Y.Doc): SerializedSchema | undefined {
  const schema = boardMeta(doc).get('schema')
  return isSerializedSchema(schema) ? schema : undefined
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  return typeof value === 'object' && value !== null && 'schemaVersion' in value
}

/**
 * Writes a fresh board into an empty doc: the layout version, the schema, and the initial records, in one
 * transaction.
 *
 * @example
 * const doc = new Y.Doc()
 * initBoardDoc(doc, createBoardSchema(), initialBoardRecords())
 * const seed = Y.encodeStateAsUpdate(doc)
 */
export function initBoardDoc(doc: Y.Doc, schema: StoreSchema<TLRecord, unknown>, records: TLRecord[]): void {
  doc.transact(() => {
    const meta = boardMeta(doc)
    meta.set('layout', LAYOUT_VERSION)
    meta.set('schema', schema.serialize())
    const kv = boardRecords(doc)
    for (const record of records) kv.set(record.id, record)
  })
}

/**
 * One record as every reader takes it (the last entry of its key in the array), read without attaching a view: for
 * a doc someone else writes (a room's live doc), where `boardRecords` would make the reader a writer too (its view
 * deletes duplicate entries and observes every change).
 */
export function peekRecord(doc: Y.Doc, id: string): TLRecord | undefined {
  // `getArray` only gives the type its class (a doc built from updates does not know it yet): it writes nothing.
  if (!doc.share.has(RECORDS_KEY)) return undefined
  let found: TLRecord | undefined
  doc.getArray<RecordEntry>(RECORDS_KEY).forEach((entry) => {
    if (entry?.key === id) found = entry.val
  })
  return found
}

/** Every record in the doc, in no particular order. */
export function readRecords(doc: Y.Doc): TLRecord[] {
  return [...boardRecords(doc).map.values()].map((entry) => entry.val)
}

/**
 * What a client with `local` schema must do with a doc that stores `stored`:
 * - `same`: read and write as is;
 * - `migrate`: the doc is older; migrate its records up, write them back with the new schema;
 * - `reload`: the doc was written by a newer Rembug (a newer migration or a record type this client does not know).
 *   The client must not write to it and should ask the person to reload the page.
 *
 * @example
 * schemaCompatibility(createBoardSchema(), readDocSchema(doc)) // → 'same'
 */
export function schemaCompatibility(
  local: StoreSchema<TLRecord, unknown>,
  stored: SerializedSchema | undefined,
): 'same' | 'migrate' | 'reload' {
  if (!stored) return 'migrate'
  const localSequences = local.serialize().sequences
  if (stored.schemaVersion > local.serialize().schemaVersion) return 'reload'
  if ('sequences' in stored) {
    for (const sequenceId of Object.keys(stored.sequences)) {
      if (!(sequenceId in localSequences)) return 'reload'
    }
  }
  const migrations = local.getMigrationsSince(stored)
  if (!migrations.ok) return 'reload'
  return migrations.value.length > 0 ? 'migrate' : 'same'
}

/**
 * Checks one record against the board schema: a known record type of document scope whose validator accepts it.
 * Returns the validated record or the reason it was refused. Never throws.
 *
 * @example
 * const result = checkRecord(schema, value)
 * if (!result.ok) console.warn(`skipped ${value.id}: ${result.reason}`)
 */
export function checkRecord(
  schema: StoreSchema<TLRecord, unknown>,
  value: unknown,
): { ok: true; record: TLRecord } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' }
  const typeName = (value as { typeName?: unknown }).typeName
  if (typeof typeName !== 'string' || !Object.hasOwn(schema.types, typeName)) {
    return { ok: false, reason: `unknown record type ${JSON.stringify(typeName)}` }
  }
  const recordType = schema.types[typeName as TLRecord['typeName']]
  if (recordType.scope !== 'document') return { ok: false, reason: `record type ${typeName} does not belong in the document` }
  try {
    return { ok: true, record: recordType.validate(value) as TLRecord }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}
