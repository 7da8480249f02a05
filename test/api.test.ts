import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createApp, type AppDeps } from '../server/app'
import { createLogger } from '../server/logger'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import type { BoardSummary, PublicUser, Role } from '../shared/access'
import { readDocSchema, readRecords } from '../shared/boardDoc'
import type { ApiErrorBody } from '../shared/codes'

/**
 * The HTTP API as docs/API.md describes it, through `app.request` (no network) on a real in-memory SQLite. Every
 * request carries `Host: localhost` and the matching `Origin: http://localhost`, as a browser on that page would,
 * unless a test says otherwise; a person is the `rembug_session=…` cookie the server set.
 */

const HOST = 'localhost'
const ORIGIN = `http://${HOST}`
const DAY = 24 * 60 * 60 * 1000
const PASSWORD = 'rahasia-sekali'

let storage: SqliteStorage
let app: ReturnType<typeof createApp>

function start(deps: Partial<AppDeps> = {}) {
  storage = new SqliteStorage(':memory:')
  app = createApp({ storage, log: createLogger('silent'), ...deps })
}

beforeEach(() => start())
afterEach(async () => {
  await app.rooms.shutdown()
  await storage.close()
})

interface Person {
  user: PublicUser
  /** `rembug_session=<token>` */
  cookie: string
}

interface RequestOptions {
  /** A person, or a bare `rembug_session=…` cookie. */
  as?: Person | string | null
  /** A JSON value (sent as JSON) or a string (sent as is). */
  body?: unknown
  /** Extra headers; `null` removes a default (e.g. `origin: null`). */
  headers?: Record<string, string | null>
}

async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const { as = null, body, headers = {} } = options
  const merged: Record<string, string | null> = {
    host: HOST,
    origin: ORIGIN,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(as ? { cookie: typeof as === 'string' ? as : as.cookie } : {}),
    ...headers,
  }
  const sent = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null))
  return app.app.request(`http://${HOST}${path}`, {
    method,
    headers: sent,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
}

/** The `Set-Cookie` header for the session cookie, or undefined. */
function sessionSetCookie(response: Response): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith('rembug_session='))
}

/** The `rembug_session=<token>` pair the response set; fails the test if it set none. */
function sessionCookie(response: Response): string {
  const header = sessionSetCookie(response)
  expect(header, `a session cookie in the ${response.status} answer`).toBeDefined()
  return header!.split(';')[0]!
}

/** The attributes of a Set-Cookie header, names in lower case (`httponly: ''`, `max-age: '2592000'`, …). */
function cookieAttributes(header: string): Record<string, string> {
  return Object.fromEntries(
    header
      .split(';')
      .slice(1)
      .map((part) => {
        const [name, ...value] = part.trim().split('=')
        return [name!.toLowerCase(), value.join('=')]
      }),
  )
}

let counter = 0
async function signup(input: { email?: string; password?: string; name?: string } = {}): Promise<Person> {
  const n = ++counter
  const response = await request('POST', '/api/auth/signup', {
    body: { email: input.email ?? `orang${n}@example.org`, password: input.password ?? PASSWORD, name: input.name ?? `Orang ${n}` },
  })
  expect(response.status).toBe(201)
  return { user: ((await response.json()) as { user: PublicUser }).user, cookie: sessionCookie(response) }
}

async function login(email: string, password: string): Promise<Response> {
  return request('POST', '/api/auth/login', { body: { email, password } })
}

async function me(as: Person | string | null): Promise<Response> {
  return request('GET', '/api/me', { as })
}

async function createBoard(as: Person, title: string): Promise<BoardSummary> {
  const response = await request('POST', '/api/boards', { as, body: { title } })
  expect(response.status).toBe(201)
  return (await response.json()) as BoardSummary
}

/** A guest who joined `boardId` with a new invite of `role` made by its owner. */
async function guestOn(owner: Person, boardId: string, role: 'editor' | 'viewer' = 'editor', name = 'Tamu'): Promise<Person> {
  const invite = await request('POST', `/api/boards/${boardId}/invites`, { as: owner, body: { role } })
  expect(invite.status).toBe(201)
  const { code } = (await invite.json()) as { code: string }
  const joined = await request('POST', '/api/join', { body: { code, name, sector: 'masyarakat_sipil' } })
  expect(joined.status).toBe(200)
  const cookie = sessionCookie(joined)
  const whoami = await me(cookie)
  return { user: ((await whoami.json()) as { user: PublicUser }).user, cookie }
}

