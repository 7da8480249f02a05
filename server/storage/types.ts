import type { InviteRole, Role, Sector } from '../../shared/access'

/** A board as listed on the home page and returned by the API. */
export interface Board {
  id: string
  title: string
  /** ISO 8601, UTC. */
  createdAt: string
}

/**
 * What the store holds of one document: the last compacted snapshot (if any) and the updates appended after it,
 * in order. Applying the snapshot and then every update rebuilds the doc.
 */
export interface StoredDoc {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** The sequence number of the last update folded into the snapshot or appended; 0 for a doc never written. */
  lastSeq: number
}

/**
 * Durable storage of Yjs documents as an append-only log of updates plus a snapshot. Every adapter runs the same
 * contract suite (test/storage/docStoreContract.ts).
 */
export interface DocStore {
  /** Everything stored for `docId`; an empty `StoredDoc` (no snapshot, no updates, lastSeq 0) for an unknown id. */
  load(docId: string): Promise<StoredDoc>
  /**
   * What a reader holding everything through `afterSeq` lacks, read in one consistent view: the updates numbered
   * above `afterSeq` in order, preceded by the snapshot when a compaction already folded some of them into it (the
   * snapshot then also holds what the reader has; applying it again changes nothing). `lastSeq` is the store's last
   * number, as `load` gives it. `loadSince(id, 0)` is `load(id)`.
   */
  loadSince(docId: string, afterSeq: number): Promise<StoredDoc>
  /**
   * Appends updates in one atomic write (all or none) and returns the sequence number given to the last one.
   * Sequence numbers per doc start at 1 and increase by one per update.
   */
  append(docId: string, updates: Uint8Array[]): Promise<number>
  /**
   * Atomically replaces the snapshot and every update with a sequence number ≤ `throughSeq` by `snapshot`. Updates
   * appended after `throughSeq` stay. `snapshot` must contain at least everything those updates contained.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  /** Ids of every stored doc. */
  list(): Promise<string[]>
  /** Removes the doc and its whole log. */
  delete(docId: string): Promise<void>
  /** How much is stored for a doc: bytes of snapshot + updates, and how many updates wait for compaction. */
  size(docId: string): Promise<{ bytes: number; updates: number }>
}

/** Board metadata. */
export interface BoardStore {
  createBoard(board: Board): Promise<void>
  getBoard(id: string): Promise<Board | null>
  /** Newest first. */
  listBoards(): Promise<Board[]>
  /** Removes the board, its document, its members, its invites, its ballots and its drafts. */
  deleteBoard(id: string): Promise<void>
}

/** Everything the server keeps, behind one object so an adapter can be swapped as a whole. */
export interface Storage {
  readonly kind: string
  readonly docs: DocStore
  readonly boards: BoardStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly members: MemberStore
  readonly invites: InviteStore
  readonly ballots: BallotStore
  readonly drafts: DraftStore
  /** Resolves when the storage answers a trivial query; rejects otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A person: an account (e-mail and password) or a guest who joined a board with a code. */
export interface UserRecord {
  id: string
  kind: 'account' | 'guest'
  /** Lower case; accounts only, unique. */
  email: string | null
  /** argon2id PHC string; accounts only. */
  passwordHash: string | null
  name: string
  sector: Sector | null
  organisation: string | null
  createdAt: string
}

export interface UserStore {
  /** Rejects with `UniqueViolation` when the e-mail already has an account. */
  create(user: UserRecord): Promise<void>
  get(id: string): Promise<UserRecord | null>
  /** Looks up by lower-cased e-mail. */
  getByEmail(email: string): Promise<UserRecord | null>
  update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'sector' | 'organisation' | 'passwordHash'>>): Promise<void>
}

/** A session as stored: never the token itself, only the SHA-256 of its secret half. */
export interface SessionRecord {
  id: string
  userId: string
  secretHash: Uint8Array
  /** Milliseconds since the epoch. */
  createdAt: number
  expiresAt: number
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>
  get(id: string): Promise<SessionRecord | null>
  setExpiry(id: string, expiresAt: number): Promise<void>
  delete(id: string): Promise<void>
  /** Ends every session of a person; returns their ids. */
  deleteForUser(userId: string): Promise<string[]>
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>
}

