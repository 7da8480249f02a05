import type { TLRecord, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { describe, expect, it } from 'vitest'
import { checkRecord } from '../../shared/boardDoc'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../../shared/boardSchema'
import { forumTemplate } from '../../shared/forum/template'
import { frameShape, noteShape } from '../../shared/forum/records'
import { findSlot, INBOX_ID, noteGrowY, PAD, PHASE_CURRENT_META, planCard, shapeRect, type CardInput } from './cardPlacement'

const schema = createBoardSchema()
let n = 0
const card = (over: Partial<CardInput> = {}): CardInput => ({
  cardId: `testcard${++n}`,
  text: 'Air bersih',
  category: null,
  author: { id: 'u1', name: 'Budi' },
  lang: 'id',
  ...over,
})

/** Applies a plan to a record list, as `YKeyValue.set` would. */
function apply(records: TLRecord[], put: TLRecord[]): TLRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]))
  for (const r of put) byId.set(r.id, r)
  return [...byId.values()]
}

describe('noteGrowY', () => {
  it.each([
    ['', 0],
    ['Air bersih', 0],
    ['kata '.repeat(12), 0],
  ])('keeps a short text (%j) in a 200 × 200 note', (text, grow) => expect(noteGrowY(text)).toBe(grow))
  it('grows with the text, line breaks included', () => {
    expect(noteGrowY('x'.repeat(500))).toBeGreaterThan(noteGrowY('x'.repeat(200)))
    expect(noteGrowY('a\nb\nc\nd\ne\nf\ng')).toBeGreaterThan(0)
  })
})

describe('findSlot', () => {
  const region = { x: 40, y: 40, w: 860, h: 420 }
  it.each([
    ['an empty region: top left', [], { x: 40, y: 40 }],
    ['next to a note', [{ x: 40, y: 40, w: 200, h: 200 }], { x: 260, y: 40 }],
    ['under a hint', [{ x: 40, y: 30, w: 860, h: 30 }], { x: 40, y: 80 }],
    ['none when full', [{ x: 0, y: 0, w: 1000, h: 1000 }], null],
  ])('%s', (_, obstacles, expected) => expect(findSlot(region, { w: 200, h: 200 }, obstacles, 20)).toEqual(expected))
})

describe('planCard', () => {
  it('makes the inbox on an empty board and puts the note in its first cell; every record passes the schema', () => {
    const plan = planCard(initialBoardRecords(), card({ category: 'ideas' }))
    const inbox = plan.put.find((r) => r.id === INBOX_ID) as TLShape<'frame'>
    expect(inbox).toMatchObject({ x: 0, y: 0, parentId: DEFAULT_PAGE_ID, meta: { forumInbox: true }, props: { name: 'Kotak masuk kartu' } })
    const note = plan.put.at(-1) as TLShape<'note'>
    expect(note).toMatchObject({ parentId: INBOX_ID, x: PAD, y: PAD, props: { color: 'light-green', textLastEditedBy: 'u1' } })
    expect(plan.put.find((r) => r.typeName === 'user')).toMatchObject({ id: 'user:u1', name: 'Budi' })
    for (const record of plan.put) expect(checkRecord(schema, record)).toMatchObject({ ok: true })
  })

  it('writes neither the inbox nor the user again once they are there', () => {
    let records = initialBoardRecords()
    records = apply(records, planCard(records, card()).put)
    const second = planCard(records, card())
    expect(second.put.map((r) => r.typeName)).toEqual(['shape'])
    expect(second.put[0]!.id).not.toBe(INBOX_ID)
  })

  it('puts the inbox to the right of the content, and prefers the frame of the current phase', () => {
    const template = forumTemplate({ lang: 'en', pageId: DEFAULT_PAGE_ID })
    const records = [...initialBoardRecords(), ...template.shapes]
    const plan = planCard(records, card({ lang: 'en' }))
    const inbox = plan.put.find((r) => r.id === INBOX_ID) as TLShape<'frame'>
    expect(inbox.props.name).toBe('Card inbox')
    expect(inbox.x).toBeGreaterThan(Math.max(...template.shapes.filter((s) => s.type === 'frame').map((s) => shapeRect(s).x + shapeRect(s).w)))

    const step4 = records.find((r) => r.id === template.frames[4]) as TLShape
    const marked = records.map((r) => (r.id === step4.id ? { ...step4, meta: { ...step4.meta, [PHASE_CURRENT_META]: true } } : r)) as TLRecord[]
    const inPhase = planCard(marked, card())
    expect(inPhase.frameId).toBe(step4.id)
    expect(inPhase.put.some((r) => r.id === INBOX_ID)).toBe(false)
    // Below the step's hint, not on it.
    const note = inPhase.put.at(-1) as TLShape
    const hint = records.find((r) => r.typeName === 'shape' && r.parentId === step4.id) as TLShape
    expect(note.y).toBeGreaterThanOrEqual(shapeRect(hint).y + shapeRect(hint).h)
  })

  it('grows a full frame and starts a row under everything in it', () => {
    const frame = frameShape({ id: INBOX_ID, parentId: DEFAULT_PAGE_ID, index: 'a1' as IndexKey, x: 0, y: 0, meta: { forumInbox: true } }, { w: 280, h: 280, name: 'Kotak masuk kartu' })
    const first = noteShape({ id: 'shape:first' as TLShapeId, parentId: INBOX_ID, index: 'a1' as IndexKey, x: 40, y: 40 }, 'x')
    const plan = planCard([...initialBoardRecords(), frame, first], card())
    const grown = plan.put.find((r) => r.id === INBOX_ID) as TLShape<'frame'>
    const note = plan.put.at(-1) as TLShape
    expect(note).toMatchObject({ x: 40, y: 260 })
    expect(grown.props.h).toBe(260 + 200 + PAD)
    expect(note.index > first.index).toBe(true)
  })
})
