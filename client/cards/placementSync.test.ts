import { createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLShapeId, type TLStore } from 'tldraw'
import { afterEach, describe, expect, it } from 'vitest'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../../shared/boardSchema'
import type { StakeholderShape } from '../../shared/forum/cards'
import { boxCentre } from '../../shared/forum/geometry'
import { cellCentre, gridPlot, scoresAt, type PowerGridShape } from '../../shared/forum/grid'
import { cardShape } from '../../shared/forum/records'
import { forumTemplate, type ForumTemplate } from '../../shared/forum/template'
import { forumShapeUtils } from '.'
import { syncStakeholderPlacement } from './placementSync'

let n = 0
const ids = () => createShapeId(`p${++n}`)

function setup(): { store: TLStore; template: ForumTemplate; stop: () => void } {
  const store = createTLStore({ shapeUtils: [...defaultShapeUtils, ...forumShapeUtils], bindingUtils: defaultBindingUtils })
  const template = forumTemplate({ lang: 'id', pageId: DEFAULT_PAGE_ID, newShapeId: ids })
  store.mergeRemoteChanges(() => store.put([...initialBoardRecords(), ...template.shapes]))
  const stop = syncStakeholderPlacement(store)
  return { store, template, stop }
}

const CARD = createShapeId('card')
const card = (store: TLStore) => store.get(CARD) as StakeholderShape
const lookup = (store: TLStore) => (id: TLShapeId) => store.get(id)

/** The card's centre in the grid's own space, and the scores there. */
function gridScores(store: TLStore, template: ForumTemplate) {
  const grid = store.get(template.grid) as PowerGridShape
  const centre = boxCentre(card(store), lookup(store))
  const frame = store.get(template.frames[1])!
  return scoresAt(gridPlot(grid.props), { x: centre.x - frame.x - grid.x, y: centre.y - frame.y - grid.y })
}

/** Puts the card's centre on the given cell of the grid (in frame 1's space, as a drag would). */
function dragToCell(store: TLStore, template: ForumTemplate, influence: number, interest: number) {
  const grid = store.get(template.grid) as PowerGridShape
  const target = cellCentre(gridPlot(grid.props), { influence, interest })
  const current = card(store)
  store.put([{ ...current, parentId: template.frames[1], x: grid.x + target.x - current.props.w / 2 + 7, y: grid.y + target.y - current.props.h / 2 - 5 }])
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

describe('a stakeholder card on the power/interest grid', () => {
  it('takes the influence and interest of the cell it is dropped on', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    store.put([cardShape('stakeholder', { id: CARD, parentId: DEFAULT_PAGE_ID, index: 'a9' as never, x: -2000, y: 0 }, { name: 'Dinas Pendidikan' })])
    expect(card(store).props).toMatchObject({ influence: 3, interest: 3 })
    dragToCell(store, template, 5, 2)
    expect(card(store).props).toMatchObject({ influence: 5, interest: 2 })
    dragToCell(store, template, 1, 4)
    expect(card(store).props).toMatchObject({ influence: 1, interest: 4 })
  })

  it('moves to the cell of the scores typed into its fields', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    store.put([cardShape('stakeholder', { id: CARD, parentId: DEFAULT_PAGE_ID, index: 'a9' as never, x: -2000, y: 0 })])
    dragToCell(store, template, 3, 3)
    store.put([{ ...card(store), props: { ...card(store).props, influence: 4, interest: 1 } }])
    expect(gridScores(store, template)).toEqual({ influence: 4, interest: 1 })
    expect(card(store).props).toMatchObject({ influence: 4, interest: 1 })
  })

  it('stays where it is when the typed scores are those of the cell it already sits in', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    store.put([cardShape('stakeholder', { id: CARD, parentId: DEFAULT_PAGE_ID, index: 'a9' as never, x: -2000, y: 0 })])
    dragToCell(store, template, 2, 5)
    const before = card(store)
    store.put([{ ...before, props: { ...before.props, name: 'Renamed' } }])
    expect(card(store)).toMatchObject({ x: before.x, y: before.y })
  })

  it('takes a card created straight onto the grid (a paste, a duplicate) at the scores of its cell', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    const grid = store.get(template.grid) as PowerGridShape
    const target = cellCentre(gridPlot(grid.props), { influence: 2, interest: 2 })
    store.put([cardShape('stakeholder', { id: CARD, parentId: template.frames[1], index: 'a9' as never, x: grid.x + target.x - 120, y: grid.y + target.y - 75 })])
    expect(card(store).props).toMatchObject({ influence: 2, interest: 2 })
  })

  it('leaves a card off the grid and out of the lanes alone', () => {
    const { store, stop } = setup()
    cleanup = stop
    store.put([cardShape('stakeholder', { id: CARD, parentId: DEFAULT_PAGE_ID, index: 'a9' as never, x: -2000, y: 0 })])
    store.put([{ ...card(store), props: { ...card(store).props, influence: 5 } }])
    expect(card(store)).toMatchObject({ x: -2000, y: 0 })
    store.put([{ ...card(store), x: -2500 }])
    expect(card(store).props.influence).toBe(5)
  })

  it('does not react to a peer’s change: the peer who moved it wrote the fields', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    store.put([cardShape('stakeholder', { id: CARD, parentId: DEFAULT_PAGE_ID, index: 'a9' as never, x: -2000, y: 0 })])
    store.mergeRemoteChanges(() => dragToCell(store, template, 5, 5))
    expect(card(store).props).toMatchObject({ influence: 3, interest: 3 })
  })
})

describe('a stakeholder card in a sector lane', () => {
  it('takes the sector of the lane it is dropped in', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    const lane = store.get(template.lanes.akademisi)!
    store.put([cardShape('stakeholder', { id: CARD, parentId: template.frames[1], index: 'a9' as never, x: lane.x + 30, y: lane.y + 40 })])
    expect(card(store).props.sector).toBe('akademisi')
  })

  it('moves to the lane of the sector chosen in its fields, at the same place across the lane', () => {
    const { store, template, stop } = setup()
    cleanup = stop
    const from = store.get(template.lanes.pemerintah)!
    const to = store.get(template.lanes.swasta)!
    store.put([cardShape('stakeholder', { id: CARD, parentId: template.frames[1], index: 'a9' as never, x: from.x + 300, y: from.y + 40 })])
    expect(card(store).props.sector).toBe('pemerintah')
    store.put([{ ...card(store), props: { ...card(store).props, sector: 'swasta' } }])
    expect(card(store).x).toBeCloseTo(from.x + 300)
    expect(card(store).y).toBeCloseTo(to.y + 40)
    expect(card(store).props.sector).toBe('swasta')
  })
})

describe('the client store', () => {
  it('has the very schema the server checks records against', () => {
    const store = createTLStore({ shapeUtils: [...defaultShapeUtils, ...forumShapeUtils], bindingUtils: defaultBindingUtils })
    expect(store.schema.serialize()).toEqual(createBoardSchema().serialize())
  })
})
