/**
 * People for integration tests: sign up, log in or join by code over real HTTP, and carry the session cookie and a
 * matching Origin into fetch calls and into `ws` sockets (what a browser does on its own).
 */
import { WebSocket, type ClientOptions } from 'ws'
import type { PublicUser, Role, Sector } from '../../shared/access'

export interface Person {
  user: PublicUser
  /** `rembug_session=<token>` */
  cookie: string
}

export interface ApiResult<T = unknown> {
  status: number
  body: T
  headers: Headers
}

let counter = 0

function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('rembug_session='))
  if (!header) throw new Error(`no session cookie in the answer (${response.status})`)
  return header.split(';')[0]!
}

/** Calls the API as `person` (or anonymously), with this server's Origin. Never throws on an HTTP error status. */
export async function call<T = unknown>(
  baseUrl: string,
  person: Person | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      origin: baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(person ? { cookie: person.cookie } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers }
}

/** A new account (unique e-mail unless given). */
export async function signup(baseUrl: string, input: { email?: string; password?: string; name?: string } = {}): Promise<Person> {
  const n = ++counter
  const response = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({
      email: input.email ?? `person${n}-${Date.now()}@example.org`,
      password: input.password ?? 'rahasia-sekali',
      name: input.name ?? `Person ${n}`,
    }),
  })
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${await response.text()}`)
  return { user: ((await response.json()) as { user: PublicUser }).user, cookie: sessionCookie(response) }
}

export async function login(baseUrl: string, email: string, password: string): Promise<Person> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`)
  return { user: ((await response.json()) as { user: PublicUser }).user, cookie: sessionCookie(response) }
}

/** Makes an invite as `by` and returns its code. */
export async function invite(baseUrl: string, by: Person, boardId: string, role: 'editor' | 'viewer', expiresAt?: string): Promise<{ id: string; code: string }> {
  const result = await call<{ id: string; code: string }>(baseUrl, by, 'POST', `/api/boards/${boardId}/invites`, { role, ...(expiresAt ? { expiresAt } : {}) })
  if (result.status !== 201) throw new Error(`invite answered ${result.status}: ${JSON.stringify(result.body)}`)
  return result.body
}

/** Joins with a code as a new guest. */
export async function joinAsGuest(baseUrl: string, code: string, name = 'Tamu', sector: Sector | null = null): Promise<Person & { boardId: string; role: Role }> {
  const response = await fetch(`${baseUrl}/api/join`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ code, name, sector }),
  })
  if (response.status !== 200) throw new Error(`join answered ${response.status}: ${await response.text()}`)
  const { boardId, role } = (await response.json()) as { boardId: string; role: Role }
  const cookie = sessionCookie(response)
  const me = await call<{ user: PublicUser }>(baseUrl, { cookie, user: null as never }, 'GET', '/api/me')
  return { user: me.body.user, cookie, boardId, role }
}

/**
 * A `WebSocket` class for y-websocket's `WebSocketPolyfill` that sends the person's cookie and the server's Origin,
 * as a browser would. Pass `origin: null` to send none.
 */
export function socketClassFor(person: Person | null, origin: string | null): typeof WebSocket {
  const headers: Record<string, string> = {}
  if (person) headers.cookie = person.cookie
  if (origin) headers.origin = origin
  return class AuthedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols ?? [], { ...options, headers: { ...headers, ...options?.headers } })
    }
  } as unknown as typeof WebSocket
}
