import { PERSON_FIELD, ROLES, SECTORS, type PersonPresence, type Role, type Sector } from '../../shared/access'
import { PRESENCE_FIELD } from '../board/presence'

/** Someone connected to the board now, once however many tabs or devices they use. */
export interface Person extends PersonPresence {
  /** Their cursor colour, when their presence says it. */
  color: string | null
  /** Whether this is the person using this page. */
  self: boolean
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value)
}

/** The `person` field of an awareness state, or null when it is missing or malformed. */
export function parsePerson(value: unknown): PersonPresence | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.userId !== 'string' || !v.userId || typeof v.name !== 'string' || !isRole(v.role)) return null
  return {
    userId: v.userId,
    name: v.name.slice(0, 80),
    role: v.role,
    sector: isSector(v.sector) ? v.sector : null,
    organisation: typeof v.organisation === 'string' && v.organisation ? v.organisation.slice(0, 120) : null,
  }
}

function colorOf(state: Record<string, unknown>): string | null {
  const presence = state[PRESENCE_FIELD] as { color?: unknown } | null | undefined
  const color = presence && typeof presence === 'object' ? presence.color : null
  return typeof color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : null
}

/**
 * Everyone in `states` (awareness states by client id) with a valid `person` field, deduplicated by user id:
 * this person first, then by role (owner first) and name.
 */
export function peopleFromStates(states: Map<number, Record<string, unknown>>, selfUserId: string | null): Person[] {
  const byUser = new Map<string, Person>()
  for (const state of states.values()) {
    const person = parsePerson(state[PERSON_FIELD])
    if (!person) continue
    const known = byUser.get(person.userId)
    const color = colorOf(state)
    if (known) {
      if (!known.color && color) known.color = color
      continue
    }
    byUser.set(person.userId, { ...person, color, self: person.userId === selfUserId })
  }
  return [...byUser.values()].sort(
    (a, b) =>
      Number(b.self) - Number(a.self) || ROLES.indexOf(b.role) - ROLES.indexOf(a.role) || a.name.localeCompare(b.name),
  )
}
