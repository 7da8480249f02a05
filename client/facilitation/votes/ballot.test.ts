import { describe, expect, it } from 'vitest'
import { ballotProblem } from '../../../shared/facilitation/votes'
import type { VoteState } from '../../../shared/facilitation/state'
import { addDot, addProblem, dotsLeft, dotsUsed, fitBallot, removeDot, sameDots } from './ballot'

const vote: VoteState = {
  id: 'v1',
  frameId: 'shape:frame',
  dots: 3,
  status: 'open',
  openedAt: 1,
  candidates: ['shape:a', 'shape:b', 'shape:c'],
}

describe('ballot editing', () => {
  it('adds dots on candidates until the budget is used', () => {
    let dots = {}
    dots = addDot(vote, dots, 'shape:a')!
    dots = addDot(vote, dots, 'shape:a')!
    dots = addDot(vote, dots, 'shape:b')!
    expect(dots).toEqual({ 'shape:a': 2, 'shape:b': 1 })
    expect(dotsUsed(dots)).toBe(3)
    expect(dotsLeft(vote, dots)).toBe(0)
    expect(addDot(vote, dots, 'shape:c')).toBeNull()
    expect(addProblem(vote, dots, 'shape:c')).toBe('none')
    // Whatever the editing allows, the server accepts.
    expect(ballotProblem(vote, dots)).toBeNull()
  })

  it('refuses shapes that are not candidates, and any change once the vote is not open', () => {
    expect(addDot(vote, {}, 'shape:other')).toBeNull()
    expect(addProblem(vote, {}, 'shape:other')).toBe('notCandidate')
    const closed = { ...vote, status: 'closed' as const }
    expect(addDot(closed, {}, 'shape:a')).toBeNull()
    expect(addProblem(closed, {}, 'shape:a')).toBe('notOpen')
    expect(removeDot(closed, { 'shape:a': 1 }, 'shape:a')).toBeNull()
  })

  it('removes one dot at a time and drops the key at zero, leaving the input alone', () => {
    const dots = { 'shape:a': 2, 'shape:b': 1 }
    expect(removeDot(vote, dots, 'shape:a')).toEqual({ 'shape:a': 1, 'shape:b': 1 })
    expect(removeDot(vote, dots, 'shape:b')).toEqual({ 'shape:a': 2 })
    expect(removeDot(vote, dots, 'shape:c')).toBeNull()
    expect(dots).toEqual({ 'shape:a': 2, 'shape:b': 1 })
  })

  it('fits a ballot from elsewhere to the vote: only candidates, whole counts, within the budget', () => {
    expect(fitBallot(vote, { 'shape:x': 2, 'shape:b': 2, 'shape:a': 2, 'shape:c': 0 })).toEqual({ 'shape:a': 2, 'shape:b': 1 })
    expect(fitBallot(vote, { 'shape:a': 1.5, 'shape:c': 1 })).toEqual({ 'shape:c': 1 })
    expect(dotsLeft({ dots: 2 }, { 'shape:a': 5 })).toBe(0)
  })

  it('compares ballots by content', () => {
    expect(sameDots({ 'shape:a': 1, 'shape:b': 2 }, { 'shape:b': 2, 'shape:a': 1 })).toBe(true)
    expect(sameDots({ 'shape:a': 1 }, { 'shape:a': 2 })).toBe(false)
    expect(sameDots({ 'shape:a': 1 }, { 'shape:a': 1, 'shape:b': 1 })).toBe(false)
  })
})
