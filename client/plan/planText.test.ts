import { describe, expect, it } from 'vitest'
import { numberLocale, oneLine, partyNames, truncate } from './planText'

describe('planText', () => {
  it.each([
    ['Pelatihan keterampilan usaha', 12, 'Pelatihan k…'],
    ['pendek', 12, 'pendek'],
    ['abc de', 5, 'abc…'],
    ['ab😀cd', 4, 'ab😀…'],
  ])('truncate(%j, %i) → %j', (text, max, expected) => expect(truncate(text, max)).toBe(expected))

  it('puts card text on one line', () => {
    expect(oneLine('  Pelatihan\nmenjahit   dan\tpemasaran ')).toBe('Pelatihan menjahit dan pemasaran')
  })

  it('joins party names, skipping empty ones', () => {
    expect(partyNames([{ stakeholderId: null, name: 'Pemdes' }, { stakeholderId: null, name: ' ' }, { stakeholderId: 'shape:x', name: 'LSM\nBerdaya' }])).toBe('Pemdes, LSM Berdaya')
  })

  it('writes numbers the reader’s way', () => {
    expect(numberLocale('en')).toBe('en-GB')
    expect(numberLocale('id')).toBe('id-ID')
  })
})
