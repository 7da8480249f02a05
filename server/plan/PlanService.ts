import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { readRecords } from '../../shared/boardDoc'
import { readFacilitation } from '../../shared/facilitation/state'
import { votesByShape } from '../../shared/facilitation/votes'
import { extractPlan } from '../../shared/plan/extract'
import type { Plan } from '../../shared/plan/model'
import type { BoardService } from '../boards'
import type { RoomManager } from '../collab/RoomManager'
import type { Board, DocStore } from '../storage/types'

/**
 * The current plan of a board, for the exports: read off the board as it is now, by the same pure extraction the
 * client's live preview uses (shared/plan/extract.ts).
 *
 * "As it is now" is the live doc of the board's room when one is loaded (it holds edits that may still be on their
 * way to the store), else the doc rebuilt from the store. An export never loads a room: `RoomManager.open` keeps a
 * room until its last socket leaves, and a room opened without a socket would never be unloaded. Reading the store
 * directly is also what a room's load does, so both paths see the same board.
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

  /**
   * The board's records and the votes of its revealed dot votes, read from a private copy of its doc. The live doc is never read in place: `readRecords`
   * attaches a y-utility `YKeyValue` view, which deletes duplicate entries as it starts and keeps observing the doc
   * afterwards — on a room's doc that would make the server a writer of every board anyone exported.
   */
  private async read(boardId: string): Promise<{ records: TLRecord[]; votes: Map<string, number> }> {
    const copy = new Y.Doc()
    try {
      const room = this.rooms.loadedRoom(boardId)
      if (room) {
        // Encoding is synchronous, so the room cannot be unloaded and destroyed halfway through.
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc))
      } else {
        const stored = await this.docs.load(boardId)
        copy.transact(() => {
          if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot)
          for (const update of stored.updates) Y.applyUpdate(copy, update)
        })
      }
      return { records: readRecords(copy), votes: votesByShape(readFacilitation(copy)) }
    } finally {
      copy.destroy()
    }
  }
}
