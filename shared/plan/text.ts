import { isIsoDate } from '../forum/cards'
import { parseRupiah } from '../forum/rupiah'

/**
 * Text primitives of the board → plan extraction: plain text out of tldraw's rich text, a folding that makes labels
 * and names comparable, and readers for the dates, numbers and amounts people write on sticky notes. Pure; every
 * reader returns `null` rather than throwing, because a board's text is whatever its participants typed.
 */

/** Nodes nested deeper than this are ignored: a real note is a handful of levels deep, a hostile one is not. */
const MAX_DEPTH = 64

type Json = { type?: unknown; text?: unknown; content?: unknown }

function isNode(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Text and hard breaks flow inside a line; every other node is a block that starts a line of its own. */
function isInline(node: unknown): boolean {
  return isNode(node) && (typeof node.text === 'string' || node.type === 'hardBreak')
}

function inlineText(node: unknown): string {
  if (!isNode(node)) return ''
  if (typeof node.text === 'string') return node.text
  return node.type === 'hardBreak' ? '\n' : ''
}

function walk(node: unknown, depth: number, lines: string[]): void {
  if (!isNode(node) || depth > MAX_DEPTH) return
  const children = Array.isArray(node.content) ? (node.content as unknown[]) : []
  if (children.length === 0) {
    // An empty paragraph is a blank line the writer left; an empty document is no text at all.
    if (depth > 0) lines.push('')
    return
  }
  let line: string | null = null
  for (const child of children) {
    if (isInline(child)) {
      line = (line ?? '') + inlineText(child)
    } else if (isNode(child)) {
      if (line !== null) lines.push(line)
      line = null
      walk(child, depth + 1, lines)
    }
  }
  if (line !== null) lines.push(line)
}

/**
 * The plain text of a tldraw rich text (TipTap JSON): one line per paragraph, heading or list item, hard breaks as
 * line breaks, marks dropped. Anything that is not a TipTap node reads as no text.
 *
 * @example
 * richTextToPlain(toRichText('PJ: Dinas\nTenggat: 31/12/2027')) // → 'PJ: Dinas\nTenggat: 31/12/2027'
 * richTextToPlain({ type: 'doc', content: [{ type: 'bulletList', content: [] }] }) // → ''
 */
export function richTextToPlain(richText: unknown): string {
  const lines: string[] = []
  walk(richText, 0, lines)
  return lines.join('\n')
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** Characters that change nothing a person reads: zero-width, joiners, bidi controls, variation selectors, BOM. */
const INVISIBLE = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/gu

/**
 * A form for comparing words: lower case, no diacritics, no invisible characters, punctuation and symbols as single
 * spaces. "Visi & Misi", "visi misi" and "VISI · MISI" fold alike; so do "Sektor" and "Séktor".
 *
 * @example
 * fold('  Penanggung-Jawab ') // → 'penanggung jawab'
 */
export function fold(text: string): string {
  // Most labels and names are plain ASCII: skip the Unicode work (normalising, property classes) for them.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/**
 * The lines of a text, each trimmed, blank ones dropped.
 *
 * @example
 * textLines(' a \n\n b') // → ['a', 'b']
 */
export function textLines(text: string): string[] {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

/**
 * A text as the plan shows it: lines trimmed, leading and trailing blank lines gone, inner ones kept.
 *
 * @example
 * cleanText('\n a \n\n b \n') // → 'a\n\nb'
 */
export function cleanText(text: string): string {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.trim())
    .join('\n')
    .trim()
}

// ——— Dates ———

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, pebruari: 2, february: 2, feb: 2, peb: 2,
  maret: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  agustus: 8, august: 8, agu: 8, agt: 8, ags: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11, nop: 11,
  desember: 12, december: 12, des: 12, dec: 12,
}

// ISO · day/month/year with / - or . · "31 Desember 2026" · "December 31, 2026". Digits never run on into more digits.
const DATE = new RegExp(
  [
    String.raw`(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)`,
    String.raw`(?<!\d)(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})(?!\d)`,
    String.raw`(?<![\p{L}\d])(\d{1,2})\s+(\p{L}{3,9})\.?,?\s+(\d{4})(?!\d)`,
    String.raw`(?<!\p{L})(\p{L}{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)`,
  ].join('|'),
  'gu',
)

function isoOf(year: number, month: number | undefined, day: number): string | null {
  if (month === undefined) return null
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

function dateOfMatch(m: RegExpExecArray): string | null {
  if (m[1]) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]))
  if (m[4]) return isoOf(Number(m[6]), Number(m[5]), Number(m[4]))
  if (m[7]) return isoOf(Number(m[9]), MONTHS[m[8]!.toLowerCase()], Number(m[7]))
  return isoOf(Number(m[12]), MONTHS[m[10]!.toLowerCase()], Number(m[11]))
}

