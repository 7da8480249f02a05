import type { WebSocket } from 'ws'
import type { PersonPresence } from '../../shared/access'
import type { Logger } from '../logger'
import { CloseCode, closeReason, type CloseCodeName } from '../../shared/codes'
import { defaultCollabLimits, emptyStats, frameKind, incomingRate, type CollabLimits, type CollabStats, type FrameKind } from './limits'
import { MessageType, SyncType } from './messages'
import { TokenBucket } from './TokenBucket'

let nextConnectionId = 1

/** Who is behind a socket, fixed when it connects. */
export interface Principal {
  userId: string
  sessionId: string
  /** A viewer's document writes are dropped. */
  readOnly: boolean
  /** Who others see in the people panel; the server writes it into this socket's presence. */
  person: PersonPresence
}

export interface ConnectionOptions {
  limits?: CollabLimits
  /** Shared counters (the room manager's) that this connection adds to. */
  stats?: CollabStats
  /** Where a limit that closes this socket is reported. */
  log?: Logger
}

/**
 * One client socket in a room, with the awareness client ids it has announced, and the limits that keep one socket
 * from hurting the others: incoming frames are checked for size and rate before anything decodes them, and outgoing
 * frames respect the socket's buffer (presence is skipped for a slow reader; one that falls too far behind is
 * closed, never sent less of the document).
 */
