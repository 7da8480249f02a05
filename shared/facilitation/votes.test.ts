import { describe, expect, it } from 'vitest'
import type { VoteState } from './state'
import { ballotProblem, hasConsent, rankedResults, tallyBallots, votesByShape } from './votes'

const vote: VoteState = { id: 'v1', frameId: 'shape:f', dots: 3, status: 'open', openedAt: 1, candidates: ['shape:a', 'shape:b', 'shape:c'] }

describe('dot votes', () => {
  it('takes a ballot that fits the open vote only', () => {
    expect(ballotProblem(vote, { 'shape:a': 2, 'shape:b': 1 })).toBeNull()
    expect(ballotProblem(vote, {})).toBeNull()
    expect(ballotProblem(vote, { 'shape:a': 4 })).toMatch(/4 dots is more than the 3/)
    expect(ballotProblem(vote, { 'shape:x': 1 })).toMatch(/not a candidate/)
    expect(ballotProblem(vote, { 'shape:a': 0.5 })).toMatch(/whole number/)
    expect(ballotProblem({ ...vote, status: 'closed' }, { 'shape:a': 1 })).toBe('the vote is not open')
  })

  it('tallies totals, dots and voters per sector, and consent of all four sectors', () => {
    const results = tallyBallots([
      { userId: 'u1', sector: 'pemerintah', dots: { 'shape:a': 2, 'shape:b': 1 } },
      { userId: 'u2', sector: 'masyarakat_sipil', dots: { 'shape:a': 1 } },
      { userId: 'u3', sector: 'swasta', dots: { 'shape:a': 1, 'shape:b': 2 } },
      { userId: 'u4', sector: 'akademisi', dots: { 'shape:a': 3 } },
      { userId: 'u5', sector: null, dots: { 'shape:b': 3 } },
    ])
    expect(results['shape:a']).toEqual({
      total: 7,
      bySector: { pemerintah: 2, masyarakat_sipil: 1, swasta: 1, akademisi: 3 },
      votersBySector: { pemerintah: 1, masyarakat_sipil: 1, swasta: 1, akademisi: 1 },
    })
    expect(results['shape:b']).toEqual({ total: 6, bySector: { pemerintah: 1, swasta: 2, none: 3 }, votersBySector: { pemerintah: 1, swasta: 1, none: 1 } })
    expect(results['shape:c']).toBeUndefined()
    expect(JSON.stringify(results)).not.toMatch(/u\d/)
    expect(hasConsent(results['shape:a'])).toBe(true)
    expect(hasConsent(results['shape:b'])).toBe(false)
    const revealed: VoteState = { ...vote, status: 'revealed', voters: 5, results }
    expect(rankedResults(revealed).map((r) => [r.shapeId, r.consent])).toEqual([
      ['shape:a', true],
      ['shape:b', false],
    ])
  })

  it('gives each shape the dots of the latest revealed vote it was a candidate in', () => {
    const first: VoteState = { ...vote, id: 'v1', status: 'revealed', results: { 'shape:a': { total: 4, bySector: {}, votersBySector: {} } } }
    const second: VoteState = { ...vote, id: 'v2', candidates: ['shape:a'], status: 'revealed', results: { 'shape:a': { total: 9, bySector: {}, votersBySector: {} } } }
    const votes = votesByShape({ vote: second, voteHistory: [first] })
    expect(votes.get('shape:a')).toBe(9)
    expect(votes.get('shape:b')).toBe(0)
    expect(votesByShape({ vote: { ...vote }, voteHistory: [] }).size).toBe(0)
  })
})
