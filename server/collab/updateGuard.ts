import type { StoreSchema } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { atLeast, type Role } from '../../shared/access'
import { checkRecord, RECORDS_KEY } from '../../shared/boardDoc'
import { isLocked, type Placed } from '../../shared/facilitation/locks'
import { FACILITATION_FIELDS, FACILITATION_KEY, locksState, type LocksState } from '../../shared/facilitation/state'

/** Why a check refused an update: each is the close code its socket gets. */
export type RefusalCode = 'malformedMessage' | 'invalidRecord' | 'locked'

export type UpdateVerdict = { ok: true } | { ok: false; code: RefusalCode; reason: string }

/** An update as Yjs decodes it: its structs and its delete set. Reading it never changes it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/**
 * Who sent an update: a person with their role on the board, or the server itself (its own updates are checked
 * against the schema too, but may write the facilitation state and pass every lock).
 */
export type UpdateSender = { role: Role } | 'server'

/** A type of the doc (top-level or nested). */
type SharedType = NonNullable<ReturnType<Y.Doc['share']['get']>>

/** Where an item sits; `nested-unknown`: in a type whose own place the server cannot find. */
type Parent = 'records' | 'facilitation' | 'other' | 'unknown' | 'nested-unknown'

/** The reason given when a client's update touches the facilitation map. */
export const FACILITATION_ONLY = 'only the server writes facilitation state'
const FACILITATION_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(FACILITATION_FIELDS))

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
export function decodesAsUpdate(update: Uint8Array): { ok: true; decoded: DecodedUpdate } | Extract<UpdateVerdict, { ok: false }> {
  let decoded: DecodedUpdate
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
  return { ok: true, decoded }
}

function malformed(reason: string): Extract<UpdateVerdict, { ok: false }> {
  return { ok: false, code: 'malformedMessage', reason }
}

/**
 * Checks an update against the doc it is about to be applied to, before it touches it:
 *
 * - Every value it inserts into the `records` array (layout of shared/boardDoc.ts) must be a `{ key, val }` entry
 *   whose record the board schema accepts, stored under its own id (for every sender, the server included).
 * - A person's update must not touch the `facilitation` map (docs/PROTOCOL.md §10): no item placed in it (directly,
 *   through its neighbours or nested in a type inside it) and no deletion of a value it holds — whatever their role;
 *   only the server writes it (`invalidRecord`).
 * - For people below facilitator, the locks in that map hold (`locked`): with the board locked, no record entry may
 *   be inserted and no record's entry deleted; with frames locked, no entry may be inserted whose new record or whose
 *   record in the doc is inside a locked frame (or is one), and no locked record's entry deleted unless the same
 *   update writes that record again (then the new value is judged).
 *
 * Other deletions and content of other top-level types (`meta`, or types that are not Rembug's) pass.
 *
 * Where an inserted item lives is found from its parent, or through its neighbours (`origin`/`rightOrigin`) in the
 * update itself or in the doc. Items whose place cannot be found (they build on content the doc does not have yet;
 * reconnecting clients send such updates) are held to what could be checked without knowing the place: no `null`
 * (it breaks every reader of the layout), every `{ key, val }` entry valid (and, under locks, judged as a record
 * entry), and no value under a key of the facilitation map. Such an item can only ever land where its unknown
 * neighbour is, and that neighbour is checked by this same function when it arrives: a person's item in
 * `facilitation` never gets in, so neither can anything built on it.
 *
 * Checking before applying matters: Yjs cannot take an update back, so a bad record that reached the doc would
 * reach every client. Only reads the doc (never attaches a writer such as `boardRecords` to it).
 *
 * `decoded`, when given, is the update as `decodesAsUpdate` decoded it on arrival: the update is not decoded again.
 *
 * @example
 * const verdict = checkUpdate(update, schema, room.doc, { role: 'editor' })
 * if (!verdict.ok) connection.close(verdict.code, verdict.reason)
 */
