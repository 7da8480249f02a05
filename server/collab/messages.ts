import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Top-level message types of the y-websocket protocol. */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
/** Sub-types of a sync message (y-protocols/sync). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const

/** A decoded client message. Anything else is malformed. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; step2: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError'
}

/** Decodes one frame, or throws `MalformedMessageError` (bad framing, unknown type, trailing bytes). */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    let message: ClientMessage
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (sub === SyncType.step1) message = { type: 'syncStep1', stateVector: payload }
        else if (sub === SyncType.step2 || sub === SyncType.update) {
          assertApplicableUpdate(payload)
          message = { type: 'update', update: payload, step2: sub === SyncType.step2 }
        }
        else throw new MalformedMessageError(`unknown sync message type ${sub}`)
        break
      }
      case MessageType.awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.queryAwareness:
        message = { type: 'queryAwareness' }
        break
      default:
        throw new MalformedMessageError(`unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message')
    return message
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error
    throw new MalformedMessageError(`cannot decode message: ${(error as Error).message}`)
  }
}

/**
 * Throws `MalformedMessageError` for a Yjs update that decodes but that no Yjs client writes and that Yjs cannot
 * apply: an empty delete range, an empty struct, clocks past 2^53, or an item that refers (origin, right origin or
 * parent) to an item of its own client at the same or a later clock. Yjs throws on these while integrating — after
 * the update was accepted, in the room's flush — which took the whole process down, or (an empty item in `records`)
 * breaks every connected client (found by test/fuzz: `000206000101010000`, `00020c0101070008000705017d0100`,
 * `000210000194000194ce87fcce87fc15010501`, `…88<origin>00`). An update that does not decode at all is left to the
 * room's own check.
 */
function assertApplicableUpdate(update: Uint8Array): void {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return
  }
  // lib0 reads varints past 2^53 without complaint; Yjs's clock arithmetic then rounds (clock + 1 === clock).
  const safe = (n: number) => Number.isSafeInteger(n) && n >= 0
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (!(range.len > 0)) throw new MalformedMessageError(`invalid Yjs update: an empty delete range for client ${client}`)
      if (!safe(client) || !safe(range.clock + range.len)) throw new MalformedMessageError(`invalid Yjs update: a delete range beyond 2^53 for client ${client}`)
    }
  }
  for (const struct of decoded.structs) {
    if (!safe(struct.id.client) || !safe(struct.id.clock + struct.length)) throw new MalformedMessageError('invalid Yjs update: a struct beyond 2^53')
    // Yjs never writes an empty struct. An empty item in `records` breaks every connected client's YKeyValue (its
    // iterator yields undefined); an empty deleted one throws inside Yjs after the doc has changed.
    if (!(struct.length > 0)) throw new MalformedMessageError(`invalid Yjs update: an empty struct at ${struct.id.client}:${struct.id.clock}`)
    if (!(struct instanceof Y.Item)) continue
    const { client, clock } = struct.id
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref && ref.client === client && ref.clock >= clock) {
        throw new MalformedMessageError(`invalid Yjs update: item ${client}:${clock} refers to ${ref.client}:${ref.clock}, not an earlier item`)
      }
    }
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncType.step1)
    encoding.writeVarUint8Array(e, stateVector)
  })
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncType.step2)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncType.update)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, update)
  })
}
