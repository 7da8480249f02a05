/** A timer source, so tests can drive time by hand. */
export interface Clock {
  now(): number
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface Throttled {
  /** Asks for a run: at once if the last was at least `ms` ago and none is waiting, else once at the end of the wait. */
  (): void
  /** Drops a waiting run (on unmount). */
  cancel(): void
}

/**
 * Runs `fn` at most once every `ms`, always with a trailing run after the last call, so the final state is never
 * missed. The first call after a quiet spell runs on the next tick (not inside the caller: a store listener must not
 * do the work itself).
 *
 * @example
 * const recompute = throttle(() => setPlan(extract()), 300)
 * editor.store.listen(recompute, { scope: 'document' })
 */
export function throttle(fn: () => void, ms: number, clock: Clock = realClock): Throttled {
  let last = -Infinity
  let pending: unknown = null
  const run = () => {
    pending = null
    last = clock.now()
    fn()
  }
  const throttled = (() => {
    if (pending !== null) return
    const wait = Math.max(0, last + ms - clock.now())
    pending = clock.setTimeout(run, wait)
  }) as Throttled
  throttled.cancel = () => {
    if (pending !== null) clock.clearTimeout(pending)
    pending = null
  }
  return throttled
}
