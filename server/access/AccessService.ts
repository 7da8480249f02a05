import { atLeast, formatInviteCode, normaliseInviteCode, type InviteInfo, type InviteRole, type Member, type Role, type Sector } from '../../shared/access'
import { ApiError } from '../../shared/codes'
import { newInviteCode, randomId } from '../auth/ids'
import { RateLimiter } from '../auth/RateLimiter'
import type { InviteRecord, Storage, UserRecord } from '../storage/types'
import { UniqueViolation } from '../storage/types'

/**
 * Told when people lose their role on a board (`accessRevoked`) or get another one (`roleChanged`), so their sockets
 * there can be closed: for good, or to reconnect with the new role.
 */
export type AccessChanged = (change: 'accessRevoked' | 'roleChanged', boardId: string, userIds: string[]) => void

/**
 * Who has which role on which board: the one place every route and the socket ask. Also invites (make, list, revoke,
 * join) and co-facilitators.
 */
export class AccessService {
  constructor(
    private readonly storage: Storage,
    private readonly onChanged: AccessChanged = () => {},
    /** Guessing codes: 20 codes that fail a minute per address over the join and preview routes. */
    readonly joinLimiter = new RateLimiter(20, 60_000),
    /**
     * Guest people made by joining: 300 a minute per address, above any hall behind one address (whose sockets are
     * capped at 250 per address), so a code that leaked cannot fill the store with guests.
     */
    readonly guestLimiter = new RateLimiter(300, 60_000),
  ) {}

  /** Counts one new guest from `address`; throws `rate_limited` over the limit. */
  admitGuest(address: string): void {
    const wait = this.guestLimiter.hit(address)
    if (wait > 0) throw new ApiError('rate_limited', `Too many people joined from this address. Try again in ${wait} seconds.`, { retryAfter: wait })
  }

  /** The person's role on the board, or `null`. */
  async roleOf(userId: string, boardId: string): Promise<Role | null> {
    return (await this.storage.members.get(boardId, userId))?.role ?? null
  }

  /**
   * The role of `user` on an existing board if it is at least `needed`. Throws `unauthorized` without a person,
   * `board_not_found` for no such board, `forbidden` for a role too weak (or none).
   */
  async require(user: UserRecord | null, boardId: string, needed: Role): Promise<Role> {
    if (!user) throw new ApiError('unauthorized', 'Log in or join with a code first.')
    const board = await this.storage.boards.getBoard(boardId)
    if (!board) throw new ApiError('board_not_found', `No board with id "${boardId}".`)
    const role = await this.roleOf(user.id, boardId)
    if (!atLeast(role, needed)) {
      throw new ApiError('forbidden', role ? `This needs the ${needed} role; you are ${role}.` : 'You have no access to this board.')
    }
    return role!
  }

  async grantOwner(boardId: string, userId: string): Promise<void> {
    await this.storage.members.upsert({ boardId, userId, role: 'owner', inviteId: null, createdAt: new Date().toISOString() })
  }

  async members(boardId: string): Promise<Member[]> {
    const memberships = await this.storage.members.listForBoard(boardId)
    const members: Member[] = []
    for (const membership of memberships) {
      const user = await this.storage.users.get(membership.userId)
      if (!user) continue
      members.push({ userId: user.id, name: user.name, kind: user.kind, role: membership.role, sector: user.sector, organisation: user.organisation })
    }
    return members
  }

  /** Makes the account with this e-mail a co-facilitator (never lowers an owner). */
  async addFacilitator(boardId: string, email: string): Promise<Member> {
    const user = await this.storage.users.getByEmail(email.trim().toLowerCase())
    if (!user || user.kind !== 'account') throw new ApiError('user_not_found', `No account with the e-mail ${email}.`)
    const current = await this.storage.members.get(boardId, user.id)
    if (current?.role !== 'owner') {
      await this.storage.members.upsert({ boardId, userId: user.id, role: 'facilitator', inviteId: null, createdAt: current?.createdAt ?? new Date().toISOString() })
    }
    // Someone already on the board (a participant) is served as a facilitator from their next connection: now.
    if (current && current.role !== 'owner' && current.role !== 'facilitator') this.onChanged('roleChanged', boardId, [user.id])
    const role: Role = current?.role === 'owner' ? 'owner' : 'facilitator'
    return { userId: user.id, name: user.name, kind: user.kind, role, sector: user.sector, organisation: user.organisation }
  }

