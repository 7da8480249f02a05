import type { StoreSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { checkRecord, RECORDS_KEY } from '../../shared/boardDoc'

export type UpdateVerdict =
  | { ok: true }
  | { ok: false; code: 'malformedMessage' | 'invalidRecord'; reason: string }

type Parent = 'records' | 'other' | 'unknown'

function isRecordEntry(value: unknown): value is { key: unknown; val: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'key' in value && 'val' in value
}

/** Types nested deeper than this in one update are refused: Yjs garbage-collects them recursively (stack overflow). */
export const MAX_NESTING = 256

/**
 * The check made as a frame arrives, in one decode: the update decodes; it has none of the shapes no Yjs client
 * writes and Yjs cannot apply — an empty delete range or struct, clocks past 2^53, an item referring (origin, right
 * origin or parent) to an item of its own client at the same or a later clock; Yjs throws on these while integrating,
 * which took the whole process down, or (an empty item in `records`) breaks every connected client (found by
 * test/fuzz: `000206000101010000`, `00020c0101070008000705017d0100`, `000210000194000194ce87fcce87fc15010501`); and
 * it does not nest types so deeply that Yjs would overflow its stack on it (no Rembug client nests types at all).
 */
export function decodesAsUpdate(update: Uint8Array): UpdateVerdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (error) {
    return malformed(`invalid Yjs update: ${(error as Error).message}`)
  }
  // lib0 reads varints past 2^53 without complaint; Yjs's clock arithmetic then rounds (clock + 1 === clock).
  const safe = (n: number) => Number.isSafeInteger(n) && n >= 0
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (!(range.len > 0)) return malformed(`invalid Yjs update: an empty delete range for client ${client}`)
      if (!safe(client) || !safe(range.clock + range.len)) return malformed(`invalid Yjs update: a delete range beyond 2^53 for client ${client}`)
    }
  }
  const depthOf = new Map<string, number>()
  for (const struct of decoded.structs) {
    if (!safe(struct.id.client) || !safe(struct.id.clock + struct.length)) return malformed('invalid Yjs update: a struct beyond 2^53')
    if (!(struct.length > 0)) return malformed(`invalid Yjs update: an empty struct at ${struct.id.client}:${struct.id.clock}`)
    if (!(struct instanceof Y.Item)) continue
    const { client, clock } = struct.id
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref && ref.client === client && ref.clock >= clock) {
        return malformed(`invalid Yjs update: item ${client}:${clock} refers to ${ref.client}:${ref.clock}, not an earlier item`)
      }
    }
    if (!(struct.parent instanceof Y.ID)) continue
    const depth = (depthOf.get(`${struct.parent.client}:${struct.parent.clock}`) ?? 0) + 1
    if (depth > MAX_NESTING) return malformed(`types nested more than ${MAX_NESTING} deep`)
    if (struct.content instanceof Y.ContentType) {
      for (let i = 0; i < struct.length; i++) depthOf.set(`${client}:${clock + i}`, depth)
    }
  }
  return { ok: true }
}

function malformed(reason: string): UpdateVerdict {
  return { ok: false, code: 'malformedMessage', reason }
}

/**
 * Checks a client's Yjs update against the doc it is about to be applied to, before it touches it: every value it
 * inserts into the `records` array (layout of shared/boardDoc.ts) must be a `{ key, val }` entry whose record the
 * board schema accepts, stored under its own id. Deletions are always allowed, and so is content of other
 * top-level types (`meta`, or types that are not Rembug's).
 *
 * Where an inserted item lives is found from its parent, or through its neighbours (`origin`/`rightOrigin`) in the
 * update itself or in the doc. Items in `records` must hold record entries only. Items whose place cannot be found
 * (they build on content the doc does not have yet; reconnecting clients send such updates) are held to what could
 * be checked without knowing the place: no `null` (it breaks every reader of the layout) and every `{ key, val }`
 * entry valid.
 *
 * Checking before applying matters: Yjs cannot take an update back, so a bad record that reached the doc would
 * reach every client.
 *
 * @example
 * const verdict = checkUpdate(update, schema, room.doc)
 * if (!verdict.ok) connection.close(verdict.code, verdict.reason)
 */
export function checkUpdate(update: Uint8Array, schema: StoreSchema<TLRecord, unknown>, doc: Y.Doc): UpdateVerdict {
  let structs: Array<Y.Item | Y.GC | Y.Skip>
  try {
    structs = Y.decodeUpdate(update).structs
  } catch (error) {
    return { ok: false, code: 'malformedMessage', reason: `invalid Yjs update: ${(error as Error).message}` }
  }
  const records = doc.share.get(RECORDS_KEY)
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item)
  const byClient = new Map<number, Y.Item[]>()
  for (const item of items) {
    let list = byClient.get(item.id.client)
    if (!list) byClient.set(item.id.client, (list = []))
    list.push(item)
  }
  const resolved = new Map<Y.Item, Parent>()

  const findInUpdate = (id: Y.ID): Y.Item | undefined =>
    byClient.get(id.client)?.find((item) => id.clock >= item.id.clock && id.clock < item.id.clock + item.length)

  const parentOf = (item: Y.Item, depth = 0): Parent => {
    const known = resolved.get(item)
    if (known) return known
    let parent: Parent = 'unknown'
    if (typeof item.parent === 'string') parent = item.parent === RECORDS_KEY ? 'records' : 'other'
    else if (item.parent !== null) parent = 'other' // nested in a type: not a record entry of the layout
    else {
      const neighbour = item.origin ?? item.rightOrigin
      if (neighbour && depth < 10_000) {
        const local = findInUpdate(neighbour)
        if (local) parent = parentOf(local, depth + 1)
        else if (neighbour.clock < Y.getState(doc.store, neighbour.client)) {
          const existing = Y.getItem(doc.store, neighbour)
          parent = existing instanceof Y.Item && existing.parent === records && records !== undefined ? 'records' : 'other'
        }
      }
    }
    resolved.set(item, parent)
    return parent
  }

  for (const item of items) {
    const content = item.content
    const parent = parentOf(item)
    if (parent === 'other') continue
    if (parent === 'unknown') {
      if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentJSON)) continue
      for (const value of content.arr as unknown[]) {
        if (value === null || value === undefined) return { ok: false, code: 'invalidRecord', reason: 'null where a record entry may be' }
        if (!isRecordEntry(value)) continue
        const verdict = checkEntry(schema, value)
        if (!verdict.ok) return verdict
      }
      continue
    }
    if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentJSON)) {
      if (content instanceof Y.ContentDeleted) continue
      return { ok: false, code: 'invalidRecord', reason: 'records may only hold { key, val } entries' }
    }
    for (const value of content.arr as unknown[]) {
      if (!isRecordEntry(value)) return { ok: false, code: 'invalidRecord', reason: 'records may only hold { key, val } entries' }
      const verdict = checkEntry(schema, value)
      if (!verdict.ok) return verdict
    }
  }
  return { ok: true }
}

function checkEntry(schema: StoreSchema<TLRecord, unknown>, entry: { key: unknown; val: unknown }): UpdateVerdict {
  const result = checkRecord(schema, entry.val)
  if (!result.ok) return { ok: false, code: 'invalidRecord', reason: `${String(entry.key)}: ${result.reason}` }
  if (result.record.id !== entry.key) return { ok: false, code: 'invalidRecord', reason: `${String(entry.key)}: stored under another record's id` }
  return { ok: true }
}
