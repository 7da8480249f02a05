import { describe, expect, it } from 'vitest'
import { TokenBucket } from './TokenBucket'

function clock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('TokenBucket', () => {
  it('allows a burst at once, then refuses', () => {
    const c = clock()
    const bucket = new TokenBucket(10, 5, c.now)
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    expect(bucket.take()).toBe(false)
  })

  it('refills at the sustained rate and never above the burst', () => {
    const c = clock()
    const bucket = new TokenBucket(10, 5, c.now)
    for (let i = 0; i < 5; i++) bucket.take()
    c.advance(99)
    expect(bucket.take()).toBe(false)
    c.advance(1) // 100 ms at 10/s: one token
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    c.advance(60_000)
    expect(bucket.available).toBe(5)
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })

  it('sustains exactly the rate over a long run', () => {
    const c = clock()
    const bucket = new TokenBucket(20, 10, c.now)
    let taken = 0
    // Ask every millisecond for 10 s: the burst plus 20 per second.
    for (let ms = 0; ms < 10_000; ms++) {
      if (bucket.take()) taken++
      c.advance(1)
    }
    expect(taken).toBeGreaterThanOrEqual(10 + 20 * 10 - 1)
    expect(taken).toBeLessThanOrEqual(10 + 20 * 10)
  })

  it('a refused take costs nothing', () => {
    const c = clock()
    const bucket = new TokenBucket(1, 3, c.now)
    bucket.take(3)
    for (let i = 0; i < 100; i++) expect(bucket.take()).toBe(false)
    c.advance(1_000)
    expect(bucket.take()).toBe(true)
  })

  it('takes several tokens at once only when all are there', () => {
    const c = clock()
    const bucket = new TokenBucket(1, 3, c.now)
    expect(bucket.take(2)).toBe(true)
    expect(bucket.take(2)).toBe(false)
    expect(bucket.take(1)).toBe(true)
  })

  it('says how many whole seconds until tokens are back, at least 1', () => {
    const c = clock()
    const bucket = new TokenBucket(2, 10, c.now)
    expect(bucket.secondsUntil(1)).toBe(1)
    bucket.take(10)
    expect(bucket.secondsUntil(1)).toBe(1)
    expect(bucket.secondsUntil(10)).toBe(5)
    c.advance(2_000)
    expect(bucket.secondsUntil(10)).toBe(3)
  })

  it('ignores a clock that goes backwards', () => {
    const c = clock()
    const bucket = new TokenBucket(10, 2, c.now)
    bucket.take(2)
    c.advance(-5_000)
    expect(bucket.take()).toBe(false)
    c.advance(100)
    expect(bucket.take()).toBe(true)
  })

  it('refuses nonsense settings', () => {
    expect(() => new TokenBucket(0, 5)).toThrow(RangeError)
    expect(() => new TokenBucket(5, 0)).toThrow(RangeError)
    expect(() => new TokenBucket(Number.NaN, 5)).toThrow(RangeError)
  })
})
