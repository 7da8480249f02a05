import { describe, expect, it } from 'vitest'
import { isIsoDate, MAX_LINKS, MAX_RUPIAH } from '../../shared/forum/cards'
import {
  clampPercent,
  cleanText,
  formatDateInput,
  formatNumberInput,
  formatRupiahInput,
  numberLanguage,
  oneLine,
  parseDateInput,
  parseNumberInput,
  parseRupiahInput,
  progressPercent,
  toggleLink,
} from './cardForm'

describe('parseDateInput', () => {
  it.each([
    ['17/08/2026', '2026-08-17'],
    ['1/2/2026', '2026-02-01'],
    ['01/02/2026', '2026-02-01'],
    ['7/12/2026', '2026-12-07'],
    ['17-08-2026', '2026-08-17'],
    ['17.08.2026', '2026-08-17'],
    [' 17 / 08 / 2026 ', '2026-08-17'],
    ['2026-08-17', '2026-08-17'],
    ['2026-8-7', '2026-08-07'],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['31/12/2026', '2026-12-31'],
    ['31/01/2026', '2026-01-31'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDateInput(text)).toEqual({ ok: true, value: iso })
  })

  it.each(['', '   ', '\t'])('clears the date for empty text %j', (text) => {
    expect(parseDateInput(text)).toEqual({ ok: true, value: null })
  })

  it.each([
    '31/02/2026', // no 31 February
    '30/02/2028',
    '29/02/2026', // 2026 is no leap year
    '29/02/1900', // nor is 1900
    '31/04/2026', // April has 30 days
    '00/01/2026',
    '01/00/2026',
    '32/01/2026',
    '01/13/2026',
    '17/08/26', // two-digit year
    '17/08/20266',
    '2026/08/17',
    '2026-02-30',
    '2026-13-01',
    '08-17',
    '17 Agustus 2026',
    'besok',
    '17/08/1026', // a typo: out of range
    '17/08/2206',
    '17/08-2026x',
  ])('rejects %j', (text) => {
    expect(parseDateInput(text)).toEqual({ ok: false })
  })

  it('reads day before month, never month before day', () => {
    expect(parseDateInput('03/04/2026')).toEqual({ ok: true, value: '2026-04-03' })
    expect(parseDateInput('12/31/2026')).toEqual({ ok: false })
  })

  it('always answers a date the card validator accepts', () => {
    for (const text of ['1/1/1900', '31/12/2199', '29/2/2024', '2030-1-1']) {
      const parsed = parseDateInput(text)
      expect(parsed.ok).toBe(true)
      if (parsed.ok) expect(isIsoDate(parsed.value!)).toBe(true)
    }
  })
})

describe('formatDateInput', () => {
  it('writes day/month/year with two-digit day and month', () => {
    expect(formatDateInput('2026-08-17')).toBe('17/08/2026')
    expect(formatDateInput('2026-02-01')).toBe('01/02/2026')
    expect(formatDateInput('2028-02-29')).toBe('29/02/2028')
  })

  it('writes nothing for no date', () => {
    expect(formatDateInput(null)).toBe('')
  })

  it('shows text that is no ISO date as it is', () => {
    expect(formatDateInput('2026-02-31')).toBe('2026-02-31')
    expect(formatDateInput('soon')).toBe('soon')
  })

  it('round-trips every day of a leap year and of a common year', () => {
    for (const year of [2026, 2028]) {
      for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
        const iso = day.toISOString().slice(0, 10)
        const shown = formatDateInput(iso)
        expect(shown).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
        expect(parseDateInput(shown)).toEqual({ ok: true, value: iso })
      }
    }
  })

  it('normalises what was typed through a round trip', () => {
    const parsed = parseDateInput('7/8/2026')
    expect(parsed).toEqual({ ok: true, value: '2026-08-07' })
    if (parsed.ok) expect(formatDateInput(parsed.value)).toBe('07/08/2026')
  })
})

