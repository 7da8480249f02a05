/**
 * Who may do what on a board, and the shapes the access API speaks — shared by the server (enforcement) and the
 * client (what to show). docs/API.md is the prose version.
 */

/** Roles on a board, weakest first. */
export const ROLES = ['viewer', 'editor', 'facilitator', 'owner'] as const
export type Role = (typeof ROLES)[number]

/** Roles an invite can grant. */
export const INVITE_ROLES = ['editor', 'viewer'] as const
export type InviteRole = (typeof INVITE_ROLES)[number]

/** The four stakeholder sectors of a Local Partnership Forum. */
export const SECTORS = ['pemerintah', 'masyarakat_sipil', 'swasta', 'akademisi'] as const
export type Sector = (typeof SECTORS)[number]

/**
 * Whether `role` is at least `needed`.
 *
 * @example
 * atLeast('facilitator', 'editor') // → true
 * atLeast('viewer', 'editor') // → false
 */
export function atLeast(role: Role | null | undefined, needed: Role): boolean {
  return role != null && ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

/** What each capability needs. */
export const CAN = {
  read: 'viewer',
  edit: 'editor',
  manageInvites: 'facilitator',
  manageMembers: 'owner',
} as const satisfies Record<string, Role>

export interface PublicUser {
  id: string
  kind: 'account' | 'guest'
  name: string
  /** Accounts only. */
  email: string | null
  sector: Sector | null
  organisation: string | null
}

export interface BoardSummary {
  id: string
  title: string
  createdAt: string
  role: Role
}

export interface Member {
  userId: string
  name: string
  kind: 'account' | 'guest'
  role: Role
  sector: Sector | null
  organisation: string | null
}

export interface InviteInfo {
  id: string
  code: string
  /** `/join/<code>` */
  url: string
  role: InviteRole
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

/** Invite codes: 8 characters with no look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH. */
export const INVITE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INVITE_CODE_LENGTH = 8

/**
 * Normalises what a person typed: upper case, dashes and spaces dropped. Returns `null` when it cannot be a code.
 *
 * @example
 * normaliseInviteCode('abcd-efgh') // → 'ABCDEFGH'
 */
export function normaliseInviteCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '')
  if (code.length !== INVITE_CODE_LENGTH) return null
  for (const char of code) if (!INVITE_CODE_ALPHABET.includes(char)) return null
  return code
}

/** ABCDEFGH → ABCD-EFGH */
export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** The awareness field that says who a connected person is (see docs/PROTOCOL.md §7). */
export const PERSON_FIELD = 'person'
export interface PersonPresence {
  userId: string
  name: string
  role: Role
  sector: Sector | null
  organisation: string | null
}
