/**
 * A token bucket: holds up to `burst` tokens and gains `perSecond` of them every second. Each event takes one; an
 * event that finds the bucket empty is over the limit. So a client may send `burst` messages at once and then
 * `perSecond` a second for as long as it likes.
 *
 * @example
 * const bucket = new TokenBucket(50, 100)
 * if (!bucket.take()) refuse(bucket.secondsUntil(1))
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError(`a token bucket needs perSecond > 0 and burst >= 1 (got ${perSecond}, ${burst})`)
    this.tokens = burst
    this.updatedAt = now()
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.refill()
    return this.tokens
  }

  /** Takes `count` tokens if the bucket holds them; otherwise takes nothing and returns false. */
  take(count = 1): boolean {
    this.refill()
    if (this.tokens < count) return false
    this.tokens -= count
    return true
  }

  /** Whole seconds (at least 1) until `count` tokens are available again. */
  secondsUntil(count = 1): number {
    this.refill()
    const missing = Math.max(0, count - this.tokens)
    return Math.max(1, Math.ceil(missing / this.perSecond))
  }

  private refill(): void {
    const now = this.now()
    const elapsed = Math.max(0, now - this.updatedAt) / 1000
    this.updatedAt = now
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perSecond)
  }
}