/**
 * The first real calendar date written in a text, as ISO `YYYY-MM-DD`: `31/12/2026`, `31-12-2026`, `31.12.2026`,
 * `2026-12-31`, `31 Desember 2026`, `31 Des 2026`, `31 December 2026`, `December 31, 2026`. Day first: Indonesia writes
 * day/month/year. `31/02/2026` is no date.
 *
 * @example
 * findDate('Tenggat 30 Juni 2027') // → '2027-06-30'
 * findDate('31/02/2026')           // → null
 */
export function findDate(text: string): { iso: string; index: number } | null {
  DATE.lastIndex = 0
  for (let m = DATE.exec(text); m; m = DATE.exec(text)) {
    const iso = dateOfMatch(m)
    if (iso) return { iso, index: m.index }
  }
  return null
}

/**
 * The date of a labelled value (`Tenggat: 31/12/2026`), or `null`.
 *
 * @example
 * parseDate('31 December 2026') // → '2026-12-31'
 */
export function parseDate(value: string): string | null {
  return findDate(value)?.iso ?? null
}

/** Words before a date that make it a deadline when nobody wrote `Tenggat:`. */
const DEADLINE_WORDS = /(?:^|[^\p{L}])(?:sebelum|sampai|hingga|paling lambat|selambatnya|by|until|before|no later than)\s*(?:tanggal|tgl\.?|the)?\s*$/iu

/**
 * A deadline said in running text: the first date right after "sebelum", "sampai", "hingga", "by", "until"…
 *
 * @example
 * findDeadline('Latih 60 perempuan sebelum 30 Juni 2027') // → '2027-06-30'
 */
export function findDeadline(text: string): string | null {
  DATE.lastIndex = 0
  for (let m = DATE.exec(text); m; m = DATE.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index)
    const iso = dateOfMatch(m)
    if (iso && DEADLINE_WORDS.test(before)) return iso
  }
  return null
}

// ——— Numbers and money ———

/** Amounts are short; a longer value is prose, and parseRupiah's pattern need not see it. */
const MAX_AMOUNT_TEXT = 60

/** English amount words in the Indonesian forms parseRupiah reads. */
function indonesianAmount(text: string): string {
  return text
    .replace(/\bIDR\b\.?/gi, 'Rp')
    .replace(/\bthousand\b/gi, 'ribu')
    .replace(/\bmillion\b/gi, 'juta')
    .replace(/\bbillion\b/gi, 'miliar')
    .replace(/\btrillion\b/gi, 'triliun')
}

/**
 * Whole rupiah from a labelled value (`Anggaran: Rp 5.000.000`, `Budget: IDR 5 million`), or `null`.
 *
 * @example
 * parseMoney('Rp 7,5 juta') // → 7500000
 */
export function parseMoney(value: string): number | null {
  const text = indonesianAmount(value.trim())
  if (text.length > MAX_AMOUNT_TEXT) return findMoney(text)
  return parseRupiah(text) ?? findMoney(text)
}

const UNIT = String.raw`(?:ribu|rb|juta|jt|miliar|milyar|triliun)`
/** What makes a figure money in running text: "Rp" before it or a unit word after it. */
const MONEY_MARK = new RegExp(String.raw`^rp|(?<!\p{L})${UNIT}(?!\p{L})`, 'iu')

