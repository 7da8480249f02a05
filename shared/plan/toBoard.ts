import type { TLArrowBinding, TLBindingId, TLDefaultColorStyle, TLPageId, TLParentId, TLShape, TLShapeId } from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { SECTORS, type Sector } from '../access'
import { cardDefaults } from '../forum/cards'
import type { Point, Rect } from '../forum/geometry'
import { cellCentre, gridPlot } from '../forum/grid'
import { arrowBetween, cardShape, noteShape } from '../forum/records'
import { FRAME_GAP, FRAME_SIZES, forumTemplate, SECTOR_COLORS, STEPS, type Step } from '../forum/template'
import { CLUSTERS, type BoardLanguage, type Cluster } from '../forum/texts'
import type { Plan, PlanNote, PlanStakeholder } from './model'
import { boardParties, missionStatements, stakeholderDirectory, unique, visionStatements } from './toBoardEntries'
import { centresInCell, flowGrowing, gridSizeFor, INSET, stack, type Size } from './toBoardLayout'

export interface PlanToBoardOptions {
  lang: BoardLanguage
  /** The page the frames go on. */
  pageId: TLPageId
  /** Make shape and binding ids; random by default, fixed in tests. */
  newShapeId?: () => TLShapeId
  newBindingId?: () => TLBindingId
}

export interface PlanBoard {
  shapes: TLShape[]
  bindings: TLArrowBinding[]
}

/** tldraw's notes are a fixed 200 × 200 at scale 1. */
const NOTE_SIZE: Size = { w: 200, h: 200 }
const NOTE_COLORS = { needs: 'yellow', challenges: 'light-red', ideas: 'light-green', inspiration: 'light-blue' } as const satisfies Record<Cluster, TLDefaultColorStyle>
const GAPS = { stakeholder: 30, note: 40, statement: 60, action: 80, indicator: 80 } as const
/** Room between the template's content and a band of cards that belong to the step but to none of its regions. */
const BAND_GAP = 40

type Box = TLShape & { props: { w: number; h: number } }

/**
 * A plan laid out as a board: the five-step template with every entry as a structured card in its step — stakeholders
 * on the power/interest grid at the cell of their scores (in their sector's lane when a score is missing), visions
 * and missions in their areas, actions in step 4, indicators in step 5, notes as sticky notes in their cluster or
 * step — and an arrow from each responsible stakeholder to its action. Many entries make regions and frames taller
 * (toBoardLayout.ts); nothing overlaps. What a plan says that a board cannot hold is listed in docs/PLAN.md.
 *
 * @example
 * const { shapes, bindings } = planToBoard(plan, { lang: 'id', pageId: DEFAULT_PAGE_ID })
 * initBoardDoc(doc, schema, [...initialBoardRecords(), ...shapes, ...bindings])
 */
