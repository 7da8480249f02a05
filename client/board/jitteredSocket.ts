/**
 * A `WebSocket` stand-in for y-websocket's `WebSocketPolyfill` that spreads reconnects out. When a server restarts
 * or the venue's Wi-Fi drops, every phone in the hall loses its socket at the same moment; if they all came back at
 * once they would knock the server over again. So each new socket after the first waits a random time — "full
 * jitter": random(0, min(cap, base · 2^attempt)) — and never less than the `retry-after=N` a server put in its last
 * close reason. The attempt count goes back to 0 once a connection stayed open for `resetAfterMs`, or when the
 * caller says it synced (`markGood`).
 *
 * The provider's own backoff should be set low (`maxBackoffTime`), so this is what spreads the herd.
 *
 * @example
 * const Socket = createJitteredWebSocket()
 * const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: Socket, maxBackoffTime: 100 })
 * provider.on('sync', (synced) => synced && Socket.markGood())
 */
import { retryAfterFromReason } from '../../shared/codes'

/** The part of a WebSocket this wrapper drives: the DOM's, or a `ws` socket in Node, or a test fake. */
export interface SocketLike {
  binaryType: string
  readonly readyState: number
  readonly bufferedAmount?: number
  readonly protocol?: string
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onclose: ((event: CloseLike) => void) | null
  send(data: ArrayBufferLike | ArrayBufferView | string): void
  close(code?: number, reason?: string): void
}

export interface CloseLike {
  code: number
  reason: string
  wasClean?: boolean
}

export type SocketClass = new (url: string | URL, protocols?: string | string[]) => SocketLike

export interface JitterOptions {
  /** Largest delay of the first reconnect; doubles with every attempt that failed. Default 1 s. */
  baseMs?: number
  /** Largest delay ever (before a server's `retry-after`). Default 30 s. */
  capMs?: number
  /** A connection that stayed open this long was good: the next reconnect starts from `baseMs` again. Default 5 s. */
  resetAfterMs?: number
  /** The real socket class. Default: the global `WebSocket`. */
  WebSocket?: SocketClass
  random?: () => number
  now?: () => number
  /** Told about every socket: how long it waits and after how many failed attempts (for logs and tests). */
  onSchedule?: (delayMs: number, attempt: number) => void
}

export interface JitteredWebSocketClass {
  new (url: string | URL, protocols?: string | string[]): SocketLike
  /** The current connection did useful work (it synced): the next reconnect starts from the smallest delay. */
  markGood(): void
  /** Connections in a row that closed before they were good. */
  readonly attempt: number
}

/** Full jitter: a random delay in [0, min(cap, base · 2^attempt)]. */
export function jitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/** Makes a socket class whose instances share one reconnect schedule (one per provider). */
export function createJitteredWebSocket(options: JitterOptions = {}): JitteredWebSocketClass {
  const baseMs = options.baseMs ?? 1_000
  const capMs = options.capMs ?? 30_000
  const resetAfterMs = options.resetAfterMs ?? 5_000
  const random = options.random ?? Math.random
  const now = options.now ?? (() => Date.now())
  const resolveSocket = (): SocketClass => options.WebSocket ?? (globalThis.WebSocket as unknown as SocketClass)

  let attempt = 0
  let sockets = 0
  let notBefore = 0
  let current: JitteredWebSocket | null = null

  class JitteredWebSocket implements SocketLike {
    static readonly CONNECTING = CONNECTING
    static readonly OPEN = OPEN
    static readonly CLOSING = CLOSING
    static readonly CLOSED = CLOSED
    readonly CONNECTING = CONNECTING
    readonly OPEN = OPEN
    readonly CLOSING = CLOSING
    readonly CLOSED = CLOSED

    static markGood(): void {
      attempt = 0
      if (current) current.good = true
    }

    static get attempt(): number {
      return attempt
    }

    onopen: ((event: unknown) => void) | null = null
    onmessage: ((event: unknown) => void) | null = null
    onerror: ((event: unknown) => void) | null = null
    onclose: ((event: CloseLike) => void) | null = null
    private real: SocketLike | null = null
    private waiting: ReturnType<typeof setTimeout> | null = null
    private goodTimer: ReturnType<typeof setTimeout> | null = null
    private cancelled = false
    private good = false
    private type = 'blob'

    constructor(
      readonly url: string | URL,
      readonly protocols?: string | string[],
    ) {
      current = this
      // The first socket goes at once: nothing has failed yet. Every later one is a reconnect and waits.
      const jitter = sockets++ === 0 ? 0 : jitterDelay(attempt, baseMs, capMs, random)
      const delay = Math.max(0, notBefore - now()) + jitter
      options.onSchedule?.(delay, attempt)
      if (delay === 0) this.open()
      else this.waiting = setTimeout(() => this.open(), delay)
    }

    get binaryType(): string {
      return this.real?.binaryType ?? this.type
    }

    set binaryType(type: string) {
      this.type = type
      if (this.real) this.real.binaryType = type
    }

    get readyState(): number {
      if (this.real) return this.real.readyState
      return this.cancelled ? CLOSED : CONNECTING
    }

    get bufferedAmount(): number {
      return this.real?.bufferedAmount ?? 0
    }

    get protocol(): string {
      return this.real?.protocol ?? ''
    }

    send(data: ArrayBufferLike | ArrayBufferView | string): void {
      if (!this.real) throw new Error('the socket is not open yet')
      this.real.send(data)
    }

    close(code?: number, reason?: string): void {
      if (this.real) {
        this.real.close(code, reason)
        return
      }
      if (this.cancelled) return
      // Still waiting: never open the real socket.
      this.cancelled = true
      if (this.waiting) clearTimeout(this.waiting)
      this.waiting = null
      setTimeout(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true }), 0)
    }

    private open(): void {
      this.waiting = null
      if (this.cancelled) return
      const Socket = resolveSocket()
      const real = this.protocols === undefined ? new Socket(this.url) : new Socket(this.url, this.protocols)
      this.real = real
      real.binaryType = this.type
      real.onopen = (event) => {
        this.goodTimer = setTimeout(() => JitteredWebSocket.markGoodIfCurrent(this), resetAfterMs)
        this.onopen?.(event)
      }
      real.onmessage = (event) => this.onmessage?.(event)
      real.onerror = (event) => this.onerror?.(event)
      real.onclose = (event) => {
        if (this.goodTimer) clearTimeout(this.goodTimer)
        this.goodTimer = null
        if (!this.good) attempt++
        const retryAfter = retryAfterFromReason(event.reason ?? '')
        if (retryAfter !== null) notBefore = Math.max(notBefore, now() + retryAfter * 1000)
        this.onclose?.(event)
      }
    }

    private static markGoodIfCurrent(socket: JitteredWebSocket): void {
      if (current === socket && socket.readyState === OPEN) JitteredWebSocket.markGood()
    }
  }

  return JitteredWebSocket
}
