import type { TLRecord, TLShapeId } from '@tldraw/tlschema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SECTORS } from '../access'
import { DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import { ACTION_STATUSES, FUNDING_SOURCES, type StakeholderShape } from '../forum/cards'
import { EXAMPLES, exampleBoard } from '../forum/examples'
import { boxCentre, invertTransform, shapeTransform } from '../forum/geometry'
import { gridPlot, quadrantOf, scoresAt, type PowerGridShape } from '../forum/grid'
import { CLUSTERS, TEMPLATE_TEXTS, type BoardLanguage } from '../forum/texts'
import { extractPlan } from './extract'
import { planSchema, type Plan, type PlanAction, type PlanNote, type PlanStakeholder } from './model'
import { planToBoard } from './toBoard'
import { action, indicator, largePlan, normalisePlan, note, samplePlan, stakeholder, statement } from './toBoardFixtures'
import { boardLimitProblems } from './toBoardLimits'

// Board → plan → board → plan. A plan read off a board, laid out again by the import and read off that board, is the
// same plan — compared after `normalisePlan` (toBoardFixtures.ts), which replaces shape ids by positions and drops
// `sources`, because a new board has new shapes. What a board cannot carry is listed in docs/PLAN.md ("Import");
// each such loss has its own test at the end, so none of it passes silently.

function recordsOf(plan: Plan, lang: BoardLanguage): TLRecord[] {
  const { shapes, bindings } = planToBoard(plan, { lang, pageId: DEFAULT_PAGE_ID })
  return [...initialBoardRecords(TEMPLATE_TEXTS[lang].pageName), ...shapes, ...bindings]
}

/** Plan → board → plan, as `POST /api/boards/import` and then an export would do it. */
function roundTrip(plan: Plan, lang: BoardLanguage = 'id'): Plan {
  expect(boardLimitProblems(plan)).toEqual([])
  const back = extractPlan(recordsOf(plan, lang), { title: plan.forum.title, boardId: null })
  expect(planSchema.safeParse(back).success).toBe(true)
  return back
}

const names = (list: readonly PlanStakeholder[]) => list.map((s) => s.name)

/**
 * The round-trip property for a plan read off a board (`first`): the next plan is the same but for the stakeholders'
 * order, and the one after that is the same order included. Stakeholders are listed in board order, and the import
 * moves the cards a board left off the grid onto it (docs/PLAN.md, "Import"), so their order settles after one import.
 */
function expectRoundTrip(first: Plan, lang: BoardLanguage = 'id') {
  const second = roundTrip(first, lang)
  expect(normalisePlan(second, { stakeholderOrder: 'content' })).toEqual(normalisePlan(first, { stakeholderOrder: 'content' }))
  expect(normalisePlan(roundTrip(second, lang))).toEqual(normalisePlan(second))
}

describe.each(EXAMPLES.flatMap((example) => (['id', 'en'] as const).map((lang) => [example, lang] as const)))('example %s (%s)', (example, lang) => {
  const board = exampleBoard(example, { lang, pageId: DEFAULT_PAGE_ID })
  const records = [...initialBoardRecords(TEMPLATE_TEXTS[lang].pageName), ...board.shapes, ...board.bindings]
  const first = extractPlan(records, { title: board.title, boardId: 'exampleboardid' })
  const second = roundTrip(first, lang)

  it('is a full workshop to begin with', () => {
    expect(first.stakeholders.length).toBeGreaterThanOrEqual(6)
    expect(first.vision.adopted).not.toBeNull()
    expect(first.actions.every((a) => a.responsible.length === 1 && a.supporters.length > 0)).toBe(true)
    expect(first.indicators.every((i) => i.actionIds.length > 0)).toBe(true)
    expect(first.notes.every((n) => n.step === 2 && n.cluster !== null)).toBe(true)
  })

  it('comes back the same, all but the order of the stakeholders', () => {
    expect(normalisePlan(second, { stakeholderOrder: 'content' })).toEqual(normalisePlan(first, { stakeholderOrder: 'content' }))
  })

  it('changes the stakeholders’ order only where the example left a card in its lane, off the grid', () => {
    // The example keeps a few cards only in their sector's lane; the plan still gives them the card's scores, so the
    // import puts them on the grid at those scores, and board order (top to bottom) moves them.
    const byId = new Map(board.shapes.map((s) => [s.id, s]))
    const lookup = (id: TLShapeId) => byId.get(id)
    const grid = board.shapes.find((s): s is PowerGridShape => s.type === 'powergrid')!
    const offGrid = new Set(
      board.shapes
        .filter((s): s is StakeholderShape => s.type === 'stakeholder')
        .filter((card) => scoresAt(gridPlot(grid.props), invertTransform(shapeTransform(grid, lookup), boxCentre(card, lookup))) === null)
        .map((card) => card.props.name),
    )
    expect(offGrid.size).toBeGreaterThan(0)
    const onGrid = (list: readonly PlanStakeholder[]) => names(list).filter((name) => !offGrid.has(name))
    expect(onGrid(second.stakeholders)).toEqual(onGrid(first.stakeholders))
  })

  it('is then stable: a second round trip changes nothing, order included', () => {
    expect(normalisePlan(roundTrip(second, lang))).toEqual(normalisePlan(second))
  })
})

/** The sample plan without what a board cannot hold: every entry comes back exactly. */
function boardShapedPlan(): Plan {
  const plan = samplePlan()
  plan.stakeholders[3] = stakeholder(4, { sector: 'akademisi', influence: 3, interest: 1 })
  plan.stakeholders[4] = stakeholder(5, { sector: 'akademisi', influence: 1, interest: 2 })
  plan.vision.candidates = plan.vision.candidates.filter((c) => c.id !== plan.vision.adopted?.id)
  plan.missions.candidates = plan.missions.candidates.filter((c) => c.state === 'candidate')
  return plan
}

describe('hand-made plans', () => {
  it('come back with every entry, field, party, link, vote and note as they were', () => {
    for (const lang of ['id', 'en'] as const) {
      const plan = boardShapedPlan()
      const back = roundTrip(plan, lang)
      const steps = TEMPLATE_TEXTS[lang].steps.map((name, i) => ({ step: i + 1, title: name, frameId: `frame#${i + 1}` }))
      const expected = { ...normalisePlan(plan, { stakeholderOrder: 'content' }), workshop: { steps } }
      expect(normalisePlan(back, { stakeholderOrder: 'content' })).toEqual(expected)
      // Everything but the stakeholders keeps the plan's order; the stakeholders take the board's (see below).
      expect(back.actions.map((a) => a.goal)).toEqual(plan.actions.map((a) => a.goal))
      expect(back.notes.map((n) => n.text)).toEqual(plan.notes.map((n) => n.text))
    }
  })

  it.each([
    ['the sample plan', samplePlan],
    ['a plan with 200 actions', () => largePlan(200)],
  ])('%s: board → plan → board → plan gives the same plan', (_, make) => {
    expectRoundTrip(roundTrip(make()))
  })

  it('any plan: board → plan → board → plan gives the same plan (property)', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        expectRoundTrip(roundTrip(plan))
      }),
      { numRuns: 40 },
    )
  })
})

