import type pg from 'pg'
import type { Role } from '../../shared/access'
import { toInvite, toMember, toUser, userColumns, type InviteRow, type MemberRow, type UserRow } from './rows'
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

/** Runs an INSERT, turning PostgreSQL's unique_violation (23505) into `UniqueViolation`. */
async function insertUnique(pool: pg.Pool, sql: string, values: unknown[], what: string): Promise<void> {
  try {
    await pool.query(sql, values)
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new UniqueViolation(what)
    throw error
  }
}



export class PgUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(user: UserRecord): Promise<void> {
    await insertUnique(
      this.pool,
      `INSERT INTO users (id, kind, email, password_hash, name, sector, organisation, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [user.id, user.kind, user.email?.toLowerCase() ?? null, user.passwordHash, user.name, user.sector, user.organisation, user.createdAt],
      `user ${user.id} or e-mail already exists`,
    )
  }

  async get(id: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return rows[0] ? toUser(rows[0]) : null
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE email = $1', [email.toLowerCase()])
    return rows[0] ? toUser(rows[0]) : null
  }

  async update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'sector' | 'organisation' | 'passwordHash'>>): Promise<void> {
    const entries = Object.entries(patch).filter(([key, value]) => key in userColumns && value !== undefined)
    if (entries.length === 0) return
    // Column names come from a fixed map, never from the caller.
    const sets = entries.map(([key], i) => `${userColumns[key]} = $${i + 2}`).join(', ')
    await this.pool.query(`UPDATE users SET ${sets} WHERE id = $1`, [id, ...entries.map(([, value]) => value)])
  }
}

interface SessionRow {
  id: string
  user_id: string
  secret_hash: Buffer
  created_at: string
  expires_at: string
}

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: SessionRecord): Promise<void> {
    await insertUnique(
      this.pool,
      'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.id, session.userId, session.secretHash, session.createdAt, session.expiresAt],
      `session ${session.id} exists`,
    )
  }

  async get(id: string): Promise<SessionRecord | null> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])
    const row = rows[0]
    if (!row) return null
    return {
      id: row.id,
      userId: row.user_id,
      secretHash: new Uint8Array(row.secret_hash),
      // BIGINT arrives as a string; milliseconds since the epoch stay far below 2^53.
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
    }
  }

  async setExpiry(id: string, expiresAt: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiresAt, id])
  }

  async delete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id = $1', [id])
  }

  async deleteForUser(userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING id', [userId])
    return rows.map((row) => row.id)
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now])
    return result.rowCount ?? 0
  }
}



export class PgMemberStore implements MemberStore {
  constructor(private readonly pool: pg.Pool) {}

  async upsert(m: MembershipRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO board_members (board_id, user_id, role, invite_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (board_id, user_id) DO UPDATE SET role = EXCLUDED.role, invite_id = EXCLUDED.invite_id`,
      [m.boardId, m.userId, m.role, m.inviteId, m.createdAt],
    )
  }

  async get(boardId: string, userId: string): Promise<MembershipRecord | null> {
    const { rows } = await this.pool.query<MemberRow>('SELECT * FROM board_members WHERE board_id = $1 AND user_id = $2', [boardId, userId])
    return rows[0] ? toMember(rows[0]) : null
  }

  async listForBoard(boardId: string): Promise<MembershipRecord[]> {
    const { rows } = await this.pool.query<MemberRow>('SELECT * FROM board_members WHERE board_id = $1 ORDER BY created_at, user_id', [boardId])
    return rows.map(toMember)
  }

  async boardsOf(userId: string): Promise<Array<Board & { role: Role }>> {
    const { rows } = await this.pool.query<{ id: string; title: string; created_at: string; role: Role }>(
      `SELECT b.id, b.title, b.created_at, m.role FROM board_members m JOIN boards b ON b.id = m.board_id
       WHERE m.user_id = $1 ORDER BY b.created_at DESC, b.id`,
      [userId],
    )
    return rows.map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at, role: row.role }))
  }

  async remove(boardId: string, userId: string): Promise<void> {
    await this.pool.query('DELETE FROM board_members WHERE board_id = $1 AND user_id = $2', [boardId, userId])
  }

  async removeByInvite(inviteId: string): Promise<MembershipRecord[]> {
    const { rows } = await this.pool.query<MemberRow>('DELETE FROM board_members WHERE invite_id = $1 RETURNING *', [inviteId])
    return rows.map(toMember)
  }
}



export class PgInviteStore implements InviteStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(invite: InviteRecord): Promise<void> {
    await insertUnique(
      this.pool,
      `INSERT INTO invites (id, board_id, code, role, created_by, created_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [invite.id, invite.boardId, invite.code, invite.role, invite.createdBy, invite.createdAt, invite.expiresAt, invite.revokedAt],
      `invite ${invite.id} or code exists`,
    )
  }

  async get(id: string): Promise<InviteRecord | null> {
    const { rows } = await this.pool.query<InviteRow>('SELECT * FROM invites WHERE id = $1', [id])
    return rows[0] ? toInvite(rows[0]) : null
  }

  async getByCode(code: string): Promise<InviteRecord | null> {
    const { rows } = await this.pool.query<InviteRow>('SELECT * FROM invites WHERE code = $1', [code])
    return rows[0] ? toInvite(rows[0]) : null
  }

  async listForBoard(boardId: string): Promise<InviteRecord[]> {
    const { rows } = await this.pool.query<InviteRow>('SELECT * FROM invites WHERE board_id = $1 ORDER BY created_at DESC, id', [boardId])
    return rows.map(toInvite)
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE invites SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2', [at, id])
  }
}
