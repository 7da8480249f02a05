import type { TLPageId, TLRecord, TLShape } from '@tldraw/tlschema'
import type { StatementShape } from '../../shared/forum/cards'
import { AREA_META, CLUSTER_META, frameStep, type Step } from '../../shared/forum/template'
import { LANE_META } from '../../shared/forum/placement'
import { isTemplateText } from '../../shared/plan/extractSteps'
import { richTextToPlain } from '../../shared/plan/text'

/**
 * What facilitation commands read off a board's records (pure functions): the frame of a step, the candidates of a
 * vote, the statements an adoption changes, and where a revealed draft goes.
 */

/** Shapes a dot vote can be on: the cards and notes people write (not frames, arrows, drawings or the grid). */
export const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['note', 'text', 'geo', 'stakeholder', 'action', 'indicator', 'statement'])

function shapesOf(records: readonly TLRecord[]): TLShape[] {
  return records.filter((r): r is TLShape => r.typeName === 'shape')
}

/** The frame of a forum step (`meta.forumStep`), the topmost when several claim it; `null` when the board has none. */
export function stepFrame(records: readonly TLRecord[], step: Step): TLShape | null {
  let found: TLShape | null = null
  for (const shape of shapesOf(records)) {
    if (frameStep(shape) === step && (!found || shape.index > found.index)) found = shape
  }
  return found
}

/** A template region (lane, cluster, area) or a template hint or label: part of the frame, not something to vote on. */
function isTemplatePart(shape: TLShape): boolean {
  const meta = shape.meta as Record<string, unknown>
  if (shape.type === 'geo' && (LANE_META in meta || CLUSTER_META in meta || AREA_META in meta)) return true
  if (shape.type !== 'text' && shape.type !== 'geo') return false
  const text = richTextToPlain((shape.props as { richText?: unknown }).richText).trim()
  return text === '' || isTemplateText(shape, text)
}

/**
 * The candidates of a vote on `frameId`: every card and note whose parent chain reaches the frame, leaving out the
 * template's regions, hints and empty text, in reading order (top to bottom, then left to right, in the frame's space).
 *
 * @example
 * voteCandidates(readRecords(doc), 'shape:step3') // → ['shape:vision1', 'shape:vision2', …]
 */
export function voteCandidates(records: readonly TLRecord[], frameId: string): string[] {
  const byId = new Map(shapesOf(records).map((s) => [s.id as string, s]))
  /** The shape's position in the frame's space, or `null` when it is not inside the frame. */
  const inFrame = (shape: TLShape): { x: number; y: number } | null => {
    let x = shape.x
    let y = shape.y
    let parentId: string = shape.parentId
    for (let depth = 0; depth < 100; depth++) {
      if (parentId === frameId) return { x, y }
      const parent = byId.get(parentId)
      if (!parent) return null
      x += parent.x
      y += parent.y
      parentId = parent.parentId
    }
    return null
  }
  const placed: Array<{ id: string; x: number; y: number }> = []
  for (const shape of byId.values()) {
    if (!CANDIDATE_TYPES.has(shape.type) || isTemplatePart(shape)) continue
    const at = inFrame(shape)
    if (at) placed.push({ id: shape.id, ...at })
  }
  placed.sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return placed.map((p) => p.id)
}

/**
 * The statement records to write when `shapeId` is adopted: it becomes `adopted`, every other statement of the same
 * kind `candidate` (only those that change). `null` when `shapeId` is not a statement card.
 */
export function adoption(records: readonly TLRecord[], shapeId: string): StatementShape[] | null {
  const statements = shapesOf(records).filter((s): s is StatementShape => s.type === 'statement')
  const chosen = statements.find((s) => s.id === shapeId)
  if (!chosen) return null
  const changed: StatementShape[] = []
  for (const statement of statements) {
    if (statement.props.kind !== chosen.props.kind) continue
    const state = statement.id === chosen.id ? 'adopted' : 'candidate'
    if (statement.props.state !== state) changed.push({ ...statement, props: { ...statement.props, state } })
  }
  return changed
}

/**
 * A hidden draft as it goes onto the board when revealed: `meta.draft` removed, and moved onto the first page when
 * the shape it was drawn in no longer exists. `null` when a record with its id is already on the board.
 */
export function revealedRecord(records: ReadonlyMap<string, TLRecord>, draft: TLShape): TLShape | null {
  if (records.has(draft.id)) return null
  const meta: Record<string, unknown> = { ...(draft.meta as Record<string, unknown>) }
  delete meta.draft
  const parentKnown = records.has(draft.parentId) && (draft.parentId.startsWith('shape:') || draft.parentId.startsWith('page:'))
  return { ...draft, meta: meta as TLShape['meta'], parentId: parentKnown ? draft.parentId : firstPage(records) }
}

function firstPage(records: ReadonlyMap<string, TLRecord>): TLPageId {
  let first: { id: TLPageId; index: string } | null = null
  for (const record of records.values()) {
    if (record.typeName === 'page' && (!first || record.index < first.index)) first = { id: record.id, index: record.index }
  }
  return first?.id ?? ('page:page' as TLPageId)
}
