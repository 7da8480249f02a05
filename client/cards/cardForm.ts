import { isIsoDate, MAX_LINKS } from '../../shared/forum/cards'
import { formatRupiah, parseRupiah } from '../../shared/forum/rupiah'

/**
 * Pure helpers of the card panel's form: what a person types ⇄ what a card stores. Every parser answers
 * `{ ok: true, value }` (with `null` for an empty field, which clears it) or `{ ok: false }` (show an error, write
 * nothing).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false }

/** The languages numbers are written in: Indonesian `1.250,5`, English `1,250.5`. */
export type NumberLanguage = 'id' | 'en'

/** The number language of an i18next language code (`'en-GB'` → `'en'`; anything else → `'id'`). */
export function numberLanguage(language: string | undefined): NumberLanguage {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'id'
}

// ——— Dates ———

/** Earliest and latest years a card's date may have: beyond them it is a typo ("1026", "2206"). */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2199

const DAY_MONTH_YEAR = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/
const YEAR_MONTH_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

const pad2 = (n: number | string) => String(n).padStart(2, '0')

/**
 * Reads a date as people write it — `dd/mm/yyyy`, `d/m/yyyy` (also with `.` or `-` between the parts) or ISO
 * `yyyy-mm-dd` — and answers it as stored, `YYYY-MM-DD`. Empty text clears the date (`null`).
 *
 * @example
 * parseDateInput('17/08/2026') // → { ok: true, value: '2026-08-17' }
 * parseDateInput('31/02/2026') // → { ok: false }
 * parseDateInput('')           // → { ok: true, value: null }
 */
export function parseDateInput(text: string): Parsed<string | null> {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  let year: number
  let month: number
  let day: number
  const dmy = DAY_MONTH_YEAR.exec(trimmed)
  const ymd = dmy ? null : YEAR_MONTH_DAY.exec(trimmed)
  if (dmy) [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])]
  else if (ymd) [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
  else return { ok: false }
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false }
  const iso = `${year}-${pad2(month)}-${pad2(day)}`
  return isIsoDate(iso) ? { ok: true, value: iso } : { ok: false }
}

/**
 * A stored date as people read it, `dd/mm/yyyy`; `''` for no date. Text that is not an ISO date is shown as it is.
 *
 * @example
 * formatDateInput('2026-08-17') // → '17/08/2026'
 */
export function formatDateInput(iso: string | null): string {
  if (iso == null) return ''
  if (!isIsoDate(iso)) return iso
  const [year, month, day] = iso.split('-')
  return `${day}/${month}/${year}`
}

// ——— Numbers ———

const separators = (language: NumberLanguage) => (language === 'id' ? { decimal: ',', group: '.' } : { decimal: '.', group: ',' })

function escape(char: string): string {
  return char === '.' ? '\\.' : char
}

/** Whether `body` is written with `decimal` and `group` as separators: `1.250,5`, `1250,5`, `1.250` (Indonesian). */
function readAs(body: string, decimal: string, group: string): number | null {
  const d = escape(decimal)
  const g = escape(group)
  const grouped = new RegExp(`^\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d+)?$`)
  const plain = new RegExp(`^\\d+(?:${d}\\d+)?$`)
  if (!grouped.test(body) && !plain.test(body)) return null
  return Number(body.split(group).join('').replace(decimal, '.'))
}

/**
 * Reads a number as people write it. In Indonesian (the default) `,` is the decimal mark and `.` groups thousands:
 * `12,5` → 12.5, `1.250` → 1250, `1.250,75` → 1250.75. In English the other way round. Either way a single
 * separator that cannot be a thousands group is read as the decimal mark (`12.5` and `12,5` are both 12.5), and
 * text using both separators is read by which comes last (`1,250.5` is 1250.5 in Indonesian too). Empty text
 * clears the value (`null`).
 *
 * @example
 * parseNumberInput('12,5')  // → { ok: true, value: 12.5 }
 * parseNumberInput('1.250') // → { ok: true, value: 1250 }
 * parseNumberInput('abc')   // → { ok: false }
 */