/**
 * The amount a line says when the line is nothing but an amount ("Rp 15 juta", "IDR 2 million"), else `null`.
 *
 * @example
 * amountOnly('Rp 15 juta') // → 15000000
 * amountOnly('2027')       // → null: a bare number is no money
 */
export function amountOnly(line: string): number | null {
  const text = indonesianAmount(line.trim())
  return text.length <= MAX_AMOUNT_TEXT && MONEY_MARK.test(text) ? parseRupiah(text) : null
}

/**
 * An amount in running text needs "Rp" before it or a unit word after it: "8 kelompok" is no money. The figure is
 * matched atomically (`(?=(…))\1`) and never starts inside another figure, so "1.1.1.1…" is read in linear time.
 */
const MONEY = new RegExp(String.raw`(?<![\p{L}\d.,])(?:rp\.?\s?(?=(\d[\d.,]{0,24}))\1(?:\s?${UNIT}(?!\p{L}))?|(?=(\d[\d.,]{0,24}))\2\s?${UNIT}(?!\p{L}))`, 'giu')

/**
 * The first amount of rupiah written anywhere in a text: "Rp 5.000.000", "Rp5 juta", "5 juta", "IDR 2 million".
 *
 * @example
 * findMoney('Sewa tenda, kira-kira 2,5 juta') // → 2500000
 */
export function findMoney(text: string): number | null {
  const source = indonesianAmount(text)
  MONEY.lastIndex = 0
  for (let m = MONEY.exec(source); m; m = MONEY.exec(source)) {
    const value = parseRupiah(m[0].replace(/[.,]+$/, ''))
    if (value !== null) return value
  }
  return null
}

/** Reads one number token the way both board languages write it; `null` when it is not one. */
function numberOf(token: string): number | null {
  let digits = token
  if (/^\d{1,3}(\.\d{3})+$/.test(digits)) digits = digits.replace(/\./g, '') // 12.000 (Indonesian grouping)
  else if (/^\d{1,3}(,\d{3})+$/.test(digits)) digits = digits.replace(/,/g, '') // 12,000 (English grouping)
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(digits)) digits = digits.replace(/\./g, '').replace(',', '.')
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(digits)) digits = digits.replace(/,/g, '')
  else if (/^\d+,\d+$/.test(digits)) digits = digits.replace(',', '.') // 0,4
  else if (!/^\d+(\.\d+)?$/.test(digits)) return null
  const value = Number(digits)
  return Number.isFinite(value) ? value : null
}

/**
 * A quantity as written after `Target:`, `Awal:` or `Capaian:`: its number and what follows it as the unit.
 * "12.000" is twelve thousand (Indonesian grouping), "0,4" and "1.5" are decimals, "Rp 750 ribu" is 750,000 rupiah.
 *
 * @example
 * parseQuantity('60 orang') // → { value: 60, unit: 'orang' }
 * parseQuantity('80%')      // → { value: 80, unit: '%' }
 */
export function parseQuantity(text: string): { value: number | null; unit: string } {
  const value = text.trim()
  if (MONEY_MARK.test(indonesianAmount(value))) {
    const money = findMoney(value)
    if (money !== null) return { value: money, unit: 'Rp' }
  }
  // A run of digits longer than any real figure is no number (and would only read as a float's rounding).
  const m = /^(-|−)?\s*(\d[\d.,]{0,40})(?![\d.,])/.exec(value)
  if (!m) return { value: null, unit: '' }
  const token = m[2]!.replace(/[.,]+$/, '')
  const number = numberOf(token)
  if (number === null) return { value: null, unit: '' }
  const signed = m[1] ? -number : number
  return { value: signed + 0, unit: value.slice(m[0].length).replace(/^[.,]+/, '').trim() }
}

/**
 * A whole number in `min`–`max` at the start of a value ("4", "4/5", "4 dari 5"), or `null`.
 *
 * @example
 * parseScore('4 dari 5', 1, 5) // → 4
 */
export function parseScore(value: string, min: number, max: number): number | null {
  const m = /^\s*(\d{1,9})(?!\d|[.,]\d)/.exec(value)
  if (!m) return null
  const score = Number(m[1])
  return score >= min && score <= max ? score : null
}