// ——— What does not survive (docs/PLAN.md, "Import") ———

describe('what a board cannot carry', () => {
  it('gives a stakeholder without influence or interest the card’s middle score, 3', () => {
    const plan = samplePlan()
    const back = roundTrip(plan)
    const four = back.stakeholders.find((s) => s.name === 'Pemangku 4')!
    expect([plan.stakeholders[3]!.influence, plan.stakeholders[3]!.interest]).toEqual([null, null])
    expect(four).toMatchObject({ influence: 3, interest: 3, quadrant: quadrantOf({ influence: 3, interest: 3 }) })
  })

  it('lists stakeholders in board order: by their place on the grid and in the lanes, not as the plan listed them', () => {
    const plan = boardShapedPlan()
    plan.stakeholders.reverse()
    const back = roundTrip(plan)
    expect(names(back.stakeholders)).not.toEqual(names(plan.stakeholders))
    expect([...names(back.stakeholders)].sort()).toEqual([...names(plan.stakeholders)].sort())
    // Highest influence first: the two in the top right cell (5/5) lead.
    expect(names(back.stakeholders).slice(0, 2)).toEqual(['Pemangku 2', 'Pemangku 1'])
  })

  it('keeps one responsible party per action card: later responsible stakeholders become supporters', () => {
    const plan = samplePlan()
    const [s1, s2, s3] = plan.stakeholders
    plan.actions[0]!.responsible = [s1!, s2!].map((s) => ({ stakeholderId: s.id, name: s.name }))
    plan.actions[0]!.supporters = [{ stakeholderId: s3!.id, name: s3!.name }]
    const back = roundTrip(plan).actions[0]!
    expect(back.responsible.map((p) => p.name)).toEqual(['Pemangku 1'])
    expect(back.supporters.map((p) => p.name)).toEqual(['Pemangku 3', 'Pemangku 2'])
  })

  it('writes responsible parties known only by name into the owner field as one name; drops supporters known only by name', () => {
    const plan = samplePlan()
    plan.actions[2]!.responsible = [
      { stakeholderId: null, name: 'Karang Taruna' },
      { stakeholderId: null, name: 'Bu Kades' },
    ]
    plan.actions[2]!.supporters = [{ stakeholderId: null, name: 'Relawan desa' }]
    const back = roundTrip(plan).actions[2]!
    expect(back.responsible).toEqual([{ stakeholderId: null, name: 'Karang Taruna; Bu Kades' }])
    expect(back.supporters).toEqual([])
  })

  it('names a linked party by its stakeholder, and links a name-only party that is a stakeholder’s name', () => {
    const plan = samplePlan()
    plan.actions[0]!.responsible = [{ stakeholderId: plan.stakeholders[0]!.id, name: 'Pak Kades' }]
    plan.actions[2]!.responsible = [{ stakeholderId: null, name: 'pemangku 3' }]
    const back = roundTrip(plan)
    const idOf = (name: string) => back.stakeholders.find((s) => s.name === name)!.id
    expect(back.actions[0]!.responsible).toEqual([{ stakeholderId: idOf('Pemangku 1'), name: 'Pemangku 1' }])
    expect(back.actions[2]!.responsible).toEqual([{ stakeholderId: idOf('Pemangku 3'), name: 'Pemangku 3' }])
  })

  it('reads notes of steps 1, 4 and 5 as a stakeholder, an action and an indicator, as it reads any note there', () => {
    const plan = samplePlan()
    plan.notes = [note(1, { step: 1, cluster: null, text: 'Kelompok Tani' }), note(2, { step: 4, cluster: null, text: 'Bikin pasar' }), note(3, { step: 5, cluster: null, text: 'Jumlah pembeli' }), note(4, { step: 3, cluster: null, text: 'Catatan visi' })]
    const back = roundTrip(plan)
    expect(back.notes).toEqual([expect.objectContaining({ step: 3, cluster: null, text: 'Catatan visi' })])
    expect(names(back.stakeholders)).toContain('Kelompok Tani')
    expect(back.actions.map((a) => a.goal)).toContain('Bikin pasar')
    expect(back.indicators.map((i) => i.indicator)).toContain('Jumlah pembeli')
  })

  it('puts a note that names a cluster in that cluster, whatever its step says', () => {
    const plan = samplePlan()
    plan.notes = [note(1, { step: null, cluster: 'ideas' })]
    expect(roundTrip(plan).notes).toEqual([expect.objectContaining({ step: 2, cluster: 'ideas' })])
  })
})

