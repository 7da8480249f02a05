import { describe, expect, it } from 'vitest'
import { applyTimerAction, clockOffset, formatRemaining, timerRemaining, timerRunning } from './timer'

const now = 1_000_000

describe('the timer', () => {
  it('is set paused, runs from what is left, pauses keeping it, and starts over once it reached zero', () => {
    const set = applyTimerAction(null, { action: 'set', durationMs: 60_000 }, now)!
    expect(set).toEqual({ durationMs: 60_000, remainingMs: 60_000, endsAt: null, rev: 1 })
    expect(timerRunning(set, now)).toBe(false)
    const running = applyTimerAction(set, { action: 'start' }, now)!
    expect(running.endsAt).toBe(now + 60_000)
    expect(timerRemaining(running, now + 20_000)).toBe(40_000)
    expect(applyTimerAction(running, { action: 'start' }, now + 5)).toBe(running)
    const paused = applyTimerAction(running, { action: 'pause' }, now + 20_000)!
    expect(paused).toEqual({ durationMs: 60_000, remainingMs: 40_000, endsAt: null, rev: 3 })
    expect(timerRemaining(paused, now + 999_999)).toBe(40_000)
    expect(applyTimerAction(paused, { action: 'start' }, now + 30_000)!.endsAt).toBe(now + 70_000)
    const over = applyTimerAction(running, { action: 'start' }, now + 61_000)!
    expect(timerRemaining(running, now + 61_000)).toBe(0)
    expect(over.endsAt).toBe(now + 61_000 + 60_000)
  })

  it('adds time while running (moving the end) or paused, never below zero, and clears', () => {
    const running = applyTimerAction(applyTimerAction(null, { action: 'set', durationMs: 60_000 }, now), { action: 'start' }, now)!
    const added = applyTimerAction(running, { action: 'add', ms: 30_000 }, now + 10_000)!
    expect(added.endsAt).toBe(now + 90_000)
    expect(added.durationMs).toBe(80_000)
    expect(applyTimerAction(running, { action: 'add', ms: -500_000 }, now)!.remainingMs).toBe(0)
    expect(applyTimerAction(running, { action: 'clear' }, now)).toBeNull()
    expect(applyTimerAction(null, { action: 'start' }, now)).toBeNull()
  })

  it('estimates the clock offset from the sample with the shortest round trip', () => {
    const samples = [
      { sentAt: 0, receivedAt: 400, serverNow: 90_500 },
      { sentAt: 1000, receivedAt: 1040, serverNow: 91_020 },
    ]
    expect(clockOffset(samples)).toBe(90_000)
    expect(clockOffset([])).toBe(0)
  })

  it('formats what is left, rounded up to the second', () => {
    expect(formatRemaining(59_001)).toBe('1:00')
    expect(formatRemaining(0)).toBe('0:00')
    expect(formatRemaining(3_600_000 + 61_000)).toBe('1:01:01')
  })
})

describe('timerRemaining', () => {
  it('never shows more than the timer was started with, even for a clock estimate that lags', () => {
    const running = applyTimerAction(applyTimerAction(null, { action: 'set', durationMs: 300_000 }, 0), { action: 'start' }, 1_000)!
    expect(timerRemaining(running, 1_000)).toBe(300_000)
    // A client whose idea of server time is 80 ms behind the start.
    expect(timerRemaining(running, 920)).toBe(300_000)
    expect(timerRemaining(running, 61_000)).toBe(240_000)
    expect(timerRemaining(running, 400_000)).toBe(0)
  })
})
