import { createBindingId, createShapeId, type TLParentId, type TLRecord, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey, type JsonObject } from '@tldraw/utils'
import { DEFAULT_PAGE_ID, initialBoardRecords } from '../boardSchema'
import type { CardType } from '../forum/cards'
import { exampleBoard, type ExampleId } from '../forum/examples'
import { arrowBetween, cardShape, frameShape, noteShape, rectangleShape, textShape } from '../forum/records'
import { forumTemplate, type ForumTemplate } from '../forum/template'
import type { BoardLanguage } from '../forum/texts'

/**
 * Boards for the extraction's tests and benchmark, made with the same record builders as the template and the
 * example boards (shared/forum/records.ts), with counter ids so outputs are stable. Not used by the app.
 */

/**
 * Shape and binding ids `shape:<prefix>s1`, `binding:<prefix>b1`, …
 *
 * @example
 * exampleBoard('desa-a', { lang: 'id', pageId: DEFAULT_PAGE_ID, ...counterIds() })
 */
export function counterIds(prefix = '') {
  let shapes = 0
  let bindings = 0
  return { newShapeId: () => createShapeId(`${prefix}s${++shapes}`), newBindingId: () => createBindingId(`${prefix}b${++bindings}`) }
}

/**
 * An example board's records with its document and page, as a board made from it holds them.
 *
 * @example
 * const { records, title } = exampleRecords('wilayah-b', 'en')
 */
export function exampleRecords(example: ExampleId, lang: BoardLanguage, origin?: { x: number; y: number }): { records: TLRecord[]; title: string } {
  const board = exampleBoard(example, { lang, pageId: DEFAULT_PAGE_ID, ...counterIds(), ...(origin ? { origin } : {}) })
  return { records: [...initialBoardRecords(), ...board.shapes, ...board.bindings], title: board.title }
}

export interface At {
  x: number
  y: number
}

/**
 * A board built shape by shape: `note(parent, text, at)` and the like return the new shape's id; `records()` is the
 * board. Every shape gets an index above its siblings, as the editor would give it.
 *
 * @example
 * const b = boardBuilder()
 * const frame = b.frame('Rencana Aksi', { x: 0, y: 0, w: 1000, h: 800 })
 * b.note(frame, 'Pelatihan\nPJ: Dinas', { x: 100, y: 100 })
 * extractPlan(b.records(), meta)
 */
export function boardBuilder(prefix = '') {
  const ids = counterIds(prefix)
  const records: TLRecord[] = initialBoardRecords()
  const top = new Map<TLParentId, IndexKey>()
  const at = (parentId: TLParentId, where: At, meta?: JsonObject) => {
    const index = getIndexAbove(top.get(parentId) ?? null)
    top.set(parentId, index)
    return { id: ids.newShapeId(), parentId, index, x: where.x, y: where.y, ...(meta ? { meta } : {}) }
  }
  const add = <S extends TLShape>(shape: S): S['id'] => {
    records.push(shape)
    return shape.id
  }
  /** Adds shapes made elsewhere, keeping new indices above theirs. */
  const put = (shapes: readonly TLShape[]) => {
    for (const shape of shapes) {
      records.push(shape)
      const current = top.get(shape.parentId)
      if (!current || shape.index > current) top.set(shape.parentId, shape.index)
    }
  }
  const page = DEFAULT_PAGE_ID as TLParentId
  return {
    page,
    ids,
    records: () => [...records],
    /** Puts the five-step template on the page; returns what it made. */
    template(lang: BoardLanguage, origin?: At): ForumTemplate {
      const template = forumTemplate({ lang, pageId: DEFAULT_PAGE_ID, newShapeId: ids.newShapeId, newBindingId: ids.newBindingId, ...(origin ? { origin } : {}) })
      put(template.shapes)
      return template
    },
    /** Puts a finished example board on the page; returns what it made. */
    example(example: ExampleId, lang: BoardLanguage): { shapes: TLShape[]; title: string } {
      const board = exampleBoard(example, { lang, pageId: DEFAULT_PAGE_ID, newShapeId: ids.newShapeId, newBindingId: ids.newBindingId })
      put(board.shapes)
      records.push(...board.bindings)
      return board
    },
    /** A shape already on the board. */
    shape: (id: TLShapeId): TLShape => {
      const found = records.find((record) => record.id === id)
      if (!found || found.typeName !== 'shape') throw new Error(`no shape ${id}`)
      return found
    },
    frame: (name: string, rect: At & { w: number; h: number }, meta?: JsonObject, parent: TLParentId = page) =>
      add(frameShape(at(parent, rect, meta), { w: rect.w, h: rect.h, name })),
    note: (parent: TLParentId, text: string, where: At, meta?: JsonObject) => add(noteShape(at(parent, where, meta), text)),
    text: (parent: TLParentId, text: string, where: At, w = 400) => add(textShape(at(parent, where), text, { w })),
    geo: (parent: TLParentId, text: string, rect: At & { w: number; h: number }, meta?: JsonObject) => add(rectangleShape(at(parent, rect, meta), { w: rect.w, h: rect.h, text })),
    card: <K extends CardType>(type: K, parent: TLParentId, where: At, props: Partial<TLShape<K>['props']> = {}, meta?: JsonObject) =>
      add(cardShape(type, at(parent, where, meta), props)),
    /** An arrow bound from one shape to another (ends in page space are irrelevant to the extraction). */
    arrow(fromId: TLShapeId, toId: TLShapeId, where: At = { x: 0, y: 0 }): TLShapeId {
      const bindingIds = [ids.newBindingId(), ids.newBindingId()] as [ReturnType<typeof ids.newBindingId>, ReturnType<typeof ids.newBindingId>]
      const made = arrowBetween(at(page, where), { fromId, toId, start: where, end: { x: where.x + 100, y: where.y }, bindingIds })
      records.push(...made)
      return made[0].id
    },
    /** Adds any record as is (a dangling binding, a second page…). */
    push: (...more: TLRecord[]) => void records.push(...more),
  }
}

export type BoardBuilder = ReturnType<typeof boardBuilder>