export function checkUpdate(
  update: Uint8Array,
  schema: StoreSchema<TLRecord, unknown>,
  doc: Y.Doc,
  sender: UpdateSender,
  decoded?: DecodedUpdate,
): UpdateVerdict {
  if (!decoded) {
    try {
      decoded = Y.decodeUpdate(update)
    } catch (error) {
      return { ok: false, code: 'malformedMessage', reason: `invalid Yjs update: ${(error as Error).message}` }
    }
  }
  const recordsType = doc.share.get(RECORDS_KEY)
  const facilitation = doc.share.get(FACILITATION_KEY)
  const items = decoded.structs.filter((s): s is Y.Item => s instanceof Y.Item)
  const byClient = new Map<number, Y.Item[]>()
  for (const item of items) {
    let list = byClient.get(item.id.client)
    if (!list) byClient.set(item.id.client, (list = []))
    list.push(item)
  }
  const resolved = new Map<Y.Item, Parent>()

  const findInUpdate = (id: Y.ID): Y.Item | undefined =>
    byClient.get(id.client)?.find((item) => id.clock >= item.id.clock && id.clock < item.id.clock + item.length)

  /** The place of an item the doc has: the top-level type its parent (or its parent's parent…) is. */
  const placeInDoc = (id: Y.ID): Parent | null => {
    if (id.clock >= Y.getState(doc.store, id.client)) return null
    const existing = Y.getItem(doc.store, id)
    if (!(existing instanceof Y.Item)) return 'other'
    if (recordsType !== undefined && existing.parent === recordsType) return 'records'
    return facilitation !== undefined && topLevelOf(existing) === facilitation ? 'facilitation' : 'other'
  }

  const parentOf = (item: Y.Item, depth = 0): Parent => {
    const known = resolved.get(item)
    if (known) return known
    let parent: Parent = 'unknown'
    if (typeof item.parent === 'string') {
      parent = item.parent === RECORDS_KEY ? 'records' : item.parent === FACILITATION_KEY ? 'facilitation' : 'other'
    } else if (item.parent instanceof Y.ID) {
      // Nested in a type: not a record entry of the layout, but inside `facilitation` when that type is.
      const local = depth < 10_000 ? findInUpdate(item.parent) : undefined
      const outer = local ? parentOf(local, depth + 1) : placeInDoc(item.parent)
      parent = outer === 'facilitation' ? 'facilitation' : outer === 'records' || outer === 'other' ? 'other' : 'nested-unknown'
    } else {
      const neighbour = item.origin ?? item.rightOrigin
      if (neighbour && depth < 10_000) {
        const local = findInUpdate(neighbour)
        parent = local ? parentOf(local, depth + 1) : (placeInDoc(neighbour) ?? 'unknown')
      }
    }
    resolved.set(item, parent)
    return parent
  }

  const person = sender === 'server' ? null : sender
  const locks = person && !atLeast(person.role, 'facilitator') ? activeLocks(doc) : null
  let current: Records | null = null
  /** The doc's records, read once, on first need (only lock checks need them). */
  const docRecords = () => (current ??= currentRecords(doc))
  const judge = locks ? lockJudge(locks, docRecords) : null
  /** Record ids this update writes an entry for (a write of a record deletes its old entry too). */
  const written = new Set<string>()

  for (const item of items) {
    // Content the doc already holds changes nothing (Yjs skips it): a client's offline copy sends the whole board
    // back on every page load, facilitation state and locked shapes included.
    if (item.id.clock + item.length <= Y.getState(doc.store, item.id.client)) continue
    const content = item.content
    const parent = parentOf(item)
    if (parent === 'facilitation') {
      if (person) return { ok: false, code: 'invalidRecord', reason: FACILITATION_ONLY }
      continue
    }
    if (parent === 'other') continue
    if (parent === 'nested-unknown') {
      // A value under a key of the facilitation map, in a type whose place is unknown: never a Rembug write.
      if (person && item.parentSub !== null && FACILITATION_FIELD_NAMES.has(item.parentSub)) {
        return { ok: false, code: 'invalidRecord', reason: FACILITATION_ONLY }
      }
      continue
    }
    if (parent === 'unknown') {
      if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentJSON)) continue
      for (const value of content.arr as unknown[]) {
        if (value === null || value === undefined) return { ok: false, code: 'invalidRecord', reason: 'null where a record entry may be' }
        if (!isRecordEntry(value)) continue
        const verdict = checkEntry(schema, value) ?? judge?.(value)
        if (verdict) return verdict
        written.add(String(value.key))
      }
      continue
    }
    if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentJSON)) {
      if (content instanceof Y.ContentDeleted) continue
      return { ok: false, code: 'invalidRecord', reason: 'records may only hold { key, val } entries' }
    }
    for (const value of content.arr as unknown[]) {
      if (!isRecordEntry(value)) return { ok: false, code: 'invalidRecord', reason: 'records may only hold { key, val } entries' }
      const verdict = checkEntry(schema, value) ?? judge?.(value)
      if (verdict) return verdict
      written.add(String(value.key))
    }
  }

  if (person) {
    const deleted = deletedRanges(decoded.ds)
    if (facilitation !== undefined && deletesFacilitation(facilitation, deleted)) return { ok: false, code: 'invalidRecord', reason: FACILITATION_ONLY }
    if (locks) {
      const get = getter(docRecords())
      for (const [key, entry] of docRecords()) {
        if (written.has(key) || !covers(deleted, entry.id)) continue
        if (locks.board || isLocked(entry.val, locks, get)) return { ok: false, code: 'locked', reason: `${key} is locked` }
      }
    }
  }
  return { ok: true }
}

