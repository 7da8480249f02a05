/**
 * What this device remembers about its person between visits. Who the person is (id, name) comes from the server
 * session; the device keeps only the cursor colour (and, from before accounts, an id and a name it no longer uses).
 */
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
    // Private mode or full storage: a new colour is picked next time.
  }
}

/** This device's cursor colour, the same on every board. */
export function deviceColor(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  return loadIdentity(storage).color
}

/** Keeps a colour the person picked in the editor for next time. */
export function saveDeviceColor(color: string, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): void {
  const identity = loadIdentity(storage)
  if (identity.color !== color) saveIdentity({ ...identity, color }, storage)
}
