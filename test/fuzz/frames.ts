/**
 * Frame fuzzing of the collaboration socket: generators of malformed and mutated y-websocket frames, an independent
 * oracle that says which of them are well-formed, and a harness that sends each frame on its own raw socket to a real
 * server while two stock clients keep editing the same board.
 *
 * What the harness holds the server to (docs/PROTOCOL.md rule 5 and §4):
 * - the process never crashes and never hangs: no uncaught exception or unhandled rejection, and `/healthz` answers
 *   after the batch;
 * - a frame the oracle (`malformedReason`) calls malformed closes its socket with a named 4xxx code (4400, or 4413
 *   for a big one); a well-formed frame either leaves the socket open — answering a later sync step 1 as usual — or
 *   is refused with a named code; frames that are plainly harmless (a valid edit on top of the board, a presence
 *   update, someone else's presence, a query) must leave it open, and a null entry in `records` must be refused;
 * - the two good clients are never closed, converge with each other and with what the store holds (records, state
 *   vector, delete set), and see each other's presence as it was (nobody took it over);
 * - the server logs no error line, at most one warning per socket, and the process prints no "Caught error" or other
 *   swallowed error.
 *
 * Every frame depends only on the seed and on the board's first stored state, so a seed repeats its frames; a failure
 * names the seed, the frame kind, how it was made and its bytes in hex.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { toRichText } from '@tldraw/tlschema'
import { WebSocket } from 'ws'
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/collab/messages'
import { boardRecords } from '../../shared/boardDoc'
import { CloseCode, closeCodeName } from '../../shared/codes'
import { geoShape } from '../fixtures/geoShape'
import { invite, joinAsGuest, type Person } from '../helpers/auth'
import { cleanup, connectPeer, docFromStored, openRawSocket, sleep, waitFor, withTimeout, type Peer, type RawSocket } from '../helpers/server'
import { FuzzFailure, Rng, toHex } from './prng'
import { deleteSetOf, firstDifference, randomBoardOp, rawRecordsOf, recordsOf, stateVectorOf } from './records'
import { startFuzzServer, watchProcess, type FuzzServer } from './server'

// ---------------------------------------------------------------------------------------------------------------
// Frames

export const FRAME_KINDS = [
  'random-bytes',
  'empty-binary',
  'empty-text',
  'text',
  'text-invalid-utf8',
  'truncated-varint',
  'oversized-varint',
  'huge-length',
  'unknown-type',
  'unknown-sync-type',
  'sync-garbage',
  'trailing-bytes',
  'two-messages',
  'flipped-update',
  'truncated-update',
  'v2-update',
  'missing-deps',
  'valid-update',
  'foreign-future-clock',
  'oversized-update',
  'junk-records',
  'null-entry',
  'deep-nesting',
  'empty-delete-range',
  'forward-reference',
  'huge-clock',
  'empty-struct',
  'state-vector',
  'awareness-bad-json',
  'awareness-huge-id',
  'awareness-valid',
  'awareness-spoof',
  'awareness-truncated',
  'query-awareness',
] as const
export type FrameKind = (typeof FRAME_KINDS)[number]

/**
 * - `close`: the socket must be closed with one of `allowed`;
 * - `open`: it must stay open (and answer a sync step 1 afterwards);
 * - `either`: open, or closed with one of `allowed`.
 */
export type Expectation = 'close' | 'open' | 'either'

export interface FuzzFrame {
  kind: FrameKind
  data: Uint8Array
  /** Sent as a text frame (its bytes as they are, even when they are not UTF-8). */
  text: boolean
  expect: Expectation
  allowed: readonly number[]
  /** How it was made (the mutation, the declared length…), for the failure message. */
  note: string
}

/** What a generator may build on: the board's first stored state, and the good clients' ids (for spoofing). */
export interface FrameContext {
  baseUpdate: Uint8Array
  goodClientIds: readonly number[]
}

const MALFORMED_CODES = [CloseCode.malformedMessage, CloseCode.messageTooLarge] as const
/** Codes a server may use to refuse a frame that is well formed: too large, makes the doc too large, an invalid record, too fast. */
const REFUSAL_CODES = [
  CloseCode.malformedMessage,
  CloseCode.messageTooLarge,
  CloseCode.documentTooLarge,
  CloseCode.invalidRecord,
  CloseCode.rateLimited,
] as const

/**
 * An independent reading of a client frame after PROTOCOL.md §2: `null` when it is a well-formed message, or the
 * reason it is not. Yjs updates must decode (`Y.decodeUpdate`) and be something a Yjs client can write (no empty
 * delete range, no clock past 2^53, no item referring to a later item of its own client — Yjs throws on all three
 * while applying them), state vectors must decode, awareness updates must decode to entries whose states parse as
 * JSON, and nothing may follow the message.
 */
export function malformedReason(data: Uint8Array, text: boolean): string | null {
  if (text) return 'text frame'
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    if (type === 0) {
      const sub = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (sub === 0) Y.decodeStateVector(payload)
      else if (sub === 1 || sub === 2) {
        const { structs, ds } = Y.decodeUpdate(payload)
        // Yjs never writes an empty delete range (its own v2 encoder refuses one).
        for (const ranges of ds.clients.values()) if (ranges.some((r) => !(r.len > 0))) return 'empty delete range'
        // Clocks past 2^53 do not survive Yjs's arithmetic (clock + 1 === clock).
        const safe = (n: number) => Number.isSafeInteger(n) && n >= 0
        for (const [client, ranges] of ds.clients) if (!safe(client) || ranges.some((r) => !safe(r.clock + r.len))) return 'delete range past 2^53'
        if (structs.some((st) => !safe(st.id.client) || !safe(st.id.clock + st.length))) return 'struct past 2^53'
        if (structs.some((st) => !(st.length > 0))) return 'an empty struct'
        // An item refers only to items that existed before it: of its own client, only earlier clocks.
        for (const struct of structs) {
          if (!(struct instanceof Y.Item)) continue
          for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
            if (ref && ref.client === struct.id.client && ref.clock >= struct.id.clock) return 'an item refers to a later item of its own client'
          }
        }
      } else return `unknown sync type ${sub}`
    } else if (type === 1) {
      const payload = decoding.readVarUint8Array(decoder)
      const inner = decoding.createDecoder(payload)
      const count = decoding.readVarUint(inner)
      for (let i = 0; i < count; i++) {
        decoding.readVarUint(inner)
        decoding.readVarUint(inner)
        JSON.parse(decoding.readVarString(inner))
      }
      if (decoding.hasContent(inner)) return 'trailing bytes in the awareness update'
    } else if (type !== 3) {
      return `unknown message type ${type}`
    }
    if (decoding.hasContent(decoder)) return 'trailing bytes'
    return null
  } catch (error) {
    return (error as Error).message || String(error)
  }
}

function bytesOf(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

function varUint(n: number): Uint8Array {
  return bytesOf((e) => encoding.writeVarUint(e, n))
}

/** A varint longer than 53 bits: `bytes` continuation bytes and a last one. */
function longVarint(rng: Rng, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes + 1)
  for (let i = 0; i < bytes; i++) out[i] = 0x80 | rng.int(0, 127)
  out[bytes] = rng.int(1, 127)
  return out
}

