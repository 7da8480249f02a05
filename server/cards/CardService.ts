import type { TLShapeId } from '@tldraw/tlschema'
import { ApiError } from '../../shared/codes'
import { boardRecords, peekRecord, readRecords } from '../../shared/boardDoc'
import { readFacilitation } from '../../shared/facilitation/state'
import type { BoardLanguage } from '../../shared/forum/texts'
import { RateLimiter } from '../auth/RateLimiter'
import { BoardQueue } from '../collab/BoardQueue'
import { ServerUpdateRefused } from '../collab/Room'
import type { RoomManager } from '../collab/RoomManager'
import { cardNoteId, planCard, type CardCategory } from './cardPlacement'

export interface CardSubmission {
  /** The id the device gave the card (it keeps the card queued under it until the server answers). */
  id: string
  text: string
  category: CardCategory | null
  lang: BoardLanguage
}

export interface CardReceipt {
  /** `false` when a card with this id was already on the board: a retry, nothing was written. */
  created: boolean
  /** The note's shape id. */
  shapeId: TLShapeId
  /** The frame it sits in (the current phase's frame or the card inbox). */
  frameId: string | null
}

/**
 * Cards from the light card page (`/card/:code`): each becomes a sticky note on the board, written by the server
 * through the board's room (so it is checked, stored and sent live like any edit). A card's id makes sending it
 * again harmless. Cards for one board are placed one at a time, so two never take the same free cell.
 */
export class CardService {
  private readonly queue = new BoardQueue()

  constructor(
    private readonly rooms: RoomManager,
    /** 30 new cards a minute per session: more than anyone writes by hand, few enough that a script cannot bury a board. */
    readonly limiter = new RateLimiter(30, 60_000),
  ) {}

  async submit(boardId: string, author: { userId: string; name: string; sessionId: string }, card: CardSubmission): Promise<CardReceipt> {
    const shapeId = cardNoteId(card.id)
    // A retry of a card already on the board costs nothing and does not count against the rate.
    const known = this.rooms.loadedRoom(boardId)?.doc
    const existing = known ? peekRecord(known, shapeId) : undefined
    if (existing?.typeName === 'shape') return { created: false, shapeId, frameId: existing.parentId.startsWith('shape:') ? existing.parentId : null }

    const wait = this.limiter.hit(author.sessionId)
    if (wait > 0) throw new ApiError('rate_limited', `Too many cards. Try again in ${wait} seconds.`, { retryAfter: wait })
    return this.queue.run(boardId, () => this.place(boardId, author, card, shapeId))
  }

  private async place(boardId: string, author: { userId: string; name: string }, card: CardSubmission, shapeId: TLShapeId): Promise<CardReceipt> {
    let submitted
    try {
      submitted = await this.rooms.submitServerUpdate(boardId, (doc) => {
        const records = boardRecords(doc)
        const existing = records.get(shapeId)
        if (existing) return { created: false, frameId: existing.typeName === 'shape' ? existing.parentId : null }
        const plan = planCard(readRecords(doc), {
          cardId: card.id,
          text: card.text,
          category: card.category,
          author: { id: author.userId, name: author.name },
          lang: card.lang,
          phaseFrameId: readFacilitation(doc).phase?.frameId ?? null,
        })
        for (const record of plan.put) records.set(record.id, record)
        return { created: true, frameId: plan.frameId as string }
      })
    } catch (error) {
      if (error instanceof ServerUpdateRefused && error.code === 'documentTooLarge') {
        throw new ApiError('payload_too_large', 'The board is full: it reached its size limit.')
      }
      throw error
    }
    const { result, room } = submitted
    // The room checks the update once more just before applying it; make sure it took it.
    if (!peekRecord(room.doc, shapeId)) throw new Error(`card ${shapeId} was not applied to board ${boardId}`)
    return { created: result.created, shapeId, frameId: result.frameId && result.frameId.startsWith('shape:') ? result.frameId : null }
  }
}
