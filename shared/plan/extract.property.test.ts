import { PageRecordType, type TLBindingId, type TLParentId, type TLRecord, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { getIndicesAbove, type IndexKey, type JsonObject } from '@tldraw/utils'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SECTORS } from '../access'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import { ACTION_STATUSES, FUNDING_SOURCES, STATEMENT_KINDS, STATEMENT_STATES, type CardType } from '../forum/cards'
import { arrowBetween, cardShape, frameShape, noteShape, powerGridShape, rectangleShape, textShape, type Placement } from '../forum/records'
import { forumTemplate } from '../forum/template'
import { AREAS, BOARD_LANGUAGES, CLUSTERS, TEMPLATE_TEXTS } from '../forum/texts'
import { extractPlan } from './extract'
import { counterIds } from './extractFixtures'
import { planSchema } from './model'

// Arbitrary valid boards — frames (with and without meta, nested, rotated, on a second or missing page), template
// regions, notes / text / labelled geo with convention-laden text, the four cards with random props within their
// validators, arrows with dangling, missing or self bindings — must extract without throwing into a plan that passes
// the schema, refers only to its own entries, and does not depend on the order of the records.

const schema = createBoardSchema()

/** Up to 60 code points: at most 120 UTF-16 units, within every card's one-line limit of 200. */
const anyText = fc.string({ unit: 'binary', maxLength: 60 })
const WORDS = [
  'PJ:', 'Owner:', 'Tenggat:', 'Due:', 'Mulai:', 'Rp 5.000.000', '5 juta', 'Anggaran:', 'Dana:', 'APBDes', 'Status:', 'selesai',
  'Visi:', 'Misi:', 'Vision:', '✓', '(disepakati)', 'Target:', 'Awal:', 'Capaian:', 'Satuan:', 'Sektor:', 'Pemerintah', 'LSM',
  'Akademisi', '31/12/2026', '30 Juni 2027', '2026-02-30', 'Dinas', 'Pendukung:', 'Suara:', '12.000', '0,4', '-', '**', '=SUM(A1)',
  ...TEMPLATE_TEXTS.id.hints, ...TEMPLATE_TEXTS.en.steps, 'Rencana Aksi', 'Visi', 'Kebutuhan',
]
const piece = fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: 'binary', maxLength: 12 }), fc.integer().map(String))
const line = fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join(' '))
/** Up to 5 lines of up to 4 pieces: well under the 2,000 units of a free-text field. */
const noteText = fc.array(line, { maxLength: 5 }).map((lines) => lines.join('\n'))
/** Now and then a coordinate so large that a rotation turns a centre into NaN: the order must still not depend on input. */
const coordinate = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: -3000, max: 3000 }) }, { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308) })
const size = fc.integer({ min: 1, max: 2500 })
const rotation = fc.oneof(fc.constant(0), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }))
/** 0 the page, 1 a second page, 2 an earlier frame (most often: that is where content goes), 3 a missing shape. */
const parentChoice = fc.tuple(fc.constantFrom(0, 1, 2, 2, 2, 2, 3), fc.nat())
/** Where content sits in its parent: mostly inside a frame-sized box, sometimes anywhere. */
const offset = fc.oneof(fc.integer({ min: 0, max: 1200 }), coordinate)
// Unbiased: fast-check leans towards small numbers, which would point every reference at the same first shapes.
const ref = fc.noBias(fc.nat({ max: 1000 }))
const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const number = fc.option(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true })))
const votes = fc.option(fc.oneof(fc.nat(), fc.constant(-1), fc.constant(2.5), fc.constant('7')), { nil: undefined })

const frameSpec = fc.record({
  parent: parentChoice, x: coordinate, y: coordinate, w: size, h: size, rotation,
  name: fc.oneof(fc.constantFrom(...TEMPLATE_TEXTS.id.steps, ...TEMPLATE_TEXTS.en.steps, 'Visi dan Misi', 'Catatan', ''), anyText),
  step: fc.option(fc.integer({ min: 0, max: 6 })),
})