function awarenessPayload(entries: Array<{ clientId: number | Uint8Array; clock: number | Uint8Array; state: string | Uint8Array }>, count = entries.length): Uint8Array {
  const parts: Uint8Array[] = [varUint(count)]
  for (const { clientId, clock, state } of entries) {
    parts.push(typeof clientId === 'number' ? varUint(clientId) : clientId)
    parts.push(typeof clock === 'number' ? varUint(clock) : clock)
    parts.push(typeof state === 'string' ? bytesOf((e) => encoding.writeVarString(e, state)) : state)
  }
  return concat(...parts)
}

function withAwarenessHeader(payload: Uint8Array): Uint8Array {
  return encodeAwareness(payload)
}

/** A local doc that edits the board as a third party: its updates are the raw material of the update frames. */
class SourceDoc {
  readonly doc: Y.Doc
  private counter = 0
  constructor(
    private readonly rng: Rng,
    base: Uint8Array,
    readonly name: string,
    /** Attach a `YKeyValue` view (its observer would choke on the junk some generators write). */
    keyValue = true,
  ) {
    this.doc = new Y.Doc()
    this.doc.clientID = rng.int(1, 2 ** 31)
    Y.applyUpdate(this.doc, base)
    if (keyValue) boardRecords(this.doc)
  }
  /** One random board edit; returns its update. */
  edit(): Uint8Array {
    return this.capture(() => randomBoardOp(this.rng, this.doc, () => `${this.name}-${++this.counter}`))
  }
  capture(change: () => unknown): Uint8Array {
    const updates: Uint8Array[] = []
    const onUpdate = (update: Uint8Array) => updates.push(update)
    this.doc.on('update', onUpdate)
    try {
      change()
    } finally {
      this.doc.off('update', onUpdate)
    }
    if (updates.length === 0) return Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.doc))
    return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
  }
}

/** Byte-level mutations of a valid update; returns the mutant and what was done. */
function mutate(rng: Rng, input: Uint8Array): { data: Uint8Array; how: string } {
  let data: Uint8Array = input.slice()
  const steps: string[] = []
  const count = rng.pick([1, 1, 1, 2, 3])
  for (let s = 0; s < count && data.byteLength > 0; s++) {
    const at = rng.int(0, data.byteLength - 1)
    const op = rng.weighted({ flipBit: 4, setByte: 3, special: 3, insert: 1, remove: 1, duplicate: 1, swap: 1 })
    switch (op) {
      case 'flipBit': {
        const bit = rng.int(0, 7)
        data[at] = data[at]! ^ (1 << bit)
        steps.push(`flip bit ${bit} @${at}`)
        break
      }
      case 'setByte': {
        const value = rng.int(0, 255)
        data[at] = value
        steps.push(`set @${at}=${value}`)
        break
      }
      case 'special': {
        const value = rng.pick([0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x09, 0x0a, 0x0b])
        data[at] = value
        steps.push(`set @${at}=${value}`)
        break
      }
      case 'insert': {
        const value = rng.int(0, 255)
        data = concat(data.subarray(0, at), new Uint8Array([value]), data.subarray(at))
        steps.push(`insert ${value} @${at}`)
        break
      }
      case 'remove':
        data = concat(data.subarray(0, at), data.subarray(at + 1))
        steps.push(`remove @${at}`)
        break
      case 'duplicate': {
        const len = rng.int(1, Math.min(16, data.byteLength - at))
        data = concat(data.subarray(0, at + len), data.subarray(at, at + len), data.subarray(at + len))
        steps.push(`duplicate ${len} @${at}`)
        break
      }
      case 'swap': {
        const other = rng.int(0, data.byteLength - 1)
        const tmp = data[at]!
        data[at] = data[other]!
        data[other] = tmp
        steps.push(`swap @${at} @${other}`)
        break
      }
    }
  }
  return { data, how: steps.join(', ') }
}

const TEXTS = ['hello', '{"type":"sync"}', '\u0000\u0001', 'AAEC', '💥'.repeat(10), ' ', '[0,2,3]', 'null']

/**
 * Generates fuzz frames from a seed. The mix leans to mutated updates (where a server can break in interesting
 * ways) but covers every kind in `FRAME_KINDS`.
 */
export class FrameGenerator {
  private readonly sources: SourceDoc[] = []
  private sourceCount = 0

  constructor(
    private readonly rng: Rng,
    private readonly context: FrameContext,
    /** Only these kinds (default: all). */
    private readonly kinds: readonly FrameKind[] = FRAME_KINDS,
  ) {}

  private only(weights: Record<FrameKind, number>): Record<FrameKind, number> {
    if (this.kinds === FRAME_KINDS) return weights
    const kept = Object.fromEntries(Object.entries(weights).filter(([kind]) => this.kinds.includes(kind as FrameKind)))
    if (Object.keys(kept).length === 0) throw new Error(`no frame kind among ${this.kinds.join(', ')}`)
    return kept as Record<FrameKind, number>
  }

  private source(): SourceDoc {
    if (this.sources.length === 0 || (this.sources.length < 4 && this.rng.chance(0.1))) {
      this.sources.push(new SourceDoc(this.rng.fork(), this.context.baseUpdate, `fz${this.rng.seed}-${++this.sourceCount}`))
    }
    return this.rng.pick(this.sources)
  }

  private frame(kind: FrameKind, data: Uint8Array, note: string, override?: { expect: Expectation; allowed: readonly number[] }): FuzzFrame {
    if (override) return { kind, data, text: false, note, ...override }
    const reason = malformedReason(data, false)
    return reason
      ? { kind, data, text: false, expect: 'close', allowed: MALFORMED_CODES, note: `${note}; malformed: ${reason}` }
      : { kind, data, text: false, expect: 'either', allowed: REFUSAL_CODES, note: `${note}; well formed` }
  }

  private wrapUpdate(update: Uint8Array): { data: Uint8Array; how: string } {
    return this.rng.chance(0.5) ? { data: encodeUpdate(update), how: 'as update' } : { data: encodeSyncStep2(update), how: 'as sync step 2' }
  }

  private deepCount = 0
  /** The first frames go once through every kind, in a seeded order, so every seed covers every kind. */
  private coverage: FrameKind[] | null = null

