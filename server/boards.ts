import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { checkRecord, initBoardDoc } from '../shared/boardDoc'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../shared/boardSchema'
import { templateRecords, type BoardTemplate } from '../shared/forum/boardTemplates'
import { TEMPLATE_TEXTS, type BoardLanguage } from '../shared/forum/texts'
import { ApiError, isBoardId } from '../shared/codes'
import { randomId } from './auth/ids'
import type { Board, Storage } from './storage/types'

/** Creating, finding and listing boards. */
export class BoardService {
  private readonly schema = createBoardSchema()

  constructor(private readonly storage: Storage) {}

  /**
   * Creates a board and stores its first document state (schema and initial records), so the first clients to open
   * it find a usable board and never race to initialise it. A template or an example fills the first page; `records`
   * (shapes and bindings made for `DEFAULT_PAGE_ID`, e.g. an imported plan laid out) fill it instead of a template.
   */
  async create(title: string, start: { template?: BoardTemplate; lang?: BoardLanguage; records?: TLRecord[] } = {}): Promise<Board> {
    const board: Board = { id: randomId(), title, createdAt: new Date().toISOString() }
    const template = start.template ?? 'blank'
    const lang = start.lang ?? 'id'
    // Records made elsewhere are checked as an update would be: a board never starts with one its editors refuse.
    for (const record of start.records ?? []) {
      const checked = checkRecord(this.schema, record)
      if (!checked.ok) throw new ApiError('bad_request', `The board cannot hold ${record.id}: ${checked.reason}`)
    }
    const doc = new Y.Doc()
    const page = template === 'blank' && !start.records ? initialBoardRecords() : initialBoardRecords(TEMPLATE_TEXTS[lang].pageName)
    initBoardDoc(doc, this.schema, [...page, ...(start.records ?? templateRecords(template, lang, DEFAULT_PAGE_ID))])
    await this.storage.docs.append(board.id, [Y.encodeStateAsUpdate(doc)])
    doc.destroy()
    try {
      await this.storage.boards.createBoard(board)
    } catch (error) {
      // Do not leave a document behind that no board points to.
      await this.storage.docs.delete(board.id).catch(() => {})
      throw error
    }
    return board
  }

  /** The board, or `board_not_found`. */
  async get(id: string): Promise<Board> {
    const board = isBoardId(id) ? await this.storage.boards.getBoard(id) : null
    if (!board) throw new ApiError('board_not_found', `No board with id "${id}".`)
    return board
  }

  /** Whether the board exists; malformed ids never reach the store. */
  async exists(id: string): Promise<boolean> {
    return isBoardId(id) && (await this.storage.boards.getBoard(id)) !== null
  }

  list(): Promise<Board[]> {
    return this.storage.boards.listBoards()
  }

  /** The boards a person has a role on, with that role, newest first. */
  listFor(userId: string) {
    return this.storage.members.boardsOf(userId)
  }
}
