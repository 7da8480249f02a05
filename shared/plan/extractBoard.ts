import type { TLRecord, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { Sector } from '../access'
import { CARD_TYPES } from '../forum/cards'
import { invertTransform, rectContains, type Point, type Rect, type Transform } from '../forum/geometry'
import { gridPlot, scoresAt, type PowerGridShape, type Scores } from '../forum/grid'
import { LANE_META, laneSector } from '../forum/placement'
import { AREA_META, CLUSTER_META, frameStep, type Step } from '../forum/template'
import { AREAS, CLUSTERS, type Area, type Cluster } from '../forum/texts'
import { isTemplateText, stepOfTitle, type StepFrameInfo } from './extractSteps'
import { cleanText, richTextToPlain } from './text'

/**
 * The board as the extraction reads it: every shape placed on its page (page-space centre, step, order), the step
 * frames, the template's regions (lanes, grid, clusters, areas) and the arrows with the shapes they connect. Built
 * once per extraction, in time linear in the board (times the handful of frames and regions).
 *
 * A shape whose parent chain ends at a missing shape (or loops) is on no page: it is skipped, as tldraw would not
 * draw it. A missing page record is tolerated: its shapes sort after those of the pages the board lists.
 */

/** Where a shape stands in the plan's order: page, step (none last), top to bottom, left to right, id. */
type Rank = readonly [number, string, number, number, number, string]

export interface Placed {
  shape: TLShape
  pageId: string
  /** Centre in page space. */
  centre: Point
  step: Step | null
  rank: Rank
}

export interface Freeform extends Placed {
  /** The shape's plain text, trimmed; never empty. */
  text: string
}

export interface ArrowLink {
  arrow: Placed
  /** The shapes its start and end are bound to, when they exist on the board. */
  start: TLShapeId | null
  end: TLShapeId | null
}

export interface BoardIndex {
  /** Structured cards, in plan order. */
  cards: Placed[]
  /** Notes, text and labelled geo shapes that are content (not the template's), in plan order. */
  freeform: Freeform[]
  arrows: ArrowLink[]
  /** Step frames in board order. */
  frames: StepFrameInfo[]
  laneAt(item: Placed): Sector | null
  scoresAt(item: Placed): Scores | null
  clusterAt(item: Placed): Cluster | null
  areaAt(item: Placed): Area | null
}

/** A shape's page and its transform to page space. */
interface Located {
  pageId: string
  transform: Transform
}

interface Region<V> {
  shape: TLShape
  pageId: string
  transform: Transform
  rect: Rect
  value: V
}

/** cards.ts's `isCard` as a set lookup: it runs for every shape of the board. */
const CARD_TYPE_SET: ReadonlySet<string> = new Set(CARD_TYPES)
const ORIGIN: Transform = { x: 0, y: 0, rotation: 0 }
/** How far up a parent chain we look; tldraw boards nest a few levels, a loop (never valid) stops here. */
const MAX_DEPTH = 64
/** tldraw's font sizes and line height, for the height of a text shape (its props hold only the width). */
const FONT_SIZES: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }
const LINE_HEIGHT = 1.35

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

function sizeOf(shape: TLShape, text: string): { w: number; h: number } {
  const props = shape.props as Record<string, unknown>
  const scale = num(props.scale, 1)
  if (shape.type === 'note') return { w: 200 * scale, h: (200 + num(props.growY)) * scale }
  if (shape.type === 'text') {
    const lines = Math.max(1, text.split('\n').length)
    return { w: num(props.w) * scale, h: lines * (FONT_SIZES[String(props.size)] ?? 24) * LINE_HEIGHT * scale }
  }
  return boxOf(props)
}

/**
 * Where a point (or a child's origin and rotation) of a shape's space lands in page space: geometry.ts's `compose`,
 * without the object spread of its `applyTransform`, which V8 runs some twenty times slower — and this runs for every
 * shape of the board.
 */
function within(t: Transform, p: Point & { rotation?: number }): Transform {
  const cos = Math.cos(t.rotation)
  const sin = Math.sin(t.rotation)
  return { x: t.x + p.x * cos - p.y * sin, y: t.y + p.x * sin + p.y * cos, rotation: t.rotation + (p.rotation ?? 0) }
}

/** A box shape's own rectangle (its label may grow it: `growY`). */
function boxOf(props: Record<string, unknown>): Rect {
  return { x: 0, y: 0, w: num(props.w), h: num(props.h) + num(props.growY) }
}

function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** A coordinate to sort by. NaN (coordinates so large they overflow) would make the order depend on the input's. */
function sortable(value: number): number {
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value
}

/**
 * Sorts placed items (or anything carrying their rank) into plan order, in place.
 *
 * @example
 * byRank([...board.cards, ...board.freeform]) // page, step, top to bottom, left to right, id
 */
