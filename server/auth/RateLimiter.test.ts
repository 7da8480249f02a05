import { describe, expect, it } from 'vitest'
import { RateLimiter } from './RateLimiter'

function limiterAt(limit: number, windowMs: number, start = 1_000_000) {
  const clock = { now: start }
  return { limiter: new RateLimiter(limit, windowMs, () => clock.now), clock }
}

describe('RateLimiter', () => {
  it('allows `limit` hits per key in a window and refuses the next ones', () => {
    const { limiter } = limiterAt(3, 60_000)
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 0])
    expect(limiter.hit('a')).toBeGreaterThan(0)
    expect(limiter.hit('a')).toBeGreaterThan(0)
  })

  it('wait() says whether a key is over its limit now without counting a hit', () => {
    const { limiter, clock } = limiterAt(2, 60_000)
    expect(limiter.wait('a')).toBe(0)
    expect(limiter.wait('a')).toBe(0)
    limiter.hit('a')
    expect(limiter.wait('a')).toBe(0)
    limiter.hit('a')
    // Two hits used the window up: the next is refused, for 60 s from the first hit.
    expect(limiter.wait('a')).toBe(60)
    clock.now += 45_000
    expect(limiter.wait('a')).toBe(15)
    expect(limiter.wait('b')).toBe(0)
    clock.now += 15_000
    expect(limiter.wait('a')).toBe(0)
  })

  it('counts each key on its own', () => {
    const { limiter } = limiterAt(2, 60_000)
    limiter.hit('a')
    limiter.hit('a')
    expect(limiter.hit('a')).toBeGreaterThan(0)
    expect(limiter.hit('b')).toBe(0)
    expect(limiter.hit('b')).toBe(0)
    expect(limiter.hit('b')).toBeGreaterThan(0)
  })

  it('starts a fresh window once windowMs has passed since the first hit of the window', () => {
    const { limiter, clock } = limiterAt(2, 60_000)
    limiter.hit('a')
    clock.now += 30_000
    limiter.hit('a')
    expect(limiter.hit('a')).toBeGreaterThan(0)
    clock.now += 29_999 // 59.999 s after the first hit: still the same window
    expect(limiter.hit('a')).toBeGreaterThan(0)
    clock.now += 1 // exactly 60 s after the first hit
    expect(limiter.hit('a')).toBe(0)
    expect(limiter.hit('a')).toBe(0)
    expect(limiter.hit('a')).toBeGreaterThan(0)
  })

  it('answers the whole seconds until the window ends, rounded up and at least 1', () => {
    const { limiter, clock } = limiterAt(1, 60_000)
    limiter.hit('a')
    expect(limiter.hit('a')).toBe(60)
    clock.now += 500
    expect(limiter.hit('a')).toBe(60) // 59.5 s left → 60
    clock.now += 15_000
    expect(limiter.hit('a')).toBe(45) // 44.5 s left → 45
    clock.now += 44_499
    expect(limiter.hit('a')).toBe(1) // 1 ms left → 1, never 0 while refused
  })

  it('refused hits do not extend the window', () => {
    const { limiter, clock } = limiterAt(1, 10_000)
    limiter.hit('a')
    for (let i = 0; i < 9; i++) {
      clock.now += 1_000
      expect(limiter.hit('a')).toBeGreaterThan(0)
    }
    clock.now += 1_000
    expect(limiter.hit('a')).toBe(0)
  })

  it('keeps counting correctly after sweeping many stale keys', () => {
    const { limiter, clock } = limiterAt(1, 1_000)
    for (let i = 0; i < 10_001; i++) limiter.hit(`stale-${i}`)
    limiter.hit('live')
    clock.now += 1_000
    // The next hit sweeps the stale windows; the one for `live` expired too, so it starts over.
    expect(limiter.hit('stale-0')).toBe(0)
    expect(limiter.hit('live')).toBe(0)
    expect(limiter.hit('live')).toBeGreaterThan(0)
  })
})