/** An account that joins `boardId` with a new invite of `role`. */
async function accountJoins(owner: Person, person: Person, boardId: string, role: 'editor' | 'viewer'): Promise<void> {
  const invite = await request('POST', `/api/boards/${boardId}/invites`, { as: owner, body: { role } })
  const { code } = (await invite.json()) as { code: string }
  const joined = await request('POST', '/api/join', { as: person, body: { code, name: person.user.name } })
  expect(joined.status).toBe(200)
  expect(((await joined.json()) as { role: Role }).role).toBe(role)
}

/** Waits until the clock has moved on, so the next board's createdAt is strictly later. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now()
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1))
}

async function expectError(response: Response, status: number, code: ApiErrorBody['error']['code']) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as ApiErrorBody
  expect(body.error.code).toBe(code)
  expect(typeof body.error.message).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(0)
  return body
}

describe('POST /api/auth/signup', () => {
  it('creates an account: 201 {user} with lower-case e-mail, trimmed name, no sector, and never the password hash', async () => {
    const response = await request('POST', '/api/auth/signup', { body: { email: 'Ani.Rahma@Example.ORG', password: PASSWORD, name: '  Ani Rahma  ' } })
    expect(response.status).toBe(201)
    const body = (await response.json()) as { user: PublicUser }
    expect(Object.keys(body)).toEqual(['user'])
    expect(body.user).toEqual({ id: expect.stringMatching(/^[a-z2-7]{24}$/), kind: 'account', name: 'Ani Rahma', email: 'ani.rahma@example.org', sector: null, organisation: null })
    expect(JSON.stringify(body)).not.toContain('argon2')
    const stored = await storage.users.get(body.user.id)
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/)
    expect(stored?.passwordHash).not.toContain(PASSWORD)
  })

  it('sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age 30 days, no Secure over http', async () => {
    const response = await request('POST', '/api/auth/signup', { body: { email: 'ani@example.org', password: PASSWORD, name: 'Ani' } })
    const header = sessionSetCookie(response)!
    expect(header).toMatch(/^rembug_session=[a-z2-7]{24}\.[a-z2-7]{32};/)
    const attributes = cookieAttributes(header)
    expect(attributes).toHaveProperty('httponly')
    expect(attributes.samesite).toBe('Lax')
    expect(attributes.path).toBe('/')
    expect(Math.abs(Number(attributes['max-age']) - 30 * 24 * 60 * 60)).toBeLessThanOrEqual(5)
    expect(attributes).not.toHaveProperty('secure')
    expect(attributes).not.toHaveProperty('domain')
  })

  it('marks the cookie Secure when the request came over https (x-forwarded-proto: https)', async () => {
    const response = await request('POST', '/api/auth/signup', {
      body: { email: 'ani@example.org', password: PASSWORD, name: 'Ani' },
      headers: { 'x-forwarded-proto': 'https', origin: `https://${HOST}` },
    })
    expect(response.status).toBe(201)
    const attributes = cookieAttributes(sessionSetCookie(response)!)
    expect(attributes).toHaveProperty('secure')
    expect(attributes).toHaveProperty('httponly')
    expect(attributes.samesite).toBe('Lax')
  })

  it('starts a session: the cookie it set opens /api/me as the new account', async () => {
    const ani = await signup({ email: 'ani@example.org', name: 'Ani' })
    const response = await me(ani)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: ani.user })
  })

  it('accepts a password of exactly 8 characters', async () => {
    await signup({ password: '12345678' })
  })

  it.each([
    ['a malformed e-mail', { email: 'not-an-email', password: PASSWORD, name: 'Ani' }],
    ['an e-mail without a domain', { email: 'ani@', password: PASSWORD, name: 'Ani' }],
    ['a missing e-mail', { password: PASSWORD, name: 'Ani' }],
    ['a password of 7 characters', { email: 'ani@example.org', password: '1234567', name: 'Ani' }],
    ['a password over 256 characters', { email: 'ani@example.org', password: 'x'.repeat(257), name: 'Ani' }],
    ['a missing password', { email: 'ani@example.org', name: 'Ani' }],
    ['an empty name', { email: 'ani@example.org', password: PASSWORD, name: '' }],
    ['a blank name', { email: 'ani@example.org', password: PASSWORD, name: '   ' }],
    ['a missing name', { email: 'ani@example.org', password: PASSWORD }],
  ])('rejects %s with 400 bad_request, no cookie and no account', async (_case, body) => {
    const response = await request('POST', '/api/auth/signup', { body })
    await expectError(response, 400, 'bad_request')
    expect(sessionSetCookie(response)).toBeUndefined()
    expect(await storage.users.getByEmail('ani@example.org')).toBeNull()
  })

  it('rejects an e-mail that has an account, in any case, with 409 email_taken and keeps the first account’s password', async () => {
    await signup({ email: 'ani@example.org', password: PASSWORD })
    const response = await request('POST', '/api/auth/signup', { body: { email: 'ANI@Example.org', password: 'another-password', name: 'Impostor' } })
    await expectError(response, 409, 'email_taken')
    expect(sessionSetCookie(response)).toBeUndefined()
    expect((await login('ani@example.org', PASSWORD)).status).toBe(200)
    await expectError(await login('ani@example.org', 'another-password'), 401, 'invalid_credentials')
  })

  it('refuses a sign-up without an Origin header with 403 bad_origin', async () => {
    const response = await request('POST', '/api/auth/signup', { body: { email: 'ani@example.org', password: PASSWORD, name: 'Ani' }, headers: { origin: null } })
    await expectError(response, 403, 'bad_origin')
    expect(await storage.users.getByEmail('ani@example.org')).toBeNull()
  })

  it('refuses a sign-up from a foreign origin with 403 bad_origin', async () => {
    const response = await request('POST', '/api/auth/signup', {
      body: { email: 'ani@example.org', password: PASSWORD, name: 'Ani' },
      headers: { origin: 'https://evil.example' },
    })
    await expectError(response, 403, 'bad_origin')
    expect(await storage.users.getByEmail('ani@example.org')).toBeNull()
  })
})

describe('POST /api/auth/login', () => {
  it('logs in: 200 {user} and a new session cookie, with the e-mail in any case', async () => {
    const ani = await signup({ email: 'ani@example.org', name: 'Ani' })
    const response = await login('  Ani@EXAMPLE.org ', PASSWORD)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: ani.user })
    const cookie = sessionCookie(response)
    expect(cookie).not.toBe(ani.cookie)
    const attributes = cookieAttributes(sessionSetCookie(response)!)
    expect(attributes).toHaveProperty('httponly')
    expect(attributes.samesite).toBe('Lax')
    // Both sessions (sign-up's and login's) work side by side.
    expect((await me(cookie)).status).toBe(200)
    expect((await me(ani)).status).toBe(200)
  })

  it('refuses a wrong password with 401 invalid_credentials and no cookie', async () => {
    await signup({ email: 'ani@example.org' })
    const response = await login('ani@example.org', 'wrong-password')
    await expectError(response, 401, 'invalid_credentials')
    expect(sessionSetCookie(response)).toBeUndefined()
  })

  it('refuses an unknown e-mail with 401 invalid_credentials and the same message as a wrong password', async () => {
    await signup({ email: 'ani@example.org' })
    const wrongPassword = await expectError(await login('ani@example.org', 'wrong-password'), 401, 'invalid_credentials')
    const unknownEmail = await login('nobody@example.org', PASSWORD)
    const body = await expectError(unknownEmail, 401, 'invalid_credentials')
    expect(body.error.message).toBe(wrongPassword.error.message)
    expect(sessionSetCookie(unknownEmail)).toBeUndefined()
  })

  it('allows 5 attempts per e-mail a minute, then answers 429 rate_limited with Retry-After, even for the right password', async () => {
    await signup({ email: 'ani@example.org' })
    for (let i = 0; i < 5; i++) await expectError(await login('ani@example.org', `wrong-${i}`), 401, 'invalid_credentials')
    const limited = await login('ani@example.org', PASSWORD)
    await expectError(limited, 429, 'rate_limited')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(sessionSetCookie(limited)).toBeUndefined()
  })

  it('rejects a body without e-mail or password with 400 bad_request', async () => {
    await expectError(await request('POST', '/api/auth/login', { body: { email: 'ani@example.org' } }), 400, 'bad_request')
    await expectError(await request('POST', '/api/auth/login', { body: { password: PASSWORD } }), 400, 'bad_request')
  })
})

describe('POST /api/auth/logout', () => {
  it('answers 204 and clears the cookie; the old cookie then gets 401 from /api/me', async () => {
    const ani = await signup()
    const response = await request('POST', '/api/auth/logout', { as: ani })
    expect(response.status).toBe(204)
    const cleared = sessionSetCookie(response)
    expect(cleared).toBeDefined()
    expect(cookieAttributes(cleared!)['max-age']).toBe('0')
    await expectError(await me(ani), 401, 'unauthorized')
  })

  it('ends only that session: another session of the same account keeps working', async () => {
    const ani = await signup({ email: 'ani@example.org' })
    const otherDevice = sessionCookie(await login('ani@example.org', PASSWORD))
    expect((await request('POST', '/api/auth/logout', { as: ani })).status).toBe(204)
    await expectError(await me(ani), 401, 'unauthorized')
    expect((await me(otherDevice)).status).toBe(200)
  })

  it('answers 204 without a session too', async () => {
    expect((await request('POST', '/api/auth/logout')).status).toBe(204)
  })

  it('refuses a logout from a foreign origin with 403 bad_origin and leaves the session alive', async () => {
    const ani = await signup()
    await expectError(await request('POST', '/api/auth/logout', { as: ani, headers: { origin: 'https://evil.example' } }), 403, 'bad_origin')
    expect((await me(ani)).status).toBe(200)
  })
})

describe('POST /api/auth/password', () => {
  it('refuses a wrong current password with 401 invalid_credentials and changes nothing', async () => {
    const ani = await signup({ email: 'ani@example.org' })
    const response = await request('POST', '/api/auth/password', { as: ani, body: { currentPassword: 'wrong-password', newPassword: 'kata-sandi-baru' } })
    await expectError(response, 401, 'invalid_credentials')
    expect((await me(ani)).status).toBe(200)
    expect((await login('ani@example.org', PASSWORD)).status).toBe(200)
    await expectError(await login('ani@example.org', 'kata-sandi-baru'), 401, 'invalid_credentials')
  })

  it('ends every session of the account, another device’s included, and sets a new cookie that works', async () => {
    const ani = await signup({ email: 'ani@example.org' })
    const otherDevice = sessionCookie(await login('ani@example.org', PASSWORD))
    const bystander = await signup({ email: 'budi@example.org' })

    const response = await request('POST', '/api/auth/password', { as: ani, body: { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ user: ani.user })
    const fresh = sessionCookie(response)
    expect(fresh).not.toBe(ani.cookie)

    await expectError(await me(otherDevice), 401, 'unauthorized')
    await expectError(await me(ani), 401, 'unauthorized')
    const meNow = await me(fresh)
    expect(meNow.status).toBe(200)
    expect(((await meNow.json()) as { user: PublicUser }).user.id).toBe(ani.user.id)
    // Another account is not touched.
    expect((await me(bystander)).status).toBe(200)
  })

  it('replaces the password: the new one logs in, the old one no longer does', async () => {
    const ani = await signup({ email: 'ani@example.org' })
    expect((await request('POST', '/api/auth/password', { as: ani, body: { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru' } })).status).toBe(200)
    expect((await login('ani@example.org', 'kata-sandi-baru')).status).toBe(200)
    await expectError(await login('ani@example.org', PASSWORD), 401, 'invalid_credentials')
  })

  it('rejects a new password under 8 characters with 400 bad_request and keeps the old one', async () => {
    const ani = await signup({ email: 'ani@example.org' })
    await expectError(await request('POST', '/api/auth/password', { as: ani, body: { currentPassword: PASSWORD, newPassword: 'short' } }), 400, 'bad_request')
    expect((await me(ani)).status).toBe(200)
    expect((await login('ani@example.org', PASSWORD)).status).toBe(200)
  })

  it('refuses a request without a session with 401 unauthorized', async () => {
    await expectError(await request('POST', '/api/auth/password', { body: { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru' } }), 401, 'unauthorized')
  })

  it('refuses a guest (who has no password) with 403 forbidden', async () => {
    const owner = await signup()
    const board = await createBoard(owner, 'Rembug')
    const guest = await guestOn(owner, board.id)
    await expectError(await request('POST', '/api/auth/password', { as: guest, body: { currentPassword: 'anything-at-all', newPassword: 'kata-sandi-baru' } }), 403, 'forbidden')
    expect((await me(guest)).status).toBe(200)
  })
})

describe('GET /api/me', () => {
  it('answers 401 unauthorized without a session', async () => {
    await expectError(await me(null), 401, 'unauthorized')
  })

  it('answers 401 for a forged or malformed cookie and clears it', async () => {
    const ani = await signup()
    const id = ani.cookie.split('=')[1]!.split('.')[0]!
    for (const cookie of [`rembug_session=${id}.${'a'.repeat(32)}`, 'rembug_session=garbage', 'rembug_session=']) {
      const response = await me(cookie)
      await expectError(response, 401, 'unauthorized')
      if (cookie !== 'rembug_session=') expect(cookieAttributes(sessionSetCookie(response)!)['max-age']).toBe('0')
    }
    // A forged secret does not end the real session.
    expect((await me(ani)).status).toBe(200)
  })

  it('answers 200 {user} for an account', async () => {
    const ani = await signup({ email: 'ani@example.org', name: 'Ani' })
    expect(await (await me(ani)).json()).toEqual({ user: { ...ani.user, kind: 'account', email: 'ani@example.org', name: 'Ani' } })
  })

  it('answers 200 {user} for a guest: kind guest, no e-mail, the name and sector given when joining', async () => {
    const owner = await signup()
    const board = await createBoard(owner, 'Rembug')
    const guest = await guestOn(owner, board.id, 'viewer', 'Pak RT')
    expect(guest.user).toMatchObject({ kind: 'guest', email: null, name: 'Pak RT', sector: 'masyarakat_sipil' })
  })

  it('is a safe request: it needs no Origin header', async () => {
    const ani = await signup()
    expect((await request('GET', '/api/me', { as: ani, headers: { origin: null } })).status).toBe(200)
  })
})

describe('sessions over HTTP (sliding expiry)', () => {
  let clock: number
  beforeEach(async () => {
    await app.rooms.shutdown()
    await storage.close()
    clock = Date.now()
    start({ sessions: { now: () => clock } })
  })

  it('a session used in its second half sends its cookie again with the expiry pushed out', async () => {
    const ani = await signup()
    const sessionId = ani.cookie.split('=')[1]!.split('.')[0]!
    const early = await me(ani)
    expect(early.status).toBe(200)
    expect(sessionSetCookie(early)).toBeUndefined()

    clock += 16 * DAY
    const late = await me(ani)
    expect(late.status).toBe(200)
    expect(sessionSetCookie(late)?.split(';')[0]).toBe(ani.cookie)
    expect((await storage.sessions.get(sessionId))?.expiresAt).toBe(clock + 30 * DAY)
  })

  it('a session unused for 30 days is refused, deleted and its cookie cleared', async () => {
    const ani = await signup()
    const sessionId = ani.cookie.split('=')[1]!.split('.')[0]!
    clock += 30 * DAY + 1
    const response = await me(ani)
    await expectError(response, 401, 'unauthorized')
    expect(cookieAttributes(sessionSetCookie(response)!)['max-age']).toBe('0')
    expect(await storage.sessions.get(sessionId)).toBeNull()
  })
})

describe('GET /healthz', () => {
  it('answers 200 {ok:true} with each dependency and its latency while they answer, without a session or an Origin', async () => {
    const response = await request('GET', '/healthz', { headers: { origin: null } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { storage: { latencyMs: number } }
    expect(body).toMatchObject({ ok: true, storage: { kind: 'sqlite', ok: true }, fanout: { kind: 'local', ok: true } })
    expect(body.storage.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('answers 503 {ok:false} naming the dependency that fails once the storage is closed', async () => {
    await storage.close()
    const response = await request('GET', '/healthz')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ ok: false, storage: { kind: 'sqlite', ok: false }, fanout: { ok: true } })
  })
})

describe('GET /metrics', () => {
  it('answers Prometheus text with rooms, connections, messages, store latency and errors, without a session', async () => {
    const response = await request('GET', '/metrics', { headers: { origin: null } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    for (const name of [
      'rembug_rooms',
      'rembug_connections',
      'rembug_messages_received_total',
      'rembug_frames_sent_doc_total',
      'rembug_store_write_seconds_bucket',
      'rembug_store_errors_total',
      'rembug_fanout_published_total',
      'rembug_gap_catchups_total',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name.replace(/_bucket$/, '')} `, 'm'))
    }
    expect(text).toMatch(/^rembug_rooms 0$/m)
    expect(text).toMatch(/^rembug_info\{instance="[^"]+",storage="sqlite",fanout="local"\} 1$/m)
  })
})

describe('security headers', () => {
  it.each([
    ['GET /healthz', 'GET', '/healthz', 200],
    ['GET /api/me without a session', 'GET', '/api/me', 401],
    ['an unknown API route', 'GET', '/api/whatever', 404],
    ['a POST refused for its origin', 'POST', '/api/boards', 403],
  ])('are on every answer: %s', async (_case, method, path, status) => {
    const response = await request(method, path, method === 'POST' ? { headers: { origin: 'https://evil.example' } } : {})
    expect(response.status).toBe(status)
    const csp = response.headers.get('content-security-policy')
    expect(csp).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/)
    expect(csp).toMatch(/(^|;)\s*default-src 'self'\s*(;|$)/)
    expect(csp).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })

  it('are on a successful API answer that sets a cookie', async () => {
    const response = await request('POST', '/api/auth/signup', { body: { email: 'ani@example.org', password: PASSWORD, name: 'Ani' } })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('POST /api/boards', () => {
  it('refuses a request without a session with 401 unauthorized and creates nothing', async () => {
    await expectError(await request('POST', '/api/boards', { body: { title: 'Anonim' } }), 401, 'unauthorized')
    expect(await storage.boards.listBoards()).toEqual([])
  })

  it('refuses a guest with 403 forbidden: only accounts create boards', async () => {
    const owner = await signup()
    const board = await createBoard(owner, 'Rembug')
    const guest = await guestOn(owner, board.id)
    await expectError(await request('POST', '/api/boards', { as: guest, body: { title: 'Tamu' } }), 403, 'forbidden')
    expect((await storage.boards.listBoards()).map((b) => b.id)).toEqual([board.id])
  })

  it('refuses a request without an Origin header with 403 bad_origin, even with a session', async () => {
    const ani = await signup()
    await expectError(await request('POST', '/api/boards', { as: ani, body: { title: 'X' }, headers: { origin: null } }), 403, 'bad_origin')
    expect(await storage.boards.listBoards()).toEqual([])
  })

  it('creates a board for an account: 201 {id, title, createdAt, role: owner} and records the owner role', async () => {
    const ani = await signup()
    const before = Date.now()
    const response = await request('POST', '/api/boards', { as: ani, body: { title: 'Rembug RW 05' } })
    expect(response.status).toBe(201)
    const board = (await response.json()) as BoardSummary
    expect(Object.keys(board).sort()).toEqual(['createdAt', 'id', 'role', 'title'])
    expect(board.id).toMatch(/^[a-z2-7]{24}$/)
    expect(board.title).toBe('Rembug RW 05')
    expect(board.role).toBe('owner')
    expect(new Date(board.createdAt).toISOString()).toBe(board.createdAt)
    expect(Date.parse(board.createdAt)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(board.createdAt)).toBeLessThanOrEqual(Date.now())
    expect((await storage.members.get(board.id, ani.user.id))?.role).toBe('owner')
    expect(await storage.members.listForBoard(board.id)).toHaveLength(1)
  })

  it('trims the title', async () => {
    expect((await createBoard(await signup(), '  \t Musyawarah desa \n ')).title).toBe('Musyawarah desa')
  })

  it('accepts a title of exactly 200 characters, counted after trimming', async () => {
    const title = 'x'.repeat(200)
    expect((await createBoard(await signup(), `  ${title}  `)).title).toBe(title)
  })

  it.each([
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a missing title', {}],
    ['a title that is not a string', { title: 42 }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a body that is not an object', 'null'],
  ])('rejects %s with 400 bad_request', async (_case, body) => {
    const ani = await signup()
    await expectError(await request('POST', '/api/boards', { as: ani, body }), 400, 'bad_request')
    expect(await storage.boards.listBoards()).toEqual([])
  })

  it('rejects a body that is not JSON with 400 bad_request', async () => {
    const ani = await signup()
    const body = await expectError(await request('POST', '/api/boards', { as: ani, body: 'title=Hello' }), 400, 'bad_request')
    expect(body.error.message).toMatch(/JSON/)
  })

  it('gives two boards different ids', async () => {
    const ani = await signup()
    const a = await createBoard(ani, 'A')
    const b = await createBoard(ani, 'A')
    expect(a.id).not.toBe(b.id)
  })

  it('stores a first document: a Yjs update holding the board layout, schema and initial records', async () => {
    const board = await createBoard(await signup(), 'Seeded')
    const stored = await storage.docs.load(board.id)
    expect(stored.lastSeq).toBeGreaterThan(0)
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    expect(readDocSchema(doc)).toBeDefined()
    expect(readRecords(doc).map((record) => record.id)).toEqual(expect.arrayContaining(['document:document', 'page:page']))
  })
})

describe('GET /api/boards', () => {
  it('refuses a request without a session with 401 unauthorized', async () => {
    await createBoard(await signup(), 'Somebody’s')
    await expectError(await request('GET', '/api/boards'), 401, 'unauthorized')
  })

  it('lists no boards for a new account, even when others have boards', async () => {
    await createBoard(await signup(), 'Somebody’s')
    const response = await request('GET', '/api/boards', { as: await signup() })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ boards: [] })
  })

  it('lists only the boards I have a role on, each with my role, newest first', async () => {
    const ani = await signup({ name: 'Ani' })
    const budi = await signup({ name: 'Budi' })
    const first = await createBoard(ani, 'First')
    await nextMillisecond()
    const budis = await createBoard(budi, 'Budi’s only')
    await nextMillisecond()
    const second = await createBoard(ani, 'Second')
    await nextMillisecond()
    const shared = await createBoard(budi, 'Shared with Ani')
    await accountJoins(budi, ani, shared.id, 'editor')

    const response = await request('GET', '/api/boards', { as: ani })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ boards: [{ ...shared, role: 'editor' }, second, first] })

    const forBudi = (await (await request('GET', '/api/boards', { as: budi })).json()) as { boards: BoardSummary[] }
    expect(forBudi).toEqual({ boards: [shared, budis] })
  })

  it('lists a guest’s board with the role of their invite', async () => {
    const owner = await signup()
    const board = await createBoard(owner, 'Rembug')
    await createBoard(owner, 'Not for guests')
    const guest = await guestOn(owner, board.id, 'viewer')
    expect(await (await request('GET', '/api/boards', { as: guest })).json()).toEqual({ boards: [{ ...board, role: 'viewer' }] })
  })
})

describe('GET /api/boards/:id', () => {
  it('returns the board with my role', async () => {
    const ani = await signup()
    const board = await createBoard(ani, 'Findable')
    const response = await request('GET', `/api/boards/${board.id}`, { as: ani })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(board)
  })

  it('returns the role an invite gave', async () => {
    const owner = await signup()
    const board = await createBoard(owner, 'Rembug')
    const guest = await guestOn(owner, board.id, 'viewer')
    expect(await (await request('GET', `/api/boards/${board.id}`, { as: guest })).json()).toEqual({ ...board, role: 'viewer' })
  })

  it('refuses an account with no role on the board with 403 forbidden: the id alone opens nothing', async () => {
    const board = await createBoard(await signup(), 'Private')
    const stranger = await signup()
    const body = await expectError(await request('GET', `/api/boards/${board.id}`, { as: stranger }), 403, 'forbidden')
    expect(JSON.stringify(body)).not.toContain('Private')
  })

  it('refuses a request without a session with 401 unauthorized', async () => {
    const board = await createBoard(await signup(), 'Private')
    await expectError(await request('GET', `/api/boards/${board.id}`), 401, 'unauthorized')
  })

  it('answers 404 board_not_found for an unknown id', async () => {
    const ani = await signup()
    await createBoard(ani, 'Other')
    await expectError(await request('GET', `/api/boards/${'a'.repeat(24)}`, { as: ani }), 404, 'board_not_found')
  })

  it('answers 404 board_not_found for a malformed id', async () => {
    await expectError(await request('GET', '/api/boards/not-a-board-id', { as: await signup() }), 404, 'board_not_found')
  })
})

describe('unknown API routes', () => {
  it.each([
    ['GET', '/api/whatever'],
    ['POST', '/api/whatever/deeper'],
    ['DELETE', '/api/boards'],
  ])('%s %s answers 404 not_found as JSON', async (method, path) => {
    await expectError(await request(method, path), 404, 'not_found')
  })

  it('answers 404 not_found with a session too', async () => {
    await expectError(await request('GET', '/api/whatever', { as: await signup() }), 404, 'not_found')
  })
})
