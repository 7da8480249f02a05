import type { BoardSummary, InviteInfo, InviteRole, Member, PublicUser, Role, Sector } from '../shared/access'
import type { ApiErrorBody } from '../shared/codes'
import type { BoardTemplate } from '../shared/forum/boardTemplates'
import type { BoardLanguage } from '../shared/forum/texts'
import type { FacilitationCommand } from '../shared/facilitation/commands'
import type { FacilitationState } from '../shared/facilitation/state'

/** An API call that failed, with the server's error code when it sent one. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from the `Retry-After` header of a 429, when the server sent one. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}

function retryAfterOf(headers: Headers | undefined): number | null {
  const value = headers?.get('Retry-After')
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

/** Returns the JSON body of a successful response, or throws `ApiCallError` with the server's message. */
export async function unwrap<T>(response: { ok: boolean; status: number; headers?: Headers; json(): Promise<T> }): Promise<T> {
  if (response.ok) return response.status === 204 ? (undefined as T) : response.json()
  let code = 'http_error'
  let message = `HTTP ${response.status}`
  try {
    const body = (await response.json()) as unknown as ApiErrorBody
    code = body.error.code
    message = body.error.message
  } catch {
    // Not a JSON error body (e.g. a proxy page): keep the status.
  }
  throw new ApiCallError(response.status, code, message, retryAfterOf(response.headers))
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One call to the API on the page's own origin, with the session cookie. `body` is sent as JSON. Answers the parsed
 * JSON body (`undefined` for a 204) or throws `ApiCallError` with the server's error code. A network failure throws
 * `ApiCallError` with code `network`.
 *
 * @example
 * const { boards } = await request<{ boards: BoardSummary[] }>('GET', '/api/boards')
 */
export async function request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } }
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  let response: Response
  try {
    response = await fetch(path, init)
  } catch (error) {
    throw new ApiCallError(0, 'network', (error as Error).message)
  }
  return unwrap<T>(response)
}

/** The typed routes of docs/API.md that the client calls. */
export const accessApi = {
  me: () => request<{ user: PublicUser }>('GET', '/api/me').then((r) => r.user),
  signup: (input: { email: string; password: string; name: string }) =>
    request<{ user: PublicUser }>('POST', '/api/auth/signup', input).then((r) => r.user),
  login: (input: { email: string; password: string }) => request<{ user: PublicUser }>('POST', '/api/auth/login', input).then((r) => r.user),
  logout: () => request<void>('POST', '/api/auth/logout'),

  boards: () => request<{ boards: BoardSummary[] }>('GET', '/api/boards').then((r) => r.boards),
  createBoard: (title: string, template: BoardTemplate = 'blank', lang: BoardLanguage = 'id') =>
    request<BoardSummary>('POST', '/api/boards', { title, template, lang }),
  board: (id: string) => request<BoardSummary>('GET', `/api/boards/${encodeURIComponent(id)}`),

  members: (boardId: string) => request<{ members: Member[] }>('GET', `/api/boards/${encodeURIComponent(boardId)}/members`).then((r) => r.members),
  addFacilitator: (boardId: string, email: string) =>
    request<{ member: Member }>('POST', `/api/boards/${encodeURIComponent(boardId)}/members`, { email, role: 'facilitator' }).then((r) => r.member),

  invites: (boardId: string) => request<{ invites: InviteInfo[] }>('GET', `/api/boards/${encodeURIComponent(boardId)}/invites`).then((r) => r.invites),
  createInvite: (boardId: string, input: { role: InviteRole; expiresAt?: string }) =>
    request<InviteInfo>('POST', `/api/boards/${encodeURIComponent(boardId)}/invites`, input),
  revokeInvite: (boardId: string, inviteId: string) =>
    request<void>('DELETE', `/api/boards/${encodeURIComponent(boardId)}/invites/${encodeURIComponent(inviteId)}`),

  invite: (code: string) =>
    request<{ boardTitle: string; role: InviteRole; expiresAt: string | null }>('GET', `/api/invites/${encodeURIComponent(code)}`),
  join: (input: { code: string; name: string; sector?: Sector; organisation?: string }) =>
    request<{ boardId: string; role: Role }>('POST', '/api/join', input),
}

/** The facilitation routes of docs/API.md (commands, the server's clock, the hub address, hidden-note count). */
export const facilitationApi = {
  /** An owner's or facilitator's command; answers the facilitation state after it. */
  command: (boardId: string, command: FacilitationCommand) =>
    request<{ state: FacilitationState }>('POST', `/api/boards/${encodeURIComponent(boardId)}/facilitation`, command).then((r) => r.state),
  /** The server's clock, in ms since the epoch. */
  time: () => request<{ now: number }>('GET', '/api/time').then((r) => r.now),
  /** The base URL participants should open (the hub's LAN address when there is one). */
  hub: () => request<{ joinBase: string }>('GET', '/api/hub').then((r) => r.joinBase),
  /** How many notes wait hidden in private drafting (facilitators, owners). */
  draftCount: (boardId: string) =>
    request<{ count: number }>('GET', `/api/boards/${encodeURIComponent(boardId)}/drafts/count`).then((r) => r.count),
}

/** The WebSocket base URL for y-websocket: ws(s)://host/collab. */
export function collabUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}/collab`
}
