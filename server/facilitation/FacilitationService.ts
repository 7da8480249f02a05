import type { TLRecord, TLShape } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { boardRecords, checkRecord, readRecords } from '../../shared/boardDoc'
import { createBoardSchema } from '../../shared/boardSchema'
import { ApiError } from '../../shared/codes'
import type { FacilitationCommand } from '../../shared/facilitation/commands'
import { readFacilitation, writeFacilitation, type FacilitationState, type VoteState } from '../../shared/facilitation/state'
import { applyTimerAction } from '../../shared/facilitation/timer'
import { tallyBallots, type Ballot } from '../../shared/facilitation/votes'
import { randomId } from '../auth/ids'
import { ServerUpdateRefused } from '../collab/Room'
import type { RoomManager } from '../collab/RoomManager'
import type { DraftRecord, Storage } from '../storage/types'
import { adoption, revealedRecord, stepFrame, voteCandidates } from './boardShapes'
import type { BoardQueue } from '../collab/BoardQueue'
import { readBoard } from '../collab/readBoard'

/** Who gives a command: "follow me" names them. */
export interface Caller {
  id: string
  name: string
}

/** What a command needs from storage, read before the doc changes. */
interface Prepared {
  /** Every ballot of the vote being revealed. */
  ballots: Ballot[]
  /** Every hidden draft of the board, when the command reveals them. */
  drafts: DraftRecord[]
}

/** Votes kept in `voteHistory`: the newest this many. */
const HISTORY_LIMIT = 200
/** Most candidates one vote may have (the schema's limit). */
const MAX_CANDIDATES = 2000

const boardSchema = createBoardSchema()

function conflict(message: string): ApiError {
  return new ApiError('conflict', message)
}

/**
 * Runs the commands of owners and facilitators (`POST /api/boards/:id/facilitation`; the route checks the role): each
 * changes the board's facilitation state — and for adoption and revealed drafts its records — through the board's
 * room (`RoomManager.submitServerUpdate`), so the change is checked, stored and sent to everyone like any edit. The
 * server's clock times everything. Commands, ballots and drafts of one board run one at a time (`BoardQueue`).
 */
