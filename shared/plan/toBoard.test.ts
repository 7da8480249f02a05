import { createBindingId, createShapeId, type TLArrowBinding, type TLRecord, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import { MAX_LINKS, type ActionShape, type IndicatorShape, type StakeholderShape, type StatementShape } from '../forum/cards'
import { boxCentre, invertTransform, shapeTransform, type Rect } from '../forum/geometry'
import { gridPlot, scoresAt, type PowerGridShape } from '../forum/grid'
import { fieldsForPlace, laneSector } from '../forum/placement'
import { AREA_META, CLUSTER_META, frameStep, STEPS } from '../forum/template'
import type { Plan } from './model'
import { planToBoard } from './toBoard'
import { largePlan, samplePlan, stakeholder } from './toBoardFixtures'
import { boardLimitProblems, MAX_IMPORT_ENTRIES } from './toBoardLimits'

function counterIds() {
  let shapes = 0
  let bindings = 0
  return { newShapeId: () => createShapeId(`p${++shapes}`), newBindingId: () => createBindingId(`b${++bindings}`) }
}

function build(plan: Plan, lang: 'id' | 'en' = 'id') {
  const board = planToBoard(plan, { lang, pageId: DEFAULT_PAGE_ID, ...counterIds() })
  const byId = new Map(board.shapes.map((shape) => [shape.id, shape]))
  const lookup = (id: TLShapeId) => byId.get(id)
  return { ...board, byId, lookup, board: { lookup, all: () => byId.values() } }
}

const ofType = <K extends TLShape['type']>(shapes: TLShape[], type: K) => shapes.filter((s): s is TLShape<K> => s.type === type)
const sizeOf = (shape: TLShape) => ('w' in shape.props && 'h' in shape.props ? (shape.props as { w: number; h: number }) : { w: 200, h: 200 })
const rectOf = (shape: TLShape): Rect => ({ x: shape.x, y: shape.y, ...sizeOf(shape) })
const inside = (inner: Rect, outer: Rect) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
const CONTENT = ['stakeholder', 'note', 'statement', 'action', 'indicator'] as const
const STEP_OF = { stakeholder: 1, statement: 3, action: 4, indicator: 5 } as const

/** Every structural promise of the layout, for any plan. */
function expectSoundLayout(built: ReturnType<typeof build>) {
  const { shapes, byId, lookup, board } = built
  const frames = ofType(shapes, 'frame')
  // Frames stand in a row without touching.
  const sorted = [...frames].sort((a, b) => a.x - b.x)
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.x).toBeGreaterThan(sorted[i - 1]!.x + sorted[i - 1]!.props.w)
  // Every shape inside a frame is wholly inside it (template regions too, after they grew).
  for (const shape of shapes) {
    const parent = byId.get(shape.parentId as TLShapeId)
    if (parent?.type !== 'frame' || shape.type === 'text') continue
    expect(inside(rectOf(shape), { x: 0, y: 0, w: parent.props.w, h: parent.props.h }), `${shape.type} ${shape.id} in frame ${frameStep(parent)}`).toBe(true)
  }
  for (const type of ['stakeholder', 'statement', 'action', 'indicator'] as const) {
    for (const card of ofType(shapes, type)) expect(frameStep(byId.get(card.parentId as TLShapeId)!), type).toBe(STEP_OF[type])
  }
  // No two content shapes overlap (same parent: frame-relative; notes on the page are checked among themselves).
  const content = shapes.filter((s) => (CONTENT as readonly string[]).includes(s.type))
  const byParent = new Map<string, TLShape[]>()
  for (const shape of content) byParent.set(shape.parentId, [...(byParent.get(shape.parentId) ?? []), shape])
  for (const group of byParent.values()) {
    const rects = group.map(rectOf).sort((a, b) => a.x - b.x)
    for (const [i, a] of rects.entries()) {
      for (const b of rects.slice(i + 1)) {
        if (b.x >= a.x + a.w) break
        expect(overlap(a, b), `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false)
      }
    }
  }
  // A stakeholder's place agrees with its fields: on the grid at its scores, in a lane of its sector, else neither.
  const grid = ofType(shapes, 'powergrid')[0] as PowerGridShape
  const lanes = shapes.filter((s) => laneSector(s) !== null)
  for (const card of ofType(shapes, 'stakeholder') as StakeholderShape[]) {
    expect(fieldsForPlace(card, board), card.props.name).toBeNull()
    const local = invertTransform(shapeTransform(grid, lookup), boxCentre(card, lookup))
    const lane = lanes.find((l) => inside(rectOf(card), rectOf(l)))
    expect(scoresAt(gridPlot(grid.props), local) !== null || lane !== undefined || card.props.sector === null, card.props.name).toBe(true)
    if (lane) expect(laneSector(lane)).toBe(card.props.sector)
  }
  // Notes in a cluster are inside it; statements inside their area.
  for (const statement of ofType(shapes, 'statement') as StatementShape[]) {
    const area = shapes.find((s) => s.meta[AREA_META] === statement.props.kind)!
    expect(inside(rectOf(statement), rectOf(area))).toBe(true)
  }
  return { grid }
}

describe('planToBoard', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`makes records that validate and that a tldraw store loads (${lang})`, () => {
      const { shapes, bindings } = build(samplePlan(), lang)
      const schema = createBoardSchema()
      for (const record of [...shapes, ...bindings]) expect(() => schema.validateRecord(null as never, record, 'initialize', null), record.id).not.toThrow()
      const store = createTLStore({ schema })
      store.put([...initialBoardRecords(), ...shapes, ...bindings] as TLRecord[])
      expect(store.allRecords().filter((r) => r.typeName === 'shape')).toHaveLength(shapes.length)
      const ids = [...shapes, ...bindings].map((r) => r.id)
      expect(new Set(ids).size).toBe(ids.length)
    })
  }

  it('puts every card inside its frame, in its region, with no overlaps and places that agree with fields', () => {
    const built = build(samplePlan())
    const { grid } = expectSoundLayout(built)
    const plot = gridPlot(grid.props)
    const byName = new Map((ofType(built.shapes, 'stakeholder') as StakeholderShape[]).map((s) => [s.props.name, s]))
    // Both scores known → on the grid at them, even two in one cell; no scores → in the sector's lane; neither → outside both.
    for (const name of ['Pemangku 1', 'Pemangku 2', 'Pemangku 3', 'Pemangku 6']) {
      const card = byName.get(name)!
      const at = scoresAt(plot, invertTransform(shapeTransform(grid, built.lookup), boxCentre(card, built.lookup)))
      expect(at, name).toEqual({ influence: card.props.influence, interest: card.props.interest })
    }
    const lanes = built.shapes.filter((s) => laneSector(s) === 'akademisi')
    for (const name of ['Pemangku 4', 'Pemangku 5']) expect(inside(rectOf(byName.get(name)!), rectOf(lanes[0]!))).toBe(true)
  })

  it('writes every field of every entry onto its card', () => {
    const plan = samplePlan()
    const { shapes, bindings, byId } = build(plan)
    const stakeholders = ofType(shapes, 'stakeholder') as StakeholderShape[]
    expect(stakeholders.map((s) => s.props.name)).toEqual(plan.stakeholders.map((s) => s.name))
    const first = stakeholders[0]!.props
    expect(first).toMatchObject({ sector: 'pemerintah', organisation: 'Organisasi 1', role: 'Peran 1', influence: 5, interest: 5, contact: '' })

    const statements = ofType(shapes, 'statement') as StatementShape[]
    expect(statements.map((s) => [s.props.kind, s.props.text, s.props.state, s.meta.votes ?? null])).toEqual([
      ['vision', 'vision 1', 'adopted', 12],
      ['vision', 'vision 2', 'candidate', 3],
      ['vision', 'vision 3', 'candidate', 0],
      ['mission', 'mission 1', 'adopted', null],
      ['mission', 'mission 2', 'adopted', 7],
      ['mission', 'mission 3', 'candidate', null],
    ])

    const actions = ofType(shapes, 'action') as ActionShape[]
    const cardOf = (name: string) => stakeholders.find((s) => s.props.name === name)!.id
    expect(actions[0]!.props).toMatchObject({
      goal: 'Tujuan 1',
      tactics: 'Taktik 1\nbaris kedua',
      ownerId: cardOf('Pemangku 1'),
      ownerText: 'Pemangku 1',
      supporterIds: [cardOf('Pemangku 2'), cardOf('Pemangku 3')],
      budget: 1_000_000,
      status: 'in_progress',
    })
    expect(actions[2]!.props).toMatchObject({ ownerId: null, ownerText: 'Karang Taruna', supporterIds: [] })
    expect(actions[3]!.props).toMatchObject({ ownerId: null, ownerText: '', budget: null, startDate: null, dueDate: null })

    const indicators = ofType(shapes, 'indicator') as IndicatorShape[]
    expect(indicators.map((i) => i.props.actionIds)).toEqual([[actions[0]!.id], [actions[0]!.id, actions[1]!.id], []])
    expect(indicators[1]!.props).toMatchObject({ baseline: null, target: 20, current: 10, unit: 'kelompok', dueDate: '2027-11-30' })

    // One bound arrow from each responsible stakeholder's card to its action, ends on the card centres.
    const arrows = ofType(shapes, 'arrow')
    expect(arrows).toHaveLength(2)
    for (const arrow of arrows) {
      const ends = bindings.filter((b): b is TLArrowBinding => b.fromId === arrow.id)
      const from = byId.get(ends.find((b) => b.props.terminal === 'start')!.toId) as StakeholderShape
      const to = byId.get(ends.find((b) => b.props.terminal === 'end')!.toId) as ActionShape
      expect(to.props.ownerId).toBe(from.id)
      const lookup = (id: TLShapeId) => byId.get(id)
      expect(arrow.x).toBeCloseTo(boxCentre(from, lookup).x)
      expect(arrow.y + arrow.props.end.y).toBeCloseTo(boxCentre(to, lookup).y)
    }

    // Notes: five in their clusters, one loose in step 2, one below the frames on the page.
    const notes = ofType(shapes, 'note')
    const clusters = shapes.filter((s) => CLUSTER_META in s.meta)
    const homes = notes.map((n) => clusters.find((c) => c.parentId === n.parentId && inside(rectOf(n), rectOf(c)))?.meta[CLUSTER_META] ?? null)
    expect(homes).toEqual(['needs', 'needs', 'challenges', 'ideas', 'inspiration', null, null])
    expect(frameStep(byId.get(notes[5]!.parentId as TLShapeId)!)).toBe(2)
    expect(notes[6]!.parentId).toBe(DEFAULT_PAGE_ID)
    const lowestFrame = Math.max(...ofType(shapes, 'frame').map((f) => f.y + f.props.h))
    expect(notes[6]!.y).toBeGreaterThan(lowestFrame)
  })

  it('lays a large plan out without overlap, growing regions and frames instead', () => {
    const plan = largePlan(200)
    const built = build(plan)
    expectSoundLayout(built)
    expect(ofType(built.shapes, 'action')).toHaveLength(200)
    expect(ofType(built.shapes, 'stakeholder')).toHaveLength(plan.stakeholders.length)
    expect(ofType(built.shapes, 'note')).toHaveLength(plan.notes.length)
    const frame4 = built.shapes.find((s) => s.type === 'frame' && frameStep(s) === 4) as TLShape<'frame'>
    expect(frame4.props.h).toBeGreaterThan(1160)
    // Actions in plan order read left to right, top to bottom.
    const actions = ofType(built.shapes, 'action')
    for (let i = 1; i < actions.length; i++) {
      const [a, b] = [actions[i - 1]!, actions[i]!]
      expect(b.y > a.y || (b.y === a.y && b.x > a.x)).toBe(true)
    }
    const schema = createBoardSchema()
    for (const record of [...built.shapes, ...built.bindings]) expect(() => schema.validateRecord(null as never, record, 'initialize', null)).not.toThrow()
  })

  it('keeps every stakeholder of a crowded cell in that cell', () => {
    const plan = samplePlan()
    plan.stakeholders = Array.from({ length: 11 }, (_, i) => stakeholder(i + 1, { influence: 2, interest: 3 }))
    plan.actions = []
    const built = build(plan)
    const { grid } = expectSoundLayout(built)
    for (const card of ofType(built.shapes, 'stakeholder')) {
      const local = invertTransform(shapeTransform(grid, built.lookup), boxCentre(card, built.lookup))
      expect(scoresAt(gridPlot(grid.props), local)).toEqual({ influence: 2, interest: 3 })
    }
  })

  it('lays an empty plan out as the bare template', () => {
    const plan: Plan = { ...samplePlan(), stakeholders: [], vision: { adopted: null, candidates: [] }, missions: { adopted: [], candidates: [] }, actions: [], indicators: [], notes: [] }
    const { shapes, bindings } = build(plan)
    expect(shapes.filter((s) => (CONTENT as readonly string[]).includes(s.type))).toHaveLength(0)
    expect(bindings).toHaveLength(0)
    expect(ofType(shapes, 'frame').map((f) => frameStep(f))).toEqual([...STEPS])
  })

  it('drops links to entries the plan does not have', () => {
    const plan = samplePlan()
    plan.actions[0]!.responsible = [{ stakeholderId: 'shape:gone', name: 'Hilang' }]
    plan.actions[0]!.supporters = [{ stakeholderId: 'shape:gone', name: 'Hilang' }]
    plan.indicators[0]!.actionIds = ['shape:gone']
    const { shapes } = build(plan)
    expect((ofType(shapes, 'action')[0] as ActionShape).props).toMatchObject({ ownerId: null, ownerText: 'Hilang', supporterIds: [] })
    expect((ofType(shapes, 'indicator')[0] as IndicatorShape).props.actionIds).toEqual([])
  })

  it('names an action’s parties on its card: owner, an arrow from every responsible stakeholder, supporters, names', () => {
    const plan = samplePlan()
    const [s1, s2, s3] = plan.stakeholders
    plan.actions[0]!.responsible = [
      { stakeholderId: null, name: 'PEMANGKU 2' },
      { stakeholderId: s1!.id, name: s1!.name },
      { stakeholderId: null, name: 'Bu Kades' },
    ]
    plan.actions[0]!.supporters = [{ stakeholderId: s3!.id, name: s3!.name }, { stakeholderId: null, name: 'Relawan' }, { stakeholderId: s2!.id, name: s2!.name }]
    plan.actions[2]!.responsible = [
      { stakeholderId: null, name: 'Karang Taruna' },
      { stakeholderId: null, name: 'Bu Kades' },
    ]
    const { shapes, bindings } = build(plan)
    const cards = ofType(shapes, 'stakeholder') as StakeholderShape[]
    const cardOf = (name: string) => cards.find((c) => c.props.name === name)!.id
    const [first, , third] = ofType(shapes, 'action') as ActionShape[]
    // A name-only party that is a stakeholder's name (any case) is that stakeholder; the owner is not also a supporter.
    expect(first!.props).toMatchObject({ ownerId: cardOf('Pemangku 2'), ownerText: 'Pemangku 2', supporterIds: [cardOf('Pemangku 3')] })
    const arrowsTo = (id: TLShapeId) =>
      bindings.filter((b) => b.props.terminal === 'end' && b.toId === id).map((end) => bindings.find((b) => b.fromId === end.fromId && b.props.terminal === 'start')!.toId)
    expect(arrowsTo(first!.id)).toEqual([cardOf('Pemangku 2'), cardOf('Pemangku 1')])
    // Without an owner card, the owner field holds every responsible party known only by name.
    expect(third!.props).toMatchObject({ ownerId: null, ownerText: 'Karang Taruna; Bu Kades', supporterIds: [] })
    expect(arrowsTo(third!.id)).toEqual([])
  })

  it('is deterministic given deterministic ids', () => {
    const strip = ({ shapes, bindings }: ReturnType<typeof build>) => ({ shapes, bindings })
    expect(strip(build(largePlan(40)))).toEqual(strip(build(largePlan(40))))
  })
})

describe('boardLimitProblems', () => {
  it('accepts plans that fit on cards', () => {
    expect(boardLimitProblems(samplePlan())).toEqual([])
    expect(boardLimitProblems(largePlan(200))).toEqual([])
  })

  it('names each field a card cannot hold, by its path in the plan', () => {
    const plan = samplePlan()
    plan.stakeholders[1]!.name = 'n'.repeat(201)
    plan.actions[2]!.goal = 'g'.repeat(2001)
    plan.actions[0]!.budget = 2e15
    plan.missions.candidates[2]!.text = 'm'.repeat(2001)
    plan.actions[0]!.supporters = Array.from({ length: MAX_LINKS + 1 }, (_, i) => ({ stakeholderId: `shape:s${i}`, name: `s${i}` }))
    plan.stakeholders.push(...plan.actions[0]!.supporters.map((p, i) => stakeholder(100 + i, { id: p.stakeholderId as `shape:${string}` })))
    expect(boardLimitProblems(plan)).toEqual([
      'stakeholders.1.name: at most 200 characters (this one has 201)',
      'missions.candidates.2.text: at most 2000 characters (this one has 2001)',
      'actions.0.budget: at most 1000000000000000 rupiah',
      `actions.0.supporters: at most ${MAX_LINKS} links a card (this one has ${MAX_LINKS + 1})`,
      // Action 2's owner is stakeholder 2, whose name its card repeats.
      'actions.1.responsible: at most 200 characters (this one has 201)',
      'actions.2.goal: at most 2000 characters (this one has 2001)',
    ])
  })

  it('refuses a plan with more entries than a board takes', () => {
    const plan = samplePlan()
    plan.notes = Array.from({ length: MAX_IMPORT_ENTRIES }, (_, i) => ({ ...plan.notes[0]!, id: `shape:n${i}` as const }))
    expect(boardLimitProblems(plan)[0]).toMatch(/at most 5000/)
  })
})
