import { createBindingId, createShapeId, type TLArrowBinding, type TLRecord, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { SECTORS } from '../access'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import { isIsoDate, type ActionShape, type IndicatorShape, type StakeholderShape, type StatementShape } from './cards'
import { EXAMPLES, exampleBoard, type ExampleId } from './examples'
import { boxCentre, invertTransform, shapeTransform, type Rect } from './geometry'
import { gridPlot, scoresAt, type PowerGridShape } from './grid'
import { fieldsForPlace } from './placement'
import { AREA_META, CLUSTER_META, FRAME_SIZES, frameStep, type Step } from './template'
import { BOARD_LANGUAGES, type BoardLanguage } from './texts'

function counterIds() {
  let shapes = 0
  let bindings = 0
  return { newShapeId: () => createShapeId(`s${++shapes}`), newBindingId: () => createBindingId(`b${++bindings}`) }
}

function build(example: ExampleId, lang: BoardLanguage, origin?: { x: number; y: number }) {
  return exampleBoard(example, { lang, pageId: DEFAULT_PAGE_ID, ...counterIds(), ...(origin ? { origin } : {}) })
}

/** The board as the shape lookups of geometry.ts and placement.ts want it. */
function boardOf(shapes: TLShape[]) {
  const byId = new Map(shapes.map((shape) => [shape.id, shape]))
  const lookup = (id: TLShapeId) => byId.get(id)
  return { byId, lookup, board: { lookup, all: () => byId.values() } }
}

const ofType = <K extends TLShape['type']>(shapes: TLShape[], type: K) => shapes.filter((s): s is TLShape<K> => s.type === type)
const sizeOf = (shape: TLShape) => ('w' in shape.props && 'h' in shape.props ? (shape.props as { w: number; h: number }) : { w: 200, h: 200 })
const rectOf = (shape: TLShape): Rect => ({ x: shape.x, y: shape.y, ...sizeOf(shape) })
const inside = (inner: Rect, outer: Rect) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
const noteText = (shape: TLShape<'note'>) => JSON.stringify(shape.props.richText)
const CONTENT_TYPES = ['stakeholder', 'note', 'statement', 'action', 'indicator'] as const
const STEP_OF: Record<(typeof CONTENT_TYPES)[number], Step> = { stakeholder: 1, note: 2, statement: 3, action: 4, indicator: 5 }

describe.each(EXAMPLES.flatMap((example) => BOARD_LANGUAGES.map((lang) => [example, lang] as const)))('example %s in %s', (example, lang) => {
  const { shapes, bindings, title } = build(example, lang)
  const { byId, lookup, board } = boardOf(shapes)
  const stakeholders = ofType(shapes, 'stakeholder') as StakeholderShape[]
  const actions = ofType(shapes, 'action') as ActionShape[]

  it('is a valid board that a tldraw store loads, with unique ids', () => {
    const schema = createBoardSchema()
    for (const record of [...shapes, ...bindings]) expect(() => schema.validateRecord(null as never, record, 'initialize', null)).not.toThrow()
    const store = createTLStore({ schema })
    store.put([...initialBoardRecords(), ...shapes, ...bindings] as TLRecord[])
    expect(store.allRecords().filter((r) => r.typeName === 'shape')).toHaveLength(shapes.length)
    expect(store.allRecords().filter((r) => r.typeName === 'binding')).toHaveLength(bindings.length)
    const ids = [...shapes, ...bindings].map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(title).toMatch(lang === 'id' ? /^Contoh: / : /^Example: /)
  })

  it('has stakeholders of all four sectors, each placed where its fields say', () => {
    expect(stakeholders.length).toBeGreaterThanOrEqual(6)
    expect(stakeholders.length).toBeLessThanOrEqual(8)
    expect(new Set(stakeholders.map((s) => s.props.sector))).toEqual(new Set(SECTORS))
    for (const card of stakeholders) {
      expect(fieldsForPlace(card, board), card.props.name).toBeNull()
      expect(card.props.name && card.props.organisation && card.props.role).toBeTruthy()
    }
    const grid = ofType(shapes, 'powergrid')[0] as PowerGridShape
    const onGrid = stakeholders.filter((card) => scoresAt(gridPlot(grid.props), invertTransform(shapeTransform(grid, lookup), boxCentre(card, lookup))) !== null)
    expect(onGrid.length).toBeGreaterThan(stakeholders.length / 2)
    expect(stakeholders.length - onGrid.length).toBeGreaterThanOrEqual(1)
    expect(stakeholders.length - onGrid.length).toBeLessThanOrEqual(2)
  })

  it('puts each kind of card in its step’s frame, inside the frame, with no two overlapping', () => {
    for (const type of CONTENT_TYPES) {
      const cards = ofType(shapes, type)
      expect(cards.length, type).toBeGreaterThan(0)
      for (const card of cards) {
        const frame = byId.get(card.parentId as TLShapeId)!
        expect(frameStep(frame), type).toBe(STEP_OF[type])
        expect(inside(rectOf(card), { x: 0, y: 0, ...FRAME_SIZES[STEP_OF[type]] }), `${type} ${card.id}`).toBe(true)
      }
    }
    const content = shapes.filter((s) => (CONTENT_TYPES as readonly string[]).includes(s.type))
    for (const [i, a] of content.entries()) {
      for (const b of content.slice(i + 1)) if (a.parentId === b.parentId) expect(overlap(rectOf(a), rectOf(b)), `${a.id} overlaps ${b.id}`).toBe(false)
    }
  })

  it('has 8–12 short notes, each inside one cluster, and every cluster used', () => {
    const notes = ofType(shapes, 'note')
    expect(notes.length).toBeGreaterThanOrEqual(8)
    expect(notes.length).toBeLessThanOrEqual(12)
    const clusters = shapes.filter((s) => CLUSTER_META in s.meta)
    const used = new Set<string>()
    for (const note of notes) {
      const homes = clusters.filter((c) => c.parentId === note.parentId && inside(rectOf(note), rectOf(c)))
      expect(homes, noteText(note)).toHaveLength(1)
      used.add(homes[0]!.id)
      expect(noteText(note).length).toBeLessThan(200)
    }
    expect(used.size).toBe(4)
  })

  it('has vision candidates with exactly one adopted, and missions with some adopted, each in its area', () => {
    const statements = ofType(shapes, 'statement') as StatementShape[]
    const visions = statements.filter((s) => s.props.kind === 'vision')
    const missions = statements.filter((s) => s.props.kind === 'mission')
    expect(visions.length).toBeGreaterThanOrEqual(2)
    expect(visions.filter((s) => s.props.state === 'adopted')).toHaveLength(1)
    expect(missions.length).toBeGreaterThanOrEqual(3)
    expect(missions.some((s) => s.props.state === 'adopted')).toBe(true)
    for (const statement of statements) {
      const area = shapes.find((s) => s.meta[AREA_META] === statement.props.kind)!
      expect(inside(rectOf(statement), rectOf(area))).toBe(true)
    }
  })

  it('has actions with an owner on the board, dates, a budget and resources', () => {
    expect(actions.length).toBeGreaterThanOrEqual(3)
    expect(actions.length).toBeLessThanOrEqual(5)
    for (const action of actions) {
      const p = action.props
      const owner = p.ownerId ? byId.get(p.ownerId) : undefined
      expect(owner?.type).toBe('stakeholder')
      expect(p.ownerText).toBe((owner as StakeholderShape).props.name)
      for (const id of p.supporterIds) expect(byId.get(id)?.type).toBe('stakeholder')
      expect(p.supporterIds).not.toContain(p.ownerId)
      expect(isIsoDate(p.startDate ?? '') && isIsoDate(p.dueDate ?? '')).toBe(true)
      expect(p.startDate! < p.dueDate! && p.dueDate!.startsWith('2027-')).toBe(true)
      expect(Number.isInteger(p.budget) && p.budget! > 0).toBe(true)
      expect(p.funding).not.toBeNull()
      for (const text of [p.goal, p.strategy, p.tactics, p.people, p.knowledge, p.indicator, p.target]) expect(text.length).toBeGreaterThan(0)
    }
    expect(new Set(actions.map((a) => a.props.status)).size).toBeGreaterThanOrEqual(3)
  })

  it('has indicators that link existing actions', () => {
    const indicators = ofType(shapes, 'indicator') as IndicatorShape[]
    expect(indicators.length).toBeGreaterThanOrEqual(3)
    expect(indicators.length).toBeLessThanOrEqual(4)
    for (const indicator of indicators) {
      expect(indicator.props.actionIds.length).toBeGreaterThan(0)
      for (const id of indicator.props.actionIds) expect(byId.get(id)?.type).toBe('action')
      expect(isIsoDate(indicator.props.dueDate ?? '')).toBe(true)
      expect([indicator.props.baseline, indicator.props.target, indicator.props.current].every((v) => typeof v === 'number')).toBe(true)
    }
    const measured = new Set(indicators.flatMap((i) => i.props.actionIds))
    expect(actions.filter((a) => measured.has(a.id))).toHaveLength(actions.length)
  })

  it('draws one bound arrow from each action’s owner to the action', () => {
    const arrows = ofType(shapes, 'arrow')
    expect(arrows).toHaveLength(actions.length)
    for (const arrow of arrows) {
      const ends = bindings.filter((b): b is TLArrowBinding => b.fromId === arrow.id)
      const start = ends.find((b) => b.props.terminal === 'start')
      const end = ends.find((b) => b.props.terminal === 'end')
      expect(ends).toHaveLength(2)
      expect(byId.get(start!.toId)?.type).toBe('stakeholder')
      const action = byId.get(end!.toId) as ActionShape
      expect(action.type).toBe('action')
      expect(action.props.ownerId).toBe(start!.toId)
    }
    for (const binding of bindings) expect(byId.has(binding.fromId) && byId.has(binding.toId)).toBe(true)
  })
})

describe('example boards', () => {
  it('put arrow ends on the card centres in page space, wherever the template starts', () => {
    for (const example of EXAMPLES) {
      const { shapes, bindings } = build(example, 'id', { x: 300, y: -500 })
      const { byId, lookup, board } = boardOf(shapes)
      for (const arrow of ofType(shapes, 'arrow')) {
        expect(arrow.parentId).toBe(DEFAULT_PAGE_ID)
        const target = (terminal: 'start' | 'end') => byId.get(bindings.find((b) => b.fromId === arrow.id && b.props.terminal === terminal)!.toId) as StakeholderShape | ActionShape
        const from = boxCentre(target('start'), lookup)
        const to = boxCentre(target('end'), lookup)
        expect(arrow.x).toBeCloseTo(from.x)
        expect(arrow.y).toBeCloseTo(from.y)
        expect(arrow.x + arrow.props.end.x).toBeCloseTo(to.x)
        expect(arrow.y + arrow.props.end.y).toBeCloseTo(to.y)
        // Arrows go over the frames they cross.
        for (const frame of shapes.filter((s) => s.type === 'frame')) expect(arrow.index > frame.index).toBe(true)
      }
      for (const card of ofType(shapes, 'stakeholder')) expect(fieldsForPlace(card as StakeholderShape, board)).toBeNull()
    }
  })

  it.each(EXAMPLES)('%s has the same structure in both languages but different words', (example) => {
    const id = build(example, 'id')
    const en = build(example, 'en')
    expect(en.shapes.map((s) => [s.id, s.type, s.parentId, s.x, s.y, s.index])).toEqual(id.shapes.map((s) => [s.id, s.type, s.parentId, s.x, s.y, s.index]))
    expect(en.bindings).toEqual(id.bindings)
    expect(en.title).not.toBe(id.title)
    const text = (shape: TLShape): string[] => {
      switch (shape.type) {
        case 'stakeholder':
          return [shape.props.role]
        case 'note':
          return [noteText(shape)]
        case 'statement':
          return [shape.props.text]
        case 'action':
          return [shape.props.goal, shape.props.strategy, shape.props.tactics, shape.props.indicator, shape.props.target]
        case 'indicator':
          return [shape.props.indicator]
        default:
          return []
      }
    }
    en.shapes.forEach((shape, i) => {
      const theirs = text(id.shapes[i]!)
      text(shape).forEach((words, j) => expect(words, words).not.toBe(theirs[j]))
    })
  })

  it('is deterministic given deterministic ids', () => {
    for (const example of EXAMPLES) expect(build(example, 'en')).toEqual(build(example, 'en'))
  })

  it('has titles for both cases', () => {
    expect(build('desa-a', 'id').title).toBe('Contoh: Pemberdayaan Perempuan Desa A')
    expect(build('desa-a', 'en').title).toBe("Example: Women's Empowerment in Desa A")
    expect(build('wilayah-b', 'id').title).toBe('Contoh: Kualitas Pendidikan Wilayah B')
    expect(build('wilayah-b', 'en').title).toBe('Example: Education Quality in Wilayah B')
  })
})
