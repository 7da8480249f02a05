import type { StoreSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { checkRecord } from '../../shared/boardDoc'

export type UpdateVerdict =
  | { ok: true }
  | { ok: false; code: 'malformedMessage' | 'invalidRecord'; reason: string }

function isRecordEntry(value: unknown): value is { key: unknown; val: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'key' in value && 'val' in value
}

/**
 * Checks a client's Yjs update before it may touch a room's doc: it must decode, and every record entry it inserts
 * (`{ key, val }` in the layout of shared/boardDoc.ts) must be a record the board schema accepts, stored under its
 * own id. Deletions are always allowed. Other top-level types are not Rembug's and are left alone.
 *
 * Checking the decoded update rather than applying it first matters: Yjs cannot take an update back, so an invalid
 * record that reached the doc would reach every client.
 *
 * @example
 * const verdict = checkUpdate(update, schema)
 * if (!verdict.ok) connection.close(verdict.code, verdict.reason)
 */
export function checkUpdate(update: Uint8Array, schema: StoreSchema<TLRecord, unknown>): UpdateVerdict {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip> }
  try {
    decoded = Y.decodeUpdate(update)
  } catch (error) {
    return { ok: false, code: 'malformedMessage', reason: `invalid Yjs update: ${(error as Error).message}` }
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    const content = struct.content
    if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentJSON)) continue
    for (const value of content.arr as unknown[]) {
      if (!isRecordEntry(value)) continue
      const result = checkRecord(schema, value.val)
      if (!result.ok) return { ok: false, code: 'invalidRecord', reason: `${String(value.key)}: ${result.reason}` }
      if (result.record.id !== value.key) {
        return { ok: false, code: 'invalidRecord', reason: `${String(value.key)}: stored under another record's id` }
      }
    }
  }
  return { ok: true }
}