const cardProps = {
  stakeholder: fc.record({ name: anyText, sector: fc.constantFrom(...SECTORS, null), organisation: anyText, role: noteText, influence: fc.integer({ min: 1, max: 5 }), interest: fc.integer({ min: 1, max: 5 }), contact: anyText }),
  action: fc.record({
    goal: noteText, strategy: noteText, tactics: noteText, ownerId: fc.option(ref), ownerText: anyText, supporterIds: fc.array(ref, { maxLength: 4 }),
    budget: fc.option(fc.integer({ min: 0, max: 1e15 })), people: anyText, knowledge: anyText, funding: fc.constantFrom(...FUNDING_SOURCES, null),
    startDate: fc.option(isoDate), dueDate: fc.option(isoDate), indicator: anyText, target: anyText, status: fc.constantFrom(...ACTION_STATUSES),
  }),
  indicator: fc.record({ indicator: noteText, baseline: number, target: number, current: number, unit: anyText, dueDate: fc.option(isoDate), actionIds: fc.array(ref, { maxLength: 4 }) }),
  statement: fc.record({ kind: fc.constantFrom(...STATEMENT_KINDS), text: noteText, state: fc.constantFrom(...STATEMENT_STATES) }),
}

const contentSpec = fc.record({
  parent: parentChoice, x: offset, y: offset, w: size, h: size, rotation, votes,
  what: fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constantFrom('note', 'note', 'text', 'geo'), text: noteText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('region'), meta: fc.oneof(fc.constantFrom(...SECTORS).map((v) => ({ forumLane: v })), fc.constantFrom(...CLUSTERS).map((v) => ({ forumCluster: v })), fc.constantFrom(...AREAS).map((v) => ({ forumArea: v }))), text: anyText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('grid') }) },
    ...(Object.keys(cardProps) as CardType[]).map((type) => ({ weight: 1, arbitrary: fc.record({ kind: fc.constant('card'), type: fc.constant(type), props: cardProps[type] }) })),
  ),
})

const arrowSpec = fc.record({ from: ref, to: ref, keep: fc.constantFrom('both', 'both', 'start', 'end', 'none'), x: coordinate, y: coordinate })
/** Arrows drawn between entries the board turned out to have: stakeholder → action, action → indicator or back. */
const linkSpec = fc.record({ from: ref, to: ref, kind: fc.constantFrom('takes part', 'measures', 'measured by'), x: coordinate, y: coordinate })
const boardSpec = fc.record({
  frames: fc.array(frameSpec, { maxLength: 4 }),
  contents: fc.array(contentSpec, { minLength: 4, maxLength: 30, size: 'medium' }),
  arrows: fc.array(arrowSpec, { minLength: 2, maxLength: 16, size: 'medium' }),
  strayBindings: fc.array(fc.tuple(ref, ref), { maxLength: 2 }),
  links: fc.array(linkSpec, { maxLength: 4 }),
  secondPageListed: fc.boolean(),
  /** Most boards start from the template, as real ones do; content then lands in its frames and regions. */
  template: fc.option(fc.constantFrom(...BOARD_LANGUAGES), { freq: 3 }),
})

type BoardSpec = typeof boardSpec extends fc.Arbitrary<infer T> ? T : never

