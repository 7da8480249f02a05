import { ApiError } from '../../shared/codes'
import { readFacilitation, type VoteState } from '../../shared/facilitation/state'
import { ballotProblem, type Dots } from '../../shared/facilitation/votes'
import { RateLimiter } from '../auth/RateLimiter'
import type { RoomManager } from '../collab/RoomManager'
import type { BallotRecord, Storage } from '../storage/types'
import type { BoardQueue } from '../collab/BoardQueue'
import { readBoard } from '../collab/readBoard'

/** What a voter sees of a running vote: their own dots and how many people have cast a ballot — nothing else. */
export interface BallotView {
  voteId: string
  dots: Dots
  voters: number
}

/** How many people have at least one dot down. */
function countVoters(ballots: readonly BallotRecord[]): number {
  return ballots.filter((b) => Object.values(b.dots).some((n) => n > 0)).length
}

/**
 * Ballots of dot votes. Each person's dots are kept by the server only (storage.ballots) and never written into the
 * board's document, so no client learns who voted for what; the totals reach the document when the facilitator
 * reveals the vote. A ballot counts under the voter's sector as their user record says when they cast it.
 */
export class BallotService {
  constructor(
    private readonly rooms: RoomManager,
    private readonly storage: Storage,
    private readonly queue: BoardQueue,
    /** 60 ballots a minute per session: dots move one click at a time, a script cannot flood the store. */
    readonly limiter = new RateLimiter(60, 60_000),
  ) {}

  /** The caller's ballot in the vote now open or closed; `not_found` when there is none. */
  async current(boardId: string, userId: string): Promise<BallotView> {
    const vote = (await this.state(boardId)).vote
    if (!vote || vote.status === 'revealed') throw new ApiError('not_found', 'No vote is running on this board.')
    const [own, ballots] = await Promise.all([
      this.storage.ballots.get(boardId, vote.id, userId),
      this.storage.ballots.listForVote(boardId, vote.id),
    ])
    return { voteId: vote.id, dots: own?.dots ?? {}, voters: countVoters(ballots) }
  }

  /**
   * Replaces the caller's dots in an open vote (an empty `dots` takes them all back). `not_found` for a vote the
   * board never had, `conflict` when it is not open or the dots do not fit it.
   */
  async cast(boardId: string, voter: { userId: string; sessionId: string }, voteId: string, dots: Dots): Promise<BallotView> {
    const wait = this.limiter.hit(voter.sessionId)
    if (wait > 0) throw new ApiError('rate_limited', `Too many ballots. Try again in ${wait} seconds.`, { retryAfter: wait })
    return this.queue.run(boardId, async () => {
      const state = await this.state(boardId)
      const vote = state.vote?.id === voteId ? state.vote : null
      if (!vote) {
        if (state.voteHistory.some((v) => v.id === voteId)) throw new ApiError('conflict', 'That vote is over.')
        throw new ApiError('not_found', `No vote with id "${voteId}" on this board.`)
      }
      const problem = ballotProblem(vote, dots)
      if (problem) throw new ApiError('conflict', problem)
      const user = await this.storage.users.get(voter.userId)
      await this.storage.ballots.put({ boardId, voteId, userId: voter.userId, sector: user?.sector ?? null, dots, castAt: new Date().toISOString() })
      return { voteId, dots, voters: countVoters(await this.storage.ballots.listForVote(boardId, voteId)) }
    })
  }

  private state(boardId: string): Promise<{ vote: VoteState | null; voteHistory: VoteState[] }> {
    return readBoard(this.rooms, this.storage.docs, boardId, readFacilitation)
  }
}
