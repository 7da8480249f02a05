import { MessageType } from './messages'

/** A sustained rate with a burst on top (a token bucket). */
export interface Rate {
  perSecond: number
  burst: number
}

/**
 * Every limit of the collaboration socket, in one place (docs/PROTOCOL.md §8 "Limits"). The defaults suit a
 * 200-person workshop hall on a 2-core machine; the main ones can be set from the environment (server/config.ts).
 */
export interface CollabLimits {
  /** Largest frame a client may send, in bytes; a larger one closes its socket with 4413. `MAX_MESSAGE_BYTES`. */
  maxMessageBytes: number
  /** Sync messages (sync steps and updates) per socket; over → 4529. */
  updateRate: Rate
  /** Awareness (presence) and awareness-query messages per socket; over → 4529. */
  awarenessRate: Rate
  /** Open sockets on one board; one more → 4530. `MAX_CONNECTIONS_PER_BOARD`. */
  maxConnectionsPerBoard: number
  /** Open sockets from one remote address (all boards); one more → 4530. `MAX_CONNECTIONS_PER_ADDRESS`. */
  maxConnectionsPerAddress: number
  /** New sockets the whole server takes in; over → 4531. `MAX_NEW_CONNECTIONS_PER_SECOND` (burst twice that). */
  admissionRate: Rate
  /** Bytes waiting to go out on one socket above which presence frames to it are skipped. */
  softBufferBytes: number
  /** Bytes waiting to go out on one socket above which it is closed with 4508. `MAX_SOCKET_BUFFER_BYTES`. */
  hardBufferBytes: number
  /**
   * The answer to a client's sync (the board a phone loads when it joins or comes back) goes out compressed when it
   * is at least this large (permessage-deflate, when the client offers it, as browsers and the stock clients do).
   * Updates and presence always go as they are: deflating the busy traffic of a big room delays it more than it
   * saves. 0 turns compression off. `COMPRESS_ABOVE_BYTES`.
   */
  compressAboveBytes: number
}

export const defaultCollabLimits: CollabLimits = {
  maxMessageBytes: 1024 * 1024,
  // tldraw writes at most once per animation frame and presence is throttled to 20 a second (docs/PROTOCOL.md §7).
  // The stock y-websocket client also sends back every presence message it receives (up to 25 a second, one per
  // room tick), so a client moving its cursor at 20 Hz in a lively room sends up to 45 awareness messages a second.
  updateRate: { perSecond: 100, burst: 500 },
  awarenessRate: { perSecond: 60, burst: 180 },
  maxConnectionsPerBoard: 400,
  // A hall behind one NAT (or a reverse proxy) shares one address: this must stay above the hall's size.
  maxConnectionsPerAddress: 250,
  admissionRate: { perSecond: 50, burst: 100 },
  softBufferBytes: 256 * 1024,
  hardBufferBytes: 4 * 1024 * 1024,
  compressAboveBytes: 16 * 1024,
}

/**
 * The cap given to the WebSocket layer itself: frames up to twice `maxMessageBytes` are read and then refused by the
 * size check, larger ones are refused before they are buffered whole, so no frame costs more memory than this.
 */
export function wsMaxPayload(limits: CollabLimits): number {
  return 2 * limits.maxMessageBytes
}

/**
 * The WebSocket layer's permessage-deflate settings for `limits`, or `false` for none. Each direction forgets its
 * compression context after every message (no_context_takeover) and the server's window is 8 KiB, so a socket keeps
 * no more than about 140 KiB of zlib state whatever the room does; ws compresses on libuv's thread pool, off the
 * event loop. What a client sends is compressed as that client chooses and inflated here within `wsMaxPayload`.
 */
export function wsCompression(limits: CollabLimits) {
  if (limits.compressAboveBytes === 0) return false
  return {
    threshold: limits.compressAboveBytes,
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    serverMaxWindowBits: 13,
    zlibDeflateOptions: { memLevel: 7 },
  }
}

/** Seconds a refused socket is told to wait, picked at random in this range so a herd spreads out. */
export const busyRetryAfterSeconds = { min: 1, max: 5 } as const
export const fullRetryAfterSeconds = { min: 5, max: 15 } as const

