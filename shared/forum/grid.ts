import type { RecordProps, TLPropsMigrations, TLShape } from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import type { Point, Rect } from './geometry'

/**
 * The power/interest grid of step 1: a 5 × 5 plot, influence up the side (5 at the top), interest along the bottom
 * (5 at the right). Where a stakeholder card's centre sits on the plot is its influence and interest.
 */
export interface PowerGridProps {
  w: number
  h: number
}

export const powerGridProps: RecordProps<TLShape<'powergrid'>> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
}

export const powerGridMigrations: TLPropsMigrations = { sequence: [] }

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    powergrid: PowerGridProps
  }
}

export type PowerGridShape = TLShape<'powergrid'>

/** Room beside and below the plot for the axis names. */
export const GRID_AXIS_MARGIN = 64
export const GRID_CELLS = 5

/** The plot inside a grid of the given size, in the grid's own space. */
export function gridPlot(props: PowerGridProps): Rect {
  return {
    x: GRID_AXIS_MARGIN,
    y: 0,
    w: Math.max(1, props.w - GRID_AXIS_MARGIN),
    h: Math.max(1, props.h - GRID_AXIS_MARGIN),
  }
}

export interface Scores {
  influence: number
  interest: number
}

function clampScore(value: number): number {
  return Math.min(GRID_CELLS, Math.max(1, value))
}

/**
 * The influence and interest at a point of the plot (grid space), or `null` outside it.
 *
 * @example
 * scoresAt(gridPlot({ w: 564, h: 564 }), { x: 74, y: 10 }) // → { influence: 5, interest: 1 }
 */
export function scoresAt(plot: Rect, point: Point): Scores | null {
  if (point.x < plot.x || point.x > plot.x + plot.w || point.y < plot.y || point.y > plot.y + plot.h) return null
  const column = Math.floor(((point.x - plot.x) / plot.w) * GRID_CELLS)
  const row = Math.floor(((point.y - plot.y) / plot.h) * GRID_CELLS)
  return { interest: clampScore(column + 1), influence: clampScore(GRID_CELLS - row) }
}

/** The centre of the cell for the given scores, in grid space. */
export function cellCentre(plot: Rect, scores: Scores): Point {
  const cellW = plot.w / GRID_CELLS
  const cellH = plot.h / GRID_CELLS
  return {
    x: plot.x + (clampScore(scores.interest) - 0.5) * cellW,
    y: plot.y + (GRID_CELLS - clampScore(scores.influence) + 0.5) * cellH,
  }
}

export const QUADRANTS = ['manage_closely', 'keep_satisfied', 'keep_informed', 'monitor'] as const
export type Quadrant = (typeof QUADRANTS)[number]

/**
 * Mendelow's quadrant for a stakeholder: high influence and interest → manage closely; high influence only → keep
 * satisfied; high interest only → keep informed; neither → monitor. A score of 3 or more counts as high, so the
 * middle line of the plot runs through the middle cells and a neutral 3 leans towards involving the stakeholder.
 *
 * @example
 * quadrantOf({ influence: 4, interest: 2 }) // → 'keep_satisfied'
 */
export function quadrantOf(scores: Scores): Quadrant {
  const power = scores.influence >= 3
  const interest = scores.interest >= 3
  if (power && interest) return 'manage_closely'
  if (power) return 'keep_satisfied'
  if (interest) return 'keep_informed'
  return 'monitor'
}
