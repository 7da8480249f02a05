import pg from 'pg'
import { PgInviteStore, PgMemberStore, PgSessionStore, PgUserStore } from './postgresAccess'
import { PgBallotStore, PgDraftStore } from './postgresFacilitation'
import { inTransaction, migrate, type Queryable } from './postgresMigrations'
import { toBoard, type BoardRow } from './rows'
import type {
  BallotStore,
  Board,
  BoardStore,
  DocStore,
  DraftStore,
  InviteStore,
  MemberStore,
  SessionStore,
  Storage,
  StoredDoc,
  UserStore,
} from './types'

export interface PostgresOptions {
  /** `postgres://user@host:port/database` (libpq parameters such as `?options=-c search_path=…` included). */
  connectionString: string
  /**
   * Keep every table in this schema (created if missing) instead of the connection's default `search_path`: lets
   * test runs, or several deployments, share one database without seeing each other.
   */
  schema?: string
  /** Most connections in the pool (default 10). */
  maxConnections?: number
  /** Called when an idle pooled connection fails (the pool replaces it); without it such an error would crash. */
  onIdleError?: (error: Error) => void
}

/**
 * PostgreSQL for everything the server keeps, so several instances can share it. Open with `PostgresStorage.open`,
 * which applies the schema migrations (postgresMigrations.ts) before resolving.
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres'
  readonly docs: PgDocStore
  readonly boards: BoardStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly members: MemberStore
  readonly invites: InviteStore
  readonly ballots: BallotStore
  readonly drafts: DraftStore
  private closed = false

  private constructor(private readonly pool: pg.Pool) {
    this.docs = new PgDocStore(pool)
    this.boards = new PgBoardStore(pool)
    this.users = new PgUserStore(pool)
    this.sessions = new PgSessionStore(pool)
    this.members = new PgMemberStore(pool)
    this.invites = new PgInviteStore(pool)
    this.ballots = new PgBallotStore(pool)
    this.drafts = new PgDraftStore(pool)
  }

  /** Connects, creates the schema if one is named, and applies pending migrations. Rejects if any of it fails. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`invalid schema name ${JSON.stringify(schema)}: lower-case letters, digits and _ only`)
    }
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    })
    pool.on('error', (error) => options.onIdleError?.(error))
    try {
      await migrate(pool, schema)
    } catch (error) {
      await pool.end().catch(() => {})
      throw error
    }
    return new PostgresStorage(pool)
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('storage is closed')
    await this.pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }
}

interface LogRow {
  /** 0: the snapshot, 1: an update, 2: the doc's last sequence number (no data). */
  kind: number
  seq: string
  data: Buffer | null
}

/** A view of a driver Buffer as a plain Uint8Array (what SQLite's adapter returns too). */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

class PgDocStore implements DocStore {
  constructor(private readonly pool: pg.Pool) {}

  async load(docId: string): Promise<StoredDoc> {
    return this.loadSince(docId, 0)
  }

  async loadSince(docId: string, afterSeq: number): Promise<StoredDoc> {
    // One statement sees one snapshot of the database: an append or compaction committing meanwhile is either wholly
    // in it or not at all. Appends commit in sequence order (the docs row lock), so the updates seen are gapless.
    const { rows } = await this.pool.query<LogRow>(
      `SELECT 0 AS kind, seq, data FROM doc_snapshots WHERE doc_id = $1 AND seq > $2
       UNION ALL SELECT 1 AS kind, seq, data FROM doc_updates WHERE doc_id = $1 AND seq > $2
       UNION ALL SELECT 2 AS kind, last_seq, NULL FROM docs WHERE doc_id = $1
       ORDER BY kind, seq`,
      [docId, afterSeq],
    )
    const snapshot = rows.find((row) => row.kind === 0)
    const head = rows.find((row) => row.kind === 2)
    return {
      snapshot: snapshot?.data ? bytes(snapshot.data) : null,
      updates: rows.filter((row) => row.kind === 1).map((row) => bytes(row.data!)),
      lastSeq: head ? Number(head.seq) : 0,
    }
  }

