import type { TLRecord } from '@tldraw/tlschema'
import { checkRecord } from '../../shared/boardDoc'
import { createBoardSchema } from '../../shared/boardSchema'
import { ApiError } from '../../shared/codes'
import { readFacilitation } from '../../shared/facilitation/state'
import { RateLimiter } from '../auth/RateLimiter'
import { currentRecords } from '../collab/updateGuard'
import type { RoomManager } from '../collab/RoomManager'
import { UniqueViolation, type Storage } from '../storage/types'
import type { BoardQueue } from '../collab/BoardQueue'
import { readBoard } from '../collab/readBoard'

/** Largest draft record, as JSON: a note with a long text fits many times over. */
export const MAX_DRAFT_BYTES = 16 * 1024
/** Most hidden notes one person may hold on a board at once. */
export const MAX_DRAFTS_PER_PERSON = 200

const boardSchema = createBoardSchema()

/**
 * Private drafting (docs/PROTOCOL.md §10): while the facilitator has it on, a participant's new notes are kept here,
 * by the server, instead of in the board's document — so no other client's copy of the board holds them. The
 * facilitator's reveal (FacilitationService) puts them all onto the board in one update and removes them here.
 */
export class DraftService {
  constructor(
    private readonly rooms: RoomManager,
    private readonly storage: Storage,
    private readonly queue: BoardQueue,
    /** 240 writes a minute per session: a note saved as it is typed, with room to spare. */
    readonly limiter = new RateLimiter(240, 60_000),
  ) {}

  /** The person's own hidden notes on the board, oldest first. */
  async list(boardId: string, userId: string): Promise<Array<{ shapeId: string; record: unknown }>> {
    return (await this.storage.drafts.listForUser(boardId, userId)).map((d) => ({ shapeId: d.shapeId, record: d.record }))
  }

  /**
   * Keeps a hidden note (new or changed). The record must be a shape the board schema takes, under `shapeId`, not on
   * the board already, at most `MAX_DRAFT_BYTES`; `conflict` while private drafting is off (the client then writes it
   * to the board), when the id is someone else's draft, or past `MAX_DRAFTS_PER_PERSON`.
   */
  async put(boardId: string, author: { userId: string; sessionId: string }, shapeId: string, record: unknown): Promise<void> {
    const wait = this.limiter.hit(author.sessionId)
    if (wait > 0) throw new ApiError('rate_limited', `Too many saves. Try again in ${wait} seconds.`, { retryAfter: wait })
    const checked = checkDraft(shapeId, record)
    await this.queue.run(boardId, async () => {
      const board = await readBoard(this.rooms, this.storage.docs, boardId, (doc) => ({
        drafting: readFacilitation(doc).private?.on === true,
        onBoard: currentRecords(doc).has(shapeId),
      }))
      if (!board.drafting) throw new ApiError('conflict', 'Private drafting is off: write the note to the board.')
      if (board.onBoard) throw new ApiError('conflict', `${shapeId} is on the board already.`)
      const own = await this.storage.drafts.listForUser(boardId, author.userId)
      if (!own.some((d) => d.shapeId === shapeId) && own.length >= MAX_DRAFTS_PER_PERSON) {
        throw new ApiError('conflict', `You hold ${MAX_DRAFTS_PER_PERSON} hidden notes already: wait for the facilitator to reveal them.`)
      }
      try {
        await this.storage.drafts.put({ boardId, userId: author.userId, shapeId, record: checked, updatedAt: new Date().toISOString() })
      } catch (error) {
        if (error instanceof UniqueViolation) throw new ApiError('conflict', `${shapeId} is someone else's hidden note.`)
        throw error
      }
    })
  }

  /** Removes one of the person's hidden notes (nothing happens when they have none with that id). */
  async remove(boardId: string, userId: string, shapeId: string): Promise<void> {
    await this.storage.drafts.delete(boardId, userId, shapeId)
  }

  /** How many hidden notes wait on the board, everyone's together (for the facilitator). */
  count(boardId: string): Promise<number> {
    return this.storage.drafts.count(boardId)
  }
}

/** The draft as validated by the board schema; `payload_too_large` or `bad_request` when it cannot be one. */
function checkDraft(shapeId: string, record: unknown): TLRecord {
  const bytes = Buffer.byteLength(JSON.stringify(record) ?? '')
  if (bytes > MAX_DRAFT_BYTES) throw new ApiError('payload_too_large', `A hidden note may be at most ${MAX_DRAFT_BYTES} bytes; this one is ${bytes}.`)
  const checked = checkRecord(boardSchema, record)
  if (!checked.ok) throw new ApiError('bad_request', `record: ${checked.reason}`)
  if (checked.record.typeName !== 'shape') throw new ApiError('bad_request', 'record: a hidden note must be a shape')
  if (checked.record.id !== shapeId) throw new ApiError('bad_request', `record: its id ${checked.record.id} is not ${shapeId}`)
  return checked.record
}