  next(): FuzzFrame {
    const rng = this.rng
    if (!this.coverage) {
      this.coverage = [...this.kinds]
      for (let i = this.coverage.length - 1; i > 0; i--) {
        const j = rng.int(0, i)
        ;[this.coverage[i], this.coverage[j]] = [this.coverage[j]!, this.coverage[i]!]
      }
    }
    const kind = this.coverage.shift() ?? rng.weighted<FrameKind>(this.only({
      'random-bytes': 6,
      'empty-binary': 1,
      'empty-text': 1,
      text: 2,
      'text-invalid-utf8': 1,
      'truncated-varint': 3,
      'oversized-varint': 2,
      'huge-length': 4,
      'unknown-type': 3,
      'unknown-sync-type': 2,
      'sync-garbage': 5,
      'trailing-bytes': 2,
      'two-messages': 2,
      'flipped-update': 22,
      'truncated-update': 5,
      'v2-update': 2,
      'missing-deps': 5,
      'valid-update': 4,
      'foreign-future-clock': 2,
      'oversized-update': 0.7,
      'junk-records': 4,
      'null-entry': 0.5,
      'deep-nesting': 0.7,
      'empty-delete-range': 1,
      'forward-reference': 1.5,
      'huge-clock': 1,
      'empty-struct': 1,
      'state-vector': 3,
      'awareness-bad-json': 3,
      'awareness-huge-id': 3,
      'awareness-valid': 3,
      'awareness-spoof': 2,
      'awareness-truncated': 2,
      'query-awareness': 1,
    }))
    switch (kind) {
      case 'random-bytes': {
        const data = rng.bytes(rng.pick([1, 2, 3, 4, 8, 16, 64, 300]))
        return this.frame(kind, data, `${data.byteLength} random bytes`)
      }
      case 'empty-binary':
        return this.frame(kind, new Uint8Array(0), 'empty binary frame', { expect: 'close', allowed: [CloseCode.malformedMessage] })
      case 'empty-text':
        return { kind, data: new Uint8Array(0), text: true, expect: 'close', allowed: [CloseCode.malformedMessage], note: 'empty text frame' }
      case 'text': {
        const text = rng.chance(0.5) ? rng.pick(TEXTS) : Buffer.from(rng.bytes(rng.int(1, 40))).toString('base64')
        return { kind, data: new TextEncoder().encode(text), text: true, expect: 'close', allowed: [CloseCode.malformedMessage], note: `text ${JSON.stringify(text)}` }
      }
      case 'text-invalid-utf8': {
        // Not UTF-8: the WebSocket layer itself refuses it (RFC 6455 §8.1: 1007) before the application sees it.
        const data = concat(new Uint8Array([0, 2]), rng.pick([new Uint8Array([0xc3, 0x28]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xed, 0xa0, 0x80])]))
        return { kind, data, text: true, expect: 'close', allowed: [CloseCode.malformedMessage, 1007], note: 'text frame that is not UTF-8' }
      }
      case 'truncated-varint': {
        const prefix = rng.pick([[], [0], [0, 2], [0, 1], [0, 0], [1]])
        const cont = Array.from({ length: rng.int(1, 6) }, () => 0x80 | rng.int(0, 127))
        return this.frame(kind, new Uint8Array([...prefix, ...cont]), `prefix [${prefix}] then a varint cut after ${cont.length} continuation bytes`)
      }
      case 'oversized-varint': {
        const where = rng.pick(['type', 'sync sub-type', 'length', 'awareness count'] as const)
        const big = longVarint(rng, rng.int(8, 12))
        const data =
          where === 'type'
            ? concat(big, rng.bytes(3))
            : where === 'sync sub-type'
              ? concat(new Uint8Array([0]), big, new Uint8Array([1, 0]))
              : where === 'length'
                ? concat(new Uint8Array([0, 2]), big, rng.bytes(4))
                : withAwarenessHeader(concat(big, rng.bytes(3)))
        return this.frame(kind, data, `a varint of more than 53 bits as the ${where}`)
      }
      case 'huge-length': {
        const actual = rng.int(0, 32)
        const declared = rng.pick([actual + 1, actual + 1000, 2 ** 20, 2 ** 31 - 1, 2 ** 32, 2 ** 53 - 1])
        const header = rng.pick([[0, 0], [0, 1], [0, 2], [1]])
        return this.frame(kind, concat(new Uint8Array(header), varUint(declared), rng.bytes(actual)), `header [${header}] declares ${declared} bytes, ${actual} follow`)
      }
      case 'unknown-type': {
        const type = rng.pick([2, 4, 5, 7, 9, 42, 127, 128, 300, 2 ** 20, 2 ** 31])
        return this.frame(kind, concat(varUint(type), rng.bytes(rng.int(0, 8))), `message type ${type}`)
      }
      case 'unknown-sync-type': {
        const sub = rng.pick([3, 4, 9, 127, 128, 1000])
        return this.frame(kind, concat(new Uint8Array([0]), varUint(sub), varUint(2), rng.bytes(2)), `sync sub-type ${sub}`)
      }
      case 'sync-garbage': {
        const sub = rng.int(0, 2)
        const payload = rng.bytes(rng.pick([0, 1, 2, 3, 5, 10, 50, 200]))
        return this.frame(kind, concat(new Uint8Array([0, sub]), varUint(payload.byteLength), payload), `sync sub-type ${sub} wrapping ${payload.byteLength} random bytes`)
      }
      case 'trailing-bytes': {
        const valid = rng.pick([new Uint8Array([3]), encodeSyncStep1(new Uint8Array([0])), encodeUpdate(this.source().edit())])
        const extra = rng.bytes(rng.int(1, 4))
        return this.frame(kind, concat(valid, extra), `a valid message followed by ${extra.byteLength} bytes`)
      }
      case 'two-messages': {
        const first = encodeUpdate(this.source().edit())
        const second = rng.chance(0.5) ? new Uint8Array([3]) : encodeUpdate(this.source().edit())
        return this.frame(kind, concat(first, second), 'two valid messages in one frame')
      }
      case 'flipped-update': {
        const source = this.source()
        const update = rng.chance(0.8) ? source.edit() : Y.encodeStateAsUpdate(source.doc)
        const mutant = mutate(rng, update)
        const wrapped = this.wrapUpdate(mutant.data)
        return this.frame(kind, wrapped.data, `update of ${update.byteLength} bytes from ${source.name}, ${mutant.how}, ${wrapped.how}`)
      }
      case 'truncated-update': {
        const update = this.source().edit()
        const cut = rng.int(0, update.byteLength - 1)
        const wrapped = this.wrapUpdate(update.subarray(0, cut))
        return this.frame(kind, wrapped.data, `update of ${update.byteLength} bytes cut to ${cut}, ${wrapped.how}`)
      }
      case 'v2-update': {
        const update = Y.convertUpdateFormatV1ToV2(this.source().edit())
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `a v2-encoded update (the protocol uses v1), ${wrapped.how}`)
      }
      case 'missing-deps': {
        // The server never saw the earlier edits of this source. A server may keep the update as pending (Yjs does)
        // or refuse it (it cannot be checked against content it does not have): either way nothing else changes.
        const source = new SourceDoc(rng.fork(), this.context.baseUpdate, `gap${rng.seed}-${++this.sourceCount}`)
        const skipped = rng.int(1, 3)
        for (let i = 0; i < skipped; i++) source.edit()
        const update = source.edit()
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `update after ${skipped} never-sent updates, ${wrapped.how}`, { expect: 'either', allowed: [CloseCode.malformedMessage] })
      }
      case 'valid-update': {
        // One edit by a fresh third party on top of the board's first state: everything it builds on is on the board.
        const source = new SourceDoc(rng.fork(), this.context.baseUpdate, `ok${rng.seed}-${++this.sourceCount}`)
        const wrapped = this.wrapUpdate(source.edit())
        return this.frame(kind, wrapped.data, `a valid board edit, ${wrapped.how}`, { expect: 'open', allowed: [] })
      }
      case 'foreign-future-clock': {
        // An update in the name of a good client, at clocks that client has not reached yet (it waits as pending).
        const victim = this.context.goodClientIds.length > 0 ? rng.pick(this.context.goodClientIds) : rng.u32()
        const doc = new Y.Doc()
        doc.clientID = victim
        Y.applyUpdate(doc, this.context.baseUpdate)
        const filler = doc.getMap('fuzz-filler')
        const skip = rng.int(500, 5000)
        for (let i = 0; i < skip; i++) filler.set('k', i)
        const sv = Y.encodeStateVector(doc)
        const shape = new SourceDoc(rng.fork(), Y.encodeStateAsUpdate(doc), 'spoof')
        shape.doc.clientID = victim
        const update = Y.diffUpdate(shape.edit(), sv)
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `a board edit as client ${victim} at clock ≥ ${skip}, ${wrapped.how}`, { expect: 'either', allowed: REFUSAL_CODES })
      }
      case 'oversized-update': {
        const source = new SourceDoc(rng.fork(), this.context.baseUpdate, `big${rng.seed}-${++this.sourceCount}`)
        const size = rng.pick([256 * 1024, 1024 * 1024, 3 * 1024 * 1024])
        const many = rng.chance(0.4)
        const update = source.capture(() => {
          const kv = boardRecords(source.doc)
          const base = source.doc.getArray('records').length
          if (many) {
            // Thousands of small, valid records in one transaction.
            const count = Math.floor(size / 700)
            source.doc.transact(() => {
              for (let i = 0; i < count; i++) {
                const id = `shape:big-${rng.seed}-${base}-${i}`
                kv.set(id, { ...bigShape(id, 'x'), x: i } as never)
              }
            })
          } else {
            const id = `shape:big-${rng.seed}-${base}`
            kv.set(id, bigShape(id, 'Ide '.repeat(size / 4)) as never)
          }
        })
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `a valid update of ${update.byteLength} bytes (${many ? 'many records' : 'one huge label'}), ${wrapped.how}`, {
          expect: 'either',
          allowed: [CloseCode.messageTooLarge, CloseCode.documentTooLarge, CloseCode.rateLimited],
        })
      }
      case 'junk-records':
      case 'null-entry': {
        const source = new SourceDoc(rng.fork(), this.context.baseUpdate, `junk${rng.seed}-${++this.sourceCount}`, false)
        const junk = rng.pick(kind === 'null-entry' ? NULL_ENTRIES : JUNK)
        const update = source.capture(() => junk.write(source.doc))
        const wrapped = this.wrapUpdate(update)
        return this.frame(
          kind,
          wrapped.data,
          `valid Yjs, ${junk.what}, ${wrapped.how}`,
          junk.mustRefuse ? { expect: 'close', allowed: [CloseCode.invalidRecord, CloseCode.malformedMessage] } : { expect: 'either', allowed: REFUSAL_CODES },
        )
      }
      case 'deep-nesting': {
        // Y.Maps nested deep in a top-level map. Deleting such a chain (or losing the map key to another writer) makes
        // Yjs delete and garbage-collect it recursively, one level at a time. The first of a seed makes 3000 levels
        // and deletes them again in the same update; later ones, each from a fresh doc, set the same key.
        const first = this.deepCount++ === 0
        const depth = first ? 3000 : rng.pick([100, 1000, 3000])
        const alsoDelete = first || rng.chance(0.3)
        const update = deepNest(rng.int(1, 2 ** 31), this.context.baseUpdate, depth, alsoDelete)
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `Y.Maps nested ${depth} deep in a top-level map${alsoDelete ? ', deleted again' : ''}, ${wrapped.how}`, { expect: 'either', allowed: REFUSAL_CODES })
      }
      case 'empty-delete-range': {
        // A v1 update with no structs whose delete set holds a range of length 0 (Y.decodeUpdate accepts it).
        const client = rng.pick([1, rng.u32(), this.context.goodClientIds[0] ?? 2])
        const clock = rng.pick([0, 1, 5, 1_000_000])
        const withValidRange = rng.chance(0.5)
        const ranges = withValidRange ? [varUint(2), varUint(0), varUint(1), varUint(clock + 10), varUint(0)] : [varUint(1), varUint(clock), varUint(0)]
        const update = concat(varUint(0), varUint(1), varUint(client), ...ranges)
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `a delete range of length 0 for client ${client} at clock ${withValidRange ? clock + 10 : clock}${withValidRange ? ' after a valid one' : ''}, ${wrapped.how}`)
      }
      case 'forward-reference': {
        // One item (v1 encoding) whose origin, right origin or parent is an item of its own client at the same or a
        // later clock: Yjs never makes one, and Y.decodeUpdate accepts it.
        const client = rng.pick([7, rng.int(1000, 2 ** 31)])
        const clock = rng.pick([0, 0, 3])
        const ahead = rng.pick([0, 1, 5, 1000])
        const via = rng.pick(['origin', 'right origin', 'parent'] as const)
        const head = via === 'origin' ? [0x88, ...varUint(client), ...varUint(clock + ahead)] : via === 'right origin' ? [0x48, ...varUint(client), ...varUint(clock + ahead)] : [0x08, 0, ...varUint(client), ...varUint(clock + ahead)]
        const update = new Uint8Array([1, 1, ...varUint(client), ...varUint(clock), ...head, 1, 0x7d, rng.int(0, 100), 0])
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `item ${client}:${clock} whose ${via} is ${client}:${clock + ahead}, ${wrapped.how}`)
      }
      case 'huge-clock': {
        // A clock past 2^53 (lib0 reads such varints), in a delete range or on an item.
        const client = rng.int(1000, 2 ** 31)
        const clock = longVarint(rng, rng.int(7, 9))
        const onItem = rng.chance(0.5)
        const update = onItem
          ? concat(varUint(1), varUint(1), varUint(client), clock, new Uint8Array([0x08, 1]), bytesOf((e) => encoding.writeVarString(e, 'fuzz')), new Uint8Array([1, 0x7d, 1, 0]))
          : concat(varUint(0), varUint(1), varUint(client), varUint(1), clock, varUint(rng.int(1, 3)))
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `${onItem ? 'an item' : 'a delete range'} of client ${client} at a clock near or past 2^53, ${wrapped.how}`)
      }
      case 'empty-struct': {
        // An item of length 0 (ContentAny, ContentJSON or ContentDeleted with no elements) hanging in `records` after
        // its last entry: Y.decodeUpdate accepts it, no Yjs client writes one.
        const origin = lastRecordsId(this.context.baseUpdate)
        const content = rng.pick([
          { ref: 8, name: 'ContentAny' },
          { ref: 2, name: 'ContentJSON' },
          { ref: 1, name: 'ContentDeleted' },
        ])
        const client = rng.int(1000, 2 ** 31)
        const update = concat(varUint(1), varUint(1), varUint(client), varUint(0), new Uint8Array([0x80 | content.ref]), varUint(origin.client), varUint(origin.clock), varUint(0), varUint(0))
        const wrapped = this.wrapUpdate(update)
        return this.frame(kind, wrapped.data, `an empty ${content.name} item after the last records entry, ${wrapped.how}`)
      }
      case 'state-vector': {
        const variant = rng.pick(['empty', 'huge clocks', 'random ids', 'garbage', 'count too high'] as const)
        const sv =
          variant === 'empty'
            ? new Uint8Array([0])
            : variant === 'huge clocks'
              ? concat(varUint(2), varUint(rng.u32()), varUint(2 ** 53 - 1), varUint(this.context.goodClientIds[0] ?? 1), varUint(2 ** 40))
              : variant === 'random ids'
                ? concat(varUint(3), ...Array.from({ length: 6 }, () => varUint(rng.u32())))
                : variant === 'garbage'
                  ? rng.bytes(rng.int(1, 12))
                  : concat(varUint(1000), varUint(1), varUint(1))
        return this.frame(kind, encodeSyncStep1(sv), `sync step 1 with ${variant} state vector`)
      }
      case 'awareness-bad-json': {
        const bad = rng.pick(['{', '{"a":', 'undefined', "{'a':1}", '', '\u0000', '{"cursor":NaN}', '[1,2', 'nul'])
        const entries = [{ clientId: rng.int(10, 2 ** 31), clock: rng.int(0, 10), state: bad }]
        if (rng.chance(0.5)) entries.unshift({ clientId: rng.int(10, 2 ** 31), clock: 1, state: '{"ok":true}' })
        return this.frame(kind, withAwarenessHeader(awarenessPayload(entries)), `awareness with state ${JSON.stringify(bad)}`)
      }
      case 'awareness-huge-id': {
        const variant = rng.pick(['2^32', '2^53-1', 'over 2^53', 'huge clock', 'negative-looking'] as const)
        const clientId = variant === '2^32' ? 2 ** 32 : variant === '2^53-1' ? 2 ** 53 - 1 : variant === 'over 2^53' ? longVarint(rng, 7) : variant === 'negative-looking' ? 0xffffffff : rng.int(10, 2 ** 31)
        const clock = variant === 'huge clock' ? 2 ** 53 - 1 : rng.int(0, 5)
        const state = rng.chance(0.3) ? 'null' : JSON.stringify({ user: { name: 'huge' }, cursor: { x: 1, y: 2 } })
        return this.frame(kind, withAwarenessHeader(awarenessPayload([{ clientId, clock, state }])), `awareness entry with ${variant} client id/clock, state ${state}`)
      }
      case 'awareness-valid': {
        const state = rng.pick(['{}', 'null', '{"user":{"name":"x"}}', '[1,2,3]', '42', '"text"', JSON.stringify({ person: { userId: 'someone-else', name: 'Bupati', role: 'owner' } }), JSON.stringify({ blob: 'x'.repeat(rng.pick([10, 10_000, 200_000])) })])
        const count = rng.int(1, 3)
        const entries = Array.from({ length: count }, () => ({ clientId: rng.int(10, 2 ** 31), clock: rng.int(0, 100), state }))
        const data = withAwarenessHeader(awarenessPayload(entries))
        return this.frame(kind, data, `awareness with ${count} entries of state ${state.slice(0, 60)}`, {
          expect: data.byteLength > 64 * 1024 ? 'either' : 'open',
          allowed: [CloseCode.messageTooLarge, CloseCode.rateLimited],
        })
      }
      case 'awareness-spoof': {
        // Another person's presence: the server must drop it and leave theirs alone (rule 6).
        const victim = this.context.goodClientIds.length > 0 ? rng.pick(this.context.goodClientIds) : 1
        const state = rng.pick(['null', JSON.stringify({ user: { name: 'impostor' }, cursor: { x: -1, y: -1 } })])
        const clock = rng.pick([0, 1, 1000, 2 ** 31])
        return this.frame(kind, withAwarenessHeader(awarenessPayload([{ clientId: victim, clock, state }])), `awareness as good client ${victim}, clock ${clock}, state ${state}`, {
          expect: 'open',
          allowed: [],
        })
      }
      case 'awareness-truncated': {
        const entries = [{ clientId: rng.int(10, 2 ** 31), clock: 1, state: '{}' }]
        const declared = rng.int(2, 1000)
        let payload = awarenessPayload(entries, declared)
        if (rng.chance(0.5)) payload = payload.subarray(0, rng.int(1, payload.byteLength - 1))
        return this.frame(kind, withAwarenessHeader(payload), `awareness declaring ${declared} entries, fewer present`)
      }
      case 'query-awareness':
        return rng.chance(0.6)
          ? this.frame(kind, new Uint8Array([3]), 'query awareness', { expect: 'open', allowed: [] })
          : this.frame(kind, new Uint8Array([3, rng.int(0, 255)]), 'query awareness with a trailing byte')
    }
  }
}

