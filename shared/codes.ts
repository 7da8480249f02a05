/**
 * Every error Rembug reports to a client, in one place: WebSocket close codes for the collaboration socket and
 * JSON error bodies for the HTTP API. Client and server both import this module, so a code means the same on both
 * ends.
 *
 * @example
 * socket.close(CloseCode.boardNotFound, closeReason('boardNotFound'))
 */

/**
 * Close codes for `/collab/:boardId`. 4000–4999 is the range RFC 6455 leaves to applications; like the stock
 * y-websocket client, Rembug treats 44xx as final (reconnecting cannot help) and 45xx as "try again later".
 */
export const CloseCode = {
  /** No valid session, or the session ended (logout, password change). */
  unauthorized: 4401,
  /** The session has no role on this board, or its role was taken away. */
  forbidden: 4403,
  /** The board id names no board. */
  boardNotFound: 4404,
  /** A frame could not be decoded as a y-websocket message or a Yjs update. */
  malformedMessage: 4400,
  /** An update would write a record the board schema refuses; nothing of it was applied. Reload to recover. */
  invalidRecord: 4422,
  /** An update touched something a facilitator locked (a frame, or the whole board); nothing of it was applied. */
  locked: 4423,
  /** A frame is larger than the server accepts. */
  messageTooLarge: 4413,
  /** The board's document reached its size limit; the update was not applied. */
  documentTooLarge: 4414,
  /** The server is shutting down or restarting; reconnect shortly. */
  restarting: 4503,
  /** This socket could not keep up with the room (its outgoing buffer filled); reconnect. */
  slowConsumer: 4508,
  /** The person's role on this board changed (e.g. made a facilitator); reconnect to be served with the new one. */
  roleChanged: 4509,
  /** Too many updates or presence messages from this socket; reconnect after a pause. */
  rateLimited: 4529,
  /** Too many sockets on this board or from this address; the reason says `retry-after=<seconds>`. */
  tooManyConnections: 4530,
  /** Too many new connections at once (a reconnect storm); the reason says `retry-after=<seconds>`. */
  serverBusy: 4531,
  /** The board could not be loaded from storage; nothing was changed. Reconnect later. */
  loadFailed: 4500,
} as const

export type CloseCodeName = keyof typeof CloseCode

const closeReasons: Record<CloseCodeName, string> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  boardNotFound: 'board-not-found',
  malformedMessage: 'malformed-message',
  restarting: 'server-restarting',
  invalidRecord: 'invalid-record',
  locked: 'locked',
  messageTooLarge: 'message-too-large',
  documentTooLarge: 'document-too-large',
  slowConsumer: 'slow-consumer',
  roleChanged: 'role-changed',
  rateLimited: 'rate-limited',
  tooManyConnections: 'too-many-connections',
  serverBusy: 'server-busy',
  loadFailed: 'board-load-failed',
}

/**
 * The short reason sent with a close code, with an optional detail after a semicolon, cut to the 123 bytes the
 * WebSocket protocol allows.
 *
 * @example
 * closeReason('serverBusy', 'retry-after=3') // → 'server-busy; retry-after=3'
 */
export function closeReason(name: CloseCodeName, detail?: string): string {
  const reason = detail ? `${closeReasons[name]}; ${detail}` : closeReasons[name]
  const bytes = new TextEncoder().encode(reason)
  if (bytes.length <= 123) return reason
  return new TextDecoder().decode(bytes.slice(0, 123)).replace(/\uFFFD+$/, '')
}

/**
 * The `retry-after=<seconds>` a server put in a close reason, or `null`.
 *
 * @example
 * retryAfterFromReason('server-busy; retry-after=3') // → 3
 */
export function retryAfterFromReason(reason: string): number | null {
  const match = /retry-after=(\d+)/.exec(reason)
  return match ? Number(match[1]) : null
}

/** Looks up the name of a close code received from the server, or `undefined` for a code Rembug does not use. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((name) => CloseCode[name] === code)
}

/** Error codes of the HTTP API with their status. */
export const ApiErrorStatus = {
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  bad_origin: 403,
  not_found: 404,
  board_not_found: 404,
  invite_not_found: 404,
  user_not_found: 404,
  email_taken: 409,
  conflict: 409,
  invite_expired: 410,
  invite_revoked: 410,
  rate_limited: 429,
  payload_too_large: 413,
  storage_unavailable: 503,
  internal: 500,
} as const

export type ApiErrorCode = keyof typeof ApiErrorStatus

/** The JSON body of every API error: `{"error":{"code":"board_not_found","message":"…"}}`. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown }
}

/**
 * A domain error with a code that maps to an HTTP status; thrown by services and turned into a JSON body by the
 * server's error handler.
 *
 * @example
 * throw new ApiError('board_not_found', `No board with id ${id}`)
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly details: unknown
  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }
  get status(): (typeof ApiErrorStatus)[ApiErrorCode] {
    return ApiErrorStatus[this.code]
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } }
  }
}

/** Board ids are 24 characters of lower-case base32 (120 random bits). */
export const BOARD_ID_PATTERN = /^[a-z2-7]{24}$/

export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value)
}
