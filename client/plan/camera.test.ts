import { describe, expect, it } from 'vitest'
import { cameraToShow, freeArea, type Box, type Camera } from './camera'

const desktop: Box = { x: 0, y: 0, w: 1440, h: 900 }

/** Where a page point lands on screen under a camera (tldraw's formula). */
const toScreen = (camera: Camera, point: { x: number; y: number }) => ({ x: (point.x + camera.x) * camera.z, y: (point.y + camera.y) * camera.z })

describe('freeArea', () => {
  it('is the whole viewport without panels', () => {
    expect(freeArea(desktop, [])).toEqual(desktop)
  })

  it('leaves the part right of a panel docked left', () => {
    expect(freeArea(desktop, [{ x: 8, y: 56, w: 480, h: 700 }])).toEqual({ x: 488, y: 0, w: 952, h: 900 })
  })

  it('leaves the band between a left panel and a right panel', () => {
    const area = freeArea(desktop, [
      { x: 8, y: 56, w: 480, h: 700 },
      { x: 1048, y: 56, w: 384, h: 700 },
    ])
    expect(area).toEqual({ x: 488, y: 0, w: 560, h: 900 })
  })

  it('leaves the part above a bottom sheet on a phone', () => {
    expect(freeArea({ x: 0, y: 0, w: 390, h: 844 }, [{ x: 0, y: 380, w: 390, h: 464 }])).toEqual({ x: 0, y: 0, w: 390, h: 380 })
  })

  it('ignores a panel that does not overlap, and one that leaves no usable room', () => {
    expect(freeArea(desktop, [{ x: 2000, y: 0, w: 100, h: 100 }])).toEqual(desktop)
    expect(freeArea({ x: 0, y: 0, w: 390, h: 844 }, [{ x: 0, y: 0, w: 390, h: 844 }])).toEqual({ x: 0, y: 0, w: 390, h: 844 })
  })

  it('works in screen coordinates when the viewport does not start at 0', () => {
    expect(freeArea({ x: 100, y: 50, w: 1000, h: 800 }, [{ x: 100, y: 50, w: 300, h: 800 }])).toEqual({ x: 400, y: 50, w: 700, h: 800 })
  })
})

describe('cameraToShow', () => {
  const limits = { min: 0.05, max: 1, inset: 40 }

  it('centres the bounds in the area', () => {
    const bounds = { x: 1000, y: 2000, w: 300, h: 200 }
    const area = { x: 488, y: 0, w: 952, h: 900 }
    const camera = cameraToShow(bounds, area, limits)
    const centre = toScreen(camera, { x: 1150, y: 2100 })
    expect(centre.x).toBeCloseTo(488 + 476)
    expect(centre.y).toBeCloseTo(450)
  })

  it('does not magnify one card past 100 %', () => {
    expect(cameraToShow({ x: 0, y: 0, w: 300, h: 200 }, desktop, limits).z).toBe(1)
  })

  it('zooms out until a large selection fits inside the area with its inset', () => {
    const bounds = { x: -500, y: -500, w: 4000, h: 1000 }
    const area = { x: 488, y: 0, w: 952, h: 900 }
    const camera = cameraToShow(bounds, area, limits)
    const topLeft = toScreen(camera, bounds)
    const bottomRight = toScreen(camera, { x: bounds.x + bounds.w, y: bounds.y + bounds.h })
    expect(topLeft.x).toBeGreaterThanOrEqual(area.x + limits.inset - 0.01)
    expect(bottomRight.x).toBeLessThanOrEqual(area.x + area.w - limits.inset + 0.01)
    expect(topLeft.y).toBeGreaterThanOrEqual(0)
    expect(bottomRight.y).toBeLessThanOrEqual(900)
  })

  it('stops at the smallest zoom', () => {
    expect(cameraToShow({ x: 0, y: 0, w: 1e7, h: 10 }, desktop, limits).z).toBe(0.05)
  })

  it('copes with a point-sized selection', () => {
    const camera = cameraToShow({ x: 10, y: 10, w: 0, h: 0 }, desktop, limits)
    expect(camera.z).toBe(1)
    expect(toScreen(camera, { x: 10, y: 10 })).toEqual({ x: 720, y: 450 })
  })
})
