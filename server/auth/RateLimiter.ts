/**
 * A fixed-window counter per key (an address, an e-mail): at most `limit` hits per `windowMs`. In memory, so each
 * server instance counts on its own.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts a hit. Returns 0 when allowed, else the seconds until the key may try again. */
  hit(key: string): number {
    const now = this.now()
    if (this.windows.size > 10_000) this.sweep(now)
    let window = this.windows.get(key)
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 }
      this.windows.set(key, window)
    }
    window.count++
    if (window.count <= this.limit) return 0
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000))
  }

  /** The seconds until the key may try again if it is over the limit now, else 0. Counts nothing. */
  wait(key: string): number {
    const now = this.now()
    const window = this.windows.get(key)
    if (!window || now - window.start >= this.windowMs || window.count < this.limit) return 0
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000))
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key)
  }
}
