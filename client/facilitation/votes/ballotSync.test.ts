import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Dots } from '../../../shared/facilitation/votes'
import { ApiCallError } from '../../api'
import { BallotSync } from './ballotSync'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('BallotSync', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the whole ballot once, 300 ms after the last of several quick changes', async () => {
    const put = vi.fn(async (_voteId: string, dots: Dots) => ({ dots, voters: 4 }))
    const sync = new BallotSync('v1', {}, { put })
    sync.set({ 'shape:a': 1 })
    await vi.advanceTimersByTimeAsync(200)
    sync.set({ 'shape:a': 2 })
    await vi.advanceTimersByTimeAsync(200)
    sync.set({ 'shape:a': 2, 'shape:b': 1 })
    expect(sync.get().status).toBe('saving')
    await vi.advanceTimersByTimeAsync(299)
    expect(put).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(put).toHaveBeenCalledTimes(1)
    expect(put).toHaveBeenCalledWith('v1', { 'shape:a': 2, 'shape:b': 1 })
    expect(sync.get()).toMatchObject({ status: 'saved', voters: 4, dots: { 'shape:a': 2, 'shape:b': 1 } })
  })

  it('sends a change made while a request is out right after it, so the latest dots win', async () => {
    const first = deferred<{ dots: Dots; voters: number }>()
    const put = vi.fn((_voteId: string, dots: Dots) => (put.mock.calls.length === 1 ? first.promise : Promise.resolve({ dots, voters: 2 })))
    const sync = new BallotSync('v1', {}, { put })
    sync.set({ 'shape:a': 1 })
    await vi.advanceTimersByTimeAsync(300)
    expect(put).toHaveBeenCalledTimes(1)
    sync.set({ 'shape:b': 1 })
    await vi.advanceTimersByTimeAsync(300)
    expect(put).toHaveBeenCalledTimes(1) // one request at a time
    first.resolve({ dots: { 'shape:a': 1 }, voters: 1 })
    await vi.advanceTimersByTimeAsync(0)
    expect(put).toHaveBeenCalledTimes(2)
    expect(put.mock.calls[1]![1]).toEqual({ 'shape:b': 1 })
    await vi.advanceTimersByTimeAsync(0)
    expect(sync.get()).toMatchObject({ status: 'saved', voters: 2 })
  })

  it('retries a failed send with a growing wait until it gets through', async () => {
    let failures = 2
    const put = vi.fn(async (_voteId: string, dots: Dots) => {
      if (failures-- > 0) throw new ApiCallError(0, 'network', 'offline')
      return { dots, voters: 1 }
    })
    const sync = new BallotSync('v1', {}, { put, retryMs: 1000 })
    sync.set({ 'shape:a': 1 })
    await vi.advanceTimersByTimeAsync(300)
    expect(sync.get().status).toBe('retrying')
    await vi.advanceTimersByTimeAsync(999)
    expect(put).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(put).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1999)
    expect(put).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(put).toHaveBeenCalledTimes(3)
    expect(sync.get().status).toBe('saved')
  })

  it('stops at a 409 (the vote closed), puts back what the server has and takes no more changes', async () => {
    const put = vi.fn(async (_voteId: string, dots: Dots): Promise<{ dots: Dots; voters: number }> => {
      if (dots['shape:b']) throw new ApiCallError(409, 'conflict', 'the vote is not open')
      return { dots, voters: 1 }
    })
    const sync = new BallotSync('v1', {}, { put })
    sync.set({ 'shape:a': 1 })
    await vi.advanceTimersByTimeAsync(300)
    sync.set({ 'shape:a': 1, 'shape:b': 1 })
    await vi.advanceTimersByTimeAsync(300)
    expect(sync.get()).toMatchObject({ status: 'conflict', error: 'the vote is not open', dots: { 'shape:a': 1 } })
    expect(sync.set({ 'shape:c': 1 })).toBe(false)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(put).toHaveBeenCalledTimes(2)
  })

  it('takes the server copy on load, but not over edits that wait', async () => {
    const put = vi.fn(async (_voteId: string, dots: Dots) => ({ dots, voters: 3 }))
    const sync = new BallotSync('v1', {}, { put })
    sync.load({ 'shape:a': 2 }, 5)
    expect(sync.get()).toMatchObject({ dots: { 'shape:a': 2 }, voters: 5, status: 'idle' })
    // Nothing to send: the server has it.
    sync.set({ 'shape:a': 2 })
    await vi.advanceTimersByTimeAsync(300)
    expect(put).not.toHaveBeenCalled()
    sync.set({ 'shape:a': 3 })
    sync.load({ 'shape:a': 2 }, 6)
    expect(sync.get()).toMatchObject({ dots: { 'shape:a': 3 }, voters: 6 })
    await vi.advanceTimersByTimeAsync(300)
    expect(put).toHaveBeenCalledWith('v1', { 'shape:a': 3 })
  })
})
