import type { TLArrowBinding, TLParentId, TLShape, TLShapeId } from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import type { Sector } from '../access'
import { cardDefaults } from './cards'
import { EXAMPLE_CONTENT, type Bilingual, type StakeholderContent } from './exampleContent'
import type { Point, Rect } from './geometry'
import { cellCentre, gridPlot, type PowerGridShape } from './grid'
import { arrowBetween, cardShape, noteShape } from './records'
import { FRAME_SIZES, forumTemplate, SECTOR_COLORS, type Step, type TemplateOptions } from './template'
import type { Cluster } from './texts'

/** The example boards: the article's two success stories, as finished five-step workshops. */
export const EXAMPLES = ['desa-a', 'wilayah-b'] as const
export type ExampleId = (typeof EXAMPLES)[number]

/** The same options as the template's: the example is the template, filled in. */
export type ExampleOptions = TemplateOptions

export interface ExampleBoard {
  shapes: TLShape[]
  bindings: TLArrowBinding[]
  /** A title for a board made from the example, in the chosen language. */
  title: string
}

/** tldraw's notes are a fixed 200 × 200 at scale 1 (they grow only when their text overflows, which ours never do). */
const NOTE_SIZE = { w: 200, h: 200 }
/** Room left at the top of a lane, cluster or area for its label, which the template puts top-left. */
const LABEL_SPACE = 50
/** Room between a rectangle's edge and what is laid out inside it. */
const INSET = 20

const NOTE_COLORS = { needs: 'yellow', challenges: 'light-red', ideas: 'light-green', inspiration: 'light-blue' } as const satisfies Record<Cluster, string>

/**
 * Top-left corners for `count` boxes of one size in rows inside `area`, each row centred, the block centred in the
 * height left below `top`. Throws when they do not fit, so a content change that overflows fails loudly in the tests.
 */
function flow(area: Rect, count: number, size: { w: number; h: number }, options: { gap: number; top?: number; columns?: number }): Point[] {
  const { gap, top = LABEL_SPACE } = options
  const fit = Math.floor((area.w - 2 * INSET + gap) / (size.w + gap))
  const columns = Math.max(1, Math.min(count, fit, options.columns ?? fit))
  const rows = Math.ceil(count / columns)
  const blockH = rows * size.h + (rows - 1) * gap
  const spaceH = area.h - top - INSET
  if (fit < 1 || blockH > spaceH) throw new Error(`${count} boxes of ${size.w}×${size.h} do not fit in ${area.w}×${area.h}`)
  const y0 = area.y + top + (spaceH - blockH) / 2
  return Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns)
    const inRow = Math.min(columns, count - row * columns)
    const rowW = inRow * size.w + (inRow - 1) * gap
    return { x: area.x + (area.w - rowW) / 2 + (i % columns) * (size.w + gap), y: y0 + row * (size.h + gap) }
  })
}

/** Hands out indices above every existing child of a parent, so new cards sit on top of the template's lanes and clusters. */
function indexer(shapes: TLShape[]) {
  const top = new Map<TLParentId, IndexKey>()
  for (const shape of shapes) {
    const current = top.get(shape.parentId)
    if (!current || shape.index > current) top.set(shape.parentId, shape.index)
  }
  return (parentId: TLParentId): IndexKey => {
    const index = getIndexAbove(top.get(parentId) ?? null)
    top.set(parentId, index)
    return index
  }
}

function byKey<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key)
  if (value === undefined) throw new Error(`Example content refers to an unknown ${what} "${key}"`)
  return value
}

/**
 * A finished example workshop from the article's "Contoh Kasus Sukses": the five-step template with stakeholders on
 * the power/interest grid and in their lanes, discussion notes in the clusters, an adopted vision and missions, an
 * action plan with an arrow from each responsible stakeholder, and monitoring indicators — all in one language.
 *
 * @example
 * const { shapes, bindings, title } = exampleBoard('desa-a', { lang: 'id', pageId: DEFAULT_PAGE_ID })
 * // title → 'Contoh: Pemberdayaan Perempuan Desa A'
 * editor.createShapes(shapes)
 * editor.createBindings(bindings)
 */
