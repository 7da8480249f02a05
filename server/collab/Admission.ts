import { busyRetryAfterSeconds, fullRetryAfterSeconds, retryAfterDetail, type CollabLimits } from './limits'
import { TokenBucket } from './TokenBucket'

/** Why a new socket is turned away, with the `retry-after=N` detail for its close reason. */
export interface Refusal {
  name: 'serverBusy' | 'tooManyConnections'
  detail: string
}

/**
 * Who may open a socket: new sockets are taken in at a bounded rate (a reconnect storm after a restart or a Wi-Fi
 * drop is spread out instead of swamping the server), and no board or remote address holds more than its share.
 */
export class Admission {
  private readonly arrivals: TokenBucket
  private readonly perBoard = new Map<string, number>()
  private readonly perAddress = new Map<string, number>()

  constructor(
    private readonly limits: CollabLimits,
    private readonly random: () => number = Math.random,
  ) {
    this.arrivals = new TokenBucket(limits.admissionRate.perSecond, limits.admissionRate.burst)
  }

  /** Counts one new socket against the admission rate; a refusal says when to come back (1–5 s, at random). */
  arrive(): Refusal | null {
    if (this.arrivals.take()) return null
    return { name: 'serverBusy', detail: retryAfterDetail(busyRetryAfterSeconds, this.random) }
  }

  /** Takes a place for a socket on `boardId` from `address`, or refuses; a place taken must be given back by `leave`. */
  enter(boardId: string, address: string): Refusal | null {
    const onBoard = this.perBoard.get(boardId) ?? 0
    const fromAddress = this.perAddress.get(address) ?? 0
    if (onBoard >= this.limits.maxConnectionsPerBoard || fromAddress >= this.limits.maxConnectionsPerAddress) {
      return { name: 'tooManyConnections', detail: retryAfterDetail(fullRetryAfterSeconds, this.random) }
    }
    this.perBoard.set(boardId, onBoard + 1)
    this.perAddress.set(address, fromAddress + 1)
    return null
  }

  leave(boardId: string, address: string): void {
    decrement(this.perBoard, boardId)
    decrement(this.perAddress, address)
  }

  /** Open sockets on a board (for tests and metrics). */
  onBoard(boardId: string): number {
    return this.perBoard.get(boardId) ?? 0
  }

  /** Open sockets from an address (for tests and metrics). */
  fromAddress(address: string): number {
    return this.perAddress.get(address) ?? 0
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = (counts.get(key) ?? 0) - 1
  if (count > 0) counts.set(key, count)
  else counts.delete(key)
}
