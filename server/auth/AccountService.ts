import type { PublicUser, Sector } from '../../shared/access'
import { ApiError } from '../../shared/codes'
import type { SessionRecord, Storage, UserRecord } from '../storage/types'
import { UniqueViolation } from '../storage/types'
import { randomId } from './ids'
import { hashPassword, verifyPassword } from './passwords'
import { RateLimiter } from './RateLimiter'
import type { SessionService } from './SessionService'

// A hash of a random password, verified when the e-mail is unknown so both answers take the same time.
const decoyHash = hashPassword(randomId(20))

export interface LoginLimits {
  perAddress: RateLimiter
  perEmail: RateLimiter
}

export const defaultLoginLimits = (): LoginLimits => ({
  perAddress: new RateLimiter(10, 60_000),
  perEmail: new RateLimiter(5, 60_000),
})

/** Sign-up, login, logout, password change, and guests. */
export class AccountService {
  constructor(
    private readonly storage: Storage,
    private readonly sessions: SessionService,
    private readonly limits: LoginLimits = defaultLoginLimits(),
    /** Told which sessions ended, so their sockets can be closed. */
    private readonly onSessionsEnded: (sessionIds: string[]) => void = () => {},
  ) {}

  async signup(input: { email: string; password: string; name: string }): Promise<{ user: UserRecord; token: string; session: SessionRecord }> {
    const user: UserRecord = {
      id: randomId(),
      kind: 'account',
      email: input.email.trim().toLowerCase(),
      passwordHash: await hashPassword(input.password),
      name: input.name.trim(),
      sector: null,
      organisation: null,
      createdAt: new Date().toISOString(),
    }
    try {
      await this.storage.users.create(user)
    } catch (error) {
      if (error instanceof UniqueViolation) throw new ApiError('email_taken', 'An account with this e-mail already exists.')
      throw error
    }
    return { user, ...(await this.sessions.create(user.id)) }
  }

  /** Checks the rate limits first (per address, per e-mail), then the password. */
  async login(input: { email: string; password: string }, address: string): Promise<{ user: UserRecord; token: string; session: SessionRecord }> {
    const email = input.email.trim().toLowerCase()
    const wait = Math.max(this.limits.perAddress.hit(address), this.limits.perEmail.hit(email))
    if (wait > 0) throw new ApiError('rate_limited', `Too many login attempts. Try again in ${wait} seconds.`, { retryAfter: wait })
    const user = await this.storage.users.getByEmail(email)
    let valid = false
    if (user?.passwordHash) valid = await verifyPassword(user.passwordHash, input.password)
    else await verifyPassword(await decoyHash, input.password)
    if (!user || !valid) throw new ApiError('invalid_credentials', 'Wrong e-mail or password.')
    return { user, ...(await this.sessions.create(user.id)) }
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.invalidate(sessionId)
    this.onSessionsEnded([sessionId])
  }

  /** Ends every session of the account (other devices included) and starts a new one for this device. */
  async changePassword(user: UserRecord, currentPassword: string, newPassword: string): Promise<{ token: string; session: SessionRecord }> {
    if (user.kind !== 'account' || !user.passwordHash) throw new ApiError('forbidden', 'Guests have no password.')
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new ApiError('invalid_credentials', 'The current password is wrong.')
    await this.storage.users.update(user.id, { passwordHash: await hashPassword(newPassword) })
    const ended = await this.sessions.invalidateAll(user.id)
    this.onSessionsEnded(ended)
    return this.sessions.create(user.id)
  }

  /** A new guest person (no e-mail, no password) with a session. */
  async createGuest(profile: { name: string; sector: Sector | null; organisation: string | null }): Promise<{ user: UserRecord; token: string; session: SessionRecord }> {
    const user: UserRecord = {
      id: randomId(),
      kind: 'guest',
      email: null,
      passwordHash: null,
      name: profile.name,
      sector: profile.sector,
      organisation: profile.organisation,
      createdAt: new Date().toISOString(),
    }
    await this.storage.users.create(user)
    return { user, ...(await this.sessions.create(user.id)) }
  }
}

/** What the API shows of a person: never the password hash. */
export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, kind: user.kind, name: user.name, email: user.email, sector: user.sector, organisation: user.organisation }
}
