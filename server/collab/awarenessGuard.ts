import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PERSON_FIELD, type PersonPresence } from '../../shared/access'

/**
 * Rewrites a client's awareness update before the room applies it: entries for awareness client ids that another
 * socket controls are dropped (nobody can move or remove someone else's cursor), and a non-null state's `person`
 * field is replaced by who the server knows the sender to be (nobody can appear under another name, role or sector).
 * Entries `isNews` says the receiver would ignore anyway (an old clock for a client id it knows) are dropped before
 * their state is even parsed, like entries for ids the sender may not control: the stock y-websocket client sends
 * every presence update it receives back to the server, so in a busy room most entries are such echoes.
 * Returns `null` when no entry is left. Throws on a malformed update (the caller closes the socket).
 *
 * @example
 * const safe = guardAwarenessUpdate(update, (id) => !ownedByOthers(id), person)
 * if (safe) applyAwarenessUpdate(awareness, safe, connection)
 */
export function guardAwarenessUpdate(
  update: Uint8Array,
  mayControl: (clientId: number) => boolean,
  person: PersonPresence | null,
  isNews: (clientId: number, clock: number, removes: boolean) => boolean = () => true,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const kept: Array<{ clientId: number; clock: number; state: string }> = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const stateAt = decoder.pos
    const stateBytes = decoding.readVarUint8Array(decoder)
    if (!isNews(clientId, clock, isNullState(stateBytes)) || !mayControl(clientId)) continue
    decoder.pos = stateAt
    let state = decoding.readVarString(decoder)
    if (person) {
      const parsed = JSON.parse(state) as unknown
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        state = JSON.stringify({ ...parsed, [PERSON_FIELD]: person })
      }
    }
    kept.push({ clientId, clock, state })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness entries')
  if (kept.length === 0) return null
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, kept.length)
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}

/** Whether a state's JSON text is `null` (the entry removes that client's presence). */
function isNullState(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c
}
