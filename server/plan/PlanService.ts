import type { TLRecord } from '@tldraw/tlschema'
import { readRecords } from '../../shared/boardDoc'
import { readFacilitation } from '../../shared/facilitation/state'
import { votesByShape } from '../../shared/facilitation/votes'
import { extractPlan } from '../../shared/plan/extract'
import type { Plan } from '../../shared/plan/model'
import type { BoardService } from '../boards'
import { readBoard } from '../collab/readBoard'
import type { RoomManager } from '../collab/RoomManager'
import type { Board, DocStore } from '../storage/types'

/**
 * The current plan of a board, for the exports: read off the board as it is now, by the same pure extraction the
 * client's live preview uses (shared/plan/extract.ts).
 *
 * "As it is now" is what `readBoard` gives: the live doc of the board's room when one is loaded, else the doc rebuilt
 * from the store; an export never loads a room.
 */
export class PlanService {
  constructor(
    private readonly boards: BoardService,
    private readonly docs: DocStore,
    private readonly rooms: RoomManager,
  ) {}

  /** The board and its plan; `board_not_found` for no such board. */
  async current(boardId: string): Promise<{ board: Board; plan: Plan }> {
    const board = await this.boards.get(boardId)
    const { records, votes } = await this.read(boardId)
    return { board, plan: extractPlan(records, { title: board.title, boardId, votes }) }
  }

  /** The board's records and the votes of its revealed dot votes (`readRecords` needs a private copy of the doc). */
  private read(boardId: string): Promise<{ records: TLRecord[]; votes: Map<string, number> }> {
    return readBoard(this.rooms, this.docs, boardId, (doc) => ({ records: readRecords(doc), votes: votesByShape(readFacilitation(doc)) }), {
      privateCopy: true,
    })
  }
}
