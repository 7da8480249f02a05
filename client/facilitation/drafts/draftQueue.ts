import { ApiCallError } from '../../api'
import type { BackupEntry, DraftBackup } from './backup'

type DraftRecord = { id: string } & Record<string, unknown>

export interface DraftTransport {
  put(shapeId: string, record: DraftRecord): Promise<void>
  remove(shapeId: string): Promise<void>
}

export interface DraftQueueOptions {
  transport: DraftTransport
  backup?: DraftBackup | null
  /** Wait after a draft's last change before sending it (default 400 ms): a drag is one request, not sixty. */
  delayMs?: number
  /** First wait before a failed request is tried again; it doubles up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
  /** The server refused a draft with 409: private drafting is off, so the note belongs on the board now. */
  onRefused(shapeId: string): void
  /** The server refused a request for good for another reason (invalid, forbidden): the draft stays local only. */
  onGaveUp?(shapeId: string, error: unknown): void
}

interface Slot {
  /** What the server should end up with: this record, or nothing. */
  want: BackupEntry
  timer: ReturnType<typeof setTimeout> | null
  inFlight: boolean
  retryWait: number
}

/**
 * Sends this person's hidden notes to the server's draft store: the latest version of each, debounced per shape, one
 * request per shape at a time, retried with a growing wait on network and server failures, with each version kept in
 * the local backup until the server has it. Never sends what the server already has.
 */
export class DraftQueue {
  private readonly slots = new Map<string, Slot>()
  /** The JSON of each draft as the server has it; absent when the server has none (as far as this page knows). */
  private readonly acked = new Map<string, string>()
  /** Drafts a request ever went out for: a deletion of anything else needs no request. */
  private readonly sent = new Set<string>()
  private disposed = false
  private readonly delayMs: number
  private readonly retryMs: number
  private readonly maxRetryMs: number

  constructor(private readonly options: DraftQueueOptions) {
    this.delayMs = options.delayMs ?? 400
    this.retryMs = options.retryMs ?? 1000
    this.maxRetryMs = options.maxRetryMs ?? 30_000
  }

  /** A draft was created or changed. With `force`, it is sent even when the server has this version. */
  put(record: DraftRecord, { force = false }: { force?: boolean } = {}): void {
    if (this.disposed) return
    if (force) this.acked.delete(record.id)
    this.schedule(record.id, { op: 'put', record })
  }

  /** A draft was deleted. With `force`, the server is told even if this page never sent it (a backup's deletion). */
  remove(shapeId: string, { force = false }: { force?: boolean } = {}): void {
    if (this.disposed) return
    if (force) this.sent.add(shapeId)
    if (!this.sent.has(shapeId) && !this.acked.has(shapeId) && !this.slots.get(shapeId)?.inFlight) {
      // The server never heard of it: nothing to tell it.
      this.drop(shapeId)
      return
    }
    this.schedule(shapeId, { op: 'delete' })
  }

  /** The server has exactly this version (it just sent it): nothing to send for it unless it changes. */
  markAcked(record: DraftRecord): void {
    this.acked.set(record.id, JSON.stringify(record))
    this.sent.add(record.id)
  }

  /** Whether the server has this exact version, as far as this page knows. */
  isAcked(record: DraftRecord): boolean {
    return this.acked.get(record.id) === JSON.stringify(record)
  }

  /** Stop caring about a draft (it was revealed, or became an ordinary shape): no more requests, no backup. */
  forget(shapeId: string): void {
    this.drop(shapeId)
    this.acked.delete(shapeId)
    this.sent.delete(shapeId)
  }

  /** Tries every waiting request now (the connection is back), instead of at the end of its retry wait. */
  retryNow(): void {
    for (const [shapeId, slot] of this.slots) {
      if (slot.inFlight || slot.timer === null) continue
      slot.retryWait = this.retryMs
      this.arm(shapeId, slot, 0)
    }
  }

