import type pg from 'pg'
import { toBallot, toDraft, type BallotRow, type DraftRow } from './rows'
import { UniqueViolation, type BallotRecord, type BallotStore, type DraftRecord, type DraftStore } from './types'

const draftColumns = 'board_id, user_id, shape_id, record, updated_at'

export class PgBallotStore implements BallotStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(ballot: BallotRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO ballots (board_id, vote_id, user_id, sector, dots, cast_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (board_id, vote_id, user_id) DO UPDATE SET sector = EXCLUDED.sector, dots = EXCLUDED.dots, cast_at = EXCLUDED.cast_at`,
      [ballot.boardId, ballot.voteId, ballot.userId, ballot.sector, JSON.stringify(ballot.dots), ballot.castAt],
    )
  }

  async get(boardId: string, voteId: string, userId: string): Promise<BallotRecord | null> {
    const { rows } = await this.pool.query<BallotRow>('SELECT * FROM ballots WHERE board_id = $1 AND vote_id = $2 AND user_id = $3', [
      boardId,
      voteId,
      userId,
    ])
    return rows[0] ? toBallot(rows[0]) : null
  }

  async listForVote(boardId: string, voteId: string): Promise<BallotRecord[]> {
    const { rows } = await this.pool.query<BallotRow>('SELECT * FROM ballots WHERE board_id = $1 AND vote_id = $2', [boardId, voteId])
    return rows.map(toBallot)
  }

  async deleteVote(boardId: string, voteId: string): Promise<void> {
    await this.pool.query('DELETE FROM ballots WHERE board_id = $1 AND vote_id = $2', [boardId, voteId])
  }
}

export class PgDraftStore implements DraftStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(draft: DraftRecord): Promise<void> {
    // One statement: replaces only the same person's draft, so another person's row is left as it is.
    const result = await this.pool.query(
      `INSERT INTO drafts (${draftColumns}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (board_id, shape_id) DO UPDATE SET record = EXCLUDED.record, updated_at = EXCLUDED.updated_at
       WHERE drafts.user_id = EXCLUDED.user_id`,
      [draft.boardId, draft.userId, draft.shapeId, JSON.stringify(draft.record), draft.updatedAt],
    )
    if (result.rowCount === 0) throw new UniqueViolation(`draft ${draft.shapeId} belongs to someone else`)
  }

  async delete(boardId: string, userId: string, shapeId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM drafts WHERE board_id = $1 AND user_id = $2 AND shape_id = $3', [boardId, userId, shapeId])
    return (result.rowCount ?? 0) > 0
  }

  async listForUser(boardId: string, userId: string): Promise<DraftRecord[]> {
    const { rows } = await this.pool.query<DraftRow>(
      `SELECT ${draftColumns} FROM drafts WHERE board_id = $1 AND user_id = $2 ORDER BY updated_at COLLATE "C", seq`,
      [boardId, userId],
    )
    return rows.map(toDraft)
  }

  async listForBoard(boardId: string): Promise<DraftRecord[]> {
    const { rows } = await this.pool.query<DraftRow>(`SELECT ${draftColumns} FROM drafts WHERE board_id = $1 ORDER BY updated_at COLLATE "C", seq`, [boardId])
    return rows.map(toDraft)
  }

  async count(boardId: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>('SELECT COUNT(*) AS count FROM drafts WHERE board_id = $1', [boardId])
    return Number(rows[0]?.count ?? 0)
  }

  async deleteMany(boardId: string, shapeIds: readonly string[]): Promise<number> {
    const result = await this.pool.query('DELETE FROM drafts WHERE board_id = $1 AND shape_id = ANY($2::text[])', [boardId, shapeIds])
    return result.rowCount ?? 0
  }
}
