import { describe, expect, it } from 'vitest'
import { SeqTracker } from './SeqTracker'

describe('SeqTracker', () => {
  it.each([
    { name: 'in order', adds: [[11, 12], [13, 13]], contiguous: 13, gap: false },
    { name: 'own write ahead of a message still on its way', adds: [[14, 15]], contiguous: 10, gap: true },
    { name: 'the late message fills the gap', adds: [[14, 15], [11, 13]], contiguous: 15, gap: false },
    { name: 'two gaps, one filled', adds: [[12, 12], [15, 16], [11, 11]], contiguous: 12, gap: true },
    { name: 'overlapping ranges merge', adds: [[12, 14], [13, 18], [11, 12]], contiguous: 18, gap: false },
    { name: 'duplicates below contiguous change nothing', adds: [[11, 11], [5, 9], [11, 11]], contiguous: 11, gap: false },
    { name: 'a range straddling contiguous counts from above it', adds: [[8, 12]], contiguous: 12, gap: false },
  ])('$name', ({ adds, contiguous, gap }) => {
    const seqs = new SeqTracker(10)
    for (const [from, to] of adds) seqs.add(from!, to!)
    expect(seqs.contiguous).toBe(contiguous)
    expect(seqs.hasGap).toBe(gap)
  })

  it('the order the ranges arrive in does not matter', () => {
    const ranges: Array<[number, number]> = [[1, 3], [4, 4], [5, 9], [10, 10], [11, 20]]
    for (let shift = 0; shift < ranges.length; shift++) {
      const seqs = new SeqTracker(0)
      for (const [from, to] of [...ranges.slice(shift), ...ranges.slice(0, shift)].reverse()) seqs.add(from, to)
      expect(seqs.contiguous).toBe(20)
      expect(seqs.hasGap).toBe(false)
    }
  })

  it('note makes a gap that only adds or fillThrough close', () => {
    const seqs = new SeqTracker(4)
    seqs.note(7)
    expect(seqs.hasGap).toBe(true)
    expect(seqs.known).toBe(7)
    seqs.add(5, 6)
    expect(seqs.hasGap).toBe(true)
    seqs.fillThrough(7)
    expect(seqs.contiguous).toBe(7)
    expect(seqs.hasGap).toBe(false)
  })

  it('fillThrough keeps ranges beyond it', () => {
    const seqs = new SeqTracker(0)
    seqs.add(9, 10)
    seqs.fillThrough(5)
    expect(seqs.contiguous).toBe(5)
    seqs.add(6, 8)
    expect(seqs.contiguous).toBe(10)
  })

  it('holds tells whether a range is already in the doc', () => {
    const seqs = new SeqTracker(5)
    seqs.add(8, 9)
    expect(seqs.holds(3, 5)).toBe(true)
    expect(seqs.holds(8, 9)).toBe(true)
    expect(seqs.holds(6, 8)).toBe(false)
    expect(seqs.holds(9, 10)).toBe(false)
  })
})
