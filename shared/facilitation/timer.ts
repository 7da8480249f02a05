import type { TimerState } from './state'

/** Longest a timer may be set to: a whole workshop day. */
export const MAX_TIMER_MS = 8 * 60 * 60 * 1000

/**
 * What is left on the timer at `serverNow` (the server's clock), in milliseconds, never below zero.
 *
 * @example
 * timerRemaining({ durationMs: 60_000, remainingMs: 60_000, endsAt: 1_000_000, rev: 1 }, 990_000) // → 10_000
 */
export function timerRemaining(timer: TimerState | null, serverNow: number): number {
  if (!timer) return 0
  if (timer.endsAt === null) return timer.remainingMs
  // Never more than it was started with: a client whose clock estimate lags a little would otherwise show 5:01.
  return Math.min(timer.remainingMs, Math.max(0, timer.endsAt - serverNow))
}

/** Whether the timer counts down now (it was started and has not reached zero at `serverNow`). */
export function timerRunning(timer: TimerState | null, serverNow: number): boolean {
  return timer !== null && timer.endsAt !== null && timer.endsAt > serverNow
}

export type TimerAction =
  | { action: 'set'; durationMs: number }
  | { action: 'start' }
  | { action: 'pause' }
  | { action: 'add'; ms: number }
  | { action: 'clear' }

/**
 * The timer after a facilitator's action at `now` (server clock). `set` stops it at a new duration; `start` runs it
 * from what is left (from the full duration when it had reached zero); `pause` keeps what is left; `add` adds time
 * (or takes it away, never below zero) whether running or not; `clear` removes the timer.
 *
 * @example
 * applyTimerAction(null, { action: 'set', durationMs: 300_000 }, now) // → paused at 5:00
 */
export function applyTimerAction(timer: TimerState | null, change: TimerAction, now: number): TimerState | null {
  const rev = (timer?.rev ?? 0) + 1
  const clamp = (ms: number) => Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)))
  switch (change.action) {
    case 'clear':
      return null
    case 'set': {
      const durationMs = clamp(change.durationMs)
      return { durationMs, remainingMs: durationMs, endsAt: null, rev }
    }
    case 'start': {
      if (!timer) return null
      if (timerRunning(timer, now)) return timer
      const left = timerRemaining(timer, now)
      const remainingMs = left > 0 ? left : timer.durationMs
      return { ...timer, remainingMs, endsAt: now + remainingMs, rev }
    }
    case 'pause': {
      if (!timer || timer.endsAt === null) return timer
      return { ...timer, remainingMs: timerRemaining(timer, now), endsAt: null, rev }
    }
    case 'add': {
      if (!timer) return null
      const remainingMs = clamp(timerRemaining(timer, now) + change.ms)
      const durationMs = Math.max(timer.durationMs, remainingMs)
      const running = timerRunning(timer, now)
      return { durationMs, remainingMs, endsAt: running ? now + remainingMs : null, rev }
    }
  }
}

/** One exchange with the server's clock: the client's clock when it asked and when the answer came, and the answer. */
export interface ClockSample {
  sentAt: number
  receivedAt: number
  serverNow: number
}

/**
 * How far the server's clock is ahead of this client's (add it to `Date.now()` to get server time), from a few
 * exchanges: the one with the shortest round trip wins, assuming the server answered halfway through it (the NTP
 * estimate; its error is at most half that round trip).
 *
 * @example
 * clockOffset([{ sentAt: 1000, receivedAt: 1040, serverNow: 61_020 }]) // → 60_000
 */
export function clockOffset(samples: readonly ClockSample[]): number {
  if (samples.length === 0) return 0
  let best = samples[0]!
  for (const sample of samples) {
    if (sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) best = sample
  }
  return Math.round(best.serverNow - (best.sentAt + best.receivedAt) / 2)
}

/** `m:ss` (or `h:mm:ss`) of what is left, rounded up to the second so the display reaches 0:00 at the end. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}