/** The id of the last element of the `records` array in a doc state (what a new entry would have as its origin). */
export function lastRecordsId(state: Uint8Array): { client: number; clock: number } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  let item = doc.getArray('records')._start
  while (item?.right) item = item.right
  if (!item) throw new Error('the board has no records')
  return item.lastId
}

/**
 * An update that sets `fuzz-deep.root` to Y.Maps nested `depth` deep (and, with `deleteRoot`, deletes the root again
 * through a delete set: deleting it here would recurse just as it does on the server).
 */
export function deepNest(clientID: number, base: Uint8Array, depth: number, deleteRoot: boolean): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  doc.clientID = clientID
  Y.applyUpdate(doc, base)
  const rootClock = Y.getState(doc.store, clientID)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.transact(() => {
    let map = new Y.Map<unknown>()
    doc.getMap('fuzz-deep').set('root', map)
    for (let i = 0; i < depth; i++) {
      const child = new Y.Map<unknown>()
      map.set('c', child)
      map = child
    }
  })
  // v1: no structs, then one client with one delete range: the root map item.
  if (deleteRoot) updates.push(concat(varUint(0), varUint(1), varUint(clientID), varUint(1), varUint(rootClock), varUint(1)))
  return Y.mergeUpdates(updates)
}

function bigShape(id: string, text: string) {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle', dash: 'draw', url: '', w: 100, h: 100, growY: 0, scale: 1, flipX: false, flipY: false,
      labelColor: 'black', color: 'blue', fill: 'semi', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle',
      richText: toRichText(text),
    },
  }
}

