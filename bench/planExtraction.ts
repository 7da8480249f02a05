import { createBindingId, createShapeId, type TLRecord, type TLShapeId } from '@tldraw/tlschema'
import { getIndicesAbove } from '@tldraw/utils'
import { SECTORS } from '../shared/access'
import { DEFAULT_PAGE_ID, initialBoardRecords } from '../shared/boardSchema'
import { EXAMPLE_CONTENT } from '../shared/forum/exampleContent'
import { arrowBetween, cardShape, noteShape } from '../shared/forum/records'
import { FRAME_SIZES, forumTemplate, type Step } from '../shared/forum/template'
import { extractPlan } from '../shared/plan/extract'
import { seededRandom } from './records'
import type { TableRow } from './table'

/**
 * Benchmark part "plan extraction": how long `extractPlan` takes on a big workshop board — the five-step template
 * filled with the example boards' content many times over: stakeholder cards and notes in step 1, discussion notes in
 * step 2, statements in step 3, action cards and convention-laden notes in step 4, indicators in step 5, and an arrow
 * from a stakeholder to each of many actions. The client re-extracts on edits (throttled), so the target is one
 * frame budget's worth of work: ≤ 50 ms for 2,000 shapes. Reported, not asserted.
 */

const SEED = 20_260_401
export const TARGET_MS = 50

/** How many of each: 2,000 shapes with the template's 21 and the arrows. */
const COUNTS = { stakeholderCards: 300, stakeholderNotes: 100, discussionNotes: 400, statements: 100, statementNotes: 50, actionCards: 280, actionNotes: 150, indicatorCards: 150, indicatorNotes: 50, arrows: 399 }

/**
 * A board of `COUNTS` shapes, made deterministically from a seed.
 *
 * @example
 * extractPlan(bigBoard(), { title: 'Bench', boardId: null })
 */
