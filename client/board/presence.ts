import {
  createPresenceStateDerivation,
  InstancePresenceRecordType,
  react,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'

/** The awareness field that carries a person's tldraw presence (see docs/PROTOCOL.md). */
export const PRESENCE_FIELD = 'presence'

export interface PresenceOptions {
  /** At most one presence message per this many milliseconds (the last state always goes out). */
  throttleMs?: number
}

/**
 * Shares this person's presence (cursor, selection, camera, name, colour) through Yjs awareness and shows everyone
 * else's as tldraw presence records, which drive live cursors, selections and follow-a-user. Remote presence is merged
 * with `mergeRemoteChanges`, so it never reaches the doc or the undo history. Returns a cleanup function.
 */
export function bindPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>, options: PresenceOptions = {}): () => void {
  const throttleMs = options.throttleMs ?? 50
  const $presence = createPresenceStateDerivation($user)(store)

  let lastSent = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let latest: TLInstancePresence | null = null
  const send = () => {
    timer = null
    lastSent = Date.now()
    awareness.setLocalStateField(PRESENCE_FIELD, latest)
  }
  const stopReacting = react('send presence', () => {
    latest = $presence.get()
    if (timer) return
    const wait = lastSent + throttleMs - Date.now()
    if (wait <= 0) send()
    else timer = setTimeout(send, wait)
  })

  const recordIdOf = (clientId: number) => InstancePresenceRecordType.createId(String(clientId))
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = awareness.getStates().get(clientId)
      const presence = state?.[PRESENCE_FIELD] as unknown
      const id = recordIdOf(clientId)
      if (!presence || typeof presence !== 'object') {
        if (store.has(id)) toRemove.push(id)
        continue
      }
      try {
        toPut.push(InstancePresenceRecordType.validate({ ...presence, id, typeName: 'instance_presence' }))
      } catch {
        // A peer on another version sent presence we cannot show: hide theirs rather than break the editor.
        if (store.has(id)) toRemove.push(id)
      }
    }
    for (const clientId of removed) {
      const id = recordIdOf(clientId)
      if (store.has(id)) toRemove.push(id)
    }
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove)
      if (toPut.length > 0) store.put(toPut)
    })
  }
  awareness.on('change', onChange)
  onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  return () => {
    stopReacting()
    if (timer) clearTimeout(timer)
    awareness.off('change', onChange)
    awareness.setLocalStateField(PRESENCE_FIELD, null)
    const ids = store.query.ids('instance_presence').get()
    store.mergeRemoteChanges(() => store.remove([...ids]))
  }
}