export function parseNumberInput(text: string, language: NumberLanguage = 'id'): Parsed<number | null> {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-')
  if (cleaned === '') return { ok: true, value: null }
  const match = /^([-+]?)([\d.,]+)$/.exec(cleaned)
  if (!match) return { ok: false }
  const sign = match[1] === '-' ? -1 : 1
  const body = match[2]!
  const own = separators(language)
  // ",5" / ".5": a fraction written without its leading zero.
  let value = /^[.,]\d+$/.test(body) ? Number(`0.${body.slice(1)}`) : readAs(body, own.decimal, own.group)
  if (value == null) {
    const hasDot = body.includes('.')
    const hasComma = body.includes(',')
    if (hasDot && hasComma) {
      // Both separators: the later one is the decimal mark.
      const decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ','
      value = readAs(body, decimal, decimal === '.' ? ',' : '.')
    } else if (hasDot || hasComma) {
      // One kind of separator that is no thousands group here: a decimal mark ("12.5" in Indonesian).
      const mark = hasDot ? '.' : ','
      if (body.split(mark).length === 2) value = readAs(body, mark, mark === '.' ? ',' : '.')
    }
  }
  if (value == null || !Number.isFinite(value)) return { ok: false }
  return { ok: true, value: sign * value === 0 ? 0 : sign * value }
}

const numberFormats: Record<NumberLanguage, Intl.NumberFormat> = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }),
}

/**
 * A stored number as people read it, in the given language (at most 6 decimals); `''` for no value.
 * `parseNumberInput(formatNumberInput(x, l), l)` gives `x` back.
 *
 * @example
 * formatNumberInput(1250.5)       // → '1.250,5'
 * formatNumberInput(1250.5, 'en') // → '1,250.5'
 */
export function formatNumberInput(value: number | null, language: NumberLanguage = 'id'): string {
  if (value == null) return ''
  return numberFormats[language].format(value).replace(/\u2212/g, '-')
}

// ——— Rupiah ———

/**
 * Reads a budget: anything `parseRupiah` reads ("Rp 5.000.000", "5 juta", "2,5 miliar"); empty text clears it.
 *
 * @example
 * parseRupiahInput('Rp 5.000.000') // → { ok: true, value: 5000000 }
 * parseRupiahInput('lima juta')    // → { ok: false }
 */
export function parseRupiahInput(text: string): Parsed<number | null> {
  if (text.trim() === '') return { ok: true, value: null }
  const value = parseRupiah(text)
  return value == null ? { ok: false } : { ok: true, value }
}

/** A budget as shown in its field: `Rp 5.000.000`, or `''` when not estimated. */
export function formatRupiahInput(value: number | null): string {
  return value == null ? '' : formatRupiah(value)
}

// ——— Text ———

/**
 * The text a field commits: trimmed, and cut to the card's limit (the input's `maxLength` already stops typing
 * past it; this also covers text put there some other way).
 */
export function cleanText(text: string, max: number): string {
  const trimmed = text.trim()
  return trimmed.length > max ? trimmed.slice(0, max).trimEnd() : trimmed
}

/** Text as it reads in a one-line list (a card's name, an action's goal): its first line, at most `max` characters. */
export function oneLine(text: string, max = 60): string {
  const line = text.trim().split(/\r?\n/, 1)[0]!.trim()
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line
}

// ——— Progress ———

/**
 * How far an indicator has come from its baseline towards its target, in percent (not clamped: 120 means past the
 * target, negative means it went the wrong way). Works for targets below the baseline too (fewer dropouts).
 * `null` when a value is missing, or when the target equals the baseline (there is no distance to cover).
 *
 * @example
 * progressPercent(10, 30, 20) // → 50
 * progressPercent(40, 10, 25) // → 50
 * progressPercent(5, 5, 5)    // → null
 */
export function progressPercent(baseline: number | null, target: number | null, current: number | null): number | null {
  if (baseline == null || target == null || current == null) return null
  if (![baseline, target, current].every(Number.isFinite)) return null
  if (target === baseline) return null
  const percent = ((current - baseline) / (target - baseline)) * 100
  return Number.isFinite(percent) ? percent : null
}

/** A percentage for a progress bar: whole, from 0 to 100. */
export function clampPercent(percent: number): number {
  return Math.min(100, Math.max(0, Math.round(percent)))
}

// ——— Links ———

/**
 * A list of card links with `id` switched on or off, in the order they were added; never more than `max`
 * (switching one on beyond that leaves the list as it was).
 */
export function toggleLink<Id extends string>(ids: readonly Id[], id: Id, on: boolean, max = MAX_LINKS): Id[] {
  if (on) return ids.includes(id) || ids.length >= max ? [...ids] : [...ids, id]
  return ids.filter((other) => other !== id)
}