export function byRank<T extends { rank: Rank }>(items: T[]): T[] {
  return items.sort((a, b) => compareRank(a.rank, b.rank))
}

/** A template region (lane, cluster, area) is a rectangle marked in its meta; its label is no content. */
function isRegion(shape: TLShape): boolean {
  const meta = shape.meta as Record<string, unknown>
  return shape.type === 'geo' && (LANE_META in meta || CLUSTER_META in meta || AREA_META in meta)
}

/** The text a freeform shape carries, or `null` for shapes that carry none. */
function freeformText(shape: TLShape): string | null {
  if (shape.type !== 'note' && shape.type !== 'text' && shape.type !== 'geo') return null
  return cleanText(richTextToPlain((shape.props as { richText?: unknown }).richText))
}

/**
 * Indexes a board's records for the extraction. Never throws on a valid board; ignores records it does not use.
 *
 * @example
 * const board = indexBoard(readRecords(doc))
 * board.freeform.filter((item) => item.step === 4) // the notes of the action plan, in order
 */
export function indexBoard(records: readonly TLRecord[]): BoardIndex {
  const shapes = new Map<string, TLShape>()
  const pages: Array<{ id: string; index: string }> = []
  const bindings: Array<{ id: string; fromId: string; toId: string; terminal: unknown }> = []
  for (const record of records) {
    if (record.typeName === 'shape') shapes.set(record.id, record)
    else if (record.typeName === 'page') pages.push({ id: record.id, index: record.index })
    else if (record.typeName === 'binding' && record.type === 'arrow') {
      bindings.push({ id: record.id, fromId: record.fromId, toId: record.toId, terminal: (record.props as { terminal?: unknown }).terminal })
    }
  }
  pages.sort((a, b) => (a.index !== b.index ? (a.index < b.index ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const pageRank = new Map(pages.map((page, i) => [page.id, i]))
  // Each shape's page and page-space transform. Parents (frames, groups) are memoised, so their children reuse them
  // instead of walking up again; shapes right on a page (most of a board) need no lookup at all.
  const parents = new Map<string, Located | null>()
  const locate = (shape: TLShape, depth = 0): Located | null => {
    const parent = shape.parentId.startsWith('shape:') ? locateParent(shape.parentId, depth + 1) : { pageId: shape.parentId, transform: ORIGIN }
    return parent && { pageId: parent.pageId, transform: within(parent.transform, shape) }
  }
  const locateParent = (id: string, depth: number): Located | null => {
    let where = parents.get(id)
    if (where === undefined) {
      const shape = shapes.get(id)
      where = shape && depth < MAX_DEPTH ? locate(shape, depth) : null
      parents.set(id, where)
    }
    return where
  }

  // Step frames: meta first, then a known title.
  const frames: Array<StepFrameInfo & { pageId: string; transform: Transform; rect: Rect; area: number; shape: TLShape }> = []
  const regions = { lane: [] as Region<Sector>[], cluster: [] as Region<Cluster>[], area: [] as Region<Area>[], grid: [] as Region<null>[] }
  const onPage: Array<{ shape: TLShape; where: Located }> = []
  for (const shape of shapes.values()) {
    const where = locate(shape)
    if (where === null) continue
    const { pageId, transform } = where
    const props = shape.props as Record<string, unknown>
    const meta = shape.meta as Record<string, unknown>
    if (shape.type === 'frame') {
      const name = typeof props.name === 'string' ? props.name : ''
      const metaStep = frameStep(shape)
      const titled = stepOfTitle(name)
      const step = metaStep ?? titled?.step ?? null
      if (step === null) continue
      const rect = boxOf(props)
      frames.push({ id: shape.id, step, name, byMeta: metaStep !== null, lang: titled?.lang ?? null, pageId, transform, rect, area: rect.w * rect.h, shape })
    } else if (shape.type === 'powergrid') {
      regions.grid.push({ shape, pageId, transform, rect: gridPlot(shape.props as PowerGridShape['props']), value: null })
    } else if (isRegion(shape)) {
      const sector = laneSector(shape)
      if (sector) regions.lane.push({ shape, pageId, transform, rect: boxOf(props), value: sector })
      else if ((CLUSTERS as readonly unknown[]).includes(meta[CLUSTER_META])) regions.cluster.push({ shape, pageId, transform, rect: boxOf(props), value: meta[CLUSTER_META] as Cluster })
      else if ((AREAS as readonly unknown[]).includes(meta[AREA_META])) regions.area.push({ shape, pageId, transform, rect: boxOf(props), value: meta[AREA_META] as Area })
    } else {
      onPage.push({ shape, where })
    }
  }
  const frameById = new Map(frames.map((frame) => [frame.id as string, frame]))
  const frameRanks = new Map(
    frames.map((frame) => [frame.id as string, [pageRank.get(frame.pageId) ?? pages.length, frame.pageId, 0, sortable(frame.transform.y), sortable(frame.transform.x), frame.id] as Rank]),
  )
  frames.sort((a, b) => compareRank(frameRanks.get(a.id)!, frameRanks.get(b.id)!))

  /** The nearest step frame the shape is a child of, else the smallest step frame its centre is in. */
  const stepOf = (shape: TLShape, pageId: string, centre: Point): Step | null => {
    let parent: string = shape.parentId
    for (let depth = 0; depth < MAX_DEPTH && parent.startsWith('shape:'); depth++) {
      const frame = frameById.get(parent)
      if (frame) return frame.step
      parent = shapes.get(parent)?.parentId ?? ''
    }
    let best: (typeof frames)[number] | null = null
    for (const frame of frames) {
      if (frame.pageId !== pageId || !rectContains(frame.rect, invertTransform(frame.transform, centre))) continue
      if (!best || frame.area < best.area || (frame.area === best.area && frame.id < best.id)) best = frame
    }
    return best?.step ?? null
  }

  const place = (shape: TLShape, where: Located, local: Point, withStep: boolean): Placed => {
    const { pageId } = where
    const centre = within(where.transform, local)
    const step = withStep ? stepOf(shape, pageId, centre) : null
    return { shape, pageId, centre, step, rank: [pageRank.get(pageId) ?? pages.length, pageId, step ?? 6, sortable(centre.y), sortable(centre.x), shape.id] }
  }

  const cards: Placed[] = []
  const freeform: Freeform[] = []
  const arrowShapes = new Map<string, Placed>()
  for (const { shape, where } of onPage) {
    if (CARD_TYPE_SET.has(shape.type)) {
      const { w, h } = sizeOf(shape, '')
      cards.push(place(shape, where, { x: w / 2, y: h / 2 }, true))
    } else if (shape.type === 'arrow') {
      const start = (shape.props as { start?: { x?: unknown; y?: unknown } }).start
      arrowShapes.set(shape.id, place(shape, where, { x: num(start?.x), y: num(start?.y) }, false))
    } else {
      const text = freeformText(shape)
      if (!text || isTemplateText(shape, text)) continue
      const { w, h } = sizeOf(shape, text)
      freeform.push(Object.assign(place(shape, where, { x: w / 2, y: h / 2 }, true), { text }))
    }
  }

  // An arrow's end is the binding with the smallest id for that terminal (a valid board has one).
  const ends = new Map<string, { start?: { id: string; to: string }; end?: { id: string; to: string } }>()
  for (const binding of bindings) {
    if (!arrowShapes.has(binding.fromId) || !shapes.has(binding.toId)) continue
    const terminal = binding.terminal === 'start' ? 'start' : binding.terminal === 'end' ? 'end' : null
    if (!terminal) continue
    const entry = ends.get(binding.fromId) ?? {}
    const current = entry[terminal]
    if (!current || binding.id < current.id) entry[terminal] = { id: binding.id, to: binding.toId }
    ends.set(binding.fromId, entry)
  }
  const arrows = byRank([...arrowShapes.values()]).map((arrow) => {
    const entry = ends.get(arrow.shape.id)
    return { arrow, start: (entry?.start?.to as TLShapeId | undefined) ?? null, end: (entry?.end?.to as TLShapeId | undefined) ?? null }
  })

  /** The topmost region of a kind under an item, on its page (highest index, then smallest id). */
  function regionAt<V>(list: Region<V>[], item: Placed): Region<V> | null {
    let best: Region<V> | null = null
    for (const region of list) {
      if (region.pageId !== item.pageId || region.shape.id === item.shape.id) continue
      if (!rectContains(region.rect, invertTransform(region.transform, item.centre))) continue
      const above = !best || region.shape.index > best.shape.index || (region.shape.index === best.shape.index && region.shape.id < best.shape.id)
      if (above) best = region
    }
    return best
  }

  return {
    cards: byRank(cards),
    freeform: byRank(freeform),
    arrows,
    frames: frames.map(({ id, step, name, byMeta, lang }) => ({ id, step, name, byMeta, lang })),
    laneAt: (item) => regionAt(regions.lane, item)?.value ?? null,
    clusterAt: (item) => regionAt(regions.cluster, item)?.value ?? null,
    areaAt: (item) => regionAt(regions.area, item)?.value ?? null,
    scoresAt: (item) => {
      const grid = regionAt(regions.grid, item)
      return grid ? scoresAt(grid.rect, invertTransform(grid.transform, item.centre)) : null
    },
  }
}
