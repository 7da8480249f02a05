import { formatInviteCode, normaliseInviteCode, type InviteInfo } from '../../shared/access'

export type InviteState = 'active' | 'expired' | 'revoked'

export function inviteState(invite: Pick<InviteInfo, 'expiresAt' | 'revokedAt'>, now = Date.now()): InviteState {
  if (invite.revokedAt) return 'revoked'
  if (invite.expiresAt && Date.parse(invite.expiresAt) <= now) return 'expired'
  return 'active'
}

/**
 * A date input's value (yyyy-mm-dd) as the ISO instant of the end of that day here: an invite "valid until 17/08"
 * works all of the 17th.
 *
 * @example
 * endOfDayIso('2026-08-17') // → '2026-08-17T16:59:59.999Z' in Jakarta (UTC+7)
 */
export function endOfDayIso(dateInput: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateInput)
  if (!match) return null
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** Today as a date input's value (yyyy-mm-dd), here. */
export function todayInput(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** The absolute join link of an invite on this site. */
export function inviteLink(invite: Pick<InviteInfo, 'url'>): string {
  return new URL(invite.url, location.origin).toString()
}

/** A code as ABCD-EFGH, whether the server sent it with the dash or without. */
export function displayCode(code: string): string {
  const normal = normaliseInviteCode(code)
  return normal ? formatInviteCode(normal) : code
}