describe('parseNumberInput', () => {
  it.each([
    ['12,5', 12.5],
    ['0,75', 0.75],
    [',5', 0.5],
    ['.5', 0.5],
    ['12', 12],
    ['0', 0],
    ['1.250', 1250],
    ['1.250.000', 1250000],
    ['1.250,75', 1250.75],
    ['1250,75', 1250.75],
    ['12.5', 12.5], // a dot that cannot group thousands: a decimal point
    ['3.14159', 3.14159],
    ['1,250.5', 1250.5], // English writing, read by which separator comes last
    ['-3,5', -3.5],
    ['\u22123,5', -3.5], // a real minus sign
    ['+7', 7],
    [' 1 250 ', 1250],
    ['1\u00a0250', 1250],
    ['-0', 0],
  ])('reads Indonesian %j as %d', (text, value) => {
    expect(parseNumberInput(text)).toEqual({ ok: true, value })
    expect(parseNumberInput(text, 'id')).toEqual({ ok: true, value })
  })

  it.each([
    ['12.5', 12.5],
    ['1,250', 1250],
    ['1,250,000.5', 1250000.5],
    ['12,5', 12.5], // the Indonesian decimal comma is understood in English too
    ['1.250,5', 1250.5],
    ['-0.25', -0.25],
  ])('reads English %j as %d', (text, value) => {
    expect(parseNumberInput(text, 'en')).toEqual({ ok: true, value })
  })

  it('reads a lone three-digit group by the language', () => {
    expect(parseNumberInput('1.250', 'id')).toEqual({ ok: true, value: 1250 })
    expect(parseNumberInput('1.250', 'en')).toEqual({ ok: true, value: 1.25 })
    expect(parseNumberInput('1,250', 'id')).toEqual({ ok: true, value: 1.25 })
    expect(parseNumberInput('1,250', 'en')).toEqual({ ok: true, value: 1250 })
  })

  it.each(['', '  '])('clears the value for empty text %j', (text) => {
    expect(parseNumberInput(text)).toEqual({ ok: true, value: null })
  })

  it.each(['abc', '12a', '1,2,3', '1.2.3', '1.250.5', '12,', '5.', '--5', '5-', '1e5', 'Infinity', 'NaN', '12 %', ',', '.', '-'])(
    'rejects %j',
    (text) => {
      expect(parseNumberInput(text)).toEqual({ ok: false })
      expect(parseNumberInput(text, 'en')).toEqual({ ok: false })
    },
  )

  it('rejects a number too large to be finite', () => {
    expect(parseNumberInput('9'.repeat(400))).toEqual({ ok: false })
  })
})

describe('formatNumberInput', () => {
  it('writes Indonesian by default', () => {
    expect(formatNumberInput(12.5)).toBe('12,5')
    expect(formatNumberInput(1250)).toBe('1.250')
    expect(formatNumberInput(-1250.75)).toBe('-1.250,75')
    expect(formatNumberInput(0)).toBe('0')
  })

  it('writes English', () => {
    expect(formatNumberInput(12.5, 'en')).toBe('12.5')
    expect(formatNumberInput(1250, 'en')).toBe('1,250')
  })

  it('writes nothing for no value', () => {
    expect(formatNumberInput(null)).toBe('')
    expect(formatNumberInput(null, 'en')).toBe('')
  })

  it.each([0, 1, 12.5, 999, 1000, 1250.75, 1_000_000, -3.5, 0.001, 3.141593, 123456789.123456, -0.5])('round-trips %d in both languages', (value) => {
    for (const language of ['id', 'en'] as const) {
      expect(parseNumberInput(formatNumberInput(value, language), language)).toEqual({ ok: true, value })
    }
  })
})

describe('numberLanguage', () => {
  it('is English for English locales and Indonesian otherwise', () => {
    expect(numberLanguage('en')).toBe('en')
    expect(numberLanguage('en-GB')).toBe('en')
    expect(numberLanguage('id')).toBe('id')
    expect(numberLanguage(undefined)).toBe('id')
  })
})

