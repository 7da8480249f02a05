import type { TLRecord, TLShape } from '@tldraw/tlschema'
import type { ActionShape, IndicatorShape, StakeholderShape, StatementKind, StatementShape } from '../forum/cards'
import { quadrantOf } from '../forum/grid'
import { actionFromCard, actionFromNote, applyArrows, directory } from './extractActions'
import { byRank, indexBoard, type BoardIndex, type Freeform, type Placed } from './extractBoard'
import { workshopSteps } from './extractSteps'
import { readIndicator, readStakeholder, readStatement, type IndicatorDraft, type StakeholderDraft } from './freeform'
import { PLAN_VERSION, type Plan, type PlanIndicator, type PlanNote, type PlanStakeholder, type PlanStatement } from './model'

/**
 * Board → plan: the forum's structured plan read off a board's records (docs/PLAN.md says how each part is read).
 *
 * Structured cards are read wherever they are. Freeform content — notes, text and labelled geo shapes — is read by
 * the step frame it sits in: step 1 gives stakeholders, step 3 vision and mission statements (in an area or with a
 * `Visi:` / `Misi:` prefix), step 4 actions, step 5 indicators; everything else becomes a note. Arrows then say who
 * takes part in which action and which indicator measures which action.
 *
 * Pure and deterministic: every list is in board order (page, step, top to bottom, left to right, id), so the same
 * records in any order give the same plan. Dangling references are skipped, never followed.
 */

export interface PlanMeta {
  /** The board's title. */
  title: string
  boardId: string | null
  /**
   * Dots each shape received in the board's revealed votes (`votesByShape` of its facilitation state,
   * shared/facilitation/votes.ts); a shape in it takes these votes over what its `meta.votes` says.
   */
  votes?: ReadonlyMap<string, number>
}

/**
 * The votes of a shape: from the board's revealed votes when it was a candidate in one, else what a vote wrote onto
 * it earlier (`meta.votes`, a whole number ≥ 0), else `null`.
 */
function votesOf(shape: TLShape, votes: ReadonlyMap<string, number> | undefined): number | null {
  const counted = votes?.get(shape.id)
  if (counted !== undefined) return counted
  const written = (shape.meta as Record<string, unknown>).votes
  return typeof written === 'number' && Number.isSafeInteger(written) && written >= 0 ? written : null
}

/** An entry with the place it was read from, so cards and notes of one kind merge in board order. */
type Ranked<T> = { rank: Placed['rank']; entry: T }

function inOrder<T>(entries: Array<Ranked<T>>): T[] {
  return byRank(entries).map((ranked) => ranked.entry)
}

function stakeholderOf(id: string, fields: StakeholderDraft): PlanStakeholder {
  const { influence, interest } = fields
  const quadrant = influence !== null && interest !== null ? quadrantOf({ influence, interest }) : null
  return { id, name: fields.name, sector: fields.sector, organisation: fields.organisation, role: fields.role, influence, interest, quadrant, contact: fields.contact, sources: [id] }
}

/**
 * A step-1 note as a stakeholder. Where it sits wins over what it says, as it does for cards (placement.ts): its
 * lane gives the sector and its grid cell the influence and interest; the text fills in what its place does not.
 */
function stakeholderFromNote(item: Freeform, board: BoardIndex): PlanStakeholder {
  const draft = readStakeholder(item.text)
  const scores = board.scoresAt(item)
  return stakeholderOf(item.shape.id, {
    ...draft,
    sector: board.laneAt(item) ?? draft.sector,
    influence: scores?.influence ?? draft.influence,
    interest: scores?.interest ?? draft.interest,
  })
}

function indicatorOf(id: string, fields: IndicatorDraft, actionIds: string[]): PlanIndicator {
  return {
    id,
    indicator: fields.indicator,
    baseline: fields.baseline,
    target: fields.target,
    current: fields.current,
    unit: fields.unit,
    dueDate: fields.dueDate,
    actionIds,
    progress: progressOf(fields),
    sources: [id],
  }
}

/**
 * (current − baseline) / (target − baseline) × 100, rounded; `null` when a value is missing or target = baseline.
 *
 * @example
 * progressOf({ baseline: 62, target: 80, current: 68 }) // → 33
 */
export function progressOf({ baseline, target, current }: Pick<PlanIndicator, 'baseline' | 'target' | 'current'>): number | null {
  if (baseline === null || target === null || current === null || target === baseline) return null
  const progress = Math.round(((current - baseline) / (target - baseline)) * 100)
  // `+ 0` turns -0 into 0, so equal plans are equal to `Object.is` too.
  return Number.isFinite(progress) ? progress + 0 : null
}

