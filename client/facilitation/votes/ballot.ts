import type { Dots } from '../../../shared/facilitation/votes'
import type { VoteState } from '../../../shared/facilitation/state'

/**
 * Editing one's own ballot in a dot vote, as pure functions: the dots live on this device (and the server), never in
 * the board doc. Every function returns a new `Dots` and leaves its input alone.
 */

/** All dots placed. */
export function dotsUsed(dots: Dots): number {
  let used = 0
  for (const count of Object.values(dots)) used += count
  return used
}

/** The dots still to place (never below 0). */
export function dotsLeft(vote: Pick<VoteState, 'dots'>, dots: Dots): number {
  return Math.max(0, vote.dots - dotsUsed(dots))
}

/** Why a dot cannot go on `shapeId` now, or `null` when it can. */
export function addProblem(vote: Pick<VoteState, 'dots' | 'status' | 'candidates'>, dots: Dots, shapeId: string): 'notOpen' | 'notCandidate' | 'none' | null {
  if (vote.status !== 'open') return 'notOpen'
  if (!vote.candidates.includes(shapeId)) return 'notCandidate'
  if (dotsLeft(vote, dots) <= 0) return 'none'
  return null
}

/**
 * One more dot on a candidate, or `null` when the vote is not open, the shape is not a candidate, or no dots are left.
 *
 * @example
 * addDot({ dots: 3, status: 'open', candidates: ['shape:a'] }, {}, 'shape:a') // → { 'shape:a': 1 }
 */
export function addDot(vote: Pick<VoteState, 'dots' | 'status' | 'candidates'>, dots: Dots, shapeId: string): Dots | null {
  if (addProblem(vote, dots, shapeId)) return null
  return { ...dots, [shapeId]: (dots[shapeId] ?? 0) + 1 }
}

/** One dot fewer on a shape (the key goes at 0), or `null` when the vote is not open or the shape has none. */
export function removeDot(vote: Pick<VoteState, 'status'>, dots: Dots, shapeId: string): Dots | null {
  if (vote.status !== 'open') return null
  const count = dots[shapeId] ?? 0
  if (count <= 0) return null
  const next = { ...dots }
  if (count === 1) delete next[shapeId]
  else next[shapeId] = count - 1
  return next
}

/**
 * A ballot cut down to what the vote allows: only candidates, whole counts ≥ 1, and no more than the vote's dots in
 * all (the first candidates in the vote's order keep theirs). For a ballot that came from elsewhere (the server, an
 * older tab).
 */
export function fitBallot(vote: Pick<VoteState, 'dots' | 'candidates'>, dots: Dots): Dots {
  const fitted: Dots = {}
  let left = vote.dots
  for (const shapeId of vote.candidates) {
    const count = dots[shapeId]
    if (count === undefined || !Number.isSafeInteger(count) || count < 1 || left <= 0) continue
    const kept = Math.min(count, left)
    fitted[shapeId] = kept
    left -= kept
  }
  return fitted
}

export function sameDots(a: Dots, b: Dots): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}