export function exampleBoard(example: ExampleId, options: ExampleOptions): ExampleBoard {
  const content = EXAMPLE_CONTENT[example]
  const say = (text: Bilingual) => text[options.lang]
  const template = forumTemplate(options)
  const newId = template.ids.shape
  const shapes: TLShape[] = [...template.shapes]
  const bindings: TLArrowBinding[] = []
  const byId = new Map(shapes.map((shape) => [shape.id, shape]))
  const nextIndex = indexer(shapes)
  const rectOf = (id: TLShapeId): Rect => {
    const shape = byId.get(id)!
    const { w, h } = shape.props as { w: number; h: number }
    return { x: shape.x, y: shape.y, w, h }
  }
  const grid = byId.get(template.grid) as PowerGridShape
  // The template starts every frame's content (lanes, grid, clusters, areas) at the same height, below the hint.
  const contentTop = grid.y
  const frameBody = (step: Step): Rect => ({ x: 0, y: contentTop, w: FRAME_SIZES[step].w, h: FRAME_SIZES[step].h - contentTop })
  const add = <S extends TLShape>(shape: S): S => {
    shapes.push(shape)
    byId.set(shape.id, shape)
    return shape
  }
  const place = (step: Step, at: Point) => ({ id: newId(), parentId: template.frames[step], index: nextIndex(template.frames[step]), x: at.x, y: at.y })

  // Step 1 — a card's place must agree with its fields (placement.ts), so grid cards sit at their cell's centre.
  const stakeholderSize = cardDefaults.stakeholder()
  const plot = gridPlot(grid.props)
  const stakeholders = new Map<string, { id: TLShapeId; content: StakeholderContent }>()
  const corners = new Map<StakeholderContent, Point>()
  for (const sector of Object.keys(template.lanes) as Sector[]) {
    const inLane = content.stakeholders.filter((s) => s.place === 'lane' && s.sector === sector)
    flow(rectOf(template.lanes[sector]), inLane.length, stakeholderSize, { gap: 30 }).forEach((corner, i) => corners.set(inLane[i]!, corner))
  }
  for (const s of content.stakeholders) {
    let corner = corners.get(s)
    if (!corner) {
      const centre = cellCentre(plot, s)
      corner = { x: grid.x + centre.x - stakeholderSize.w / 2, y: grid.y + centre.y - stakeholderSize.h / 2 }
    }
    const card = add(
      cardShape('stakeholder', place(1, corner), {
        name: say(s.name),
        sector: s.sector,
        organisation: say(s.organisation),
        role: say(s.role),
        influence: s.influence,
        interest: s.interest,
      }),
    )
    stakeholders.set(s.key, { id: card.id, content: s })
  }

  // Step 2
  for (const [cluster, clusterId] of Object.entries(template.clusters) as Array<[Cluster, TLShapeId]>) {
    const notes = content.notes.filter((note) => note.cluster === cluster)
    flow(rectOf(clusterId), notes.length, NOTE_SIZE, { gap: 40 }).forEach((corner, i) => {
      add(noteShape(place(2, corner), say(notes[i]!.text), NOTE_COLORS[cluster]))
    })
  }

  // Step 3 — missions in two columns: four in a row would not fit the area's width.
  const statementSize = cardDefaults.statement()
  for (const kind of ['vision', 'mission'] as const) {
    const list = kind === 'vision' ? content.visions : content.missions
    flow(rectOf(template.areas[kind]), list.length, statementSize, { gap: 60, columns: kind === 'vision' ? 3 : 2 }).forEach((corner, i) => {
      add(cardShape('statement', place(3, corner), { kind, text: say(list[i]!.text), state: list[i]!.adopted ? 'adopted' : 'candidate' }))
    })
  }

  // Step 4
  const actionSize = cardDefaults.action()
  const actions = new Map<string, TLShapeId>()
  const actionCorners = flow(frameBody(4), content.actions.length, actionSize, { gap: 80, top: 0 })
  content.actions.forEach((action, i) => {
    const owner = byKey(stakeholders, action.owner, 'stakeholder')
    const card = add(
      cardShape('action', place(4, actionCorners[i]!), {
        goal: say(action.goal),
        strategy: say(action.strategy),
        tactics: say(action.tactics),
        ownerId: owner.id,
        ownerText: say(owner.content.name),
        supporterIds: action.supporters.map((key) => byKey(stakeholders, key, 'stakeholder').id),
        budget: action.budget,
        people: say(action.people),
        knowledge: say(action.knowledge),
        funding: action.funding,
        startDate: action.startDate,
        dueDate: action.dueDate,
        indicator: say(action.indicator),
        target: say(action.target),
        status: action.status,
      }),
    )
    actions.set(action.key, card.id)

    // The arrow crosses frames 2 and 3, so it belongs to the page and its ends are in page space.
    const pageCentre = (id: TLShapeId, step: Step) => {
      const shape = byId.get(id)!
      const { w, h } = shape.props as { w: number; h: number }
      return { x: template.frameOrigins[step].x + shape.x + w / 2, y: template.frameOrigins[step].y + shape.y + h / 2 }
    }
    const [arrow, start, end] = arrowBetween(
      { id: newId(), parentId: options.pageId, index: nextIndex(options.pageId), x: 0, y: 0 },
      {
        fromId: owner.id,
        toId: card.id,
        start: pageCentre(owner.id, 1),
        end: pageCentre(card.id, 4),
        bindingIds: [template.ids.binding(), template.ids.binding()],
      },
      SECTOR_COLORS[owner.content.sector],
    )
    add(arrow)
    bindings.push(start, end)
  })

  // Step 5
  const indicatorCorners = flow(frameBody(5), content.indicators.length, cardDefaults.indicator(), { gap: 80, top: 0, columns: 2 })
  content.indicators.forEach((indicator, i) => {
    add(
      cardShape('indicator', place(5, indicatorCorners[i]!), {
        indicator: say(indicator.indicator),
        baseline: indicator.baseline,
        target: indicator.target,
        current: indicator.current,
        unit: say(indicator.unit),
        dueDate: indicator.dueDate,
        actionIds: indicator.actions.map((key) => byKey(actions, key, 'action')),
      }),
    )
  })

  return { shapes, bindings, title: say(content.title) }
}
