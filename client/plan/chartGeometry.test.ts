import { describe, expect, it } from 'vitest'
import { quadrantOf, QUADRANTS } from '../../shared/forum/grid'
import type { PlanStakeholder } from '../../shared/plan/model'
import { cellCentre, chartLayout, markerPath, spread } from './chartGeometry'

const plot = { x: 40, y: 10, w: 250, h: 250 }

function stakeholder(id: string, influence: number | null, interest: number | null): PlanStakeholder {
  return {
    id: `shape:${id}`, name: id, sector: 'pemerintah', organisation: '', role: '', influence, interest, contact: '', sources: [`shape:${id}`],
    quadrant: influence !== null && interest !== null ? quadrantOf({ influence, interest }) : null,
  }
}

const inside = (box: { x: number; y: number; w: number; h: number }, p: { x: number; y: number }) =>
  p.x > box.x && p.x < box.x + box.w && p.y > box.y && p.y < box.y + box.h

describe('chartLayout', () => {
  it('puts high influence at the top and high interest at the right', () => {
    expect(cellCentre(plot, 5, 5)).toEqual({ x: 265, y: 35 })
    expect(cellCentre(plot, 1, 1)).toEqual({ x: 65, y: 235 })
  })

  it('puts every score pair inside the quadrant quadrantOf names', () => {
    const all: PlanStakeholder[] = []
    for (let influence = 1; influence <= 5; influence++) for (let interest = 1; interest <= 5; interest++) all.push(stakeholder(`s${influence}${interest}`, influence, interest))
    const layout = chartLayout(all, plot)
    expect(layout.dots).toHaveLength(25)
    for (const dot of layout.dots) {
      expect(inside(layout.quadrants[dot.quadrant!], dot)).toBe(true)
      for (const other of QUADRANTS.filter((q) => q !== dot.quadrant)) expect(inside(layout.quadrants[other], dot)).toBe(false)
    }
  })

  it('lists stakeholders without both scores instead of plotting them', () => {
    const layout = chartLayout([stakeholder('a', 4, null), stakeholder('b', 3, 3), stakeholder('c', null, null)], plot)
    expect(layout.dots.map((d) => d.id)).toEqual(['shape:b'])
    expect(layout.dots[0]!.number).toBe(2)
    expect(layout.unrated.map((s) => s.id)).toEqual(['shape:a', 'shape:c'])
  })

  it('spreads stakeholders sharing a cell so no two markers coincide, all inside the cell', () => {
    const same = Array.from({ length: 9 }, (_, i) => stakeholder(`x${i}`, 4, 4))
    const layout = chartLayout(same, plot)
    const cell = { x: plot.x + 3 * 50, y: plot.y + 50, w: 50, h: 50 }
    const keys = new Set(layout.dots.map((d) => `${d.x.toFixed(1)},${d.y.toFixed(1)}`))
    expect(keys.size).toBe(9)
    for (const dot of layout.dots) expect(inside(cell, dot)).toBe(true)
  })
})

describe('spread', () => {
  it.each([1, 2, 5, 6, 7, 20])('keeps %i offsets within reach', (n) => {
    const offsets = spread(n, 10)
    expect(offsets).toHaveLength(n)
    for (const { dx, dy } of offsets) expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(10 + 1e-9)
  })
})

describe('markerPath', () => {
  it.each(['circle', 'square', 'triangle', 'diamond', 'ring'] as const)('draws a closed %s', (marker) => {
    expect(markerPath(marker, 10, 10, 5)).toMatch(/^M.*Z$/)
  })
})
