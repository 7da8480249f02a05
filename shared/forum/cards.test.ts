import { createShapeId, type TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { createBoardSchema, DEFAULT_PAGE_ID } from '../boardSchema'
import { cardDefaults, CARD_TYPES, isIsoDate, LONG_TEXT_MAX, MAX_LINKS, SHORT_TEXT_MAX, type CardType } from './cards'
import { cardShape } from './records'
import { parseRupiah, formatRupiah } from './rupiah'

const schema = createBoardSchema()
const at = { id: createShapeId('card'), parentId: DEFAULT_PAGE_ID, index: 'a1' as never, x: 0, y: 0 }

function validate(record: unknown) {
  return () => schema.validateRecord(null as never, record as TLRecord, 'initialize', null)
}

function withProps(type: CardType, props: Record<string, unknown>) {
  const card = cardShape(type, at)
  return { ...card, props: { ...card.props, ...props } }
}

describe('card validators', () => {
  it.each(CARD_TYPES)('accept a new %s card with its defaults', (type) => {
    expect(validate(cardShape(type, at))).not.toThrow()
  })

  // Each row: a card type, props that must be refused, and a word the error names.
  const bad: Array<[CardType, Record<string, unknown>, string]> = [
    ['stakeholder', { sector: 'militer' }, 'sector'],
    ['stakeholder', { influence: 0 }, 'influence'],
    ['stakeholder', { influence: 6 }, 'influence'],
    ['stakeholder', { interest: 2.5 }, 'interest'],
    ['stakeholder', { name: 'x'.repeat(SHORT_TEXT_MAX + 1) }, 'name'],
    ['stakeholder', { contact: undefined }, 'contact'],
    ['stakeholder', { w: 0 }, 'w'],
    ['stakeholder', { extra: 'nope' }, 'extra'],
    ['action', { status: 'finished' }, 'status'],
    ['action', { funding: 'bank' }, 'funding'],
    ['action', { budget: -1 }, 'budget'],
    ['action', { budget: 1.5 }, 'budget'],
    ['action', { budget: '5000000' }, 'budget'],
    ['action', { dueDate: '31/12/2026' }, 'dueDate'],
    ['action', { dueDate: '2026-02-30' }, 'dueDate'],
    ['action', { startDate: '2026-13-01' }, 'startDate'],
    ['action', { ownerId: 'not-a-shape' }, 'ownerId'],
    ['action', { supporterIds: Array.from({ length: MAX_LINKS + 1 }, (_, i) => `shape:s${i}`) }, 'supporterIds'],
    ['action', { goal: 'x'.repeat(LONG_TEXT_MAX + 1) }, 'goal'],
    ['indicator', { target: Number.POSITIVE_INFINITY }, 'target'],
    ['indicator', { baseline: 'nol' }, 'baseline'],
    ['indicator', { actionIds: ['shape:a', 42] }, 'actionIds'],
    ['statement', { kind: 'goal' }, 'kind'],
    ['statement', { state: 'voted' }, 'state'],
    ['statement', { text: null }, 'text'],
  ]
  it.each(bad)('refuse a %s card with %o', (type, props, field) => {
    expect(validate(withProps(type, props))).toThrow(new RegExp(field))
  })

  it('accept every field at its limits', () => {
    expect(
      validate(
        withProps('action', {
          goal: 'x'.repeat(LONG_TEXT_MAX),
          ownerText: 'y'.repeat(SHORT_TEXT_MAX),
          budget: 1e15,
          startDate: '2028-02-29',
          dueDate: '2028-12-31',
          supporterIds: Array.from({ length: MAX_LINKS }, (_, i) => `shape:s${i}`),
          status: 'blocked',
          funding: 'apbdes',
        }),
      ),
    ).not.toThrow()
    expect(validate(withProps('stakeholder', { influence: 1, interest: 5, sector: 'akademisi' }))).not.toThrow()
    expect(validate(withProps('indicator', { baseline: -3.5, target: 0, current: 1e9 }))).not.toThrow()
  })
})

describe('card migrations', () => {
  // A record as the first format stored it, with its schema saying version 0 for the card's sequence.
  function migrateFromV0(type: CardType, props: Record<string, unknown>) {
    const serialized = schema.serialize()
    const old = { ...serialized, sequences: { ...serialized.sequences, [`com.tldraw.shape.${type}`]: 0 } }
    const record = { ...cardShape(type, at), props } as unknown as TLRecord
    const result = schema.migratePersistedRecord(record, old)
    if (result.type !== 'success') throw new Error(`migration failed: ${result.reason}`)
    return result.value as TLRecord & { props: Record<string, unknown> }
  }

  it('add an empty contact to a stakeholder card of the first format', () => {
    const { contact: _contact, ...v0 } = cardDefaults.stakeholder()
    const migrated = migrateFromV0('stakeholder', { ...v0, name: 'BUMDes' })
    expect(migrated.props).toEqual({ ...cardDefaults.stakeholder(), name: 'BUMDes' })
    expect(validate(migrated)).not.toThrow()
  })

  it('add no supporters to an action card of the first format', () => {
    const { supporterIds: _supporters, ...v0 } = cardDefaults.action()
    const migrated = migrateFromV0('action', { ...v0, goal: 'Pelatihan' })
    expect(migrated.props.supporterIds).toEqual([])
    expect(migrated.props.goal).toBe('Pelatihan')
    expect(validate(migrated)).not.toThrow()
  })

  it('add no linked actions to an indicator card of the first format', () => {
    const { actionIds: _links, ...v0 } = cardDefaults.indicator()
    const migrated = migrateFromV0('indicator', v0)
    expect(migrated.props.actionIds).toEqual([])
    expect(validate(migrated)).not.toThrow()
  })

  it('turn a statement’s adopted flag into its state', () => {
    const { state: _state, ...v0 } = cardDefaults.statement()
    expect(migrateFromV0('statement', { ...v0, adopted: true }).props.state).toBe('adopted')
    const candidate = migrateFromV0('statement', { ...v0, adopted: false })
    expect(candidate.props.state).toBe('candidate')
    expect('adopted' in candidate.props).toBe(false)
    expect(validate(candidate)).not.toThrow()
  })

  it('migrate down for a client one version behind, and back up unchanged', () => {
    const serialized = schema.serialize()
    const old = { ...serialized, sequences: { ...serialized.sequences, 'com.tldraw.shape.statement': 0 } }
    const record = { ...cardShape('statement', at, { state: 'adopted', text: 'Desa mandiri' }) } as unknown as TLRecord
    const down = schema.migratePersistedRecord(record, old, 'down')
    expect(down.type).toBe('success')
    if (down.type !== 'success') return
    expect((down.value as unknown as { props: Record<string, unknown> }).props).toMatchObject({ adopted: true, text: 'Desa mandiri' })
    const up = schema.migratePersistedRecord(down.value, old)
    expect(up.type === 'success' && up.value).toEqual(record)
  })
})

describe('dates and rupiah', () => {
  it.each([
    ['2026-12-31', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-1-05', false],
    ['31/12/2026', false],
    ['', false],
  ])('isIsoDate(%j) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected)
  })

  it.each([
    ['Rp 5.000.000', 5_000_000],
    ['Rp5.000.000', 5_000_000],
    ['5000000', 5_000_000],
    ['rp 1.250.000,00', 1_250_000],
    ['7,5 juta', 7_500_000],
    ['2.5 juta', 2_500_000],
    ['5jt', 5_000_000],
    ['2 miliar', 2_000_000_000],
    ['300 ribu', 300_000],
    ['1,000,000', 1_000_000],
    ['lima juta', null],
    ['', null],
    ['Rp -5', null],
    ['1.2.3', null],
  ])('parseRupiah(%j) → %s', (text, expected) => {
    expect(parseRupiah(text)).toBe(expected)
  })

  it('formats rupiah with dots between thousands and reads its own output back', () => {
    expect(formatRupiah(5_000_000)).toBe('Rp 5.000.000')
    expect(formatRupiah(0)).toBe('Rp 0')
    for (const value of [0, 999, 1000, 12_345_678, 1e15]) expect(parseRupiah(formatRupiah(value))).toBe(value)
  })
})
