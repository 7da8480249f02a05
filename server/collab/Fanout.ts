import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

/**
 * What instances tell each other about a board (docs/SCALEOUT.md):
 * - `updates`: document updates already stored under sequence numbers `firstSeq`, `firstSeq + 1`, …;
 * - `head`: the sender stored updates up to `seq` (sent now and then, and after a reconnect, so a receiver that lost
 *   the last `updates` message notices the gap even when nothing follows it);
 * - `awareness`: presence changes of the sender's own sockets (a y-protocols awareness update);
 * - `awarenessQuery`: an instance that just loaded the board asks the others for their sockets' presence.
 */
export type FanoutPayload =
  | { type: 'updates'; firstSeq: number; updates: Uint8Array[] }
  | { type: 'head'; seq: number }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'awarenessQuery' }

/** The origin of doc and awareness changes that came from another instance (or a catch-up from the store). */
export interface RemoteOrigin {
  remote: string
}

export function isRemote(origin: unknown): origin is RemoteOrigin {
  return typeof (origin as RemoteOrigin | null)?.remote === 'string'
}

/** A payload as received, with the id of the instance that sent it. */
export type FanoutMessage = FanoutPayload & { from: string }

export type FanoutListener = (message: FanoutMessage) => void

/**
 * Server-wide notices about access, so a socket on any instance closes when its access ends on another: sessions
 * that ended (logout, password change) and roles taken away on a board (an invite revoked, a member removed).
 */
export type AccessNotice =
  | { type: 'sessionsEnded'; sessionIds: string[] }
  | { type: 'accessRevoked'; boardId: string; userIds: string[] }
  | { type: 'roleChanged'; boardId: string; userIds: string[] }

/** Counters of what the fan-out did, for metrics. */
export interface FanoutStats {
  published: number
  received: number
  publishFailures: number
  /** Compactions skipped because another instance held the board's lock (or the lock could not be asked for). */
  lockBusy: number
  reconnects: number
}

export function emptyFanoutStats(): FanoutStats {
  return { published: 0, received: 0, publishFailures: 0, lockBusy: 0, reconnects: 0 }
}

/**
 * How a room reaches the rooms of the same board on other instances. Delivery is best effort: a lost message never
 * loses data, because every update is stored before it is published and receivers catch up from the store when the
 * sequence numbers show a gap or the connection to the bus came back.
 */
export interface Fanout {
  readonly kind: 'local' | 'redis'
  readonly instanceId: string
  readonly stats: FanoutStats
  /**
   * Starts delivering the board's messages from other instances to `listener` (one listener per board). Resolves
   * once subscribed: whatever is published after that reaches it.
   */
  subscribe(boardId: string, listener: FanoutListener): Promise<void>
  /** Stops delivering the board's messages to `listener` (a newer listener of the board is left alone). */
  unsubscribe(boardId: string, listener: FanoutListener): void
  /** Sends to the board's rooms on the other instances; never throws (a failure is counted and logged). */
  publish(boardId: string, payload: FanoutPayload): void
  /**
   * Runs `task` while holding the board's compaction lock, so only one instance compacts a document at a time.
   * Resolves false, without running it, when another instance holds the lock or it cannot be asked for.
   */
  withCompactionLock(boardId: string, task: () => Promise<void>): Promise<boolean>
  /** Tells every other instance that access ended (best effort: their sockets are also checked on reconnect). */
  publishAccess(notice: AccessNotice): void
  /** `listener` runs for every access notice from another instance. */
  onAccess(listener: (notice: AccessNotice) => void): void
  /** `listener` runs whenever the connection to the bus came back: messages may have been lost meanwhile. */
  onReconnect(listener: () => void): void
  /** Resolves when the bus answers; rejects otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A name for this process in logs, metrics and fan-out messages. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
}

/** One instance alone: nothing to fan out to, and no other instance to share a lock with. */
export class LocalFanout implements Fanout {
  readonly kind = 'local'
  readonly stats = emptyFanoutStats()

  constructor(readonly instanceId: string = defaultInstanceId()) {}

  async subscribe(): Promise<void> {}
  unsubscribe(): void {}
  publish(): void {}

  /** Nobody else compacts this instance's boards (and a room runs one compaction at a time itself). */
  async withCompactionLock(_boardId: string, task: () => Promise<void>): Promise<boolean> {
    await task()
    return true
  }

  publishAccess(): void {}
  onAccess(): void {}
  onReconnect(): void {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
