import type Database from 'better-sqlite3'
import { facilitationSchemaSql as facilitationSchema, toBallot, toDraft, type BallotRow, type DraftRow } from './rows'
import { UniqueViolation, type BallotRecord, type BallotStore, type DraftRecord, type DraftStore } from './types'

/** Schema for vote ballots and private drafts (migration 3 of SqliteStorage). */
export const facilitationSchemaSql = facilitationSchema({ serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' })

const draftColumns = 'board_id, user_id, shape_id, record, updated_at'

export class SqliteBallotStore implements BallotStore {
  private readonly stmts
  constructor(db: Database.Database) {
    this.stmts = {
      put: db.prepare<[string, string, string, string | null, string, string]>(
        `INSERT INTO ballots (board_id, vote_id, user_id, sector, dots, cast_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (board_id, vote_id, user_id) DO UPDATE SET sector = excluded.sector, dots = excluded.dots, cast_at = excluded.cast_at`,
      ),
      get: db.prepare<[string, string, string], BallotRow>('SELECT * FROM ballots WHERE board_id = ? AND vote_id = ? AND user_id = ?'),
      listForVote: db.prepare<[string, string], BallotRow>('SELECT * FROM ballots WHERE board_id = ? AND vote_id = ?'),
      deleteVote: db.prepare<[string, string]>('DELETE FROM ballots WHERE board_id = ? AND vote_id = ?'),
    }
  }

  async put(ballot: BallotRecord): Promise<void> {
    this.stmts.put.run(ballot.boardId, ballot.voteId, ballot.userId, ballot.sector, JSON.stringify(ballot.dots), ballot.castAt)
  }

  async get(boardId: string, voteId: string, userId: string): Promise<BallotRecord | null> {
    const row = this.stmts.get.get(boardId, voteId, userId)
    return row ? toBallot(row) : null
  }

  async listForVote(boardId: string, voteId: string): Promise<BallotRecord[]> {
    return this.stmts.listForVote.all(boardId, voteId).map(toBallot)
  }

  async deleteVote(boardId: string, voteId: string): Promise<void> {
    this.stmts.deleteVote.run(boardId, voteId)
  }
}

export class SqliteDraftStore implements DraftStore {
  private readonly stmts
  constructor(db: Database.Database) {
    this.stmts = {
      // Replaces only the same person's draft: another person's row is left as it is and nothing changes.
      put: db.prepare<[string, string, string, string, string]>(
        `INSERT INTO drafts (${draftColumns}) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (board_id, shape_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at
         WHERE drafts.user_id = excluded.user_id`,
      ),
      delete: db.prepare<[string, string, string]>('DELETE FROM drafts WHERE board_id = ? AND user_id = ? AND shape_id = ?'),
      listForUser: db.prepare<[string, string], DraftRow>(
        `SELECT ${draftColumns} FROM drafts WHERE board_id = ? AND user_id = ? ORDER BY updated_at, seq`,
      ),
      listForBoard: db.prepare<[string], DraftRow>(`SELECT ${draftColumns} FROM drafts WHERE board_id = ? ORDER BY updated_at, seq`),
      count: db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM drafts WHERE board_id = ?'),
      // The ids arrive as one JSON array, so any number of them fits one statement.
      deleteMany: db.prepare<[string, string]>('DELETE FROM drafts WHERE board_id = ? AND shape_id IN (SELECT value FROM json_each(?))'),
    }
  }

  async put(draft: DraftRecord): Promise<void> {
    const { changes } = this.stmts.put.run(draft.boardId, draft.userId, draft.shapeId, JSON.stringify(draft.record), draft.updatedAt)
    if (changes === 0) throw new UniqueViolation(`draft ${draft.shapeId} belongs to someone else`)
  }

  async delete(boardId: string, userId: string, shapeId: string): Promise<boolean> {
    return this.stmts.delete.run(boardId, userId, shapeId).changes > 0
  }

  async listForUser(boardId: string, userId: string): Promise<DraftRecord[]> {
    return this.stmts.listForUser.all(boardId, userId).map(toDraft)
  }

  async listForBoard(boardId: string): Promise<DraftRecord[]> {
    return this.stmts.listForBoard.all(boardId).map(toDraft)
  }

  async count(boardId: string): Promise<number> {
    return this.stmts.count.get(boardId)?.count ?? 0
  }

  async deleteMany(boardId: string, shapeIds: readonly string[]): Promise<number> {
    return this.stmts.deleteMany.run(boardId, JSON.stringify(shapeIds)).changes
  }
}
