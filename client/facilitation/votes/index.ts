/** Dot voting on the client: the facilitator's controls and everyone's layer over the board (docs/PROTOCOL.md §10). */
export { VotePanel } from './VotePanel'
export { VoteLayer } from './VoteLayer'
export { ResultsList } from './ResultsList'
export { facilitationVotesEn, facilitationVotesId, registerFacilitationVotes } from './labels'