/**
 * Well-formed Yjs updates that put things no stock client wrote into the board's layout. `mustRefuse`: the server
 * has to close the socket (4422) — accepting it would break every client of the board.
 */
const NULL_ENTRIES: Array<{ what: string; write: (doc: Y.Doc) => void; mustRefuse?: boolean }> = [
  { what: 'a null entry in records', write: (doc) => doc.getArray('records').push([null]), mustRefuse: true },
  { what: 'a null entry in the middle of records', write: (doc) => doc.getArray('records').insert(Math.min(1, doc.getArray('records').length), [null]), mustRefuse: true },
  { what: 'a null among valid entries', write: (doc) => doc.getArray('records').push([{ key: 'shape:ok', val: geoShape('ok') }, null]), mustRefuse: true },
]

const JUNK: Array<{ what: string; write: (doc: Y.Doc) => void; mustRefuse?: boolean }> = [
  // y-utility's YKeyValue reads `entry.key` of every entry: a null one throws in every client, on load and on each
  // later write to the board.
  { what: 'a number entry in records', write: (doc) => doc.getArray('records').push([42]) },
  { what: 'an entry without key in records', write: (doc) => doc.getArray('records').push([{ val: { typeName: 'shape' } }]) },
  { what: 'an entry with a numeric key', write: (doc) => doc.getArray('records').push([{ key: 5, val: {} }]) },
  { what: 'a record with a null value', write: (doc) => doc.getArray('records').push([{ key: 'shape:junk-null', val: null }]) },
  { what: 'a shape missing its props', write: (doc) => doc.getArray('records').push([{ key: 'shape:junk', val: { id: 'shape:junk', typeName: 'shape', type: 'geo' } }]) },
  { what: 'a record of unknown type', write: (doc) => doc.getArray('records').push([{ key: 'camera:x', val: { id: 'camera:x', typeName: 'camera' } }]) },
  { what: 'a page renamed to a number', write: (doc) => boardRecords(doc).set('page:page', { id: 'page:page', typeName: 'page', name: 123, index: 'a1', meta: {} } as never) },
  { what: 'a Y.Map as a records entry', write: (doc) => doc.getArray('records').push([new Y.Map()]) },
  { what: 'a records entry inserted at the front', write: (doc) => doc.getArray('records').insert(0, [{ key: 'shape:front', val: 'x' }]) },
  { what: 'meta.schema set to a string', write: (doc) => doc.getMap('meta').set('schema', 'garbage') },
  { what: 'meta.schema set to a far future version', write: (doc) => doc.getMap('meta').set('schema', { schemaVersion: 99, sequences: {} }) },
  { what: 'meta.layout set to 99', write: (doc) => doc.getMap('meta').set('layout', 99) },
  { what: 'a value in a top-level Y.Map of another name', write: (doc) => doc.getMap('fuzz-other').set('x', 1) },
  { what: 'text in a top-level Y.Text', write: (doc) => doc.getText('fuzz-text').insert(0, 'hai') },
  { what: 'every records entry deleted', write: (doc) => doc.getArray('records').delete(0, doc.getArray('records').length) },
]

