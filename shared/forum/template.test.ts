import { createShapeId, type TLRecord } from '@tldraw/tlschema'
import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { SECTORS } from '../access'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import { fieldsForPlace } from './placement'
import { FRAME_SIZES, forumTemplate, frameStep, STEPS } from './template'

function counterIds() {
  let n = 0
  return () => createShapeId(`t${++n}`)
}

function loadIntoStore(records: TLRecord[]) {
  const store = createTLStore({ schema: createBoardSchema() })
  // put() validates every record against the schema and throws on the first bad one.
  store.put(records)
  return store
}

describe('the five-step template', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`is a valid board in ${lang} that a tldraw store loads`, () => {
      const template = forumTemplate({ lang, pageId: DEFAULT_PAGE_ID, newShapeId: counterIds() })
      const schema = createBoardSchema()
      for (const shape of template.shapes) expect(() => schema.validateRecord(null as never, shape, 'initialize', null)).not.toThrow()
      const store = loadIntoStore([...initialBoardRecords(), ...template.shapes])
      const frames = store.allRecords().filter((r) => r.typeName === 'shape' && r.type === 'frame')
      expect(frames.map((f) => (f.typeName === 'shape' ? frameStep(f) : null)).sort()).toEqual([...STEPS])
    })
  }

  it('names the frames in the chosen language', () => {
    const id = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, newShapeId: counterIds() })
    const en = forumTemplate({ lang: 'en', pageId: DEFAULT_PAGE_ID, newShapeId: counterIds() })
    const name = (t: typeof id, step: 1 | 4) => {
      const frame = t.shapes.find((s) => s.id === t.frames[step])
      return frame?.type === 'frame' ? frame.props.name : null
    }
    expect(name(id, 1)).toBe('1 · Pemangku Kepentingan')
    expect(name(en, 1)).toBe('1 · Stakeholders')
    expect(name(id, 4)).toBe('4 · Rencana Aksi')
    expect(name(en, 4)).toBe('4 · Action Plan')
  })

  it('lays the frames out left to right without overlap, and keeps every child inside its frame', () => {
    const t = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, origin: { x: 500, y: -200 }, newShapeId: counterIds() })
    let right = -Infinity
    for (const step of STEPS) {
      const origin = t.frameOrigins[step]
      expect(origin.x).toBeGreaterThan(right)
      expect(origin.y).toBe(-200)
      right = origin.x + FRAME_SIZES[step].w
    }
    expect(t.frameOrigins[1].x).toBe(500)
    for (const shape of t.shapes) {
      if (shape.parentId === DEFAULT_PAGE_ID) continue
      const step = STEPS.find((s) => t.frames[s] === shape.parentId)!
      const size = 'w' in shape.props && 'h' in shape.props ? (shape.props as { w: number; h: number }) : { w: 0, h: 0 }
      expect(shape.x).toBeGreaterThanOrEqual(0)
      expect(shape.y).toBeGreaterThanOrEqual(0)
      expect(shape.x + size.w).toBeLessThanOrEqual(FRAME_SIZES[step].w)
      expect(shape.y + size.h).toBeLessThanOrEqual(FRAME_SIZES[step].h)
    }
  })

  it('gives every sector a lane and step 1 a grid, all on the page it was asked for', () => {
    const t = forumTemplate({ lang: 'en', pageId: DEFAULT_PAGE_ID, newShapeId: counterIds() })
    expect(Object.keys(t.lanes).sort()).toEqual([...SECTORS].sort())
    const grid = t.shapes.find((s) => s.id === t.grid)
    expect(grid?.type).toBe('powergrid')
    expect(grid?.parentId).toBe(t.frames[1])
    expect(new Set(t.shapes.map((s) => s.id)).size).toBe(t.shapes.length)
  })

  it('places new frames above the shapes already on the page', () => {
    const t = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, above: 'a5' as never, newShapeId: counterIds() })
    for (const step of STEPS) {
      const frame = t.shapes.find((s) => s.id === t.frames[step])!
      expect(frame.index > 'a5').toBe(true)
    }
  })

  it('has lanes and a grid that agree with a card placed in them', () => {
    const t = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, newShapeId: counterIds() })
    const byId = new Map(t.shapes.map((s) => [s.id, s]))
    const lane = byId.get(t.lanes.swasta)!
    const card = {
      ...lane,
      id: createShapeId('card'),
      type: 'stakeholder',
      x: lane.x + 20,
      y: lane.y + 20,
      props: { w: 240, h: 150, name: 'UKM', sector: null, organisation: '', role: '', influence: 3, interest: 3, contact: '' },
      meta: {},
    } as never
    expect(fieldsForPlace(card, { lookup: (id) => byId.get(id), all: () => byId.values() })).toEqual({ sector: 'swasta' })
  })
})
