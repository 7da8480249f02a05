import type { FacilitationCommand } from '../../../shared/facilitation/commands'
import type { FacilitationState } from '../../../shared/facilitation/state'
import type { Dots } from '../../../shared/facilitation/votes'
import { request } from '../../api'

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

/** The vote routes of docs/API.md. */
export const votesApi = {
  /** An owner's or facilitator's command (open, close, reveal, cancel, adopt). */
  command: (boardId: string, command: FacilitationCommand) =>
    request<{ state: FacilitationState }>('POST', `${board(boardId)}/facilitation`, command).then((r) => r.state),
  /** The caller's own dots in the open or closed vote, and how many people have voted; 404 without such a vote. */
  ballot: (boardId: string) => request<{ voteId: string; dots: Dots; voters: number }>('GET', `${board(boardId)}/votes/current/ballot`),
  /** Casts (replaces) the caller's ballot; 409 when the vote is not open or the dots do not fit it. */
  cast: (boardId: string, voteId: string, dots: Dots) =>
    request<{ dots: Dots; voters: number }>('PUT', `${board(boardId)}/votes/${encodeURIComponent(voteId)}/ballot`, { dots }),
}