// ---------------------------------------------------------------------------------------------------------------
// Harness

export interface FrameFuzzOptions {
  seed: number
  frames: number
  /** Sockets in flight at once (default 8). */
  concurrency?: number
  /** Called after every frame. */
  onFrame?: (result: FrameResult) => void
  /** Only these kinds of frame (default: all of FRAME_KINDS). */
  kinds?: readonly FrameKind[]
  /** Run against this server (its board is new); default: a fresh server for the call. */
  server?: FuzzServer
}

export interface FrameResult {
  kind: FrameKind
  /** How the frame was made, and its bytes (cut), for tracing. */
  description: string
  /** The close code, or 'open' when the socket stayed open. */
  outcome: number | 'open'
  early: boolean
}

export interface FrameFuzzStats {
  seed: number
  frames: number
  /** Outcomes by kind: close code or 'open' → count. */
  byKind: Partial<Record<FrameKind, Record<string, number>>>
  outcomes: Record<string, number>
  /** Sockets the server refused before the frame went out (connection limits), retried. */
  admissionRetries: number
  goodEdits: number
  durationMs: number
}

/**
 * Runs one seed: a fresh board on a real server, two stock clients (another person, an editor) editing it all along,
 * and `frames` fuzz frames, each on its own raw socket as the board owner. Throws `FuzzFailure` on the first
 * violation; returns what happened otherwise.
 */
