import { describe, expect, it } from 'vitest'
import { displayCode, endOfDayIso, inviteState, todayInput } from './invites'

describe('invites', () => {
  it('states', () => {
    const now = Date.parse('2026-08-17T10:00:00Z')
    expect(inviteState({ expiresAt: null, revokedAt: null }, now)).toBe('active')
    expect(inviteState({ expiresAt: '2026-08-18T00:00:00Z', revokedAt: null }, now)).toBe('active')
    expect(inviteState({ expiresAt: '2026-08-17T09:00:00Z', revokedAt: null }, now)).toBe('expired')
    expect(inviteState({ expiresAt: null, revokedAt: '2026-08-16T00:00:00Z' }, now)).toBe('revoked')
  })
  it('ends an expiry date at the last moment of that local day', () => {
    const iso = endOfDayIso('2026-08-17')!
    const local = new Date(iso)
    expect([local.getFullYear(), local.getMonth() + 1, local.getDate(), local.getHours(), local.getMinutes()]).toEqual([2026, 8, 17, 23, 59])
    expect(endOfDayIso('17/08/2026')).toBeNull()
    expect(todayInput(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
  it('shows a code with one dash whatever the server sent', () => {
    expect(displayCode('ABCDEFGH')).toBe('ABCD-EFGH')
    expect(displayCode('ABCD-EFGH')).toBe('ABCD-EFGH')
  })
})
