import type { Sector } from '../../shared/access'
import type { Quadrant } from '../../shared/forum/grid'
import type { PlanStakeholder } from '../../shared/plan/model'
import type { Box } from './camera'

/**
 * The geometry of the panel's power/interest chart, read from the plan (not the board): a 5 × 5 plot, influence up,
 * interest to the right, one marker per rated stakeholder. Pure, so it can be tested without a DOM.
 */

export const SCORES = 5
/**
 * Where the quadrants meet: between scores 2 and 3, since `quadrantOf` counts 3 and up as high. Drawing the split
 * there (not through the middle of the plot) puts every marker inside the quadrant the table names.
 */
export const HIGH_FROM = 3

/** Sector colours: the cards' own accents (cards.css), so a reader matches chart and board at a glance. */
export const SECTOR_COLOURS: Record<Sector | 'none', string> = {
  pemerintah: '#1f62c9',
  masyarakat_sipil: '#1a7f37',
  swasta: '#c25100',
  akademisi: '#7a3ed1',
  none: '#6e7781',
}

/** A marker shape per sector as well as a colour, for readers who cannot tell the colours apart (and print in grey). */
export const SECTOR_MARKERS: Record<Sector | 'none', Marker> = {
  pemerintah: 'circle',
  masyarakat_sipil: 'square',
  swasta: 'triangle',
  akademisi: 'diamond',
  none: 'ring',
}

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond' | 'ring'

export interface ChartDot {
  id: string
  /** 1-based, in the order of the plan's stakeholders: the key below the chart uses the same numbers. */
  number: number
  name: string
  sector: Sector | null
  quadrant: Quadrant | null
  x: number
  y: number
  /** Marker radius: smaller when a cell is crowded. */
  r: number
}

export interface ChartLayout {
  dots: ChartDot[]
  /** Stakeholders without both scores: listed, not plotted. */
  unrated: PlanStakeholder[]
  /** The split lines' positions (x for interest, y for influence). */
  split: { x: number; y: number }
  quadrants: Record<Quadrant, Box>
}

/** The centre of the cell of a score pair. */
export function cellCentre(plot: Box, influence: number, interest: number): { x: number; y: number } {
  const cellW = plot.w / SCORES
  const cellH = plot.h / SCORES
  return { x: plot.x + (interest - 0.5) * cellW, y: plot.y + (SCORES - influence + 0.5) * cellH }
}

/**
 * Offsets for `n` markers sharing one cell: none for one, a ring for up to six, a sunflower spiral beyond that, all
 * within `reach` of the centre.
 */
export function spread(n: number, reach: number): Array<{ dx: number; dy: number }> {
  if (n <= 1) return [{ dx: 0, dy: 0 }]
  if (n <= 6) {
    return Array.from({ length: n }, (_, i) => {
      const angle = (2 * Math.PI * i) / n - Math.PI / 2
      return { dx: reach * Math.cos(angle), dy: reach * Math.sin(angle) }
    })
  }
  const golden = Math.PI * (3 - Math.sqrt(5))
  return Array.from({ length: n }, (_, i) => {
    const radius = reach * Math.sqrt((i + 0.5) / n)
    return { dx: radius * Math.cos(i * golden), dy: radius * Math.sin(i * golden) }
  })
}

/** Lays the plan's stakeholders out on `plot`. */
export function chartLayout(stakeholders: readonly PlanStakeholder[], plot: Box): ChartLayout {
  const cellW = plot.w / SCORES
  const cellH = plot.h / SCORES
  const byCell = new Map<string, Array<{ stakeholder: PlanStakeholder; number: number }>>()
  const unrated: PlanStakeholder[] = []
  stakeholders.forEach((stakeholder, index) => {
    const { influence, interest } = stakeholder
    if (influence === null || interest === null) {
      unrated.push(stakeholder)
      return
    }
    const key = `${influence}:${interest}`
    const list = byCell.get(key) ?? []
    list.push({ stakeholder, number: index + 1 })
    byCell.set(key, list)
  })
  const dots: ChartDot[] = []
  const cell = Math.min(cellW, cellH)
  for (const list of byCell.values()) {
    const { influence, interest } = list[0]!.stakeholder
    const centre = cellCentre(plot, influence!, interest!)
    const r = list.length > 6 ? cell * 0.09 : list.length > 1 ? cell * 0.12 : cell * 0.16
    const offsets = spread(list.length, list.length > 6 ? cell * 0.36 : cell * 0.26)
    list.forEach(({ stakeholder, number }, i) => {
      dots.push({
        id: stakeholder.id,
        number,
        name: stakeholder.name,
        sector: stakeholder.sector,
        quadrant: stakeholder.quadrant,
        x: centre.x + offsets[i]!.dx,
        y: centre.y + offsets[i]!.dy,
        r,
      })
    })
  }
  dots.sort((a, b) => a.number - b.number)
  const split = { x: plot.x + (HIGH_FROM - 1) * cellW, y: plot.y + (SCORES - HIGH_FROM + 1) * cellH }
  const right = plot.x + plot.w
  const bottom = plot.y + plot.h
  return {
    dots,
    unrated,
    split,
    quadrants: {
      manage_closely: { x: split.x, y: plot.y, w: right - split.x, h: split.y - plot.y },
      keep_satisfied: { x: plot.x, y: plot.y, w: split.x - plot.x, h: split.y - plot.y },
      keep_informed: { x: split.x, y: split.y, w: right - split.x, h: bottom - split.y },
      monitor: { x: plot.x, y: split.y, w: split.x - plot.x, h: bottom - split.y },
    },
  }
}

/** The SVG path of a marker centred on (x, y). */
export function markerPath(marker: Marker, x: number, y: number, r: number): string {
  const f = (n: number) => Number(n.toFixed(2))
  switch (marker) {
    case 'circle':
    case 'ring':
      return `M${f(x - r)} ${f(y)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0Z`
    case 'square': {
      const s = r * 0.9
      return `M${f(x - s)} ${f(y - s)}H${f(x + s)}V${f(y + s)}H${f(x - s)}Z`
    }
    case 'triangle': {
      const s = r * 1.25
      return `M${f(x)} ${f(y - s)}L${f(x + s * 0.95)} ${f(y + s * 0.7)}H${f(x - s * 0.95)}Z`
    }
    case 'diamond': {
      const s = r * 1.2
      return `M${f(x)} ${f(y - s)}L${f(x + s)} ${f(y)}L${f(x)} ${f(y + s)}L${f(x - s)} ${f(y)}Z`
    }
  }
}
