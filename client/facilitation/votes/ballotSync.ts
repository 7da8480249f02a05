import type { Dots } from '../../../shared/facilitation/votes'
import { ApiCallError } from '../../api'
import { sameDots } from './ballot'

/** What the person sees about their ballot reaching the server. */
export type BallotStatus = 'idle' | 'saving' | 'saved' | 'retrying' | 'conflict'

export interface BallotSyncState {
  voteId: string
  dots: Dots
  status: BallotStatus
  /** How many people have cast a ballot, as the server last said; `null` before it said. */
  voters: number | null
  /** The server's message for a refusal (`conflict`) or the last failure (`retrying`). */
  error: string | null
}

export interface BallotSyncOptions {
  put(voteId: string, dots: Dots): Promise<{ dots: Dots; voters: number }>
  /** Wait after the last change before sending (default 300 ms): a few quick clicks are one request. */
  delayMs?: number
  /** First wait before a failed send is tried again; it doubles up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
}

/**
 * Keeps one person's ballot in one vote and sends it whole to the server: debounced, one request at a time, retried
 * with a growing wait after a network or server failure, and stopped for good by a refusal (409: the vote is no
 * longer open; 404: it is gone). The latest dots always win: a change made while a request is out is sent after it.
 */
export class BallotSync {
  private state: BallotSyncState
  private readonly listeners = new Set<(state: BallotSyncState) => void>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight = false
  /** The dots the server has (last acknowledged). */
  private acknowledged: Dots
  private retryWait: number
  private disposed = false
  private readonly delayMs: number
  private readonly retryMs: number
  private readonly maxRetryMs: number

  constructor(
    voteId: string,
    dots: Dots,
    private readonly options: BallotSyncOptions,
  ) {
    this.state = { voteId, dots, status: 'idle', voters: null, error: null }
    this.acknowledged = dots
    this.delayMs = options.delayMs ?? 300
    this.retryMs = options.retryMs ?? 1000
    this.maxRetryMs = options.maxRetryMs ?? 15_000
    this.retryWait = this.retryMs
  }

  get(): BallotSyncState {
    return this.state
  }

  subscribe(listener: (state: BallotSyncState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The server's copy arrived (e.g. on load): taken as both the dots and what the server has, unless edits wait. */
  load(dots: Dots, voters: number | null): void {
    if (this.timer !== null || this.inFlight) {
      this.update({ voters })
      return
    }
    this.acknowledged = dots
    this.update({ dots, voters })
  }

  /** The person changed their dots: shown at once, sent after the debounce. Ignored after a refusal. */
  set(dots: Dots): boolean {
    if (this.disposed || this.state.status === 'conflict') return false
    this.update({ dots, status: 'saving', error: null })
    this.retryWait = this.retryMs
    this.schedule(this.delayMs)
    return true
  }

  /** Sends now what waits (e.g. before the page closes). */
  flush(): void {
    if (this.timer === null) return
    clearTimeout(this.timer)
    this.timer = null
    void this.send()
  }

  dispose(): void {
    this.disposed = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.listeners.clear()
  }

  private schedule(wait: number): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.send()
    }, wait)
  }

  private async send(): Promise<void> {
    if (this.disposed || this.inFlight) return
    const dots = this.state.dots
    if (sameDots(dots, this.acknowledged)) {
      this.update({ status: this.state.status === 'idle' ? 'idle' : 'saved', error: null })
      return
    }
    this.inFlight = true
    try {
      const answer = await this.options.put(this.state.voteId, dots)
      if (this.disposed) return
      this.acknowledged = dots
      this.retryWait = this.retryMs
      const newer = !sameDots(this.state.dots, dots)
      this.update({ voters: answer.voters, status: newer ? 'saving' : 'saved', error: null })
      if (newer && this.timer === null) this.schedule(0)
    } catch (error) {
      if (this.disposed) return
      const status = error instanceof ApiCallError ? error.status : 0
      const message = error instanceof Error ? error.message : String(error)
      if (status === 409 || status === 404 || status === 400 || status === 403) {
        // The vote is no longer open (or gone, or this person may not vote): the server keeps what it had.
        if (this.timer !== null) clearTimeout(this.timer)
        this.timer = null
        this.update({ status: 'conflict', error: message, dots: this.acknowledged })
        return
      }
      this.update({ status: 'retrying', error: message })
      if (this.timer === null) this.schedule(this.retryWait)
      this.retryWait = Math.min(this.retryWait * 2, this.maxRetryMs)
    } finally {
      this.inFlight = false
    }
  }

  private update(patch: Partial<BallotSyncState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener(this.state)
  }
}
