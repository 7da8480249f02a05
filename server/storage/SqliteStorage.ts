import { mkdirSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { toBoard, type BoardRow } from './rows'
import { accessSchemaSql, SqliteInviteStore, SqliteMemberStore, SqliteSessionStore, SqliteUserStore } from './sqliteAccess'
import { facilitationSchemaSql, SqliteBallotStore, SqliteDraftStore } from './sqliteFacilitation'
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

/**
 * Schema migrations, applied in order on open; `PRAGMA user_version` records how many ran. Never edit a shipped
 * entry: append a new one.
 */
const migrations: string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE doc_updates (
     doc_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (doc_id, seq)
   ) WITHOUT ROWID;
   CREATE TABLE doc_snapshots (
     doc_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL
   );`,
  accessSchemaSql,
  facilitationSchemaSql,
]

/** The embedded default: one SQLite file in WAL mode, written synchronously inside transactions. */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite'
  readonly docs: SqliteDocStore
  readonly boards: BoardStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly members: MemberStore
  readonly invites: InviteStore
  readonly ballots: BallotStore
  readonly drafts: DraftStore
  private readonly db: Database.Database

  /** Opens (creating if needed) `rembug.sqlite` inside `dataDir`, or an in-memory database for `':memory:'`. */
  constructor(dataDir: string) {
    let file = ':memory:'
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true })
      file = join(dataDir, 'rembug.sqlite')
    }
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // With WAL, NORMAL would lose the last commits on power loss; FULL keeps "persisted before broadcast" honest.
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    // Deleting a board removes its members, invites, ballots and drafts; deleting a person removes their sessions.
    this.db.pragma('foreign_keys = ON')
    this.migrate()
    this.docs = new SqliteDocStore(this.db, file === ':memory:' ? null : new WalSync(this.db, `${file}-wal`))
    this.boards = new SqliteBoardStore(this.db, this.docs)
    this.users = new SqliteUserStore(this.db)
    this.sessions = new SqliteSessionStore(this.db)
    this.members = new SqliteMemberStore(this.db)
    this.invites = new SqliteInviteStore(this.db)
    this.ballots = new SqliteBallotStore(this.db)
    this.drafts = new SqliteDraftStore(this.db)
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number
    for (let version = current; version < migrations.length; version++) {
      this.db.transaction(() => {
        this.db.exec(migrations[version]!)
        this.db.pragma(`user_version = ${version + 1}`)
      })()
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    await this.docs.closeSync()
    if (this.db.open) this.db.close()
  }
}

/**
 * Group commit for document appends. With `synchronous = FULL` every commit fsyncs the WAL inside better-sqlite3's
 * synchronous call, stopping the whole event loop for the length of an fsync (about 3 ms on these disks) once per
 * room flush: a thousand busy rooms would need more than a second of fsync every second. Instead an append commits
 * with `synchronous = NORMAL` (its frames are in the WAL, safe from a process crash) and then waits for an
 * `fdatasync` of the WAL run on libuv's thread pool: only then is it durable against power loss too, and only then
 * does its promise resolve (so a room still sends nothing before that). Commits made while a sync is in flight share
 * the next one. A checkpoint syncs the WAL itself before it copies or resets it, so a sync of the file never misses
 * committed frames.
 */
class WalSync {
  private file: FileHandle | null = null
  private running: Promise<void> | null = null
  private next: Promise<void> | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly walPath: string,
  ) {}

  /** Runs `write` (one transaction) without the in-line fsync; the caller then awaits `durable()`. */
  withoutFsync<T>(write: () => T): T {
    this.db.pragma('synchronous = NORMAL')
    try {
      return write()
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  /** Resolves once everything committed before the call is on disk: by a sync that starts after it. */
  durable(): Promise<void> {
    if (!this.running) {
      this.running = this.sync().finally(() => (this.running = null))
      return this.running
    }
    this.next ??= this.running.then(() => {
      this.next = null
      return this.durable()
    })
    return this.next
  }

  private async sync(): Promise<void> {
    this.file ??= await open(this.walPath, 'r')
    await this.file.datasync()
  }

  async close(): Promise<void> {
    await this.next
    await this.running
    await this.file?.close()
    this.file = null
  }
}

/** An append waiting for its group commit. */
interface QueuedAppend {
  docId: string
  updates: Uint8Array[]
  resolve(seq: number): void
  reject(error: unknown): void
}

class SqliteDocStore implements DocStore {
  private readonly stmts
  private readonly appendTx: (docId: string, updates: Uint8Array[]) => number
  /** Several docs' appends in one transaction; the last sequence number of each, in order. */
  private readonly appendAllTx: (appends: readonly QueuedAppend[]) => number[]
  /** Appends waiting for the next group commit, and whether a group is being committed and synced. */
  private queued: QueuedAppend[] = []
  private committing = false
  private readonly compactTx: (docId: string, snapshot: Uint8Array, throughSeq: number) => void
  private readonly loadTx: (docId: string, afterSeq: number) => StoredDoc
  /** Removes a doc's log and snapshot in one transaction (nested inside a caller's transaction when there is one). */
  readonly deleteTx: (docId: string) => void

  constructor(
    db: Database.Database,
    private readonly walSync: WalSync | null,
  ) {
    this.stmts = {
      snapshot: db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_snapshots WHERE doc_id = ?'),
      updates: db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
      ),
      lastSeq: db.prepare<[string, string], { seq: number | null }>(
        `SELECT MAX(seq) AS seq FROM (
           SELECT MAX(seq) AS seq FROM doc_updates WHERE doc_id = ?
           UNION ALL SELECT seq FROM doc_snapshots WHERE doc_id = ?)`,
      ),
      insertUpdate: db.prepare<[string, number, Uint8Array]>('INSERT INTO doc_updates (doc_id, seq, data) VALUES (?, ?, ?)'),
      upsertSnapshot: db.prepare<[string, number, Uint8Array]>(
        `INSERT INTO doc_snapshots (doc_id, seq, data) VALUES (?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      ),
      deleteUpdatesThrough: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?'),
      deleteUpdates: db.prepare<[string]>('DELETE FROM doc_updates WHERE doc_id = ?'),
      deleteSnapshot: db.prepare<[string]>('DELETE FROM doc_snapshots WHERE doc_id = ?'),
      list: db.prepare<[], { doc_id: string }>(
        'SELECT doc_id FROM doc_snapshots UNION SELECT DISTINCT doc_id FROM doc_updates ORDER BY doc_id',
      ),
      size: db.prepare<[string, string], { bytes: number | null; updates: number | null }>(
        `SELECT SUM(bytes) AS bytes, SUM(updates) AS updates FROM (
           SELECT SUM(LENGTH(data)) AS bytes, COUNT(*) AS updates FROM doc_updates WHERE doc_id = ?
           UNION ALL SELECT LENGTH(data), 0 FROM doc_snapshots WHERE doc_id = ?)`,
      ),
    }
    const lastSeq = (docId: string) => this.stmts.lastSeq.get(docId, docId)?.seq ?? 0
    this.appendTx = db.transaction((docId: string, updates: Uint8Array[]) => {
      let seq = lastSeq(docId)
      for (const update of updates) this.stmts.insertUpdate.run(docId, ++seq, update)
      return seq
    })
    this.appendAllTx = db.transaction((appends: readonly QueuedAppend[]) => appends.map((a) => this.appendTx(a.docId, a.updates)))
    this.compactTx = db.transaction((docId: string, snapshot: Uint8Array, throughSeq: number) => {
      const previous = this.stmts.snapshot.get(docId)
      // A snapshot may only move forward: an older compaction finishing late must not replace a newer one.
      if (previous && previous.seq >= throughSeq) return
      this.stmts.upsertSnapshot.run(docId, throughSeq, snapshot)
      this.stmts.deleteUpdatesThrough.run(docId, throughSeq)
    })
    this.deleteTx = db.transaction((docId: string) => {
      this.stmts.deleteUpdates.run(docId)
      this.stmts.deleteSnapshot.run(docId)
    })
    this.loadTx = db.transaction((docId: string, afterSeq: number): StoredDoc => {
      const snapshot = this.stmts.snapshot.get(docId)
      const rows = this.stmts.updates.all(docId, afterSeq)
      return {
        snapshot: snapshot && snapshot.seq > afterSeq ? new Uint8Array(snapshot.data) : null,
        updates: rows.map((row) => new Uint8Array(row.data)),
        lastSeq: lastSeq(docId),
      }
    })
  }

  async load(docId: string): Promise<StoredDoc> {
    return this.loadTx(docId, 0)
  }

  async loadSince(docId: string, afterSeq: number): Promise<StoredDoc> {
    return this.loadTx(docId, afterSeq)
  }

  /**
   * Queues the updates and resolves, with the sequence number of the last, once they are committed and on disk. Group
   * commit: while one group's sync runs, the appends of every room queue up; they then commit together in one
   * transaction and share one sync (see WalSync). One transaction per sync instead of one per append also keeps a
   * busy B-tree page from being written to the WAL again and again.
   */
  append(docId: string, updates: Uint8Array[]): Promise<number> {
    const walSync = this.walSync
    if (!walSync) {
      try {
        return Promise.resolve(this.appendTx(docId, updates))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return new Promise((resolve, reject) => {
      this.queued.push({ docId, updates, resolve, reject })
      if (!this.committing) {
        this.committing = true
        setImmediate(() => void this.commitQueued(walSync))
      }
    })
  }

  /**
   * Commits and syncs the queued appends, then the ones queued meanwhile, until none is left. Should the sync fail,
   * the appends are refused although committed: the room keeps and retries them, and an update stored twice changes
   * nothing in a Yjs doc.
   */
  private async commitQueued(walSync: WalSync): Promise<void> {
    while (this.queued.length > 0) {
      const group = this.queued.splice(0)
      const committed = this.commitGroup(walSync, group)
      try {
        await walSync.durable()
        for (const { append, seq } of committed) append.resolve(seq)
      } catch (error) {
        for (const { append } of committed) append.reject(error)
      }
    }
    this.committing = false
  }

  /**
   * Commits a group in one transaction; if that fails, each append again in its own, so one bad append fails alone
   * (all or nothing per append, as the contract says). Returns the committed appends with their last numbers.
   */
  private commitGroup(walSync: WalSync, group: QueuedAppend[]): Array<{ append: QueuedAppend; seq: number }> {
    try {
      const seqs = walSync.withoutFsync(() => this.appendAllTx(group))
      return group.map((append, i) => ({ append, seq: seqs[i]! }))
    } catch {
      const committed: Array<{ append: QueuedAppend; seq: number }> = []
      for (const append of group) {
        try {
          committed.push({ append, seq: walSync.withoutFsync(() => this.appendTx(append.docId, append.updates)) })
        } catch (error) {
          append.reject(error)
        }
      }
      return committed
    }
  }

  /** Waits for the syncs in flight and releases the WAL's file handle (before the database closes). */
  async closeSync(): Promise<void> {
    await this.walSync?.close()
  }

  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    if (!this.walSync) return this.compactTx(docId, snapshot, throughSeq)
    this.walSync.withoutFsync(() => this.compactTx(docId, snapshot, throughSeq))
    await this.walSync.durable()
  }

  async list(): Promise<string[]> {
    return this.stmts.list.all().map((row) => row.doc_id)
  }

  async delete(docId: string): Promise<void> {
    this.deleteTx(docId)
  }


  async size(docId: string): Promise<{ bytes: number; updates: number }> {
    const row = this.stmts.size.get(docId, docId)
    return { bytes: row?.bytes ?? 0, updates: row?.updates ?? 0 }
  }
}