export function bigBoard(seed = SEED): TLRecord[] {
  const random = seededRandom(seed)
  let shapeCount = 0
  let bindingCount = 0
  const newShapeId = () => createShapeId(`bench${++shapeCount}`)
  const newBindingId = () => createBindingId(`bench${++bindingCount}`)
  const template = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, newShapeId, newBindingId })
  const records: TLRecord[] = [...initialBoardRecords(), ...template.shapes]
  const all = Object.values(EXAMPLE_CONTENT)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const indices = getIndicesAbove(null, 2_100)
  let next = 0
  const place = (step: Step) => ({
    id: newShapeId(),
    parentId: template.frames[step],
    index: indices[next++]!,
    x: 40 + random() * (FRAME_SIZES[step].w - 320),
    y: 110 + random() * (FRAME_SIZES[step].h - 360),
  })

  const stakeholders: TLShapeId[] = []
  for (let i = 0; i < COUNTS.stakeholderCards; i++) {
    const s = pick(pick(all).stakeholders)
    const card = cardShape('stakeholder', place(1), { name: `${s.name.id} ${i}`, sector: s.sector, organisation: s.organisation.id, role: s.role.id, influence: s.influence, interest: s.interest })
    records.push(card)
    stakeholders.push(card.id)
  }
  for (let i = 0; i < COUNTS.stakeholderNotes; i++) {
    records.push(noteShape(place(1), `Pak Warga ${i}\nSektor: ${pick(SECTORS)}\nPeran: ${pick(pick(all).stakeholders).role.id}`))
  }
  for (let i = 0; i < COUNTS.discussionNotes; i++) records.push(noteShape(place(2), pick(pick(all).notes).text.id))
  for (let i = 0; i < COUNTS.statements; i++) {
    const content = pick(all)
    const kind = random() < 0.3 ? 'vision' : 'mission'
    const s = pick(kind === 'vision' ? content.visions : content.missions)
    records.push(cardShape('statement', place(3), { kind, text: s.text.id, state: s.adopted ? 'adopted' : 'candidate' }))
  }
  for (let i = 0; i < COUNTS.statementNotes; i++) records.push(noteShape(place(3), `Misi: ${pick(pick(all).missions).text.id}${random() < 0.3 ? ' ✓' : ''}`))

  const actions: TLShapeId[] = []
  for (let i = 0; i < COUNTS.actionCards; i++) {
    const a = pick(pick(all).actions)
    const card = cardShape('action', place(4), {
      goal: a.goal.id, strategy: a.strategy.id, tactics: a.tactics.id, ownerId: pick(stakeholders), supporterIds: [pick(stakeholders), pick(stakeholders)],
      budget: a.budget, people: a.people.id, knowledge: a.knowledge.id, funding: a.funding, startDate: a.startDate, dueDate: a.dueDate,
      indicator: a.indicator.id, target: a.target.id, status: a.status,
    })
    records.push(card)
    actions.push(card.id)
  }
  for (let i = 0; i < COUNTS.actionNotes; i++) {
    const a = pick(pick(all).actions)
    const note = noteShape(place(4), `${a.goal.id}\nPJ: Pak Warga ${i % COUNTS.stakeholderNotes}\nTenggat: 31/12/2027\nAnggaran: Rp 15.000.000\nDana: APBDes\nStatus: berjalan\nStrategi: ${a.strategy.id}`)
    records.push(note)
    actions.push(note.id)
  }
  for (let i = 0; i < COUNTS.indicatorCards; i++) {
    const ind = pick(pick(all).indicators)
    records.push(cardShape('indicator', place(5), { indicator: ind.indicator.id, baseline: ind.baseline, target: ind.target, current: ind.current, unit: ind.unit.id, dueDate: ind.dueDate, actionIds: [pick(actions), pick(actions)] }))
  }
  for (let i = 0; i < COUNTS.indicatorNotes; i++) records.push(noteShape(place(5), `Indikator ${i}\nAwal: 0\nTarget: 120 guru\nCapaian: ${i}\nTenggat: 15 Desember 2027`))
  for (let i = 0; i < COUNTS.arrows; i++) {
    const [arrow, start, end] = arrowBetween(
      { id: newShapeId(), parentId: DEFAULT_PAGE_ID, index: indices[next++]!, x: 0, y: 0 },
      { fromId: pick(stakeholders), toId: pick(actions), start: { x: random() * 2000, y: random() * 1000 }, end: { x: 8000, y: 500 }, bindingIds: [newBindingId(), newBindingId()] },
    )
    records.push(arrow, start, end)
  }
  return records
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Median `extractPlan` time over `runs` runs after `warmups`, on `bigBoard()`.
 *
 * @example
 * const [row] = planExtraction({ quick: true }) // row.medianMs → e.g. 21.4
 */
export function planExtraction({ quick }: { quick: boolean }): TableRow[] {
  const records = bigBoard()
  const shapes = records.filter((r) => r.typeName === 'shape').length
  const bindings = records.filter((r) => r.typeName === 'binding').length
  // Many warm-ups: V8 optimises the extraction's many small functions in the background over the first runs (on a
  // busy two-core machine, over the first twenty or so), and a median of still-cold runs would measure the JIT.
  const [warmups, runs] = quick ? [15, 5] : [25, 30]
  const meta = { title: 'Bench', boardId: null }
  for (let i = 0; i < warmups; i++) extractPlan(records, meta)
  const times: number[] = []
  let plan = extractPlan(records, meta)
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    plan = extractPlan(records, meta)
    times.push(performance.now() - t0)
  }
  return [
    {
      board: 'template + examples ×N',
      shapes,
      bindings,
      entries: plan.stakeholders.length + plan.actions.length + plan.indicators.length + plan.notes.length + plan.vision.candidates.length + plan.missions.adopted.length + plan.missions.candidates.length + (plan.vision.adopted ? 1 : 0),
      runs,
      medianMs: Math.round(median(times) * 100) / 100,
      minMs: Math.round(Math.min(...times) * 100) / 100,
      targetMs: TARGET_MS,
      withinTarget: median(times) <= TARGET_MS,
    },
  ]
}