function checkEntry(schema: StoreSchema<TLRecord, unknown>, entry: { key: unknown; val: unknown }): UpdateVerdict | null {
  const result = checkRecord(schema, entry.val)
  if (!result.ok) return { ok: false, code: 'invalidRecord', reason: `${String(entry.key)}: ${result.reason}` }
  if (result.record.id !== entry.key) return { ok: false, code: 'invalidRecord', reason: `${String(entry.key)}: stored under another record's id` }
  return null
}

/** The top-level type an item of the doc sits in, however deeply nested. */
function topLevelOf(item: Y.Item): SharedType | null {
  let type = item.parent as SharedType | null
  for (let depth = 0; type?._item && depth < 10_000; depth++) type = type._item.parent as SharedType | null
  return type
}

/** The locks of the doc's facilitation state, or `null` when nothing is locked (then no lock check runs at all). */
function activeLocks(doc: Y.Doc): LocksState | null {
  const map = doc.share.get(FACILITATION_KEY)
  if (!(map instanceof Y.AbstractType)) return null
  const item = map._map.get('locks')
  if (!item || item.deleted) return null
  const parsed = locksState.safeParse(item.content.getContent()[0])
  if (!parsed.success || (!parsed.data.board && parsed.data.frames.length === 0)) return null
  return parsed.data
}

type Records = Map<string, CurrentEntry>

/**
 * Judges one inserted record entry under `locks`: refused when the board is locked, or when the record is locked as
 * the doc holds it or as written. `records` gives the doc's records (read once per check, on first need).
 */
function lockJudge(locks: LocksState, records: () => Records): (entry: { key: unknown; val: unknown }) => UpdateVerdict | null {
  return (entry) => {
    const key = String(entry.key)
    if (locks.board) return { ok: false, code: 'locked', reason: 'the board is locked' }
    const get = getter(records())
    const current = get(key)
    if (isLocked(entry.val as Placed, locks, get) || (current && isLocked(current, locks, get))) {
      return { ok: false, code: 'locked', reason: `${key} is in a locked frame` }
    }
    return null
  }
}

function getter(records: Records): (id: string) => Placed | undefined {
  return (id) => records.get(id)?.val
}

/** A record's entry as the doc holds it now: its value and the id of the Yjs item (and offset) holding it. */
export interface CurrentEntry {
  val: Placed
  id: { client: number; clock: number }
}

/**
 * Every record of the doc with the entry that holds it (the rightmost entry of each key, as every reader takes it),
 * read straight off the `records` array without attaching a writer to the doc.
 */
export function currentRecords(doc: Y.Doc): Records {
  const array = doc.share.get(RECORDS_KEY)
  const records: Records = new Map()
  for (let item = array?._start ?? null; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentAny || item.content instanceof Y.ContentJSON)) continue
    const { client, clock } = item.id
    item.content.arr.forEach((value: unknown, i: number) => {
      if (!isRecordEntry(value) || typeof value.key !== 'string') return
      records.set(value.key, { val: value.val as Placed, id: { client, clock: clock + i } })
    })
  }
  return records
}

/** An update's delete set as sorted, merged `[start, end)` ranges per client (whatever order the sender wrote). */
type DeletedRanges = Map<number, Array<[number, number]>>

function deletedRanges(ds: ReturnType<typeof Y.decodeUpdate>['ds']): DeletedRanges {
  const result: DeletedRanges = new Map()
  for (const [client, ranges] of ds.clients) {
    const sorted = ranges.map((r): [number, number] => [r.clock, r.clock + r.len]).sort((a, b) => a[0] - b[0])
    const merged: Array<[number, number]> = []
    for (const range of sorted) {
      const last = merged[merged.length - 1]
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
      else merged.push([range[0], range[1]])
    }
    result.set(client, merged)
  }
  return result
}

function covers(deleted: DeletedRanges, id: { client: number; clock: number }): boolean {
  const ranges = deleted.get(id.client)
  if (!ranges) return false
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const [start, end] = ranges[mid]!
    if (id.clock < start) high = mid - 1
    else if (id.clock >= end) low = mid + 1
    else return true
  }
  return false
}

/** Whether the delete set removes a value the facilitation map holds now. */
function deletesFacilitation(map: SharedType, deleted: DeletedRanges): boolean {
  for (const item of map._map.values()) {
    if (!item.deleted && covers(deleted, item.id)) return true
  }
  return false
}