// ——— Arbitrary plans ———

const word = fc.constantFrom('Desa', 'LSM', 'Pelatihan', 'modal', 'guru', 'buku', 'pasar', 'air', 'Kelompok', 'dana', 'jalan', 'Bank')
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '))
const isoDate = fc.option(fc.date({ min: new Date('2025-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null })
const score = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null })

const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    stakeholders: fc.array(fc.record({ name: text, sector: fc.option(fc.constantFrom(...SECTORS), { nil: null }), influence: score, interest: score }), { maxLength: 14 }),
    visions: fc.array(fc.record({ text, votes: fc.option(fc.nat({ max: 30 }), { nil: null }) }), { maxLength: 5 }),
    adopted: fc.boolean(),
    missions: fc.array(fc.record({ text, adopted: fc.boolean(), votes: fc.option(fc.nat({ max: 30 }), { nil: null }) }), { maxLength: 8 }),
    actions: fc.array(
      fc.record({
        goal: text,
        owner: fc.option(fc.oneof(fc.nat(), text), { nil: null }),
        supporters: fc.array(fc.nat(), { maxLength: 3 }),
        budget: fc.option(fc.nat({ max: 1e9 }), { nil: null }),
        funding: fc.option(fc.constantFrom(...FUNDING_SOURCES), { nil: null }),
        status: fc.constantFrom(...ACTION_STATUSES),
        startDate: isoDate,
        dueDate: isoDate,
      }),
      { maxLength: 25 },
    ),
    indicators: fc.array(fc.record({ text, measures: fc.array(fc.nat(), { maxLength: 3 }), baseline: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }) }), { maxLength: 8 }),
    notes: fc.array(fc.record({ text, place: fc.constantFrom<Pick<PlanNote, 'step' | 'cluster'>>(...CLUSTERS.map((cluster) => ({ step: 2, cluster })), { step: 2, cluster: null }, { step: 3, cluster: null }, { step: null, cluster: null }) }), { maxLength: 20 }),
  })
  .map((r) => {
    const plan = samplePlan()
    plan.stakeholders = r.stakeholders.map((s, i) => stakeholder(i + 1, s))
    const pick = (n: number) => plan.stakeholders[n % Math.max(1, plan.stakeholders.length)]
    const visions = r.visions.map((v, i) => statement('vision', i + 1, v))
    plan.vision = r.adopted && visions[0] ? { adopted: { ...visions[0], state: 'adopted' }, candidates: visions.slice(1) } : { adopted: null, candidates: visions }
    const missions = r.missions.map((m, i) => statement('mission', i + 1, { text: m.text, votes: m.votes, state: m.adopted ? 'adopted' : 'candidate' }))
    plan.missions = { adopted: missions.filter((m) => m.state === 'adopted'), candidates: missions.filter((m) => m.state === 'candidate') }
    plan.actions = r.actions.map((a, i): PlanAction => {
      const owner = typeof a.owner === 'number' ? pick(a.owner) : undefined
      const responsible = owner ? [{ stakeholderId: owner.id, name: owner.name }] : typeof a.owner === 'string' ? [{ stakeholderId: null, name: a.owner }] : []
      const supporters = a.supporters.flatMap((n) => (pick(n) ? [{ stakeholderId: pick(n)!.id, name: pick(n)!.name }] : []))
      const { owner: _owner, supporters: _supporters, ...fields } = a
      return action(i + 1, { ...fields, responsible, supporters })
    })
    plan.indicators = r.indicators.map((ind, i) =>
      indicator(i + 1, ind.measures.flatMap((n) => (plan.actions.length ? [plan.actions[n % plan.actions.length]!.id] : [])), { indicator: ind.text, baseline: ind.baseline }),
    )
    plan.notes = r.notes.map((n, i) => note(i + 1, { text: n.text, ...n.place }))
    return plan
  })


