import { SECTORS, type Sector } from '../access'
import type { FacilitationState, Tally, TallySector, VoteState } from './state'

/** A person's dots in one vote: candidate shape id → dots (whole, ≥ 1). */
export type Dots = Record<string, number>

/** A ballot as the server keeps it: whose (never sent to other clients), their sector when cast, their dots. */
export interface Ballot {
  userId: string
  sector: Sector | null
  dots: Dots
}

/**
 * Why `dots` cannot be cast in `vote`, or `null` when it can: the vote must be open, every candidate one of the
 * vote's, every count a whole number ≥ 1, and no more dots in all than the vote gives each person.
 *
 * @example
 * ballotProblem(vote, { 'shape:a': 2, 'shape:b': 1 }) // → null when vote.dots ≥ 3
 */
export function ballotProblem(vote: VoteState, dots: Dots): string | null {
  if (vote.status !== 'open') return 'the vote is not open'
  const candidates = new Set(vote.candidates)
  let used = 0
  for (const [shapeId, count] of Object.entries(dots)) {
    if (!candidates.has(shapeId)) return `${shapeId} is not a candidate of this vote`
    if (!Number.isSafeInteger(count) || count < 1) return `dots on ${shapeId} must be a whole number of at least 1`
    used += count
  }
  if (used > vote.dots) return `${used} dots is more than the ${vote.dots} each person has`
  return null
}

/**
 * Totals per candidate from every ballot: all dots, dots per voter sector, and voters per sector. Candidates without
 * dots are left out. Who gave what is not in the result.
 *
 * @example
 * tallyBallots([{ userId: 'u1', sector: 'swasta', dots: { 'shape:a': 2 } }])
 * // → { 'shape:a': { total: 2, bySector: { swasta: 2 }, votersBySector: { swasta: 1 } } }
 */
export function tallyBallots(ballots: readonly Ballot[]): Record<string, Tally> {
  const results: Record<string, Tally> = {}
  for (const ballot of ballots) {
    const sector: TallySector = ballot.sector ?? 'none'
    for (const [shapeId, count] of Object.entries(ballot.dots)) {
      if (!(count > 0)) continue
      const tally = (results[shapeId] ??= { total: 0, bySector: {}, votersBySector: {} })
      tally.total += count
      tally.bySector[sector] = (tally.bySector[sector] ?? 0) + count
      tally.votersBySector[sector] = (tally.votersBySector[sector] ?? 0) + 1
    }
  }
  return results
}

/** Whether a candidate has support in every one of the four sectors (at least one voter of each). */
export function hasConsent(tally: Tally | undefined): boolean {
  return tally !== undefined && SECTORS.every((sector) => (tally.votersBySector[sector] ?? 0) > 0)
}

/**
 * The candidates of a revealed vote, most dots first (ties: more sectors supporting, then the order of the
 * candidates), each with its tally and whether all four sectors support it.
 */
export function rankedResults(vote: VoteState): Array<{ shapeId: string; tally: Tally; consent: boolean }> {
  const results = vote.results ?? {}
  const order = new Map(vote.candidates.map((id, i) => [id, i]))
  const sectorsOf = (t: Tally) => SECTORS.filter((s) => (t.votersBySector[s] ?? 0) > 0).length
  return Object.entries(results)
    .map(([shapeId, tally]) => ({ shapeId, tally, consent: hasConsent(tally) }))
    .sort(
      (a, b) =>
        b.tally.total - a.tally.total ||
        sectorsOf(b.tally) - sectorsOf(a.tally) ||
        (order.get(a.shapeId) ?? 0) - (order.get(b.shapeId) ?? 0),
    )
}

/**
 * The dots each shape received in the latest revealed vote that had it as a candidate (0 when it got none there):
 * what the plan reports as a statement's votes.
 *
 * @example
 * votesByShape(readFacilitation(doc)).get('shape:vision1') // → 7
 */
export function votesByShape(state: Pick<FacilitationState, 'vote' | 'voteHistory'>): Map<string, number> {
  const votes = new Map<string, number>()
  const revealed = [...state.voteHistory, ...(state.vote?.status === 'revealed' ? [state.vote] : [])]
  for (const vote of revealed) {
    if (vote.status !== 'revealed') continue
    for (const shapeId of vote.candidates) votes.set(shapeId, vote.results?.[shapeId]?.total ?? 0)
  }
  return votes
}
