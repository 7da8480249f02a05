/**
 * A small seeded PRNG for the fuzzers: mulberry32, with the helpers the generators need. The same seed gives the
 * same sequence of choices, so a failure report names its seed and the run can be repeated.
 *
 * @example
 * const rng = new Rng(42)
 * rng.int(0, 9) // → the same number for seed 42, every run
 */
export class Rng {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** An unsigned 32-bit integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as Array<[K, number]>
    const total = entries.reduce((sum, [, w]) => sum + w, 0)
    let r = this.next() * total
    for (const [key, weight] of entries) {
      r -= weight
      if (r < 0) return key
    }
    return entries[entries.length - 1]![0]
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255)
    return out
  }

  /** A child generator whose sequence depends only on this one's next draw (keeps streams independent). */
  fork(): Rng {
    return new Rng(this.u32())
  }
}

/** Hex of the first `max` bytes, with the total length when cut. */
export function toHex(data: Uint8Array | string, max = 256): string {
  if (typeof data === 'string') {
    const bytes = new TextEncoder().encode(data)
    return `text:${toHex(bytes, max)}`
  }
  const shown = Buffer.from(data.subarray(0, max)).toString('hex')
  return data.byteLength > max ? `${shown}… (${data.byteLength} bytes)` : shown
}

/** A failure that names the seed it came from, so `npm run fuzz -- --seed N --seeds 1` repeats it. */
export class FuzzFailure extends Error {
  override name = 'FuzzFailure'
  constructor(
    readonly fuzzer: 'frames' | 'convergence',
    readonly seed: number,
    message: string,
    /** More `npm run fuzz` options that repeat the run (`--frames 100`). */
    repeatOptions = '',
  ) {
    super(`[${fuzzer} fuzz, seed ${seed}] ${message}\n  repeat: npm run fuzz -- --only ${fuzzer} --seed ${seed} --seeds 1${repeatOptions ? ` ${repeatOptions}` : ''}`)
  }
}
