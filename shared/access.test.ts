import { describe, expect, it } from 'vitest'
import { atLeast, CAN, formatInviteCode, INVITE_CODE_ALPHABET, normaliseInviteCode, ROLES, type Role } from './access'

describe('atLeast', () => {
  // Rows: the role a person has; columns: the role needed (viewer, editor, facilitator, owner).
  const table: Array<[Role | null | undefined, [boolean, boolean, boolean, boolean]]> = [
    ['viewer', [true, false, false, false]],
    ['editor', [true, true, false, false]],
    ['facilitator', [true, true, true, false]],
    ['owner', [true, true, true, true]],
    [null, [false, false, false, false]],
    [undefined, [false, false, false, false]],
  ]
  for (const [role, row] of table) {
    ROLES.forEach((needed, i) => {
      it(`${String(role)} ${row[i] ? 'is' : 'is not'} at least ${needed}`, () => {
        expect(atLeast(role, needed)).toBe(row[i])
      })
    })
  }

  it('orders the roles viewer < editor < facilitator < owner', () => {
    expect(ROLES).toEqual(['viewer', 'editor', 'facilitator', 'owner'])
  })

  it('maps capabilities to roles: read viewer, edit editor, manage invites facilitator, manage members owner', () => {
    expect(CAN).toEqual({ read: 'viewer', edit: 'editor', manageInvites: 'facilitator', manageMembers: 'owner' })
  })

  it('is false for a string that is not a role', () => {
    expect(atLeast('admin' as Role, 'viewer')).toBe(false)
  })
})

describe('normaliseInviteCode', () => {
  it.each([
    ['ABCDEFGH', 'ABCDEFGH'],
    ['abcd-efgh', 'ABCDEFGH'],
    [' ABCD EFGH ', 'ABCDEFGH'],
    ['abCD\tef-gh\n', 'ABCDEFGH'],
    ['A-B-C-D-E-F-G-H', 'ABCDEFGH'],
    ['2345-6789', '23456789'],
    ['xyzw-mnpq', 'XYZWMNPQ'],
  ])('accepts %j as %s', (input, code) => {
    expect(normaliseInviteCode(input)).toBe(code)
  })

  it.each([
    ['a zero', 'ABCD-EFG0'],
    ['a letter O', 'ABCD-EFGO'],
    ['a one', 'ABCD-EFG1'],
    ['a letter I', 'ABCD-EFGI'],
    ['a letter L', 'ABCD-EFGL'],
    ['a lower-case l', 'abcd-efgl'],
    ['a lower-case o', 'abcd-efgo'],
    ['a lower-case i', 'abcd-efgi'],
  ])('rejects a look-alike: %s', (_case, input) => {
    expect(normaliseInviteCode(input)).toBeNull()
  })

  it.each([
    ['empty', ''],
    ['only dashes and spaces', ' - - '],
    ['7 characters', 'ABCD-EFG'],
    ['9 characters', 'ABCD-EFGHJ'],
    ['16 characters', 'ABCDEFGHABCDEFGH'],
    ['punctuation', 'ABCD.EFGH'],
    ['an underscore', 'ABCD_EFGH'],
    ['a non-ASCII letter', 'ABCD-EFGÄ'],
  ])('rejects %s', (_case, input) => {
    expect(normaliseInviteCode(input)).toBeNull()
  })

  it('accepts every character of the alphabet and nothing else of A–Z, 0–9', () => {
    for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') {
      const accepted = normaliseInviteCode(char.repeat(8)) !== null
      expect(accepted, char).toBe(INVITE_CODE_ALPHABET.includes(char))
    }
    expect(INVITE_CODE_ALPHABET).toHaveLength(31)
  })
})

describe('formatInviteCode', () => {
  it('shows a code as ABCD-EFGH', () => {
    expect(formatInviteCode('ABCDEFGH')).toBe('ABCD-EFGH')
  })

  it('round-trips: what it shows normalises back to the code', () => {
    expect(normaliseInviteCode(formatInviteCode('XY23ZW89'))).toBe('XY23ZW89')
  })
})
