import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import type { SessionRecord, SessionStore, UserRecord, UserStore } from '../storage/types'
import { randomId } from './ids'

export const SESSION_COOKIE = 'rembug_session'
const DAY = 24 * 60 * 60 * 1000

export interface SessionOptions {
  /** How long a session lives without use. */
  lifetimeMs: number
  /** A session used with less than this left is extended to a full lifetime (sliding expiry). */
  renewWithinMs: number
  now(): number
}

export const defaultSessionOptions: SessionOptions = { lifetimeMs: 30 * DAY, renewWithinMs: 15 * DAY, now: () => Date.now() }

export interface ValidSession {
  session: SessionRecord
  user: UserRecord
  /** True when this validation extended the expiry: the cookie must be sent again. */
  renewed: boolean
}

/**
 * Sessions as the Lucia guide (lucia-auth.com) teaches, on @oslojs/crypto: a token `<id>.<secret>` of two random
 * parts (120 and 160 bits); the store keeps only SHA-256(secret), looked up by id and compared in constant time; a
 * sliding expiry; deleting the row ends the session.
 */
export class SessionService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly users: UserStore,
    private readonly options: SessionOptions = defaultSessionOptions,
  ) {}

  /** Starts a session for a person; returns the token to put in the cookie (never stored) and the record. */
  async create(userId: string): Promise<{ token: string; session: SessionRecord }> {
    const id = randomId(15)
    const secret = randomId(20)
    const now = this.options.now()
    const session: SessionRecord = { id, userId, secretHash: hashSecret(secret), createdAt: now, expiresAt: now + this.options.lifetimeMs }
    await this.sessions.create(session)
    return { token: `${id}.${secret}`, session }
  }

  /** The session and person behind a token, or `null` for a malformed, unknown, forged or expired token. */
  async validate(token: string | undefined | null): Promise<ValidSession | null> {
    if (!token) return null
    const parts = token.split('.')
    if (parts.length !== 2 || !parts[0] || !parts[1]) return null
    const [id, secret] = parts as [string, string]
    const session = await this.sessions.get(id)
    if (!session) return null
    if (!constantTimeEqual(session.secretHash, hashSecret(secret))) return null
    const now = this.options.now()
    if (session.expiresAt <= now) {
      await this.sessions.delete(id)
      return null
    }
    const user = await this.users.get(session.userId)
    if (!user) return null
    let renewed = false
    if (session.expiresAt - now < this.options.renewWithinMs) {
      session.expiresAt = now + this.options.lifetimeMs
      await this.sessions.setExpiry(id, session.expiresAt)
      renewed = true
    }
    return { session, user, renewed }
  }

  invalidate(sessionId: string): Promise<void> {
    return this.sessions.delete(sessionId)
  }

  /** Ends every session of a person (password change); returns their ids. */
  invalidateAll(userId: string): Promise<string[]> {
    return this.sessions.deleteForUser(userId)
  }
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret))
}
