import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { FanoutMessage, FanoutPayload } from './Fanout'

/** Wire format of fan-out messages: a version byte, the kind, the sender's instance id, then the kind's fields. */
const VERSION = 1
const Kind = { updates: 0, head: 1, awareness: 2, awarenessQuery: 3 } as const

/** Encodes a payload as sent on a board's channel by `from`. */
export function encodeFanoutMessage(from: string, payload: FanoutPayload): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, VERSION)
  encoding.writeVarUint(encoder, Kind[payload.type])
  encoding.writeVarString(encoder, from)
  switch (payload.type) {
    case 'updates':
      encoding.writeVarUint(encoder, payload.firstSeq)
      encoding.writeVarUint(encoder, payload.updates.length)
      for (const update of payload.updates) encoding.writeVarUint8Array(encoder, update)
      break
    case 'head':
      encoding.writeVarUint(encoder, payload.seq)
      break
    case 'awareness':
      encoding.writeVarUint8Array(encoder, payload.update)
      break
    case 'awarenessQuery':
      break
  }
  return encoding.toUint8Array(encoder)
}

/** Decodes a message, or returns null for one this version does not understand (a newer instance's) or a broken one. */
export function decodeFanoutMessage(data: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(data)
    if (decoding.readUint8(decoder) !== VERSION) return null
    const kind = decoding.readVarUint(decoder)
    const from = decoding.readVarString(decoder)
    let message: FanoutMessage
    switch (kind) {
      case Kind.updates: {
        const firstSeq = decoding.readVarUint(decoder)
        const count = decoding.readVarUint(decoder)
        const updates: Uint8Array[] = []
        for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder))
        if (firstSeq < 1 || count === 0) return null
        message = { type: 'updates', from, firstSeq, updates }
        break
      }
      case Kind.head:
        message = { type: 'head', from, seq: decoding.readVarUint(decoder) }
        break
      case Kind.awareness:
        message = { type: 'awareness', from, update: decoding.readVarUint8Array(decoder) }
        break
      case Kind.awarenessQuery:
        message = { type: 'awarenessQuery', from }
        break
      default:
        return null
    }
    return decoding.hasContent(decoder) ? null : message
  } catch {
    return null
  }
}