/** The defaults with `overrides` on top; throws a RangeError naming a limit that makes no sense. */
export function resolveLimits(overrides: Partial<CollabLimits> = {}): CollabLimits {
  const limits: CollabLimits = { ...defaultCollabLimits, ...overrides }
  const positive: Array<[string, number]> = [
    ['maxMessageBytes', limits.maxMessageBytes],
    ['maxConnectionsPerBoard', limits.maxConnectionsPerBoard],
    ['maxConnectionsPerAddress', limits.maxConnectionsPerAddress],
    ['softBufferBytes', limits.softBufferBytes],
    ['hardBufferBytes', limits.hardBufferBytes],
    ['updateRate.perSecond', limits.updateRate.perSecond],
    ['updateRate.burst', limits.updateRate.burst],
    ['awarenessRate.perSecond', limits.awarenessRate.perSecond],
    ['awarenessRate.burst', limits.awarenessRate.burst],
    ['admissionRate.perSecond', limits.admissionRate.perSecond],
    ['admissionRate.burst', limits.admissionRate.burst],
  ]
  for (const [name, value] of positive) {
    if (!(value > 0)) throw new RangeError(`collab limit ${name} must be above 0 (got ${value})`)
  }
  if (!(Number.isSafeInteger(limits.compressAboveBytes) && limits.compressAboveBytes >= 0)) {
    throw new RangeError(`collab limit compressAboveBytes must be a whole number of bytes, 0 for no compression (got ${limits.compressAboveBytes})`)
  }
  if (limits.softBufferBytes >= limits.hardBufferBytes) {
    throw new RangeError(`collab limit softBufferBytes (${limits.softBufferBytes}) must be below hardBufferBytes (${limits.hardBufferBytes})`)
  }
  return limits
}

/** A random whole number of seconds in `range`, as the `retry-after=N` detail of a close reason. */
export function retryAfterDetail(range: { min: number; max: number }, random: () => number = Math.random): string {
  const seconds = range.min + Math.floor(random() * (range.max - range.min + 1))
  return `retry-after=${Math.min(range.max, seconds)}`
}

/** What an outgoing frame carries: presence may be skipped for a slow socket, document data never. */
export type FrameKind = 'presence' | 'doc'

/** The kind of an outgoing y-websocket frame, from its first byte (awareness frames are presence). */
export function frameKind(frame: Uint8Array): FrameKind {
  return frame[0] === MessageType.awareness ? 'presence' : 'doc'
}

/**
 * Which rate an incoming frame counts against, from its first byte only (no decoding): sync messages against the
 * update rate, awareness and awareness queries against the awareness rate. Anything else is left to the room,
 * which closes the socket as malformed.
 */
export function incomingRate(data: Uint8Array | string): 'update' | 'awareness' | null {
  if (typeof data === 'string' || data.byteLength === 0) return null
  if (data[0] === MessageType.sync) return 'update'
  if (data[0] === MessageType.awareness || data[0] === MessageType.queryAwareness) return 'awareness'
  return null
}

/** Counters of what the limits did, for tests, logs and metrics. */
export interface CollabStats {
  /** Frames sent to sockets: document (sync) frames and presence frames. */
  docFramesSent: number
  presenceFramesSent: number
  /** Presence frames not sent to a socket whose outgoing buffer was above the soft limit. */
  droppedPresenceFrames: number
  /** Sockets closed with 4508 (outgoing buffer above the hard limit). */
  slowConsumerCloses: number
  /** Sockets closed with 4413. */
  messageTooLargeCloses: number
  /** Sockets closed with 4529. */
  rateLimitedCloses: number
  /** Sockets refused with 4530. */
  tooManyConnectionsRefusals: number
  /** Sockets refused with 4531. */
  serverBusyRefusals: number
}

export function emptyStats(): CollabStats {
  return {
    docFramesSent: 0,
    presenceFramesSent: 0,
    droppedPresenceFrames: 0,
    slowConsumerCloses: 0,
    messageTooLargeCloses: 0,
    rateLimitedCloses: 0,
    tooManyConnectionsRefusals: 0,
    serverBusyRefusals: 0,
  }
}
