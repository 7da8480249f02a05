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
  /** The server is shutting down or restarting; reconnect shortly. */
  restarting: 4503,
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
  loadFailed: 'board-load-failed',
}

/** The short reason sent with a close code (≤ 123 bytes, as the WebSocket protocol requires). */
export function closeReason(name: CloseCodeName): string {
  return closeReasons[name]
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
