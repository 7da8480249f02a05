import type { InviteRole, Role, Sector } from '../../shared/access'
import type { BallotRecord, Board, DraftRecord, InviteRecord, MembershipRecord, UserRecord } from './types'

/**
 * Rows as both SQL adapters read them (the same column names in SQLite and PostgreSQL), and their records. Only
 * what differs by driver (BLOB/BYTEA, INTEGER/BIGINT values) is converted in the adapters themselves.
 */
export interface BoardRow {
  id: string
  title: string
  created_at: string
}

export function toBoard(row: BoardRow): Board {
  return { id: row.id, title: row.title, createdAt: row.created_at }
}

export interface UserRow {
  id: string
  kind: 'account' | 'guest'
  email: string | null
  password_hash: string | null
  name: string
  sector: string | null
  organisation: string | null
  created_at: string
}

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    passwordHash: row.password_hash,
    name: row.name,
    sector: row.sector as Sector | null,
    organisation: row.organisation,
    createdAt: row.created_at,
  }
}

/** The columns `UserStore.update` may change, by record field. */
export const userColumns: Record<string, string> = { name: 'name', sector: 'sector', organisation: 'organisation', passwordHash: 'password_hash' }

export interface MemberRow {
  board_id: string
  user_id: string
  role: Role
  invite_id: string | null
  created_at: string
}

export function toMember(row: MemberRow): MembershipRecord {
  return { boardId: row.board_id, userId: row.user_id, role: row.role, inviteId: row.invite_id, createdAt: row.created_at }
}

export interface InviteRow {
  id: string
  board_id: string
  code: string
  role: InviteRole
  created_by: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

export function toInvite(row: InviteRow): InviteRecord {
  return {
    id: row.id,
    boardId: row.board_id,
    code: row.code,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

/**
 * The tables for people, sessions, board roles and invites in either dialect: the same DDL but for the type of the
 * secret hash and of millisecond timestamps.
 */
export function accessSchemaSql(types: { bytes: 'BLOB' | 'BYTEA'; millis: 'INTEGER' | 'BIGINT' }): string {
  return `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'guest')),
    email TEXT UNIQUE,
    password_hash TEXT,
    name TEXT NOT NULL,
    sector TEXT,
    organisation TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    secret_hash ${types.bytes} NOT NULL,
    created_at ${types.millis} NOT NULL,
    expires_at ${types.millis} NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX invites_by_board ON invites(board_id);
  CREATE TABLE board_members (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    invite_id TEXT REFERENCES invites(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (board_id, user_id)
  );
  CREATE INDEX board_members_by_user ON board_members(user_id);
  CREATE INDEX board_members_by_invite ON board_members(invite_id);
`
}

export interface BallotRow {
  board_id: string
  vote_id: string
  user_id: string
  sector: string | null
  /** `BallotRecord.dots` as JSON text. */
  dots: string
  cast_at: string
}

export function toBallot(row: BallotRow): BallotRecord {
  return {
    boardId: row.board_id,
    voteId: row.vote_id,
    userId: row.user_id,
    sector: row.sector as Sector | null,
    dots: JSON.parse(row.dots) as Record<string, number>,
    castAt: row.cast_at,
  }
}

export interface DraftRow {
  board_id: string
  user_id: string
  shape_id: string
  /** `DraftRecord.record` as JSON text. */
  record: string
  updated_at: string
}

export function toDraft(row: DraftRow): DraftRecord {
  return { boardId: row.board_id, userId: row.user_id, shapeId: row.shape_id, record: JSON.parse(row.record) as unknown, updatedAt: row.updated_at }
}

/**
 * The tables for vote ballots and private drafts in either dialect; both follow their board (ON DELETE CASCADE).
 * JSON is kept as text, so it reads back exactly as written. `drafts.seq` only grows (it is never reused, and a
 * replaced draft keeps its own): it orders drafts written in the same millisecond by when they were first written.
 */
export function facilitationSchemaSql(types: { serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' | 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' }): string {
  return `
  CREATE TABLE ballots (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    vote_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    sector TEXT,
    dots TEXT NOT NULL,
    cast_at TEXT NOT NULL,
    PRIMARY KEY (board_id, vote_id, user_id)
  );
  CREATE TABLE drafts (
    seq ${types.serial},
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    shape_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (board_id, shape_id)
  );
  CREATE INDEX drafts_by_user ON drafts(board_id, user_id);
`
}