class SqliteBoardStore implements BoardStore {
  private readonly stmts
  private readonly deleteBoardTx: (id: string) => void

  constructor(db: Database.Database, docs: SqliteDocStore) {
    this.stmts = {
      insert: db.prepare<[string, string, string]>('INSERT INTO boards (id, title, created_at) VALUES (?, ?, ?)'),
      get: db.prepare<[string], BoardRow>('SELECT id, title, created_at FROM boards WHERE id = ?'),
      list: db.prepare<[], BoardRow>('SELECT id, title, created_at FROM boards ORDER BY created_at DESC, id'),
      delete: db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
    }
    // Board and document go together or not at all: a crash in between must not leave a board without its doc.
    this.deleteBoardTx = db.transaction((id: string) => {
      docs.deleteTx(id)
      this.stmts.delete.run(id)
    })
  }

  async createBoard(board: Board): Promise<void> {
    this.stmts.insert.run(board.id, board.title, board.createdAt)
  }

  async getBoard(id: string): Promise<Board | null> {
    const row = this.stmts.get.get(id)
    return row ? toBoard(row) : null
  }

  async listBoards(): Promise<Board[]> {
    return this.stmts.list.all().map(toBoard)
  }

  async deleteBoard(id: string): Promise<void> {
    this.deleteBoardTx(id)
  }
}
