import { describe, expect, it } from 'vitest'
import { throttle, type Clock } from './throttle'

/** A clock whose time moves only when the test says so. */
function manualClock() {
  let time = 0
  let timers: Array<{ at: number; run: () => void; id: number }> = []
  let nextId = 1
  const clock: Clock = {
    now: () => time,
    setTimeout: (run, ms) => {
      const id = nextId++
      timers.push({ at: time + ms, run, id })
      return id
    },
    clearTimeout: (id) => {
      timers = timers.filter((timer) => timer.id !== id)
    },
  }
  const advance = (ms: number) => {
    const end = time + ms
    for (;;) {
      const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      time = due.at
      timers = timers.filter((timer) => timer !== due)
      due.run()
    }
    time = end
  }
  return { clock, advance, pending: () => timers.length }
}

describe('throttle', () => {
  it('runs the first call on the next tick, not inside the caller', () => {
    const { clock, advance } = manualClock()
    const runs: number[] = []
    const t = throttle(() => runs.push(clock.now()), 300, clock)
    t()
    expect(runs).toEqual([])
    advance(0)
    expect(runs).toEqual([0])
  })

  it('runs at most once per interval while calls keep coming, and once more after the last call', () => {
    const { clock, advance } = manualClock()
    const runs: number[] = []
    const t = throttle(() => runs.push(clock.now()), 300, clock)
    // A person typing: a change every 50 ms for one second.
    for (let i = 0; i < 20; i++) {
      t()
      advance(50)
    }
    advance(1000)
    // The call at 950 came after the run at 900: it gets the trailing run at 1200.
    expect(runs).toEqual([0, 300, 600, 900, 1200])
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(300)
    // After a quiet spell, a call runs on the next tick again.
    t()
    advance(0)
    expect(runs.at(-1)).toBe(2000)
  })

  it('never loses the last call', () => {
    const { clock, advance } = manualClock()
    let value = 0
    let seen = -1
    const t = throttle(() => (seen = value), 300, clock)
    for (let i = 1; i <= 7; i++) {
      value = i
      t()
      advance(70)
    }
    advance(300)
    expect(seen).toBe(7)
  })

  it('cancel drops a waiting run', () => {
    const { clock, advance, pending } = manualClock()
    let runs = 0
    const t = throttle(() => runs++, 300, clock)
    t()
    advance(0)
    t()
    expect(pending()).toBe(1)
    t.cancel()
    advance(1000)
    expect(runs).toBe(1)
  })
})