export class FacilitationService {
  constructor(
    private readonly rooms: RoomManager,
    private readonly storage: Storage,
    private readonly queue: BoardQueue,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The board's facilitation state now. */
  state(boardId: string): Promise<FacilitationState> {
    return readBoard(this.rooms, this.storage.docs, boardId, readFacilitation)
  }

  /**
   * Runs one command and answers the state it leads to. A command that does not fit the state (revealing without a
   * vote, adopting a note…) is a `conflict` and changes nothing.
   */
  command(boardId: string, caller: Caller, command: FacilitationCommand): Promise<FacilitationState> {
    return this.queue.run(boardId, () => this.run(boardId, caller, command))
  }

  private async run(boardId: string, caller: Caller, command: FacilitationCommand): Promise<FacilitationState> {
    const before = await this.state(boardId)
    const prepared = await this.prepare(boardId, before, command)
    const now = this.now()
    let submitted
    try {
      submitted = await this.rooms.submitServerUpdate(boardId, (doc) => {
        const state = readFacilitation(doc)
        writeFacilitation(doc, this.change(doc, state, command, { caller, now, prepared }))
        return readFacilitation(doc)
      })
    } catch (error) {
      if (error instanceof ServerUpdateRefused && error.code === 'documentTooLarge') {
        throw new ApiError('payload_too_large', 'The board is full: it reached its size limit.')
      }
      throw error
    }
    const { result, room } = submitted
    // The room checks the update once more just before applying it; make sure it took it.
    if (JSON.stringify(readFacilitation(room.doc)) !== JSON.stringify(result)) {
      throw new Error(`a facilitation command was not applied to board ${boardId}`)
    }
    await this.cleanUp(boardId, before, command, prepared)
    return result
  }

  private async prepare(boardId: string, state: FacilitationState, command: FacilitationCommand): Promise<Prepared> {
    const revealsVote = command.type === 'vote' && command.action === 'reveal' && state.vote !== null
    const revealsDrafts = command.type === 'private' && ('action' in command || !command.on)
    return {
      ballots: revealsVote ? await this.storage.ballots.listForVote(boardId, state.vote!.id) : [],
      drafts: revealsDrafts ? await this.storage.drafts.listForBoard(boardId) : [],
    }
  }

  /** After the doc changed: ballots of a vote that was revealed or dropped, and drafts that were revealed, go. */
  private async cleanUp(boardId: string, before: FacilitationState, command: FacilitationCommand, prepared: Prepared): Promise<void> {
    if (command.type === 'vote' && (command.action === 'reveal' || command.action === 'cancel') && before.vote) {
      await this.storage.ballots.deleteVote(boardId, before.vote.id)
    }
    if (prepared.drafts.length > 0) {
      await this.storage.drafts.deleteMany(boardId, prepared.drafts.map((d) => d.shapeId))
    }
  }

  /** The facilitation fields a command changes (and, for adoption and reveals, the records it writes into `doc`). */
  private change(
    doc: Y.Doc,
    state: FacilitationState,
    command: FacilitationCommand,
    { caller, now, prepared }: { caller: Caller; now: number; prepared: Prepared },
  ): Partial<FacilitationState> {
    switch (command.type) {
      case 'phase': {
        if (command.step === null) return { phase: null }
        const frame = stepFrame(readRecords(doc), command.step)
        return { phase: { step: command.step, frameId: frame?.id ?? null, startedAt: now } }
      }
      case 'timer': {
        if (!state.timer && command.action !== 'set' && command.action !== 'clear') throw conflict('There is no timer: set one first.')
        return { timer: applyTimerAction(state.timer, command, now) }
      }
      case 'vote':
        return command.action === 'open' ? { vote: this.openVote(doc, state, command, now) } : this.endVote(state, command.action, prepared.ballots)
      case 'adopt': {
        const changed = adoption(readRecords(doc), command.shapeId)
        if (!changed) throw conflict(`${command.shapeId} is not a vision or mission statement card on this board.`)
        const records = boardRecords(doc)
        for (const statement of changed) records.set(statement.id, statement)
        return {}
      }
      case 'private': {
        if ('action' in command) {
          if (!state.private?.on) throw conflict('Private drafting is off: there is nothing hidden to reveal.')
          revealDrafts(doc, prepared.drafts)
          return { private: { on: true, since: now } }
        }
        if (command.on) return { private: state.private?.on ? state.private : { on: true, since: now } }
        revealDrafts(doc, prepared.drafts)
        return { private: null }
      }
      case 'lock': {
        const { locks } = state
        if (command.target === 'board') return { locks: { ...locks, board: command.locked } }
        const frames = locks.frames.filter((id) => id !== command.target)
        if (!command.locked) return { locks: { ...locks, frames } }
        const frame = readRecords(doc).find((r) => r.id === command.target)
        if (frame?.typeName !== 'shape' || frame.type !== 'frame') throw conflict(`${command.target} is not a frame on this board.`)
        return { locks: { ...locks, frames: [...frames, command.target] } }
      }
      case 'summon':
        return { summon: command.on ? { userId: caller.id, name: caller.name, since: now } : null }
    }
  }

  private openVote(doc: Y.Doc, state: FacilitationState, command: { frameId: string; dots: number }, now: number): VoteState {
    if (state.vote && state.vote.status !== 'revealed') throw conflict('A vote is running: reveal or cancel it first.')
    const records = readRecords(doc)
    const frame = records.find((r) => r.id === command.frameId)
    if (frame?.typeName !== 'shape' || frame.type !== 'frame') throw conflict(`${command.frameId} is not a frame on this board.`)
    const candidates = voteCandidates(records, command.frameId)
    if (candidates.length === 0) throw conflict('The frame holds no cards or notes to vote on.')
    if (candidates.length > MAX_CANDIDATES) throw conflict(`The frame holds more than ${MAX_CANDIDATES} cards and notes.`)
    return { id: randomId(10), frameId: command.frameId, dots: command.dots, status: 'open', openedAt: now, candidates }
  }

  private endVote(state: FacilitationState, action: 'close' | 'reveal' | 'cancel', ballots: Ballot[]): Partial<FacilitationState> {
    const vote = state.vote
    if (!vote) throw conflict('There is no vote.')
    if (action === 'cancel') return { vote: null }
    if (action === 'close') {
      if (vote.status !== 'open') throw conflict('The vote is not open.')
      return { vote: { ...vote, status: 'closed' } }
    }
    if (vote.status === 'revealed') throw conflict('The vote is revealed already.')
    const voters = ballots.filter((b) => Object.values(b.dots).some((n) => n > 0)).length
    const revealed: VoteState = { ...vote, status: 'revealed', voters, results: tallyBallots(ballots) }
    const history = [...state.voteHistory.filter((v) => v.id !== vote.id), revealed].slice(-HISTORY_LIMIT)
    return { vote: revealed, voteHistory: history }
  }
}

/**
 * Puts every hidden draft onto the board in the command's one update, so they appear together: without `meta.draft`,
 * on the first page when their frame is gone; one whose id is on the board already, or that the schema no longer
 * takes, is left out.
 */
function revealDrafts(doc: Y.Doc, drafts: readonly DraftRecord[]): void {
  if (drafts.length === 0) return
  const records = boardRecords(doc)
  const current = new Map<string, TLRecord>([...records.map.values()].map((entry) => [entry.key, entry.val]))
  for (const draft of drafts) {
    const checked = checkRecord(boardSchema, draft.record)
    if (!checked.ok || checked.record.typeName !== 'shape') continue
    const record = revealedRecord(current, checked.record as TLShape)
    if (!record) continue
    records.set(record.id, record)
    current.set(record.id, record)
  }
}
