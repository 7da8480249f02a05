import { describe, expect, it } from 'vitest'
import { SECTORS } from '../../../shared/access'
import type { VoteState } from '../../../shared/facilitation/state'
import { tallyBallots } from '../../../shared/facilitation/votes'
import { SECTOR_COLORS } from '../../../shared/forum/template'
import { resultRows, SECTOR_CSS, sectorSegments } from './results'

const results = tallyBallots([
  { userId: 'u1', sector: 'pemerintah', dots: { 'shape:a': 2, 'shape:b': 1 } },
  { userId: 'u2', sector: 'masyarakat_sipil', dots: { 'shape:a': 1 } },
  { userId: 'u3', sector: 'swasta', dots: { 'shape:a': 1, 'shape:c': 2 } },
  { userId: 'u4', sector: 'akademisi', dots: { 'shape:a': 1 } },
  { userId: 'u5', sector: null, dots: { 'shape:b': 3 } },
])
const vote: VoteState = {
  id: 'v1',
  frameId: 'shape:frame',
  dots: 3,
  status: 'revealed',
  openedAt: 1,
  candidates: ['shape:c', 'shape:b', 'shape:a', 'shape:d'],
  voters: 5,
  results,
}

describe('vote results', () => {
  it('splits a tally into sector segments in a fixed order whose shares add up to 1', () => {
    const segments = sectorSegments(results['shape:a']!)
    expect(segments.map((s) => [s.sector, s.count])).toEqual([
      ['pemerintah', 2],
      ['masyarakat_sipil', 1],
      ['swasta', 1],
      ['akademisi', 1],
    ])
    expect(segments.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1)
    expect(sectorSegments(results['shape:b']!).map((s) => s.sector)).toEqual(['pemerintah', 'none'])
  })

  it('ranks by dots and keeps the ranks when filtering to consent', () => {
    const rows = resultRows(vote)
    expect(rows.map((r) => [r.shapeId, r.rank, r.tally.total, r.consent])).toEqual([
      ['shape:a', 1, 5, true],
      ['shape:b', 2, 4, false],
      ['shape:c', 3, 2, false],
    ])
    expect(resultRows(vote, true).map((r) => [r.shapeId, r.rank])).toEqual([['shape:a', 1]])
    expect(resultRows({ ...vote, results: {} })).toEqual([])
  })

  it('has a colour for every sector and for no sector', () => {
    for (const sector of SECTORS) expect(SECTOR_COLORS[sector]).toBeTruthy()
    expect(Object.keys(SECTOR_CSS).sort()).toEqual([...SECTORS, 'none'].sort())
  })
})