export async function runFrameFuzz(options: FrameFuzzOptions): Promise<FrameFuzzStats> {
  const { seed, frames } = options
  const concurrency = options.concurrency ?? 8
  const started = Date.now()
  const rng = new Rng(seed)
  const frameRng = rng.fork()
  const editRng = rng.fork()
  const sendRng = rng.fork()
  const watch = watchProcess()
  const ownServer = !options.server
  const t = options.server ?? (await startFuzzServer())
  const logStart = t.logs.length
  /** Well-formed frames the server took in (they may have changed the doc), most recent last: suspects when a good client breaks. */
  const accepted: string[] = []
  const inFlight = new Set<string>()
  let alarmedAfter: number | null = null
  const fail = (message: string): never => {
    const alarms = watch.alarming()
    const suspects =
      (alarms.length > 0 ? `\n  swallowed errors on the console (${alarms.length}):\n${alarms.slice(0, 3).map((a) => `    ${firstLines(a, 4)}`).join('\n')}` : '') +
      (accepted.length > 0 ? `\n  frames the server accepted, most recent last:\n${accepted.slice(-8).map((d) => `    ${d}`).join('\n')}` : '') +
      (inFlight.size > 0 ? `\n  frames in flight:\n${[...inFlight].map((d) => `    ${d}`).join('\n')}` : '')
    const kinds = options.kinds && options.kinds.length !== FRAME_KINDS.length ? ` --kinds ${options.kinds.join(',')}` : ''
    throw new FuzzFailure('frames', seed, `${message}${suspects}`, `--frames ${frames}${kinds} (--concurrency 1 pins it on one frame)`)
  }
  const stats: FrameFuzzStats = { seed, frames: 0, byKind: {}, outcomes: {}, admissionRetries: 0, goodEdits: 0, durationMs: 0 }
  let editing = true
  let passed = false
  let editLoop: Promise<void> = Promise.resolve()
  try {
    const board = await t.createBoard(`Frame fuzz ${seed}`)
    const baseUpdate = Y.encodeStateAsUpdate(docFromStored(await t.server.storage.docs.load(board.id)))
    const editorInvite = await invite(t.url, t.owner, board.id, 'editor')
    const editor: Person = await joinAsGuest(t.url, editorInvite.code, 'Penyunting')

    const good: Peer[] = []
    const goodCloses: Array<{ peer: number; code: number; reason: string }> = []
    for (let i = 0; i < 2; i++) {
      const doc = new Y.Doc()
      doc.clientID = rng.int(1, 2 ** 31)
      const peer = connectPeer(t.wsUrl, board.id, { as: editor, origin: t.url, doc, presence: { user: { name: `good-${i}` }, cursor: { x: 0, y: 0 } } })
      boardRecords(doc)
      peer.provider.on('connection-close', (event) => {
        if (event) goodCloses.push({ peer: i, code: event.code, reason: event.reason })
      })
      good.push(peer)
    }
    await withTimeout(Promise.all(good.map((p) => p.synced)), 10_000, 'the good clients to sync')

    // The good clients edit and move their cursors all along.
    let editError: unknown = null
    editLoop = (async () => {
      let n = 0
      while (editing && !editError) {
        const peer = editRng.pick(good)
        randomBoardOp(editRng, peer.doc, () => `good-${seed}-${++n}`)
        if (editRng.chance(0.3)) peer.awareness.setLocalStateField('cursor', { x: editRng.int(0, 999), y: editRng.int(0, 999) })
        stats.goodEdits++
        await sleep(editRng.int(5, 25))
      }
    })().catch((error: unknown) => {
      editError = error
    })

    const generator = new FrameGenerator(frameRng, { baseUpdate, goodClientIds: good.map((p) => p.doc.clientID) }, options.kinds)
    const planned = Array.from({ length: frames }, (_, index) => ({ index, frame: generator.next(), early: sendRng.chance(0.15) }))
    const room = () => t.server.rooms.loadedRoom(board.id)
    const probeSv = () => Y.encodeStateVector(good[0]!.doc)

    let nextIndex = 0
    const worker = async () => {
      while (nextIndex < planned.length && alarmedAfter === null) {
        const item = planned[nextIndex++]!
        const label = `#${item.index} ${describe(item.frame)}`
        inFlight.add(label)
        const result = await sendOne(t, board.id, item.frame, item.early, room, probeSv, stats, (msg) => fail(`frame #${item.index} ${item.frame.kind}: ${msg}\n  the frame: ${describe(item.frame)}${item.early ? ' (sent before the room took the socket)' : ''}`))
        inFlight.delete(label)
        stats.frames++
        const key = String(result.outcome)
        const byKind = (stats.byKind[item.frame.kind] ??= {})
        byKind[key] = (byKind[key] ?? 0) + 1
        stats.outcomes[key] = (stats.outcomes[key] ?? 0) + 1
        if (result.outcome === 'open' && DOC_CHANGING.has(item.frame.kind)) accepted.push(label)
        options.onFrame?.(result)
        if (watch.crashes.length > 0) fail(`the process crashed right after frame #${item.index} (${describe(item.frame)}):\n${watch.crashes.join('\n')}`)
        // Something broke a good client: let the frames in flight finish (the one to blame may fail its own check,
        // which names it), then report.
        if (alarmedAfter === null && (watch.alarming().length > 0 || editError || goodCloses.length > 0)) alarmedAfter = item.index
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    if (alarmedAfter !== null) {
      fail(
        editError
          ? `a good client's edit threw (noticed after frame #${alarmedAfter}): ${firstLines((editError as Error).stack ?? String(editError), 4)}`
          : goodCloses.length > 0
            ? `a good client was closed (noticed after frame #${alarmedAfter}): ${JSON.stringify(goodCloses)}`
            : `swallowed errors on the console (noticed after frame #${alarmedAfter})`,
      )
    }

    editing = false
    await editLoop
    if (editError) fail(`a good client's edit threw: ${(editError as Error).stack ?? String(editError)}`)

    // Still alive and answering.
    if (!(await t.healthy(3_000))) fail('/healthz did not answer 200 within 3 s after the batch')
    if (goodCloses.length > 0) fail(`a good client was closed: ${JSON.stringify(goodCloses)}`)

    // Every raw socket is gone from the room; only the good clients (and their presence) remain.
    const goodIds = new Set(good.map((p) => p.doc.clientID))
    await waitFor(() => (room()?.connections.size ?? 0) === 2, 5_000, 'the room to hold only the two good clients').catch((e: Error) =>
      fail(`${e.message}; it holds ${room()?.connections.size} connections`),
    )
    await waitFor(() => [...(room()?.awareness.getStates().keys() ?? [])].every((id) => goodIds.has(id)), 5_000, 'only the good clients’ presence in the room').catch(
      (e: Error) => fail(`${e.message}; present: ${[...(room()?.awareness.getStates().keys() ?? [])].join(', ')}`),
    )

    // Convergence: the two good clients and the store agree on everything.
    let lastDiff = ''
    await waitFor(
      async () => {
        const stored = docFromStored(await t.server.storage.docs.load(board.id))
        const [a, b] = [good[0]!.doc, good[1]!.doc]
        const checks: Array<[string, unknown, unknown]> = [
          ['A vs B records', recordsOf(a), recordsOf(b)],
          ['A vs store raw records', rawRecordsOf(a), rawRecordsOf(stored)],
          ['B vs store raw records', rawRecordsOf(b), rawRecordsOf(stored)],
          ['A vs B state vector', stateVectorOf(a), stateVectorOf(b)],
          ['A vs store state vector', stateVectorOf(a), stateVectorOf(stored)],
          ['A vs store delete set', deleteSetOf(a), deleteSetOf(stored)],
          ['B vs store delete set', deleteSetOf(b), deleteSetOf(stored)],
        ]
        stored.destroy()
        for (const [what, x, y] of checks) {
          const diff = firstDifference(x, y)
          if (diff) {
            lastDiff = `${what}: ${diff}`
            return false
          }
        }
        return room()?.hasUnsavedChanges === false
      },
      10_000,
      'the good clients and the store to converge',
    ).catch((e: Error) => fail(`${e.message}; ${lastDiff}`))

    // Nobody took over a good client's presence: each sees the other's state as it set it.
    let presenceDiff = ''
    await waitFor(
      () => {
        for (const [i, viewer] of good.entries()) {
          const other = good[1 - i]!
          const seen = { ...(viewer.awareness.getStates().get(other.doc.clientID) as Record<string, unknown> | undefined) }
          delete seen.person
          const own = { ...(other.awareness.getLocalState() as Record<string, unknown>) }
          delete own.person
          const diff = firstDifference(seen, own)
          if (diff) {
            presenceDiff = `good-${i} sees good-${1 - i} as ${JSON.stringify(seen)}: ${diff}`
            return false
          }
          const strangers = [...viewer.awareness.getStates().keys()].filter((id) => !goodIds.has(id))
          if (strangers.length > 0) {
            presenceDiff = `good-${i} still sees presence of ${strangers.join(', ')}`
            return false
          }
        }
        return true
      },
      5_000,
      'the good clients’ presence to be intact',
    ).catch((e: Error) => fail(`${e.message}; ${presenceDiff}`))

    checkLogsAndConsole(t, logStart, watch, stats, fail)
    passed = true
    return stats
  } finally {
    editing = false
    await editLoop.catch(() => {})
    watch.stop()
    stats.durationMs = Date.now() - started
    await cleanup().catch(() => {})
    // A server that cannot shut down is a finding too, unless something failed before.
    if (ownServer) await t.dispose().catch((error: Error) => passed && fail(`the server did not shut down: ${error.message}`))
  }
}

function firstLines(text: string, count: number): string {
  const lines = text.split('\n')
  return lines.slice(0, count).join('\n      ') + (lines.length > count ? ' …' : '')
}

/** Kinds whose accepted frames may change the doc. */
const DOC_CHANGING = new Set<FrameKind>(['flipped-update', 'truncated-update', 'v2-update', 'missing-deps', 'valid-update', 'foreign-future-clock', 'oversized-update', 'junk-records', 'deep-nesting', 'random-bytes', 'sync-garbage'])

function describe(frame: FuzzFrame): string {
  return `${frame.kind}, ${frame.text ? 'text' : 'binary'}, expect ${frame.expect}${frame.allowed.length ? ` [${frame.allowed.join(',')}]` : ''}; ${frame.note}; hex ${toHex(frame.data)}`
}

function codeLabel(code: number): string {
  const name = closeCodeName(code)
  return name ? `${code} ${name}` : `${code}`
}

function isRefusedAdmission(code: number): boolean {
  return code === CloseCode.tooManyConnections || code === CloseCode.serverBusy
}

/** Sends one frame on a fresh socket and checks what became of that socket. */
async function sendOne(
  t: FuzzServer,
  boardId: string,
  frame: FuzzFrame,
  early: boolean,
  room: () => { hasUnsavedChanges: boolean } | undefined,
  probeSv: () => Uint8Array,
  stats: FrameFuzzStats,
  fail: (message: string) => never,
): Promise<FrameResult> {
  let raw: RawSocket | null = null
  for (let attempt = 0; ; attempt++) {
    raw = openRawSocket(t.wsUrl, boardId, { as: t.owner, origin: t.url })
    const closedEarly = raw.closed.then((c) => c)
    const socket = raw
    const ready = early ? raw.opened : raw.opened.then(() => waitForFrames(socket, (frames) => frames.some((f) => f[0] === 0 && f[1] === 0), 5_000))
    const state = await Promise.race([ready.then(() => 'ready' as const), closedEarly, sleep(5_000).then(() => 'timeout' as const)]).catch((e: Error) => e)
    if (state === 'ready') break
    if (state instanceof Error) fail(`the socket did not open: ${state.message}`)
    if (state === 'timeout') fail('the socket neither opened nor was taken into the room within 5 s')
    const closed = state as { code: number; reason: string }
    if (isRefusedAdmission(closed.code) && attempt < 10) {
      stats.admissionRetries++
      await sleep(Math.min(2_000, 1_000 * (Number(/retry-after=(\d+)/.exec(closed.reason)?.[1] ?? 0) || 0.2)))
      continue
    }
    fail(`the socket was closed before the frame was sent: ${codeLabel(closed.code)} ${closed.reason}`)
  }
  const socket = raw!
  if (frame.text) socket.ws.send(Buffer.from(frame.data), { binary: false })
  else socket.ws.send(frame.data)

  const result = (outcome: number | 'open'): FrameResult => ({ kind: frame.kind, description: describe(frame), outcome, early })
  const checkClose = (closed: { code: number; reason: string }): FrameResult => {
    if (frame.expect === 'open') fail(`the socket was closed (${codeLabel(closed.code)} "${closed.reason}") but the frame is harmless and should leave it open`)
    if (!frame.allowed.includes(closed.code)) {
      fail(`the socket was closed with ${codeLabel(closed.code)} "${closed.reason}"; expected one of ${frame.allowed.map(codeLabel).join(', ')}`)
    }
    return result(closed.code)
  }

  // Sync step 2 frames are answers to our sync step 1s (a server sends them for nothing else); a well-formed sync step 1
  // as the fuzz frame is answered too.
  let expectedAnswers = !frame.text && frame.data[0] === 0 && frame.data[1] === 0 && malformedReason(frame.data, false) === null ? 1 : 0
  const probe = async (timeoutMs: number): Promise<'answered' | 'closed' | 'timeout'> => {
    if (socket.ws.readyState !== WebSocket.OPEN) return 'closed'
    expectedAnswers++
    socket.ws.send(encodeSyncStep1(probeSv()))
    const want = expectedAnswers
    try {
      await waitForFrames(socket, (frames) => frames.filter((f) => f[0] === 0 && f[1] === 1).length >= want, timeoutMs)
      return 'answered'
    } catch (error) {
      return (error as Error).message === 'closed' ? 'closed' : 'timeout'
    }
  }

  if (frame.expect === 'close') {
    const closed = await Promise.race([socket.closed, sleep(3_000).then(() => null)])
    if (closed) return checkClose(closed)
    // Still open after 3 s: is the server ignoring the frame, or hung?
    const answered = await probe(2_000)
    return fail(
      answered === 'answered'
        ? `the socket stayed open (it still answers a sync step 1), but this frame must close it with ${frame.allowed.map(codeLabel).join(' or ')}`
        : `the socket neither closed nor answered within 5 s (${answered})`,
    )
  }

  // A well-formed frame: the socket must answer a sync step 1 after it (frames are handled in order), then again once
  // the room stored what it took in (an update may be refused only when it is applied).
  let answer = await probe(5_000)
  if (answer === 'closed') return checkClose(await socket.closed)
  if (answer === 'timeout') fail('the socket neither answered a sync step 1 nor closed within 5 s after the frame (hang?)')
  await waitFor(() => room()?.hasUnsavedChanges === false, 5_000, 'the room to store what it took in').catch((e: Error) => fail(e.message))
  answer = await probe(5_000)
  if (answer === 'closed') return checkClose(await socket.closed)
  if (answer === 'timeout') fail('the socket stopped answering after its update was stored (hang?)')
  socket.ws.close(1000)
  await withTimeout(socket.closed, 3_000, 'our own close of the socket').catch((e: Error) => fail(e.message))
  return result('open')
}

/** Resolves once the binary frames received so far satisfy `done`; rejects with 'closed' or 'timeout'. */
function waitForFrames(raw: RawSocket, done: (frames: Uint8Array[]) => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false
    const finish = (error: Error | null) => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      raw.ws.off('message', onMessage)
      raw.ws.off('close', onClose)
      if (error) reject(error)
      else resolve()
    }
    // The helper's own listener records the frame; look once it has.
    const onMessage = () => setImmediate(() => done(raw.received) && finish(null))
    const onClose = () => setImmediate(() => finish(done(raw.received) ? null : new Error('closed')))
    const timer = setTimeout(() => finish(new Error('timeout')), timeoutMs)
    raw.ws.on('message', onMessage)
    raw.ws.on('close', onClose)
    if (done(raw.received)) finish(null)
  })
}