describe('parseRupiahInput / formatRupiahInput', () => {
  it('reads amounts as the forum writes them', () => {
    expect(parseRupiahInput('Rp 5.000.000')).toEqual({ ok: true, value: 5_000_000 })
    expect(parseRupiahInput('5 juta')).toEqual({ ok: true, value: 5_000_000 })
    expect(parseRupiahInput('7,5 juta')).toEqual({ ok: true, value: 7_500_000 })
  })

  it('clears the budget for empty text', () => {
    expect(parseRupiahInput('')).toEqual({ ok: true, value: null })
    expect(parseRupiahInput('  ')).toEqual({ ok: true, value: null })
  })

  it('rejects what is no amount, or too much', () => {
    expect(parseRupiahInput('lima juta')).toEqual({ ok: false })
    expect(parseRupiahInput('-5000')).toEqual({ ok: false })
    expect(parseRupiahInput(String(MAX_RUPIAH * 10))).toEqual({ ok: false })
  })

  it('shows an amount formatted, and round-trips it', () => {
    expect(formatRupiahInput(5_000_000)).toBe('Rp 5.000.000')
    expect(formatRupiahInput(null)).toBe('')
    for (const value of [0, 1, 999, 1000, 5_000_000, 1_250_000_000]) {
      expect(parseRupiahInput(formatRupiahInput(value))).toEqual({ ok: true, value })
    }
  })
})

describe('cleanText', () => {
  it('trims and cuts to the limit', () => {
    expect(cleanText('  Dinas Sosial \n', 200)).toBe('Dinas Sosial')
    expect(cleanText('abcdef', 3)).toBe('abc')
    expect(cleanText('ab cdef', 3)).toBe('ab')
    expect(cleanText('', 3)).toBe('')
  })

  it('keeps line breaks inside the text', () => {
    expect(cleanText('satu\ndua', 200)).toBe('satu\ndua')
  })
})

describe('oneLine', () => {
  it('takes the first line and shortens it', () => {
    expect(oneLine('  Pelatihan wirausaha\nuntuk perempuan  ')).toBe('Pelatihan wirausaha')
    expect(oneLine('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
    expect(oneLine('x'.repeat(10), 10)).toBe('x'.repeat(10))
    expect(oneLine('')).toBe('')
  })
})

describe('progressPercent', () => {
  it('measures from the baseline towards the target', () => {
    expect(progressPercent(10, 30, 20)).toBe(50)
    expect(progressPercent(0, 100, 0)).toBe(0)
    expect(progressPercent(0, 100, 100)).toBe(100)
    expect(progressPercent(0, 40, 10)).toBe(25)
    expect(progressPercent(12.5, 22.5, 15)).toBe(25)
  })

  it('works for a target below the baseline (fewer is better)', () => {
    expect(progressPercent(40, 10, 25)).toBe(50)
    expect(progressPercent(40, 10, 10)).toBe(100)
  })

  it('is not clamped: past the target, or the wrong way', () => {
    expect(progressPercent(0, 10, 12)).toBe(120)
    expect(progressPercent(10, 20, 5)).toBe(-50)
  })

  it('is null when the target equals the baseline', () => {
    expect(progressPercent(5, 5, 5)).toBeNull()
    expect(progressPercent(5, 5, 8)).toBeNull()
    expect(progressPercent(0, 0, 0)).toBeNull()
  })

  it('is null when a value is missing', () => {
    expect(progressPercent(null, 10, 5)).toBeNull()
    expect(progressPercent(0, null, 5)).toBeNull()
    expect(progressPercent(0, 10, null)).toBeNull()
    expect(progressPercent(null, null, null)).toBeNull()
  })

  it('is null for values that are not finite', () => {
    expect(progressPercent(0, Infinity, 5)).toBeNull()
    expect(progressPercent(Number.NaN, 10, 5)).toBeNull()
  })
})

describe('clampPercent', () => {
  it('rounds and keeps to 0–100', () => {
    expect(clampPercent(49.6)).toBe(50)
    expect(clampPercent(120)).toBe(100)
    expect(clampPercent(-50)).toBe(0)
  })
})

describe('toggleLink', () => {
  it('adds and removes without duplicates', () => {
    expect(toggleLink(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c'])
    expect(toggleLink(['a', 'b'], 'a', true)).toEqual(['a', 'b'])
    expect(toggleLink(['a', 'b'], 'a', false)).toEqual(['b'])
    expect(toggleLink(['a', 'b'], 'z', false)).toEqual(['a', 'b'])
  })

  it('never holds more than the card allows', () => {
    const full = Array.from({ length: MAX_LINKS }, (_, i) => `id${i}`)
    expect(toggleLink(full, 'one-more', true)).toEqual(full)
    expect(toggleLink(['a'], 'b', true, 1)).toEqual(['a'])
  })

  it('does not change the list it was given', () => {
    const ids = ['a']
    toggleLink(ids, 'b', true)
    expect(ids).toEqual(['a'])
  })
})
