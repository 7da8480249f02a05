/** Where to put tldraw's camera so located shapes show in the part of the screen no panel covers. Pure geometry. */

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface Camera {
  x: number
  y: number
  z: number
}

/** A part narrower or lower than this is no place to show a shape: the panel is then ignored. */
const MIN_FREE = 160

/**
 * The part of `viewport` left when each panel (`obstacles`, screen rectangles) is cut away from the side it leaves
 * most room on: a panel docked left leaves the part to its right, a bottom sheet the part above it.
 *
 * @example
 * freeArea({ x: 0, y: 0, w: 1440, h: 900 }, [{ x: 8, y: 56, w: 480, h: 700 }]) // → { x: 488, y: 0, w: 952, h: 900 }
 */
export function freeArea(viewport: Box, obstacles: readonly Box[]): Box {
  let area = viewport
  for (const o of obstacles) {
    const left = Math.max(area.x, o.x)
    const right = Math.min(area.x + area.w, o.x + o.w)
    const top = Math.max(area.y, o.y)
    const bottom = Math.min(area.y + area.h, o.y + o.h)
    if (right <= left || bottom <= top) continue
    const candidates: Box[] = [
      { x: area.x, y: area.y, w: left - area.x, h: area.h },
      { x: right, y: area.y, w: area.x + area.w - right, h: area.h },
      { x: area.x, y: area.y, w: area.w, h: top - area.y },
      { x: area.x, y: bottom, w: area.w, h: area.y + area.h - bottom },
    ].filter((box) => box.w >= MIN_FREE && box.h >= MIN_FREE)
    const best = candidates.sort((a, b) => b.w * b.h - a.w * a.h)[0]
    if (best) area = best
  }
  return area
}

export interface ZoomLimits {
  min: number
  max: number
  /** Screen pixels kept between the shapes and the edge of the area. */
  inset: number
}

/**
 * The camera (tldraw's: screen = (page + camera) × zoom, screen relative to the viewport) that shows `bounds` (page
 * space) whole and centred in `area` (viewport space), no closer than `limits.max` (100 % keeps one card readable
 * without blowing it up) and no further than `limits.min`.
 *
 * @example
 * cameraToShow({ x: 0, y: 0, w: 100, h: 100 }, { x: 0, y: 0, w: 400, h: 400 }, { min: 0.1, max: 1, inset: 0 })
 * // → { x: 150, y: 150, z: 1 }
 */
export function cameraToShow(bounds: Box, area: Box, limits: ZoomLimits): Camera {
  const room = (size: number) => Math.max(size - 2 * limits.inset, size * 0.5, 1)
  const fit = Math.min(room(area.w) / Math.max(bounds.w, 1), room(area.h) / Math.max(bounds.h, 1))
  const z = Math.min(limits.max, Math.max(limits.min, fit))
  const centre = { x: area.x + area.w / 2, y: area.y + area.h / 2 }
  return { x: centre.x / z - (bounds.x + bounds.w / 2), y: centre.y / z - (bounds.y + bounds.h / 2), z }
}