  /** Drafts with a change the server does not have yet. */
  pending(): string[] {
    return [...this.slots.keys()]
  }

  /** Writes every waiting change to the backup now (the page is going away). */
  saveBackup(): void {
    for (const [shapeId, slot] of this.slots) this.options.backup?.set(shapeId, slot.want)
  }

  dispose(): void {
    this.saveBackup()
    this.disposed = true
    for (const slot of this.slots.values()) if (slot.timer !== null) clearTimeout(slot.timer)
    this.slots.clear()
  }

  private schedule(shapeId: string, want: BackupEntry): void {
    let slot = this.slots.get(shapeId)
    if (!slot) {
      slot = { want, timer: null, inFlight: false, retryWait: this.retryMs }
      this.slots.set(shapeId, slot)
    }
    slot.want = want
    slot.retryWait = this.retryMs
    this.arm(shapeId, slot, this.delayMs)
  }

  private arm(shapeId: string, slot: Slot, wait: number): void {
    if (slot.timer !== null) clearTimeout(slot.timer)
    slot.timer = setTimeout(() => {
      slot.timer = null
      void this.send(shapeId)
    }, wait)
  }

  private drop(shapeId: string): void {
    const slot = this.slots.get(shapeId)
    if (slot?.timer != null) clearTimeout(slot.timer)
    this.slots.delete(shapeId)
    this.options.backup?.delete(shapeId)
  }

  private async send(shapeId: string): Promise<void> {
    const slot = this.slots.get(shapeId)
    if (this.disposed || !slot || slot.inFlight) return
    const want = slot.want
    const json = want.op === 'put' ? JSON.stringify(want.record) : null
    if (json !== null ? this.acked.get(shapeId) === json : !this.acked.has(shapeId) && !this.sent.has(shapeId)) {
      // The server already has this.
      this.drop(shapeId)
      return
    }
    this.options.backup?.set(shapeId, want)
    slot.inFlight = true
    this.sent.add(shapeId)
    try {
      if (want.op === 'put') await this.options.transport.put(shapeId, want.record)
      else await this.options.transport.remove(shapeId)
      // Forgotten meanwhile (revealed): what the server did with it no longer matters here.
      if (this.slots.get(shapeId) !== slot) return
      if (json !== null) this.acked.set(shapeId, json)
      else {
        this.acked.delete(shapeId)
        this.sent.delete(shapeId)
      }
      this.settle(shapeId, slot, want)
    } catch (error) {
      slot.inFlight = false
      if (this.slots.get(shapeId) !== slot) return
      const status = error instanceof ApiCallError ? error.status : 0
      if (want.op === 'delete' && (status === 404 || status === 409)) {
        // Gone already (revealed, or never kept): nothing to delete.
        this.acked.delete(shapeId)
        this.sent.delete(shapeId)
        this.settle(shapeId, slot, want)
        return
      }
      if (status === 409) {
        this.forget(shapeId)
        this.options.onRefused(shapeId)
        return
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.forget(shapeId)
        this.options.onGaveUp?.(shapeId, error)
        return
      }
      // Offline, the server restarting, too many requests: try again later, the backup keeps it meanwhile.
      if (slot.timer === null) this.arm(shapeId, slot, slot.retryWait)
      slot.retryWait = Math.min(slot.retryWait * 2, this.maxRetryMs)
      return
    } finally {
      slot.inFlight = false
    }
  }

  /** A request for `sent` came back fine: done, unless the draft changed meanwhile. */
  private settle(shapeId: string, slot: Slot, sent: BackupEntry): void {
    if (this.slots.get(shapeId) !== slot) return
    slot.inFlight = false
    if (slot.want === sent) {
      if (slot.timer !== null) clearTimeout(slot.timer)
      this.slots.delete(shapeId)
      this.options.backup?.delete(shapeId)
    } else if (slot.timer === null) {
      this.arm(shapeId, slot, 0)
    }
  }
}
