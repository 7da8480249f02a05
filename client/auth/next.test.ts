import { describe, expect, it } from 'vitest'
import { loginUrl, nextPath } from './next'

describe('nextPath', () => {
  it('keeps a path on this site', () => {
    expect(nextPath('?next=%2Fb%2Fabc')).toBe('/b/abc')
    expect(nextPath('?next=/join/ABCDEFGH')).toBe('/join/ABCDEFGH')
  })
  it('refuses anything that could leave the site', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(nextPath(`?next=${encodeURIComponent(next)}`)).toBe('/')
    }
    expect(nextPath('')).toBe('/')
  })
  it('builds the login link back to a board', () => {
    expect(loginUrl('/b/abc')).toBe('/login?next=%2Fb%2Fabc')
    expect(loginUrl('/')).toBe('/login')
  })
})
