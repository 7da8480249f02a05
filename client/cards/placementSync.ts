import type { TLShape, TLStore } from 'tldraw'
import type { StakeholderShape } from '../../shared/forum/cards'
import { fieldsForPlace, placeForFields, type BoardShapes } from '../../shared/forum/placement'

function samePlace(a: TLShape, b: TLShape): boolean {
  return a.x === b.x && a.y === b.y && a.parentId === b.parentId && a.rotation === b.rotation
}

function sameFields(a: StakeholderShape, b: StakeholderShape): boolean {
  return a.props.influence === b.props.influence && a.props.interest === b.props.interest && a.props.sector === b.props.sector
}

/**
 * Keeps each stakeholder card's place and fields in agreement (shared/forum/placement.ts): dragging a card on the grid
 * or into a lane sets its fields; editing the fields moves it. Only this person's own changes are followed — the
 * person who moved the card writes the new fields, so peers never fight over them.
 */
export function syncStakeholderPlacement(store: TLStore): () => void {
  const shapes = store.query.records('shape')
  const board: BoardShapes = {
    lookup: (id) => store.get(id),
    all: () => shapes.get(),
  }
  const follow = (before: TLShape | null, after: TLShape) => {
    if (after.type !== 'stakeholder') return
    const card = after as StakeholderShape
    const previous = before as StakeholderShape | null
    if (!previous || !samePlace(previous, card)) {
      const patch = fieldsForPlace(card, board)
      if (patch) store.put([{ ...card, props: { ...card.props, ...patch } }])
    } else if (!sameFields(previous, card)) {
      const place = placeForFields(previous, card, board)
      if (place) store.put([{ ...card, x: place.x, y: place.y }])
    }
  }
  const offCreate = store.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source === 'user') follow(null, shape)
  })
  const offChange = store.sideEffects.registerAfterChangeHandler('shape', (before, after, source) => {
    if (source === 'user') follow(before, after)
  })
  return () => {
    offCreate()
    offChange()
  }
}