export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this socket controls; removed from the room when it closes. */
  readonly awarenessIds = new Set<number>()
  /** Set when a ping goes out, cleared by the pong; still set at the next ping means the peer is gone. */
  awaitingPong = false
  /** Time of the last frame sent, for the keep-alive. */
  lastSentAt = Date.now()
  /** Presence frames skipped because this socket's outgoing buffer was above the soft limit. */
  droppedPresenceFrames = 0
  /** Frames handed to the socket, by kind. */
  readonly framesSent = { doc: 0, presence: 0 }
  /** The most bytes seen waiting in this socket's outgoing buffer right after a send. */
  peakBufferedAmount = 0
  /**
   * The sync step 2 that `backlog` sets aside while any of it may still be buffered: the bytes queued before it, its
   * own size, and the bytes sent after it.
   */
  private pendingSync: { before: number; size: number; after: number } | null = null
  private closed = false
  private readonly limits: CollabLimits
  private readonly stats: CollabStats
  private readonly log: Logger | null
  private readonly updates: TokenBucket
  private readonly presence: TokenBucket

  constructor(
    readonly socket: WebSocket,
    readonly boardId: string,
    readonly principal: Principal | null = null,
    options: ConnectionOptions = {},
  ) {
    this.limits = options.limits ?? defaultCollabLimits
    this.stats = options.stats ?? emptyStats()
    this.log = options.log ?? null
    this.updates = new TokenBucket(this.limits.updateRate.perSecond, this.limits.updateRate.burst)
    this.presence = new TokenBucket(this.limits.awarenessRate.perSecond, this.limits.awarenessRate.burst)
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN
  }

  /**
   * Checks an incoming frame before anything decodes it: its size first, then the rate of its kind (read from the
   * first byte). Returns false, having closed the socket if needed, when the frame must not be handled; frames that
   * arrive after the server closed the socket are ignored too.
   */
  admit(data: Uint8Array | string): boolean {
    if (this.closed) return false
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
    if (bytes > this.limits.maxMessageBytes) {
      this.stats.messageTooLargeCloses++
      this.report('a frame over the size limit', { bytes, limit: this.limits.maxMessageBytes })
      this.close('messageTooLarge', `max-bytes=${this.limits.maxMessageBytes}`)
      return false
    }
    const rate = incomingRate(data)
    const bucket = rate === 'update' ? this.updates : rate === 'awareness' ? this.presence : null
    if (bucket && !bucket.take()) {
      this.stats.rateLimitedCloses++
      this.report(`too many ${rate} messages`, { perSecond: bucket.perSecond, burst: bucket.burst })
      // Long enough for the whole burst to be back.
      this.close('rateLimited', `retry-after=${bucket.secondsUntil(bucket.burst)}`)
      return false
    }
    return true
  }

  /**
   * Sends a frame unless this socket cannot keep up. Above the soft buffer limit presence frames are skipped (the
   * next one carries the full state of each person anyway); above the hard limit the socket is closed with
   * `slowConsumer` instead of buffering more — a document frame is never skipped, the client resyncs when it
   * reconnects. `kind` defaults to what the frame's first byte says. Returns whether the frame was sent.
   */
  send(frame: Uint8Array, kind: FrameKind = frameKind(frame)): boolean {
    if (!this.isOpen) return false
    const backlog = this.backlog()
    if (backlog > this.limits.hardBufferBytes) {
      this.stats.slowConsumerCloses++
      this.report('its outgoing buffer passed the hard limit', { buffered: backlog, limit: this.limits.hardBufferBytes })
      this.close('slowConsumer', `buffered=${backlog}`)
      return false
    }
    if (kind === 'presence' && backlog > this.limits.softBufferBytes) {
      this.droppedPresenceFrames++
      this.stats.droppedPresenceFrames++
      return false
    }
    this.lastSentAt = Date.now()
    this.framesSent[kind]++
    if (kind === 'doc') this.stats.docFramesSent++
    else this.stats.presenceFramesSent++
    const before = this.socket.bufferedAmount
    const syncAnswer = isSyncStep2(frame)
    // Only the answer to a sync (a joiner's whole board) goes compressed, when it is large enough (`compressAboveBytes`):
    // deflating every presence and update frame of a big room delays them more than it saves (docs/BENCHMARKS.md).
    this.socket.send(frame, { compress: syncAnswer })
    if (this.pendingSync) this.pendingSync.after += wireBytes(frame)
    else if (syncAnswer) this.pendingSync = { before, size: wireBytes(frame), after: 0 }
    this.peakBufferedAmount = Math.max(this.peakBufferedAmount, this.socket.bufferedAmount)
    return true
  }

  /**
   * Bytes waiting in the socket's buffer, not counting what is left of one sync step 2: a joiner's first sync carries
   * the whole board (up to its size limit) and must not count as falling behind. The buffer drains in order, so
   * what has drained comes first from the bytes queued before that frame, then from the frame itself. Only one such
   * frame is set aside at a time, so asking for the state again and again cannot grow the buffer without bound.
   */
  private backlog(): number {
    const buffered = this.socket.bufferedAmount
    const sync = this.pendingSync
    if (!sync) return buffered
    const drained = Math.max(0, sync.before + sync.size + sync.after - buffered)
    const syncLeft = Math.min(sync.size, Math.max(0, sync.size - (drained - sync.before)))
    if (syncLeft === 0) this.pendingSync = null
    return buffered - syncLeft
  }

  /** Closes with a named code; `detail` (e.g. `retry-after=5`, a record id) follows the reason, cut to fit. */
  close(name: CloseCodeName, detail?: string): void {
    if (this.closed) return
    this.closed = true
    this.socket.close(CloseCode[name], closeReason(name, detail))
  }

  /**
   * The WebSocket layer stops reading a frame above its own cap (`wsMaxPayload`) before buffering it whole, and
   * closes with 1009. Reports that close as `messageTooLarge` too, so the client sees the one code that means
   * "do not send this again" (1009 would make it reconnect and send the same frame).
   */
  reportOversizeFramesAsTooLarge(): void {
    const socket = this.socket
    const close = socket.close.bind(socket)
    socket.close = ((code?: number, reason?: string | Buffer) => {
      if (code !== 1009 || this.closed) return close(code, reason)
      this.closed = true
      this.stats.messageTooLargeCloses++
      this.report('a frame over the WebSocket layer’s cap', { limit: this.limits.maxMessageBytes })
      close(CloseCode.messageTooLarge, closeReason('messageTooLarge', `max-bytes=${this.limits.maxMessageBytes}`))
    }) as WebSocket['close']
  }

  private report(why: string, details: Record<string, unknown>): void {
    this.log?.warn(`closing a socket: ${why}`, { room: this.boardId, connection: this.id, user: this.principal?.userId, ...details })
  }

  /** Marks the connection closed after the socket itself closed. */
  markClosed(): void {
    this.closed = true
  }
}

/** A sync step 2 frame (`0, 1, …`): the answer to a sync step 1, the whole board for a joiner. */
function isSyncStep2(frame: Uint8Array): boolean {
  return frame[0] === MessageType.sync && frame[1] === SyncType.step2
}

/** The bytes a frame takes in the socket's buffer: the payload and an unmasked server frame header. */
function wireBytes(frame: Uint8Array): number {
  const length = frame.byteLength
  return length + (length < 126 ? 2 : length < 65_536 ? 4 : 10)
}
