import type { TLParentId, TLShape, TLShapeId } from '@tldraw/tlschema'

/** A point or a rectangle in page space or in a shape's own space. */
export interface Point {
  x: number
  y: number
}
export interface Rect extends Point {
  w: number
  h: number
}

/** A rigid transform: rotate by `rotation` (radians) then move by (x, y) — what tldraw's shapes are placed with. */
export interface Transform extends Point {
  rotation: number
}

/** Looks a shape up by id; `undefined` for a page or a missing shape. */
export type ShapeLookup = (id: TLShapeId) => TLShape | undefined

const IDENTITY: Transform = { x: 0, y: 0, rotation: 0 }

function compose(outer: Transform, inner: Transform): Transform {
  const cos = Math.cos(outer.rotation)
  const sin = Math.sin(outer.rotation)
  return {
    x: outer.x + inner.x * cos - inner.y * sin,
    y: outer.y + inner.x * sin + inner.y * cos,
    rotation: outer.rotation + inner.rotation,
  }
}

function isShapeId(id: TLParentId): id is TLShapeId {
  return id.startsWith('shape:')
}

/**
 * The transform from a parent's space (a page or a shape such as a frame) to page space.
 *
 * @example
 * const t = parentTransform(frame.id, (id) => store.get(id))
 * applyTransform(t, card) // the card's top-left corner in page space
 */
export function parentTransform(parentId: TLParentId, lookup: ShapeLookup): Transform {
  let transform = IDENTITY
  const chain: TLShape[] = []
  let current: TLParentId = parentId
  // Walk up to the page; a cycle (never in a valid board) stops after a sane depth.
  for (let depth = 0; isShapeId(current) && depth < 64; depth++) {
    const shape = lookup(current)
    if (!shape) break
    chain.push(shape)
    current = shape.parentId
  }
  for (const shape of chain.reverse()) transform = compose(transform, { x: shape.x, y: shape.y, rotation: shape.rotation })
  return transform
}

/** The transform from a shape's own space to page space. */
export function shapeTransform(shape: TLShape, lookup: ShapeLookup): Transform {
  return compose(parentTransform(shape.parentId, lookup), { x: shape.x, y: shape.y, rotation: shape.rotation })
}

export function applyTransform(transform: Transform, point: Point): Point {
  // A fresh literal, not a spread: V8 runs the spread far slower on this hot path (placement, plan extraction).
  return compose(transform, { x: point.x, y: point.y, rotation: 0 })
}

/** The inverse: a page-space point in the space the transform maps from. */
export function invertTransform(transform: Transform, point: Point): Point {
  const dx = point.x - transform.x
  const dy = point.y - transform.y
  const cos = Math.cos(-transform.rotation)
  const sin = Math.sin(-transform.rotation)
  return { x: dx * cos - dy * sin, y: dx * sin + dy * cos }
}

export function rectContains(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h
}

/** The centre of a box shape (one with `w` and `h` props) in page space. */
export function boxCentre(shape: TLShape & { props: { w: number; h: number } }, lookup: ShapeLookup): Point {
  return applyTransform(shapeTransform(shape, lookup), { x: shape.props.w / 2, y: shape.props.h / 2 })
}
