import { createBindingId, createShapeId, type TLBindingId, type TLPageId, type TLParentId, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { getIndicesAbove, type IndexKey } from '@tldraw/utils'
import { SECTORS, type Sector } from '../access'
import { LANE_META } from './placement'
import { frameShape, powerGridShape, rectangleShape, textShape } from './records'
import { AREAS, CLUSTERS, TEMPLATE_TEXTS, type Area, type BoardLanguage, type Cluster } from './texts'

/** Meta fields that say what a template shape is for (docs/PROTOCOL.md §9); the plan extraction reads them. */
export const STEP_META = 'forumStep'
export const CLUSTER_META = 'forumCluster'
export const AREA_META = 'forumArea'

export const STEPS = [1, 2, 3, 4, 5] as const
export type Step = (typeof STEPS)[number]

/** The colour of each sector, everywhere: lanes, cards, charts. */
export const SECTOR_COLORS = {
  pemerintah: 'blue',
  masyarakat_sipil: 'green',
  swasta: 'orange',
  akademisi: 'violet',
} as const satisfies Record<Sector, string>

const LANE_COLORS = {
  pemerintah: 'light-blue',
  masyarakat_sipil: 'light-green',
  swasta: 'orange',
  akademisi: 'light-violet',
} as const satisfies Record<Sector, string>

/** Each step's frame size; frames stand in a row, left to right, `FRAME_GAP` apart. */
export const FRAME_SIZES: Record<Step, { w: number; h: number }> = {
  1: { w: 2400, h: 1260 },
  2: { w: 1700, h: 1160 },
  3: { w: 1500, h: 1160 },
  4: { w: 1900, h: 1160 },
  5: { w: 1500, h: 1160 },
}
export const FRAME_GAP = 160
const PAD = 40
const HINT_H = 70

export interface TemplateOptions {
  lang: BoardLanguage
  /** The page the frames go on. */
  pageId: TLPageId
  /** Top-left corner of the first frame on the page. */
  origin?: { x: number; y: number }
  /** The index of the topmost shape already on the page: the frames go above it. */
  above?: IndexKey | null
  /** Makes shape and binding ids; random by default, fixed in tests. */
  newShapeId?: () => TLShapeId
  newBindingId?: () => TLBindingId
}

/** What the template made, by role, for callers that fill it in (the example boards) or move the view to a step. */
export interface ForumTemplate {
  shapes: TLShape[]
  frames: Record<Step, TLShapeId>
  grid: TLShapeId
  lanes: Record<Sector, TLShapeId>
  clusters: Record<Cluster, TLShapeId>
  areas: Record<Area, TLShapeId>
  /** Where each frame sits on the page (its size is `FRAME_SIZES`). */
  frameOrigins: Record<Step, { x: number; y: number }>
  ids: { shape: () => TLShapeId; binding: () => TLBindingId }
}

/**
 * The five-step "Forum Kemitraan Lokal" template: one frame per step, with a lane per sector and the power/interest
 * grid in step 1, discussion clusters in step 2, vision and mission areas in step 3, and a hint at the top of each.
 *
 * @example
 * const { shapes } = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID })
 * editor.createShapes(shapes) // or put them into a new board's document on the server
 */
export function forumTemplate(options: TemplateOptions): ForumTemplate {
  const texts = TEMPLATE_TEXTS[options.lang]
  const newId = options.newShapeId ?? (() => createShapeId())
  const newBindingId = options.newBindingId ?? (() => createBindingId())
  const origin = options.origin ?? { x: 0, y: 0 }
  const shapes: TLShape[] = []
  const frameIndices = getIndicesAbove(options.above ?? null, STEPS.length)

  const frames = {} as Record<Step, TLShapeId>
  const frameOrigins = {} as Record<Step, { x: number; y: number }>
  let x = origin.x
  for (const step of STEPS) {
    const id = newId()
    frames[step] = id
    frameOrigins[step] = { x, y: origin.y }
    shapes.push(frameShape({ id, parentId: options.pageId, index: frameIndices[step - 1]!, x, y: origin.y, meta: { [STEP_META]: step } }, { ...FRAME_SIZES[step], name: texts.steps[step - 1]! }))
    x += FRAME_SIZES[step].w + FRAME_GAP
  }

  // Children of each frame, in order; their indices are assigned per frame below.
  const children = new Map<TLParentId, Array<(index: IndexKey) => TLShape>>()
  const add = (parent: TLShapeId, make: (index: IndexKey) => TLShape) => {
    const list = children.get(parent) ?? []
    list.push(make)
    children.set(parent, list)
  }

  for (const step of STEPS) {
    const parentId = frames[step]
    const id = newId()
    add(parentId, (index) => textShape({ id, parentId, index, x: PAD, y: PAD - 10 }, texts.hints[step - 1]!, { w: FRAME_SIZES[step].w - 2 * PAD, size: 's' }))
  }

  const top = PAD + HINT_H
  const lanes = {} as Record<Sector, TLShapeId>
  const laneH = (FRAME_SIZES[1].h - top - PAD - 3 * 12) / 4
  SECTORS.forEach((sector, i) => {
    const id = newId()
    lanes[sector] = id
    const parentId = frames[1]
    add(parentId, (index) =>
      rectangleShape(
        { id, parentId, index, x: PAD, y: top + i * (laneH + 12), meta: { [LANE_META]: sector } },
        { w: 860, h: laneH, text: texts.sectors[sector], color: LANE_COLORS[sector], fill: 'semi', size: 's', align: 'start' },
      ),
    )
  })
  const grid = newId()
  add(frames[1], (index) =>
    powerGridShape({ id: grid, parentId: frames[1], index, x: PAD + 860 + 60, y: top }, { w: FRAME_SIZES[1].w - (PAD + 860 + 60) - PAD, h: FRAME_SIZES[1].h - top - PAD }),
  )

  const clusters = {} as Record<Cluster, TLShapeId>
  const clusterW = (FRAME_SIZES[2].w - 2 * PAD - PAD) / 2
  const clusterH = (FRAME_SIZES[2].h - top - PAD - PAD) / 2
  CLUSTERS.forEach((cluster, i) => {
    const id = newId()
    clusters[cluster] = id
    const parentId = frames[2]
    add(parentId, (index) =>
      rectangleShape(
        { id, parentId, index, x: PAD + (i % 2) * (clusterW + PAD), y: top + Math.floor(i / 2) * (clusterH + PAD), meta: { [CLUSTER_META]: cluster } },
        { w: clusterW, h: clusterH, text: texts.clusters[cluster], color: 'grey', dash: 'dashed', size: 's', align: 'start' },
      ),
    )
  })

  const areas = {} as Record<Area, TLShapeId>
  const areaHeights: Record<Area, number> = { vision: 420, mission: FRAME_SIZES[3].h - top - PAD - 420 - PAD }
  let areaY = top
  for (const area of AREAS) {
    const id = newId()
    areas[area] = id
    const parentId = frames[3]
    const y = areaY
    add(parentId, (index) =>
      rectangleShape(
        { id, parentId, index, x: PAD, y, meta: { [AREA_META]: area } },
        { w: FRAME_SIZES[3].w - 2 * PAD, h: areaHeights[area], text: texts.areas[area], color: area === 'vision' ? 'light-red' : 'yellow', dash: 'dashed', size: 's', align: 'start' },
      ),
    )
    areaY += areaHeights[area] + PAD
  }

  for (const [, makers] of children) {
    const indices = getIndicesAbove(null, makers.length)
    makers.forEach((make, i) => shapes.push(make(indices[i]!)))
  }

  return { shapes, frames, grid, lanes, clusters, areas, frameOrigins, ids: { shape: newId, binding: newBindingId } }
}

/** The step a frame stands for, from its meta (template frames), or `null`. */
export function frameStep(shape: TLShape): Step | null {
  if (shape.type !== 'frame') return null
  const value = (shape.meta as Record<string, unknown>)[STEP_META]
  return typeof value === 'number' && (STEPS as readonly number[]).includes(value) ? (value as Step) : null
}