/** Turns a spec into records. References (`ref`) point at content shapes, one in (count + 1) at a missing one. */
function buildBoard(spec: BoardSpec): { records: TLRecord[]; links: Link[] } {
  const contentId = (n: number) => (n % (spec.contents.length + 1) < spec.contents.length ? `shape:c${n % (spec.contents.length + 1)}` : 'shape:gone') as TLShapeId
  const indices = getIndicesAbove(null, spec.frames.length + spec.contents.length + spec.arrows.length + 1)
  const records: TLRecord[] = [...initialBoardRecords()]
  if (spec.secondPageListed) records.push(PageRecordType.create({ id: 'page:p2' as never, name: 'P2', index: 'a2' as IndexKey, meta: {} }))
  const frameIds: TLShapeId[] = []
  if (spec.template) {
    const template = forumTemplate({ lang: spec.template, pageId: DEFAULT_PAGE_ID, ...counterIds('t') })
    records.push(...template.shapes)
    frameIds.push(...Object.values(template.frames))
  }
  let next = 0
  const parentOf = ([choice, n]: [number, number]): TLParentId => {
    if (choice === 1) return 'page:p2' as TLParentId
    if (choice === 2 && frameIds.length > 0) return frameIds[n % frameIds.length]!
    if (choice === 3) return 'shape:missing' as TLParentId
    return DEFAULT_PAGE_ID
  }
  let id: TLShapeId = 'shape:none' as TLShapeId
  const at = (s: { parent: [number, number]; x: number; y: number }, meta?: JsonObject): Placement => ({
    id, parentId: parentOf(s.parent), index: indices[next]!, x: s.x, y: s.y, ...(meta ? { meta } : {}),
  })
  const push = (shape: TLShape, turn: number) => {
    records.push({ ...shape, rotation: turn } as TLShape)
    next++
  }
  spec.frames.forEach((f, i) => {
    id = `shape:f${i}` as TLShapeId
    push(frameShape(at(f, f.step === null ? {} : { forumStep: f.step }), { w: f.w, h: f.h, name: f.name }), f.rotation)
    frameIds.push(id)
  })
  spec.contents.forEach((c, i) => {
    id = `shape:c${i}` as TLShapeId
    const meta = c.votes === undefined ? undefined : { votes: c.votes }
    const what = c.what
    if (what.kind === 'card') {
      const p = what.props as Record<string, unknown>
      const props = { ...p, w: c.w, h: c.h }
      if ('ownerId' in p) Object.assign(props, { ownerId: p.ownerId === null ? null : contentId(p.ownerId as number), supporterIds: (p.supporterIds as number[]).map(contentId) })
      if ('actionIds' in p) Object.assign(props, { actionIds: (p.actionIds as number[]).map(contentId) })
      push(cardShape(what.type, at(c, meta), props), c.rotation)
    } else if (what.kind === 'region') push(rectangleShape(at(c, what.meta), { w: c.w, h: c.h, text: what.text }), c.rotation)
    else if (what.kind === 'grid') push(powerGridShape(at(c), { w: c.w, h: c.h }), c.rotation)
    else if (what.kind === 'note') push(noteShape(at(c, meta), what.text), c.rotation)
    else if (what.kind === 'text') push(textShape(at(c, meta), what.text, { w: c.w }), c.rotation)
    else push(rectangleShape(at(c, meta), { w: c.w, h: c.h, text: what.text }), c.rotation)
  })
  spec.arrows.forEach((a, i) => {
    id = `shape:a${i}` as TLShapeId
    const [fromId, toId] = [contentId(a.from), contentId(a.to)]
    const bindingIds = [`binding:a${i}s`, `binding:a${i}e`] as [TLBindingId, TLBindingId]
    const [arrow, start, end] = arrowBetween(at({ parent: [0, 0], x: a.x, y: a.y }), { fromId, toId, start: a, end: { x: a.x + 50, y: a.y }, bindingIds })
    push(arrow, 0)
    if (a.keep === 'both' || a.keep === 'start') records.push(start)
    if (a.keep === 'both' || a.keep === 'end') records.push(end)
  })
  spec.strayBindings.forEach(([from, to], i) => {
    const [, stray] = arrowBetween(at({ parent: [0, 0], x: 0, y: 0 }), { fromId: contentId(to), toId: contentId(to), start: { x: 0, y: 0 }, end: { x: 1, y: 1 }, bindingIds: [`binding:x${i}` as TLBindingId, `binding:y${i}` as TLBindingId] })
    // From a shape that is no arrow (or none at all): nothing to read.
    records.push({ ...stray, fromId: contentId(from) })
  })
  // Random arrows seldom join a stakeholder to an action; these do, between the entries a first reading found.
  const draft = extractPlan(records, { title: '', boardId: null })
  const links: Link[] = []
  spec.links.forEach((l, i) => {
    const pick = <T extends { id: string }>(list: T[], n: number) => list[n % Math.max(1, list.length)]?.id as TLShapeId | undefined
    const action = pick(draft.actions, l.to)
    const other = l.kind === 'takes part' ? pick(draft.stakeholders, l.from) : pick(draft.indicators, l.from)
    if (!action || !other) return
    const [fromId, toId] = l.kind === 'measures' ? [action, other] : [other, action]
    id = `shape:l${i}` as TLShapeId
    const made = arrowBetween(at({ parent: [0, 0], x: l.x, y: l.y }), { fromId, toId, start: l, end: { x: l.x + 50, y: l.y }, bindingIds: [`binding:l${i}s` as TLBindingId, `binding:l${i}e` as TLBindingId] })
    records.push(...made)
    links.push({ arrowId: id, kind: l.kind, action, other })
  })
  return { records, links }
}