export function planToBoard(plan: Plan, options: PlanToBoardOptions): PlanBoard {
  const template = forumTemplate(options)
  const newId = template.ids.shape
  const byId = new Map(template.shapes.map((shape) => [shape.id, shape]))
  const box = (id: TLShapeId) => byId.get(id) as Box
  const resize = (id: TLShapeId, patch: Partial<Rect>) => {
    const shape = box(id)
    byId.set(id, { ...shape, x: patch.x ?? shape.x, y: patch.y ?? shape.y, props: { ...shape.props, w: patch.w ?? shape.props.w, h: patch.h ?? shape.props.h } } as Box)
  }
  const rectOf = (id: TLShapeId): Rect => {
    const shape = box(id)
    return { x: shape.x, y: shape.y, w: shape.props.w, h: shape.props.h }
  }
  const grid0 = rectOf(template.grid)
  // The template starts every frame's content (lanes, grid, clusters, areas) at one height, below the hint, PAD in.
  const contentTop = grid0.y
  const pad = rectOf(template.lanes[SECTORS[0]]).x
  const frameSize = Object.fromEntries(STEPS.map((step) => [step, { ...FRAME_SIZES[step] }])) as Record<Step, Size>
  const growFrame = (step: Step, bottom: number, right = 0) => {
    frameSize[step].h = Math.max(frameSize[step].h, bottom + pad)
    frameSize[step].w = Math.max(frameSize[step].w, right + pad)
  }
  const corners = new Map<object, { step: Step | null; at: Point }>()
  const notesOf = (test: (note: PlanNote) => boolean) => plan.notes.filter(test)
  const stepNotes = (step: Step) => notesOf((note) => note.cluster === null && note.step === step)

  /** Cards of the step that belong to none of its regions, in rows below `top` across the frame (or `width`). */
  const band = (step: Step, top: number, items: readonly object[], size: Size, gap: number, width?: number): number => {
    if (items.length === 0) return top
    const rect = { x: pad, y: top + BAND_GAP, w: width ?? frameSize[step].w - 2 * pad, h: 0 }
    const laid = flowGrowing(rect, items.length, size, { gap, top: INSET })
    laid.corners.forEach((at, i) => corners.set(items[i]!, { step, at }))
    return rect.y + laid.h
  }

  // ——— Step 1: stakeholders ———
  const stakeholderSize: Size = { w: cardDefaults.stakeholder().w, h: cardDefaults.stakeholder().h }
  const onGrid = plan.stakeholders.filter((s) => s.influence !== null && s.interest !== null)
  const offGrid = plan.stakeholders.filter((s) => s.influence === null || s.interest === null)
  const inLane = (sector: Sector) => offGrid.filter((s) => s.sector === sector)
  const loose = offGrid.filter((s) => s.sector === null)
  const cells = new Map<string, PlanStakeholder[]>()
  for (const s of onGrid) {
    const key = `${s.influence}/${s.interest}`
    cells.set(key, [...(cells.get(key) ?? []), s])
  }
  const gridSize = gridSizeFor(grid0, Math.max(1, ...[...cells.values()].map((list) => list.length)), stakeholderSize)
  resize(template.grid, gridSize)
  const plot = gridPlot(gridSize)
  for (const list of cells.values()) {
    const centre = cellCentre(plot, { influence: list[0]!.influence!, interest: list[0]!.interest! })
    centresInCell(centre, list.length, stakeholderSize).forEach((c, i) => {
      corners.set(list[i]!, { step: 1, at: { x: grid0.x + c.x - stakeholderSize.w / 2, y: grid0.y + c.y - stakeholderSize.h / 2 } })
    })
  }
  const lanes = SECTORS.map((sector) => ({ sector, rect: rectOf(template.lanes[sector]), items: inLane(sector) }))
  const laneGap = lanes[1]!.rect.y - (lanes[0]!.rect.y + lanes[0]!.rect.h)
  const laneLayouts = lanes.map(({ rect, items }) => flowGrowing(rect, items.length, stakeholderSize, { gap: GAPS.stakeholder }))
  const laneStack = stack(contentTop, laneLayouts.map((l) => l.h), laneGap)
  lanes.forEach(({ sector, rect, items }, i) => {
    const dy = laneStack.ys[i]! - rect.y
    resize(template.lanes[sector], { y: laneStack.ys[i]!, h: laneLayouts[i]!.h })
    laneLayouts[i]!.corners.forEach((at, j) => corners.set(items[j]!, { step: 1, at: { x: at.x, y: at.y + dy } }))
  })
  const laneW = lanes[0]!.rect.w
  let bottom1 = band(1, laneStack.bottom, loose, stakeholderSize, GAPS.stakeholder, laneW)
  bottom1 = band(1, bottom1, stepNotes(1), NOTE_SIZE, GAPS.note, laneW)
  growFrame(1, Math.max(bottom1, grid0.y + gridSize.h), grid0.x + gridSize.w)

  // ——— Step 2: notes in their clusters, two clusters a row ———
  const clusterRects = CLUSTERS.map((cluster) => rectOf(template.clusters[cluster]))
  const clusterLayouts = CLUSTERS.map((cluster, i) =>
    flowGrowing(clusterRects[i]!, notesOf((note) => note.cluster === cluster).length, NOTE_SIZE, { gap: GAPS.note }),
  )
  const rowHeights = [0, 1].map((row) => Math.max(clusterLayouts[2 * row]!.h, clusterLayouts[2 * row + 1]!.h))
  const clusterGap = clusterRects[2]!.y - (clusterRects[0]!.y + clusterRects[0]!.h)
  const clusterStack = stack(contentTop, rowHeights, clusterGap)
  CLUSTERS.forEach((cluster, i) => {
    const row = Math.floor(i / 2)
    const y = clusterStack.ys[row]!
    const h = rowHeights[row]!
    // Re-flow in the row's final height, so a shorter cluster's notes stay centred in it.
    const laid = flowGrowing({ ...clusterRects[i]!, y, h }, clusterLayouts[i]!.corners.length, NOTE_SIZE, { gap: GAPS.note })
    resize(template.clusters[cluster], { y, h })
    const notes = notesOf((note) => note.cluster === cluster)
    laid.corners.forEach((at, j) => corners.set(notes[j]!, { step: 2, at }))
  })
  growFrame(2, band(2, clusterStack.bottom, stepNotes(2), NOTE_SIZE, GAPS.note))

  // ——— Step 3: visions and missions in their areas ———
  const statementSize: Size = { w: cardDefaults.statement().w, h: cardDefaults.statement().h }
  const statements = { vision: visionStatements(plan), mission: missionStatements(plan) }
  const areaRects = { vision: rectOf(template.areas.vision), mission: rectOf(template.areas.mission) }
  const areaGap = areaRects.mission.y - (areaRects.vision.y + areaRects.vision.h)
  const areaLayouts = (['vision', 'mission'] as const).map((kind) =>
    flowGrowing(areaRects[kind], statements[kind].length, statementSize, { gap: GAPS.statement, columns: 3 }),
  )
  const areaStack = stack(contentTop, areaLayouts.map((l) => l.h), areaGap)
  ;(['vision', 'mission'] as const).forEach((kind, i) => {
    const dy = areaStack.ys[i]! - areaRects[kind].y
    resize(template.areas[kind], { y: areaStack.ys[i]!, h: areaLayouts[i]!.h })
    areaLayouts[i]!.corners.forEach((at, j) => corners.set(statements[kind][j]!.entry, { step: 3, at: { x: at.x, y: at.y + dy } }))
  })
  growFrame(3, band(3, areaStack.bottom, stepNotes(3), NOTE_SIZE, GAPS.note))

  // ——— Steps 4 and 5: actions and indicators in rows across the frame ———
  const actionSize: Size = { w: cardDefaults.action().w, h: cardDefaults.action().h }
  const indicatorSize: Size = { w: cardDefaults.indicator().w, h: cardDefaults.indicator().h }
  const body = (step: Step): Rect => ({ x: 0, y: contentTop, w: frameSize[step].w, h: frameSize[step].h - contentTop - pad })
  for (const [step, items, size, gap, columns] of [
    [4, plan.actions, actionSize, GAPS.action, undefined],
    [5, plan.indicators, indicatorSize, GAPS.indicator, 4],
  ] as const) {
    const laid = flowGrowing(body(step), items.length, size, { gap, top: 0, ...(columns ? { columns } : {}) })
    laid.corners.forEach((at, i) => corners.set(items[i]!, { step, at }))
    growFrame(step, band(step, contentTop + laid.h, stepNotes(step), NOTE_SIZE, GAPS.note))
  }

  // ——— Frames: as large as their content, left to right as in the template ———
  const origin = template.frameOrigins[1]
  const frameOrigins = {} as Record<Step, Point>
  let x = origin.x
  for (const step of STEPS) {
    frameOrigins[step] = { x, y: origin.y }
    resize(template.frames[step], { x, ...frameSize[step] })
    x += frameSize[step].w + FRAME_GAP
  }
  // Notes outside every step go in rows below the frames, across their width.
  const pageNotes = notesOf((note) => note.cluster === null && note.step === null)
  const below = flowGrowing(
    { x: origin.x, y: origin.y + Math.max(...STEPS.map((step) => frameSize[step].h)) + FRAME_GAP, w: x - FRAME_GAP - origin.x, h: 0 },
    pageNotes.length,
    NOTE_SIZE,
    { gap: GAPS.note, top: 0 },
  )
  below.corners.forEach((at, i) => corners.set(pageNotes[i]!, { step: null, at }))

  // ——— The cards, in plan order ———
  const shapes = [...byId.values()]
  const nextIndex = indexer(shapes)
  const parentOf = (step: Step | null): TLParentId => (step === null ? options.pageId : template.frames[step])
  const place = (entry: object) => {
    const { step, at } = corners.get(entry)!
    const parentId = parentOf(step)
    return { id: newId(), parentId, index: nextIndex(parentId), x: at.x, y: at.y }
  }
  const cardOf = new Map<string, StakeholderCard>()
  for (const s of plan.stakeholders) {
    const card = cardShape('stakeholder', place(s), {
      name: s.name,
      sector: s.sector,
      organisation: s.organisation,
      role: s.role,
      influence: s.influence ?? cardDefaults.stakeholder().influence,
      interest: s.interest ?? cardDefaults.stakeholder().interest,
      contact: s.contact,
    })
    shapes.push(card)
    cardOf.set(s.id, { id: card.id, sector: s.sector })
  }
  for (const note of plan.notes) {
    const cluster = note.cluster
    shapes.push(noteShape(place(note), note.text, cluster ? NOTE_COLORS[cluster] : 'yellow'))
  }
  for (const kind of ['vision', 'mission'] as const) {
    for (const { entry, state } of statements[kind]) {
      const at = place(entry)
      shapes.push(cardShape('statement', entry.votes === null ? at : { ...at, meta: { votes: entry.votes } }, { kind, text: entry.text, state }))
    }
  }
  const actionIds = new Map<string, TLShapeId>()
  const arrows: Array<{ from: StakeholderCard; to: TLShapeId }> = []
  const people = stakeholderDirectory(plan)
  const cardsOf = (ids: string[]) => ids.flatMap((id) => cardOf.get(id) ?? [])
  for (const action of plan.actions) {
    const parties = boardParties(action, people)
    const card = cardShape('action', place(action), {
      goal: action.goal,
      strategy: action.strategy,
      tactics: action.tactics,
      ownerId: parties.ownerId === null ? null : (cardOf.get(parties.ownerId)?.id ?? null),
      ownerText: parties.ownerText,
      supporterIds: cardsOf(parties.supporterIds).map((c) => c.id),
      budget: action.budget,
      people: action.people,
      knowledge: action.knowledge,
      funding: action.funding,
      startDate: action.startDate,
      dueDate: action.dueDate,
      indicator: action.indicator,
      target: action.target,
      status: action.status,
    })
    shapes.push(card)
    actionIds.set(action.id, card.id)
    for (const from of cardsOf(parties.arrowsFrom)) arrows.push({ from, to: card.id })
  }
  for (const indicator of plan.indicators) {
    shapes.push(
      cardShape('indicator', place(indicator), {
        indicator: indicator.indicator,
        baseline: indicator.baseline,
        target: indicator.target,
        current: indicator.current,
        unit: indicator.unit,
        dueDate: indicator.dueDate,
        actionIds: unique(indicator.actionIds.flatMap((id) => actionIds.get(id) ?? [])),
      }),
    )
  }

  // ——— Arrows: page children (they cross frames), ends at the card centres in page space ———
  const final = new Map(shapes.map((shape) => [shape.id, shape]))
  const pageCentre = (id: TLShapeId): Point => {
    const shape = final.get(id) as Box
    const frame = STEPS.find((step) => template.frames[step] === shape.parentId)
    const offset = frame ? frameOrigins[frame] : { x: 0, y: 0 }
    return { x: offset.x + shape.x + shape.props.w / 2, y: offset.y + shape.y + shape.props.h / 2 }
  }
  const bindings: TLArrowBinding[] = []
  for (const arrow of arrows) {
    const [shape, start, end] = arrowBetween(
      { id: newId(), parentId: options.pageId, index: nextIndex(options.pageId), x: 0, y: 0 },
      { fromId: arrow.from.id, toId: arrow.to, start: pageCentre(arrow.from.id), end: pageCentre(arrow.to), bindingIds: [template.ids.binding(), template.ids.binding()] },
      arrow.from.sector ? SECTOR_COLORS[arrow.from.sector] : 'grey',
    )
    shapes.push(shape)
    bindings.push(start, end)
  }
  return { shapes, bindings }
}

interface StakeholderCard {
  id: TLShapeId
  sector: Sector | null
}

/** Hands out indices above every child a parent already has, in the order asked: new cards sit on top of the template. */
function indexer(shapes: TLShape[]) {
  const highest = new Map<TLParentId, IndexKey>()
  const raise = (parentId: TLParentId, index: IndexKey) => {
    const current = highest.get(parentId)
    if (current === undefined || index > current) highest.set(parentId, index)
    return index
  }
  shapes.forEach((shape) => raise(shape.parentId, shape.index))
  return (parentId: TLParentId): IndexKey => raise(parentId, getIndexAbove(highest.get(parentId) ?? null))
}
