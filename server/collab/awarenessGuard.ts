import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PERSON_FIELD, type PersonPresence } from '../../shared/access'

/**
 * Rewrites a client's awareness update before the room applies it: entries for awareness client ids that another
 * socket controls are dropped (nobody can move or remove someone else's cursor), and a non-null state's `person`
 * field is replaced by who the server knows the sender to be (nobody can appear under another name, role or sector).
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
): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const kept: Array<{ clientId: number; clock: number; state: string }> = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    let state = decoding.readVarString(decoder)
    if (!mayControl(clientId)) continue
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
