import type { Point, Rect } from '../forum/geometry'
import { GRID_AXIS_MARGIN, GRID_CELLS } from '../forum/grid'

/**
 * Geometry for laying a plan out on the five-step template (toBoard.ts). The template's lanes, clusters, areas and
 * frames have a fixed size that holds a workshop's worth of cards; an imported plan can hold many more. Instead of
 * shrinking cards or letting them overlap, a region grows taller to take as many rows as it needs, the regions below
 * it move down, and the frame grows with them (only the power/interest grid also grows wider, and the frames to its
 * right move along). Every card therefore stays inside its own lane, cluster, area or frame.
 */

export interface Size {
  w: number
  h: number
}

/** Room left at the top of a lane, cluster or area for the label the template puts top-left. */
export const LABEL_SPACE = 50
/** Room between a region's edge and the boxes laid out in it. */
export const INSET = 20

export interface FlowOptions {
  gap: number
  /** Room above the first row (default `LABEL_SPACE`). */
  top?: number
  /** Most boxes in a row (default: as many as fit the width). */
  columns?: number
}

/**
 * Lays `count` boxes of one size out in `rect` in rows, each row centred, the block centred in the height below
 * `top`. When the rows do not fit, the rect grows taller (never narrower or wider): the answer says how tall it must
 * be and where each box goes (top-left corners, in the rect's parent space), in reading order.
 *
 * @example
 * flowGrowing({ x: 0, y: 0, w: 860, h: 268 }, 7, { w: 240, h: 150 }, { gap: 30 })
 * // → { h: 580, corners: [3 in the first row, 3 in the second, 1 in the third] }
 */
export function flowGrowing(rect: Rect, count: number, size: Size, options: FlowOptions): { h: number; corners: Point[] } {
  if (count === 0) return { h: rect.h, corners: [] }
  const { gap, top = LABEL_SPACE } = options
  const fit = Math.max(1, Math.floor((rect.w - 2 * INSET + gap) / (size.w + gap)))
  const columns = Math.max(1, Math.min(count, fit, options.columns ?? fit))
  const rows = Math.ceil(count / columns)
  const blockH = rows * size.h + (rows - 1) * gap
  const h = Math.max(rect.h, top + blockH + INSET)
  const spaceH = h - top - INSET
  const y0 = rect.y + top + (spaceH - blockH) / 2
  const corners = Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns)
    const inRow = Math.min(columns, count - row * columns)
    const rowW = inRow * size.w + (inRow - 1) * gap
    return { x: rect.x + (rect.w - rowW) / 2 + (i % columns) * (size.w + gap), y: y0 + row * (size.h + gap) }
  })
  return { h, corners }
}

/**
 * Regions stacked top to bottom (lanes, a row of clusters, the vision and mission areas), each as tall as it is or as
 * its content needs, `gap` apart as in the template: the new top of each and the bottom of the stack.
 *
 * @example
 * stack(110, [268, 610, 268], 12) // → { ys: [110, 390, 1012], bottom: 1280 }
 */
export function stack(top: number, heights: number[], gap: number): { ys: number[]; bottom: number } {
  const ys: number[] = []
  let y = top
  for (const h of heights) {
    ys.push(y)
    y += h + gap
  }
  return { ys, bottom: heights.length > 0 ? y - gap : top }
}

/** Room between two cards that share one cell of the power/interest grid. */
const CELL_GAP = 20

/**
 * The size of the power/interest grid that holds `most` cards of `card` size in one cell, each wholly inside its cell
 * (so no two cards overlap, whichever cells they are in), at least `current`.
 *
 * @example
 * gridSizeFor({ w: 1400, h: 1110 }, 4, { w: 240, h: 150 }) // → { w: 2664, h: 1764 }: 2 × 2 cards a cell
 */
export function gridSizeFor(current: Size, most: number, card: Size): Size {
  const { columns, rows } = cellBlock(most)
  const cellW = columns * (card.w + CELL_GAP)
  const cellH = rows * (card.h + CELL_GAP)
  return {
    w: Math.max(current.w, GRID_CELLS * cellW + GRID_AXIS_MARGIN),
    h: Math.max(current.h, GRID_CELLS * cellH + GRID_AXIS_MARGIN),
  }
}

/** How `count` cards sharing a cell are arranged: as square a block as can be. */
function cellBlock(count: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)))
  return { columns, rows: Math.max(1, Math.ceil(count / columns)) }
}

/**
 * Centres for `count` cards sharing the cell whose centre is `centre`: one card sits on the centre; several stand in a
 * block centred on it, one cell of the block per card, so each card's centre stays in the cell (and its scores with it).
 *
 * @example
 * centresInCell({ x: 500, y: 300 }, 2, { w: 240, h: 150 }) // → [{ x: 370, y: 300 }, { x: 630, y: 300 }]
 */
export function centresInCell(centre: Point, count: number, card: Size): Point[] {
  const { columns, rows } = cellBlock(count)
  const stepX = card.w + CELL_GAP
  const stepY = card.h + CELL_GAP
  return Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns)
    const inRow = Math.min(columns, count - row * columns)
    return {
      x: centre.x + ((i % columns) - (inRow - 1) / 2) * stepX,
      y: centre.y + (row - (rows - 1) / 2) * stepY,
    }
  })
}