function checkLogsAndConsole(t: FuzzServer, logStart: number, watch: ReturnType<typeof watchProcess>, stats: FrameFuzzStats, fail: (message: string) => never): void {
  if (watch.crashes.length > 0) fail(`the process crashed:\n${watch.crashes.join('\n')}`)
  const alarming = watch.alarming()
  if (alarming.length > 0) fail('swallowed errors on the console')
  const lines = t.logs.slice(logStart)
  const errors = lines.filter((l) => l.level === 'error')
  if (errors.length > 0) fail(`the server logged ${errors.length} error line(s): ${errors.slice(0, 3).map((l) => JSON.stringify(l)).join('\n')}`)
  const warnings = lines.filter((l) => l.level === 'warn')
  const closed = Object.entries(stats.outcomes)
    .filter(([k]) => k !== 'open')
    .reduce((n, [, v]) => n + v, 0)
  if (warnings.length > closed) fail(`the server logged ${warnings.length} warnings for ${closed} closed sockets`)
  const perConnection = new Map<unknown, number>()
  for (const w of warnings) {
    if (w.connection === undefined) continue
    perConnection.set(w.connection, (perConnection.get(w.connection) ?? 0) + 1)
  }
  const noisy = [...perConnection.entries()].filter(([, n]) => n > 1)
  if (noisy.length > 0) fail(`more than one warning for one socket: ${JSON.stringify(noisy.slice(0, 5))}`)
  const uncaught = lines.filter((l) => /uncaught|Caught error/i.test(`${l.message} ${JSON.stringify(l)}`))
  if (uncaught.length > 0) fail(`the server logged an uncaught error: ${JSON.stringify(uncaught[0])}`)
}
