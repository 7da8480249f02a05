import { describe, expect, it } from 'vitest'
import { INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH, normaliseInviteCode } from '../../shared/access'
import { BOARD_ID_PATTERN } from '../../shared/codes'
import { newInviteCode, randomId } from './ids'

describe('randomId', () => {
  it('is 24 characters of lower-case base32 by default (15 bytes, 120 bits) and a valid board id', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomId()
      expect(id).toMatch(/^[a-z2-7]{24}$/)
      expect(id).toMatch(BOARD_ID_PATTERN)
    }
  })

  it.each([
    [5, 8],
    [15, 24],
    [20, 32],
    [1, 2],
  ])('has ceil(bytes × 8 / 5) characters: %i bytes → %i characters, without padding', (bytes, length) => {
    expect(randomId(bytes)).toMatch(new RegExp(`^[a-z2-7]{${length}}$`))
  })

  it('does not repeat', () => {
    const ids = Array.from({ length: 10_000 }, () => randomId())
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('uses all 32 characters of the base32 alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomId()).join(''))
    expect([...seen].sort().join('')).toBe('234567abcdefghijklmnopqrstuvwxyz')
  })
})

describe('newInviteCode', () => {
  it('is 8 characters of the look-alike-free alphabet, and normalises to itself', () => {
    expect(INVITE_CODE_LENGTH).toBe(8)
    for (let i = 0; i < 2_000; i++) {
      const code = newInviteCode()
      expect(code).toHaveLength(8)
      for (const char of code) expect(INVITE_CODE_ALPHABET).toContain(char)
      expect(normaliseInviteCode(code)).toBe(code)
    }
  })

  it('never uses 0, O, 1, I or L', () => {
    const all = Array.from({ length: 2_000 }, () => newInviteCode()).join('')
    expect(all).not.toMatch(/[0O1IL]/)
  })

  it('draws every character uniformly: over 20,000 codes each appears about equally often (chi-square)', () => {
    const counts = new Map<string, number>([...INVITE_CODE_ALPHABET].map((c) => [c, 0]))
    const codes = 20_000
    for (let i = 0; i < codes; i++) for (const char of newInviteCode()) counts.set(char, (counts.get(char) ?? 0) + 1)
    const expected = (codes * INVITE_CODE_LENGTH) / INVITE_CODE_ALPHABET.length
    expect(counts.size).toBe(INVITE_CODE_ALPHABET.length)
    for (const [char, count] of counts) {
      expect(count, `character ${char}`).toBeGreaterThan(expected * 0.9)
      expect(count, `character ${char}`).toBeLessThan(expected * 1.1)
    }
    // 30 degrees of freedom: P(χ² > 83) ≈ 1e-6 for a uniform draw. `byte % 31` without rejection sampling (the first
    // 8 characters 12.5 % likelier) gives χ² ≈ 450.
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
    expect(chiSquare).toBeLessThan(83)
  })

  it('draws every position uniformly too (chi-square per position)', () => {
    const codes = 20_000
    const perPosition = Array.from({ length: INVITE_CODE_LENGTH }, () => new Map<string, number>())
    for (let i = 0; i < codes; i++) {
      const code = newInviteCode()
      for (let p = 0; p < code.length; p++) perPosition[p]!.set(code[p]!, (perPosition[p]!.get(code[p]!) ?? 0) + 1)
    }
    const expected = codes / INVITE_CODE_ALPHABET.length
    perPosition.forEach((counts, position) => {
      const chiSquare = [...INVITE_CODE_ALPHABET].reduce((sum, char) => sum + ((counts.get(char) ?? 0) - expected) ** 2 / expected, 0)
      expect(chiSquare, `position ${position}`).toBeLessThan(83)
    })
  })

  it('does not repeat over 1,000 codes', () => {
    const codes = Array.from({ length: 1_000 }, () => newInviteCode())
    expect(new Set(codes).size).toBe(codes.length)
  })
})
