import { useEffect } from 'react'
import { atom, useValue, type Atom, type Signal } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationMap, readFacilitation, type FacilitationState } from '../../shared/facilitation/state'
import { clockOffset, type ClockSample } from '../../shared/facilitation/timer'
import { facilitationApi } from '../api'

const signals = new WeakMap<Y.Doc, Atom<FacilitationState>>()

/**
 * The facilitation state of a board doc as a tldraw signal, read again whenever the server changes the
 * `facilitation` map. One per doc; it lives as long as the doc. Non-React code (side effects, the camera) reads it
 * with `.get()`, React with `useFacilitation`.
 */
export function facilitationSignal(doc: Y.Doc): Signal<FacilitationState> {
  let signal = signals.get(doc)
  if (!signal) {
    const created = atom<FacilitationState>('facilitation', readFacilitation(doc))
    facilitationMap(doc).observe(() => created.set(readFacilitation(doc)))
    signals.set(doc, created)
    signal = created
  }
  return signal
}

/** The facilitation state of the open board, re-rendering when it changes. */
export function useFacilitation(session: { doc: Y.Doc }): FacilitationState {
  return useValue('facilitation', () => facilitationSignal(session.doc).get(), [session])
}

/** How many exchanges with the server's clock make one estimate, and how often it is estimated again. */
const SAMPLES = 5
const RESAMPLE_MS = 3 * 60_000

/** How far the server's clock is ahead of this device's, in ms (0 until measured). */
export const $clockOffset = atom('clockOffset', 0)
let users = 0
let interval: ReturnType<typeof setInterval> | null = null

async function measure(): Promise<void> {
  const samples: ClockSample[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = Date.now()
    try {
      const serverNow = await facilitationApi.time()
      samples.push({ sentAt, receivedAt: Date.now(), serverNow })
    } catch {
      // Offline or the server is busy: keep the last estimate.
      break
    }
  }
  if (samples.length > 0) $clockOffset.set(clockOffset(samples))
}

/** The server's clock now, by this device's clock and the last estimate of the offset. */
export function serverNow(): number {
  return Date.now() + $clockOffset.get()
}

/**
 * The offset of the server's clock, estimated from a few `GET /api/time` exchanges when the first component using
 * it mounts and every few minutes while one is mounted.
 */
export function useServerClock(): number {
  useEffect(() => {
    users++
    if (users === 1) {
      void measure()
      interval = setInterval(() => void measure(), RESAMPLE_MS)
    }
    return () => {
      users--
      if (users === 0 && interval) {
        clearInterval(interval)
        interval = null
      }
    }
  }, [])
  return useValue('clockOffset', () => $clockOffset.get(), [])
}

/** The server's clock, re-rendering every `everyMs` (for countdowns). */
export function useServerNow(everyMs = 250): number {
  const offset = useServerClock()
  const now = useTicker(everyMs)
  return now + offset
}

const $ticks = new Map<number, { atom: Atom<number>; users: number; timer: ReturnType<typeof setInterval> | null }>()

function useTicker(everyMs: number): number {
  let entry = $ticks.get(everyMs)
  if (!entry) {
    entry = { atom: atom(`tick${everyMs}`, Date.now()), users: 0, timer: null }
    $ticks.set(everyMs, entry)
  }
  const ticker = entry
  useEffect(() => {
    ticker.users++
    if (!ticker.timer) ticker.timer = setInterval(() => ticker.atom.set(Date.now()), everyMs)
    return () => {
      ticker.users--
      if (ticker.users === 0 && ticker.timer) {
        clearInterval(ticker.timer)
        ticker.timer = null
      }
    }
  }, [ticker, everyMs])
  return useValue('tick', () => ticker.atom.get(), [ticker])
}