interface Link {
  arrowId: TLShapeId
  kind: 'takes part' | 'measures' | 'measured by'
  action: TLShapeId
  /** The stakeholder or the indicator. */
  other: TLShapeId
}

export const withShuffle = boardSpec.map(buildBoard).chain(({ records, links }) =>
  fc.tuple(fc.constant(records), fc.constant(links), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })),
)

/** About 4 s; `PLAN_RUNS=5000` for a longer hunt. */
const RUNS = Number(process.env.PLAN_RUNS ?? 300)

describe('extractPlan on arbitrary valid boards', () => {
  it('never throws, passes the schema, refers only to its own entries, and ignores record order', () => {
    fc.assert(
      fc.property(withShuffle, ([records, links, shuffled]) => {
        for (const record of records) schema.validateRecord(null as never, record, 'initialize', null)
        const meta = { title: 'Board', boardId: null }
        const plan = planSchema.parse(extractPlan(records, meta))
        expect(extractPlan(shuffled, meta)).toEqual(plan)

        const shapeIds = new Set(records.filter((r) => r.typeName === 'shape').map((r) => r.id as string))
        const stakeholderIds = new Set(plan.stakeholders.map((s) => s.id))
        const actionIds = new Set(plan.actions.map((a) => a.id))
        const entries = [...plan.stakeholders, ...plan.actions, ...plan.indicators, ...plan.notes, ...plan.vision.candidates, ...plan.missions.adopted, ...plan.missions.candidates]
        for (const entry of entries) expect(entry.sources.every((id) => shapeIds.has(id))).toBe(true)
        for (const action of plan.actions) {
          for (const party of [...action.responsible, ...action.supporters]) expect(party.stakeholderId === null || stakeholderIds.has(party.stakeholderId)).toBe(true)
        }
        for (const indicator of plan.indicators) expect(indicator.actionIds.every((id) => actionIds.has(id))).toBe(true)
        const ids = entries.map((e) => e.id)
        expect(new Set(ids).size).toBe(ids.length)

        // The arrow rule: a linked stakeholder is responsible or supports; a linked indicator measures the action.
        for (const link of links) {
          const action = plan.actions.find((a) => a.id === link.action)!
          if (link.kind === 'takes part') {
            expect(action.sources).toContain(link.arrowId)
            expect([...action.responsible, ...action.supporters].map((p) => p.stakeholderId)).toContain(link.other)
          } else {
            const indicator = plan.indicators.find((i) => i.id === link.other)!
            expect(indicator.actionIds).toContain(link.action)
            expect(indicator.sources).toContain(link.arrowId)
          }
        }
      }),
      { numRuns: RUNS },
    )
  }, 30_000 + RUNS * 50)
})