type Statements = Record<StatementKind, Array<Ranked<PlanStatement>>>

/**
 * The structured plan of a board.
 *
 * @example
 * const plan = extractPlan(readRecords(doc), { title: board.title, boardId: board.id })
 * plan.actions[0]?.responsible // → [{ stakeholderId: 'shape:…', name: 'Pemerintah Desa A' }]
 * planSchema.parse(plan)       // always passes
 */
export function extractPlan(records: readonly TLRecord[], meta: PlanMeta): Plan {
  const board = indexBoard(records)
  const stakeholders: Array<Ranked<PlanStakeholder>> = []
  const statements: Statements = { vision: [], mission: [] }
  const indicatorCards: Array<{ item: Placed; card: IndicatorShape }> = []
  const actionCards: Array<{ item: Placed; card: ActionShape }> = []
  for (const item of board.cards) {
    const shape = item.shape
    if (shape.type === 'stakeholder') {
      const p = (shape as StakeholderShape).props
      stakeholders.push({ rank: item.rank, entry: stakeholderOf(shape.id, p) })
    } else if (shape.type === 'statement') {
      const p = (shape as StatementShape).props
      statements[p.kind].push({ rank: item.rank, entry: { id: shape.id, text: p.text, state: p.state, votes: votesOf(shape, meta.votes), sources: [shape.id] } })
    } else if (shape.type === 'action') {
      actionCards.push({ item, card: shape as ActionShape })
    } else {
      indicatorCards.push({ item, card: shape as IndicatorShape })
    }
  }

  const notes: Array<Ranked<PlanNote>> = []
  const actionNotes: Freeform[] = []
  const indicatorNotes: Freeform[] = []
  const asNote = (item: Freeform) => {
    const entry: PlanNote = { id: item.shape.id, step: item.step, cluster: board.clusterAt(item), text: item.text, sources: [item.shape.id] }
    notes.push({ rank: item.rank, entry })
  }
  for (const item of board.freeform) {
    if (item.step === 1) stakeholders.push({ rank: item.rank, entry: stakeholderFromNote(item, board) })
    else if (item.step === 3) {
      // The area a note sits in says what it is; a prefix says it where there is no area.
      const draft = readStatement(item.text)
      const kind = board.areaAt(item) ?? draft.kind
      if (kind === null || draft.text === '') asNote(item)
      else {
        const entry: PlanStatement = { id: item.shape.id, text: draft.text, state: draft.adopted ? 'adopted' : 'candidate', votes: votesOf(item.shape, meta.votes) ?? draft.votes, sources: [item.shape.id] }
        statements[kind].push({ rank: item.rank, entry })
      }
    } else if (item.step === 4) actionNotes.push(item)
    else if (item.step === 5) indicatorNotes.push(item)
    else asNote(item)
  }

  const planStakeholders = inOrder(stakeholders)
  const people = directory(planStakeholders)
  const actions = inOrder([
    ...actionCards.map(({ item, card }) => ({ rank: item.rank, entry: actionFromCard(card, people) })),
    ...actionNotes.map((item) => ({ rank: item.rank, entry: actionFromNote(item, people) })),
  ])
  const actionIds = new Set<string>(actions.map((action) => action.id))
  const indicators = inOrder([
    ...indicatorCards.map(({ item, card }) => {
      const linked = [...new Set<string>(card.props.actionIds)].filter((id) => actionIds.has(id))
      return { rank: item.rank, entry: indicatorOf(card.id, card.props, linked) }
    }),
    ...indicatorNotes.map((item) => ({ rank: item.rank, entry: indicatorOf(item.shape.id, readIndicator(item.text), []) })),
  ])
  applyArrows(board.arrows, people, actions, indicators)

  const visions = inOrder(statements.vision)
  const missions = inOrder(statements.mission)
  // One vision is adopted: the first marked so in board order. A second one marked adopted stays a candidate (with
  // its state), so nothing the board says is lost and a reader sees the vote is not settled.
  const adoptedVision = visions.find((s) => s.state === 'adopted') ?? null
  return {
    version: PLAN_VERSION,
    forum: { title: meta.title, boardId: meta.boardId },
    workshop: { steps: workshopSteps(board.frames) },
    stakeholders: planStakeholders,
    vision: { adopted: adoptedVision, candidates: visions.filter((s) => s !== adoptedVision) },
    missions: { adopted: missions.filter((s) => s.state === 'adopted'), candidates: missions.filter((s) => s.state !== 'adopted') },
    actions,
    indicators,
    notes: inOrder(notes),
  }
}
