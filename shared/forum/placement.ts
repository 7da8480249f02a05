import type { TLShape, TLShapeId } from '@tldraw/tlschema'
import { SECTORS, type Sector } from '../access'
import type { StakeholderShape } from './cards'
import { applyTransform, boxCentre, invertTransform, parentTransform, rectContains, shapeTransform, type Point, type ShapeLookup } from './geometry'
import { cellCentre, gridPlot, scoresAt, type PowerGridShape } from './grid'

/**
 * Where a stakeholder card sits says something in step 1: on the power/interest grid, its influence and interest; in
 * a sector's lane, its sector. These functions keep the card's fields and its place in agreement, both ways. They are
 * pure: the editor calls them after a person's own change (client/cards/placementSync.ts) and applies the result.
 */

/** The meta field that marks a rectangle as the lane of one sector (docs/PROTOCOL.md §9). */
export const LANE_META = 'forumLane'

export interface BoardShapes {
  lookup: ShapeLookup
  /** Every shape on the board; grids and lanes are found among them. */
  all: () => Iterable<TLShape>
}

function pageOf(shape: TLShape, lookup: ShapeLookup): string {
  let parent = shape.parentId as string
  for (let depth = 0; parent.startsWith('shape:') && depth < 64; depth++) {
    const next = lookup(parent as TLShapeId)
    if (!next) break
    parent = next.parentId
  }
  return parent
}

/** The sector a lane stands for, or `null` when the shape is no lane. */
export function laneSector(shape: TLShape): Sector | null {
  const value = (shape.meta as Record<string, unknown>)[LANE_META]
  return shape.type === 'geo' && typeof value === 'string' && (SECTORS as readonly string[]).includes(value) ? (value as Sector) : null
}

type BoxShape = TLShape & { props: { w: number; h: number } }

/** The topmost grid or lane under a page point, on the card's page. */
function regionsAt(card: StakeholderShape, centre: Point, board: BoardShapes) {
  const page = pageOf(card, board.lookup)
  let grid: { shape: PowerGridShape; local: Point } | null = null
  let lane: { shape: BoxShape; sector: Sector; local: Point } | null = null
  for (const shape of board.all()) {
    if (shape.id === card.id) continue
    const isGrid = shape.type === 'powergrid'
    const sector = isGrid ? null : laneSector(shape)
    if (!isGrid && !sector) continue
    if (pageOf(shape, board.lookup) !== page) continue
    const local = invertTransform(shapeTransform(shape, board.lookup), centre)
    if (isGrid) {
      const candidate = shape as PowerGridShape
      if (rectContains(gridPlot(candidate.props), local) && (!grid || shape.index > grid.shape.index)) grid = { shape: candidate, local }
    } else {
      const box = shape as BoxShape
      if (rectContains({ x: 0, y: 0, w: box.props.w, h: box.props.h }, local) && (!lane || shape.index > lane.shape.index)) {
        lane = { shape: box, sector: sector!, local }
      }
    }
  }
  return { grid, lane }
}

/**
 * After a card was moved (or created) somewhere: the fields its new place implies, or `null` when nothing changes.
 *
 * @example
 * fieldsForPlace(card, board) // → { influence: 5, interest: 2 } when dropped in the grid's top row, second column
 */
export function fieldsForPlace(card: StakeholderShape, board: BoardShapes): Partial<StakeholderShape['props']> | null {
  const { grid, lane } = regionsAt(card, boxCentre(card, board.lookup), board)
  const patch: Partial<StakeholderShape['props']> = {}
  if (grid) {
    const scores = scoresAt(gridPlot(grid.shape.props), grid.local)
    if (scores && scores.influence !== card.props.influence) patch.influence = scores.influence
    if (scores && scores.interest !== card.props.interest) patch.interest = scores.interest
  }
  if (lane && lane.sector !== card.props.sector) patch.sector = lane.sector
  return Object.keys(patch).length > 0 ? patch : null
}

/**
 * After a card's fields were edited: where the card should move so its place agrees — the cell of its new scores
 * when it is on a grid, the lane of its new sector when it is in another sector's lane. `null` when it stays.
 * The position is in the card's parent space (what `x` and `y` mean).
 */
export function placeForFields(before: StakeholderShape, after: StakeholderShape, board: BoardShapes): Point | null {
  const centre = boxCentre(after, board.lookup)
  const { grid, lane } = regionsAt(after, centre, board)
  let target: Point | null = null
  const scoresChanged = before.props.influence !== after.props.influence || before.props.interest !== after.props.interest
  if (grid && scoresChanged) {
    const plot = gridPlot(grid.shape.props)
    const here = scoresAt(plot, grid.local)
    if (!here || here.influence !== after.props.influence || here.interest !== after.props.interest) {
      target = applyTransform(shapeTransform(grid.shape, board.lookup), cellCentre(plot, after.props))
    }
  }
  if (!target && lane && after.props.sector && before.props.sector !== after.props.sector && lane.sector !== after.props.sector) {
    const destination = findLane(after, after.props.sector, board)
    if (destination) {
      // Same place across the lane, same height within it.
      const fx = lane.local.x / lane.shape.props.w
      const fy = lane.local.y / lane.shape.props.h
      target = applyTransform(shapeTransform(destination, board.lookup), { x: fx * destination.props.w, y: fy * destination.props.h })
    }
  }
  if (!target) return null
  return originForCentre(after, target, board.lookup)
}

function findLane(card: StakeholderShape, sector: Sector, board: BoardShapes): BoxShape | null {
  const page = pageOf(card, board.lookup)
  for (const shape of board.all()) {
    if (laneSector(shape) === sector && pageOf(shape, board.lookup) === page) return shape as BoxShape
  }
  return null
}

/** The `x`, `y` that put a box shape's centre at a page point. */
function originForCentre(shape: BoxShape, centre: Point, lookup: ShapeLookup): Point {
  const parent = parentTransform(shape.parentId, lookup)
  const rotation = parent.rotation + shape.rotation
  const half = { x: shape.props.w / 2, y: shape.props.h / 2 }
  const origin = {
    x: centre.x - (half.x * Math.cos(rotation) - half.y * Math.sin(rotation)),
    y: centre.y - (half.x * Math.sin(rotation) + half.y * Math.cos(rotation)),
  }
  return invertTransform(parent, origin)
}
