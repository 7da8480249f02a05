import { hc } from 'hono/client'
import type { ApiErrorBody } from '../shared/codes'
import type { AppType } from '../server/app'

/** The typed API client (Hono `hc`), rooted at /api on the page's own origin. */
export const api = hc<AppType>(new URL('/api', location.origin).toString())

/** An API call that failed, with the server's error code when it sent one. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Returns the JSON body of a successful response, or throws `ApiCallError` with the server's message. */
export async function unwrap<T>(response: { ok: boolean; status: number; json(): Promise<T> }): Promise<T> {
  if (response.ok) return response.json()
  let code = 'http_error'
  let message = `HTTP ${response.status}`
  try {
    const body = (await response.json()) as unknown as ApiErrorBody
    code = body.error.code
    message = body.error.message
  } catch {
    // Not a JSON error body (e.g. a proxy page): keep the status.
  }
  throw new ApiCallError(response.status, code, message)
}

/** The WebSocket base URL for y-websocket: ws(s)://host/collab. */
export function collabUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}/collab`
}