  async append(docId: string, updates: Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new Error('append needs at least one update')
    return inTransaction(this.pool, async (client) => {
      // Reserves the numbers and locks the row until commit: a concurrent writer waits here, then numbers after us.
      const reserved = await client.query<{ last_seq: string }>(
        `INSERT INTO docs (doc_id, last_seq) VALUES ($1, $2)
         ON CONFLICT (doc_id) DO UPDATE SET last_seq = docs.last_seq + EXCLUDED.last_seq
         RETURNING last_seq`,
        [docId, updates.length],
      )
      const last = Number(reserved.rows[0]!.last_seq)
      const first = last - updates.length + 1
      await client.query(
        `INSERT INTO doc_updates (doc_id, seq, data)
         SELECT $1, $2::bigint + ordinality - 1, data FROM unnest($3::bytea[]) WITH ORDINALITY AS t(data, ordinality)`,
        [docId, first, updates],
      )
      return last
    })
  }

  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // A snapshot may only move forward: an older compaction finishing late must not replace a newer one.
      const moved = await client.query(
        `INSERT INTO doc_snapshots (doc_id, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id) DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data
         WHERE doc_snapshots.seq < EXCLUDED.seq`,
        [docId, throughSeq, snapshot],
      )
      if (moved.rowCount === 0) return
      await client.query('DELETE FROM doc_updates WHERE doc_id = $1 AND seq <= $2', [docId, throughSeq])
    })
  }

  async list(): Promise<string[]> {
    const { rows } = await this.pool.query<{ doc_id: string }>(
      'SELECT doc_id FROM doc_snapshots UNION SELECT doc_id FROM doc_updates ORDER BY doc_id',
    )
    return rows.map((row) => row.doc_id)
  }

  async delete(docId: string): Promise<void> {
    await inTransaction(this.pool, (client) => deleteDoc(client, docId))
  }

  async size(docId: string): Promise<{ bytes: number; updates: number }> {
    const { rows } = await this.pool.query<{ bytes: string | null; updates: string | null }>(
      `SELECT SUM(bytes) AS bytes, SUM(updates) AS updates FROM (
         SELECT SUM(octet_length(data)) AS bytes, COUNT(*) AS updates FROM doc_updates WHERE doc_id = $1
         UNION ALL SELECT octet_length(data), 0 FROM doc_snapshots WHERE doc_id = $1) AS parts`,
      [docId],
    )
    return { bytes: Number(rows[0]?.bytes ?? 0), updates: Number(rows[0]?.updates ?? 0) }
  }
}

/** Removes a doc's counter, log and snapshot (inside the caller's transaction). */
async function deleteDoc(client: Queryable, docId: string): Promise<void> {
  await client.query('DELETE FROM docs WHERE doc_id = $1', [docId])
  await client.query('DELETE FROM doc_updates WHERE doc_id = $1', [docId])
  await client.query('DELETE FROM doc_snapshots WHERE doc_id = $1', [docId])
}

class PgBoardStore implements BoardStore {
  constructor(private readonly pool: pg.Pool) {}

  async createBoard(board: Board): Promise<void> {
    await this.pool.query('INSERT INTO boards (id, title, created_at) VALUES ($1, $2, $3)', [board.id, board.title, board.createdAt])
  }

  async getBoard(id: string): Promise<Board | null> {
    const { rows } = await this.pool.query<BoardRow>('SELECT id, title, created_at FROM boards WHERE id = $1', [id])
    return rows[0] ? toBoard(rows[0]) : null
  }

  async listBoards(): Promise<Board[]> {
    const { rows } = await this.pool.query<BoardRow>('SELECT id, title, created_at FROM boards ORDER BY created_at DESC, id')
    return rows.map(toBoard)
  }

  async deleteBoard(id: string): Promise<void> {
    // Board and document go together or not at all; members, invites, ballots and drafts follow the board (ON DELETE
    // CASCADE).
    await inTransaction(this.pool, async (client) => {
      await deleteDoc(client, id)
      await client.query('DELETE FROM boards WHERE id = $1', [id])
    })
  }
}
