import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords'

// argon2id takes tens of milliseconds per hash with these parameters; keep the number of hashes small.
describe('hashPassword', () => {
  it('produces an argon2id PHC string with m=19456, t=2, p=1 (the OWASP minimum)', async () => {
    const hash = await hashPassword('rahasia-sekali')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/)
  })

  it('never contains the password itself', async () => {
    const password = 'rahasia-sekali'
    expect(await hashPassword(password)).not.toContain(password)
  })

  it('salts: two hashes of the same password differ, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('sama-sama-saja'), hashPassword('sama-sama-saja')])
    expect(a).not.toBe(b)
    // Same parameters, different salt (the part after the parameters).
    expect(a.split('$')[4]).not.toBe(b.split('$')[4])
    expect(await verifyPassword(a, 'sama-sama-saja')).toBe(true)
    expect(await verifyPassword(b, 'sama-sama-saja')).toBe(true)
  })
})

describe('verifyPassword', () => {
  it('is true for the password that was hashed and false for any other', async () => {
    const hash = await hashPassword('Kata sandi 🙂 panjang')
    expect(await verifyPassword(hash, 'Kata sandi 🙂 panjang')).toBe(true)
    expect(await verifyPassword(hash, 'kata sandi 🙂 panjang')).toBe(false)
    expect(await verifyPassword(hash, 'Kata sandi 🙂 panjang ')).toBe(false)
    expect(await verifyPassword(hash, '')).toBe(false)
  })

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['a truncated PHC string', '$argon2id$v=19$m=19456,t=2,p=1$'],
    ['an unknown algorithm', '$bcrypt$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'],
    ['a hash with a broken base64 part', '$argon2id$v=19$m=19456,t=2,p=1$!!!!$????'],
  ])('is false, not an error, for a malformed stored hash: %s', async (_case, stored) => {
    await expect(verifyPassword(stored, 'rahasia-sekali')).resolves.toBe(false)
  })
})
