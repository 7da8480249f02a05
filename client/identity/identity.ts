/** Who this device's person is on a board: an id that stays, a display name they chose, a colour. */
export interface Identity {
  id: string
  name: string
  color: string
}

const STORAGE_KEY = 'rembug.identity'

/** Distinct, readable on white and on a projector. */
export const IDENTITY_COLORS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5c940d', '#e8590c', '#3b5bdb']

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The stored identity; a new id and colour (and an empty name) on a device that has none. */
export function loadIdentity(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): Identity {
  try {
    const raw = storage.getItem(STORAGE_KEY)
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<Identity>
      if (typeof parsed.id === 'string' && parsed.id && typeof parsed.color === 'string') {
        return { id: parsed.id, name: typeof parsed.name === 'string' ? parsed.name : '', color: parsed.color }
      }
    }
  } catch {
    // Unreadable storage: start a fresh identity.
  }
  const fresh: Identity = {
    id: randomId(),
    name: '',
    color: IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]!,
  }
  saveIdentity(fresh, storage)
  return fresh
}

export function saveIdentity(identity: Identity, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(identity))
  } catch {
    // Private mode or full storage: the name is asked again next time.
  }
}
