import type Database from 'better-sqlite3'
import type { Role } from '../../shared/access'
import { accessSchemaSql as accessSchema, toInvite, toMember, toUser, userColumns, type InviteRow, type MemberRow, type UserRow } from './rows'
import {
  UniqueViolation,
  type Board,
  type InviteRecord,
  type InviteStore,
  type MemberStore,
  type MembershipRecord,
  type SessionRecord,
  type SessionStore,
  type UserRecord,
  type UserStore,
} from './types'

/** Schema for people, sessions, board roles and invites (migration 2 of SqliteStorage). */
export const accessSchemaSql = accessSchema({ bytes: 'BLOB', millis: 'INTEGER' })

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}



export class SqliteUserStore implements UserStore {
  private readonly stmts
  constructor(private readonly db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO users (id, kind, email, password_hash, name, sector, organisation, created_at)
         VALUES (@id, @kind, @email, @passwordHash, @name, @sector, @organisation, @createdAt)`,
      ),
      get: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    }
  }

  async create(user: UserRecord): Promise<void> {
    try {
      this.stmts.insert.run({ ...user, email: user.email?.toLowerCase() ?? null })
    } catch (error) {
      if (isUniqueViolation(error)) throw new UniqueViolation(`user ${user.id} or e-mail already exists`)
      throw error
    }
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = this.stmts.get.get(id)
    return row ? toUser(row) : null
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const row = this.stmts.byEmail.get(email.toLowerCase())
    return row ? toUser(row) : null
  }

  async update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'sector' | 'organisation' | 'passwordHash'>>): Promise<void> {
    const entries = Object.entries(patch).filter(([key, value]) => key in userColumns && value !== undefined)
    if (entries.length === 0) return
    const sets = entries.map(([key]) => `${userColumns[key]} = @${key}`).join(', ')
    this.db.prepare(`UPDATE users SET ${sets} WHERE id = @id`).run({ ...Object.fromEntries(entries), id })
  }
}

interface SessionRow {
  id: string
  user_id: string
  secret_hash: Buffer
  created_at: number
  expires_at: number
}

export class SqliteSessionStore implements SessionStore {
  private readonly stmts
  private readonly deleteForUserTx: (userId: string) => string[]
  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare<[string, string, Uint8Array, number, number]>(
        'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      get: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      setExpiry: db.prepare<[number, string]>('UPDATE sessions SET expires_at = ? WHERE id = ?'),
      delete: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
      idsOfUser: db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE user_id = ?'),
      deleteOfUser: db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?'),
      deleteExpired: db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),
    }
    this.deleteForUserTx = db.transaction((userId: string) => {
      const ids = this.stmts.idsOfUser.all(userId).map((row) => row.id)
      this.stmts.deleteOfUser.run(userId)
      return ids
    })
  }

  async create(session: SessionRecord): Promise<void> {
    try {
      this.stmts.insert.run(session.id, session.userId, session.secretHash, session.createdAt, session.expiresAt)
    } catch (error) {
      if (isUniqueViolation(error)) throw new UniqueViolation(`session ${session.id} exists`)
      throw error
    }
  }

  async get(id: string): Promise<SessionRecord | null> {
    const row = this.stmts.get.get(id)
    if (!row) return null
    return { id: row.id, userId: row.user_id, secretHash: new Uint8Array(row.secret_hash), createdAt: row.created_at, expiresAt: row.expires_at }
  }

  async setExpiry(id: string, expiresAt: number): Promise<void> {
    this.stmts.setExpiry.run(expiresAt, id)
  }

  async delete(id: string): Promise<void> {
    this.stmts.delete.run(id)
  }

  async deleteForUser(userId: string): Promise<string[]> {
    return this.deleteForUserTx(userId)
  }

  async deleteExpired(now: number): Promise<number> {
    return this.stmts.deleteExpired.run(now).changes
  }
}



export class SqliteMemberStore implements MemberStore {
  private readonly stmts
  private readonly removeByInviteTx: (inviteId: string) => MembershipRecord[]
  constructor(db: Database.Database) {
    this.stmts = {
      upsert: db.prepare(
        `INSERT INTO board_members (board_id, user_id, role, invite_id, created_at)
         VALUES (@boardId, @userId, @role, @inviteId, @createdAt)
         ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role, invite_id = excluded.invite_id`,
      ),
      get: db.prepare<[string, string], MemberRow>('SELECT * FROM board_members WHERE board_id = ? AND user_id = ?'),
      listForBoard: db.prepare<[string], MemberRow>('SELECT * FROM board_members WHERE board_id = ? ORDER BY created_at, user_id'),
      boardsOf: db.prepare<[string], { id: string; title: string; created_at: string; role: Role }>(
        `SELECT b.id, b.title, b.created_at, m.role FROM board_members m JOIN boards b ON b.id = m.board_id
         WHERE m.user_id = ? ORDER BY b.created_at DESC, b.id`,
      ),
      remove: db.prepare<[string, string]>('DELETE FROM board_members WHERE board_id = ? AND user_id = ?'),
      byInvite: db.prepare<[string], MemberRow>('SELECT * FROM board_members WHERE invite_id = ?'),
      removeByInvite: db.prepare<[string]>('DELETE FROM board_members WHERE invite_id = ?'),
    }
    this.removeByInviteTx = db.transaction((inviteId: string) => {
      const removed = this.stmts.byInvite.all(inviteId).map(toMember)
      this.stmts.removeByInvite.run(inviteId)
      return removed
    })
  }

  async upsert(membership: MembershipRecord): Promise<void> {
    this.stmts.upsert.run(membership)
  }

  async get(boardId: string, userId: string): Promise<MembershipRecord | null> {
    const row = this.stmts.get.get(boardId, userId)
    return row ? toMember(row) : null
  }

  async listForBoard(boardId: string): Promise<MembershipRecord[]> {
    return this.stmts.listForBoard.all(boardId).map(toMember)
  }

  async boardsOf(userId: string): Promise<Array<Board & { role: Role }>> {
    return this.stmts.boardsOf.all(userId).map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at, role: row.role }))
  }

  async remove(boardId: string, userId: string): Promise<void> {
    this.stmts.remove.run(boardId, userId)
  }

  async removeByInvite(inviteId: string): Promise<MembershipRecord[]> {
    return this.removeByInviteTx(inviteId)
  }
}



export class SqliteInviteStore implements InviteStore {
  private readonly stmts
  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO invites (id, board_id, code, role, created_by, created_at, expires_at, revoked_at)
         VALUES (@id, @boardId, @code, @role, @createdBy, @createdAt, @expiresAt, @revokedAt)`,
      ),
      get: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?'),
      byCode: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code = ?'),
      listForBoard: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE board_id = ? ORDER BY created_at DESC, id'),
      revoke: db.prepare<[string, string]>('UPDATE invites SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?'),
    }
  }

  async create(invite: InviteRecord): Promise<void> {
    try {
      this.stmts.insert.run(invite)
    } catch (error) {
      if (isUniqueViolation(error)) throw new UniqueViolation(`invite ${invite.id} or code exists`)
      throw error
    }
  }

  async get(id: string): Promise<InviteRecord | null> {
    const row = this.stmts.get.get(id)
    return row ? toInvite(row) : null
  }

  async getByCode(code: string): Promise<InviteRecord | null> {
    const row = this.stmts.byCode.get(code)
    return row ? toInvite(row) : null
  }

  async listForBoard(boardId: string): Promise<InviteRecord[]> {
    return this.stmts.listForBoard.all(boardId).map(toInvite)
  }

  async revoke(id: string, at: string): Promise<void> {
    this.stmts.revoke.run(at, id)
  }
}