  async removeMember(boardId: string, userId: string): Promise<void> {
    const membership = await this.storage.members.get(boardId, userId)
    if (!membership) throw new ApiError('user_not_found', 'That person has no role on this board.')
    if (membership.role === 'owner') throw new ApiError('forbidden', 'The owner cannot be removed.')
    await this.storage.members.remove(boardId, userId)
    this.onChanged('accessRevoked', boardId, [userId])
  }

  async createInvite(boardId: string, createdBy: string, role: InviteRole, expiresAt: string | null): Promise<InviteInfo> {
    for (let attempt = 0; ; attempt++) {
      const invite: InviteRecord = {
        id: randomId(),
        boardId,
        code: newInviteCode(),
        role,
        createdBy,
        createdAt: new Date().toISOString(),
        expiresAt,
        revokedAt: null,
      }
      try {
        await this.storage.invites.create(invite)
        return inviteInfo(invite)
      } catch (error) {
        // A code collision is possible (about 40 bits); draw again a few times.
        if (!(error instanceof UniqueViolation) || attempt >= 5) throw error
      }
    }
  }

  async listInvites(boardId: string): Promise<InviteInfo[]> {
    return (await this.storage.invites.listForBoard(boardId)).map(inviteInfo)
  }

  /** Revokes an invite: everyone who got their role from it loses it, and their sockets on the board close. */
  async revokeInvite(boardId: string, inviteId: string): Promise<void> {
    const invite = await this.storage.invites.get(inviteId)
    if (!invite || invite.boardId !== boardId) throw new ApiError('invite_not_found', 'No such invite on this board.')
    await this.storage.invites.revoke(inviteId, new Date().toISOString())
    const removed = await this.storage.members.removeByInvite(inviteId)
    if (removed.length > 0) this.onChanged('accessRevoked', boardId, removed.map((m) => m.userId))
  }

  /**
   * The usable invite behind a typed code, or the reason it cannot be used. Only codes that fail count against the
   * join rate limit: a hall of phones behind one venue address, all typing the right code in the same minute, must
   * get in, while guessing (nearly all misses) stops after `joinLimiter.limit` a minute. Over the limit, every code
   * waits, the right one too.
   */
  async findInvite(rawCode: string, address: string): Promise<InviteRecord> {
    const limited = (wait: number) => new ApiError('rate_limited', `Too many attempts. Try again in ${wait} seconds.`, { retryAfter: wait })
    const blocked = this.joinLimiter.wait(address)
    if (blocked > 0) throw limited(blocked)
    const code = normaliseInviteCode(rawCode)
    const invite = code ? await this.storage.invites.getByCode(code) : null
    const failure = !invite
      ? new ApiError('invite_not_found', 'No invite with this code.')
      : invite.revokedAt
        ? new ApiError('invite_revoked', 'This invite was revoked.')
        : invite.expiresAt && Date.parse(invite.expiresAt) <= Date.now()
          ? new ApiError('invite_expired', 'This invite has expired.')
          : null
    if (!failure) return invite!
    const wait = this.joinLimiter.hit(address)
    throw wait > 0 ? limited(wait) : failure
  }

  /**
   * Gives the invite's role to a person (unless they already have a stronger one). Returns the role they now have.
   */
  async join(invite: InviteRecord, user: UserRecord, profile: { name: string; sector: Sector | null; organisation: string | null }): Promise<Role> {
    if (user.kind === 'guest') await this.storage.users.update(user.id, profile)
    const current = await this.storage.members.get(invite.boardId, user.id)
    if (current && atLeast(current.role, invite.role)) return current.role
    await this.storage.members.upsert({
      boardId: invite.boardId,
      userId: user.id,
      role: invite.role,
      inviteId: invite.id,
      createdAt: current?.createdAt ?? new Date().toISOString(),
    })
    // A viewer who joins with an editor's code may have the board open in another tab: it reconnects as an editor.
    if (current) this.onChanged('roleChanged', invite.boardId, [user.id])
    return invite.role
  }
}

function inviteInfo(invite: InviteRecord): InviteInfo {
  return {
    id: invite.id,
    code: formatInviteCode(invite.code),
    url: `/join/${invite.code}`,
    role: invite.role,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    revokedAt: invite.revokedAt,
  }
}
