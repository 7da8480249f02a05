import type { WebSocket } from 'ws'
import type { PersonPresence } from '../../shared/access'
import { CloseCode, closeReason, type CloseCodeName } from '../../shared/codes'

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

/** One client socket in a room, with the awareness client ids it has announced. */
export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this socket controls; removed from the room when it closes. */
  readonly awarenessIds = new Set<number>()
  /** Set when a ping goes out, cleared by the pong; still set at the next ping means the peer is gone. */
  awaitingPong = false
  /** Time of the last frame sent, for the keep-alive. */
  lastSentAt = Date.now()
  private closed = false

  constructor(
    readonly socket: WebSocket,
    readonly boardId: string,
    readonly principal: Principal | null = null,
  ) {}

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return
    this.lastSentAt = Date.now()
    this.socket.send(frame)
  }

  /** Closes with a named code; `detail` (e.g. `retry-after=5`, a record id) follows the reason, cut to fit. */
  close(name: CloseCodeName, detail?: string): void {
    if (this.closed) return
    this.closed = true
    this.socket.close(CloseCode[name], closeReason(name, detail))
  }

  /** Marks the connection closed after the socket itself closed. */
  markClosed(): void {
    this.closed = true
  }
}