/** A person's role on a board; `inviteId` when the role came from an invite (revoking it takes the role away). */
export interface MembershipRecord {
  boardId: string
  userId: string
  role: Role
  inviteId: string | null
  createdAt: string
}

export interface MemberStore {
  /** Adds or replaces the person's role on the board. */
  upsert(membership: MembershipRecord): Promise<void>
  get(boardId: string, userId: string): Promise<MembershipRecord | null>
  listForBoard(boardId: string): Promise<MembershipRecord[]>
  /** The boards a person has a role on, newest board first. */
  boardsOf(userId: string): Promise<Array<Board & { role: Role }>>
  remove(boardId: string, userId: string): Promise<void>
  /** Removes every role granted by the invite; returns what was removed. */
  removeByInvite(inviteId: string): Promise<MembershipRecord[]>
}

export interface InviteRecord {
  id: string
  boardId: string
  /** 8 characters of INVITE_CODE_ALPHABET, unique. */
  code: string
  role: InviteRole
  createdBy: string
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

export interface InviteStore {
  /** Rejects with `UniqueViolation` when the code is taken. */
  create(invite: InviteRecord): Promise<void>
  get(id: string): Promise<InviteRecord | null>
  getByCode(code: string): Promise<InviteRecord | null>
  /** Newest first. */
  listForBoard(boardId: string): Promise<InviteRecord[]>
  revoke(id: string, at: string): Promise<void>
}

/** A write refused because a unique value (an e-mail, an invite code, an id) is already taken. */
export class UniqueViolation extends Error {
  override name = 'UniqueViolation'
}

/**
 * A person's dots in one vote on a board. Kept only on the server: clients never receive another person's ballot
 * (docs/PROTOCOL.md §10); the revealed totals go into the board document.
 */
export interface BallotRecord {
  boardId: string
  voteId: string
  userId: string
  /** The voter's sector when they last cast it (counted under it when the vote is revealed). */
  sector: Sector | null
  /** Candidate shape id → dots (whole, ≥ 1). */
  dots: Record<string, number>
  /** ISO 8601, UTC. */
  castAt: string
}

export interface BallotStore {
  /** Replaces the person's ballot in that vote (an empty `dots` keeps an empty ballot: they took their dots back). */
  put(ballot: BallotRecord): Promise<void>
  get(boardId: string, voteId: string, userId: string): Promise<BallotRecord | null>
  /** Every ballot of a vote, in no particular order. */
  listForVote(boardId: string, voteId: string): Promise<BallotRecord[]>
  /** Removes every ballot of a vote. */
  deleteVote(boardId: string, voteId: string): Promise<void>
}

/**
 * A note written during private drafting, held by the server until the facilitator reveals the round: it is in no
 * board document, so no other client can read it (docs/PROTOCOL.md §10).
 */
export interface DraftRecord {
  boardId: string
  userId: string
  /** The tldraw shape id the note will have on the board. */
  shapeId: string
  /** The tldraw shape record, as JSON (checked against the board schema before it is stored). */
  record: unknown
  /** ISO 8601, UTC. */
  updatedAt: string
}

export interface DraftStore {
  /** Adds or replaces the draft with this shape id; rejects with `UniqueViolation` when another person holds that id. */
  put(draft: DraftRecord): Promise<void>
  /** Removes the person's draft; `false` when they had none with that id. */
  delete(boardId: string, userId: string, shapeId: string): Promise<boolean>
  /** The person's drafts on the board, oldest first. */
  listForUser(boardId: string, userId: string): Promise<DraftRecord[]>
  /** Every draft on the board, oldest first. */
  listForBoard(boardId: string): Promise<DraftRecord[]>
  /** How many drafts the board holds. */
  count(boardId: string): Promise<number>
  /** Removes these drafts of the board (after they were revealed); returns how many were removed. */
  deleteMany(boardId: string, shapeIds: readonly string[]): Promise<number>
}
