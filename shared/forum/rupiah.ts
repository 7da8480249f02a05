import { MAX_RUPIAH } from './cards'

/**
 * Reads an amount of rupiah as people write it: "Rp 5.000.000", "5.000.000", "Rp5,5 juta", "5 jt", "2 miliar",
 * "1.250.000,00". Returns whole rupiah, or `null` when the text holds no amount.
 *
 * @example
 * parseRupiah('Rp 5.000.000') // → 5000000
 * parseRupiah('7,5 juta')     // → 7500000
 */
export function parseRupiah(text: string): number | null {
  const match = /^\s*(?:rp\.?\s*)?(\d[\d.,\s]*?)\s*(ribu|rb|k|juta|jt|miliar|milyar|m|triliun|t)?\.?\s*$/i.exec(text)
  if (!match) return null
  const unit = (match[2] ?? '').toLowerCase()
  const multiplier =
    unit === 'ribu' || unit === 'rb' || unit === 'k'
      ? 1e3
      : unit === 'juta' || unit === 'jt'
        ? 1e6
        : unit === 'miliar' || unit === 'milyar' || unit === 'm'
          ? 1e9
          : unit === 't' || unit === 'triliun'
            ? 1e12
            : 1
  let digits = match[1]!.replace(/\s/g, '')
  // Indonesian writing: '.' groups thousands, ',' marks decimals. "5.000.000" is five million; "5,5" is five and a half.
  if (/,\d{1,2}$/.test(digits)) digits = digits.replace(/\./g, '').replace(',', '.')
  else if (/^\d{1,3}(\.\d{3})+$/.test(digits)) digits = digits.replace(/\./g, '')
  else if (/^\d{1,3}(,\d{3})+$/.test(digits)) digits = digits.replace(/,/g, '')
  else if (/^\d+\.\d+$/.test(digits) && multiplier > 1) {
    // "2.5 juta": a decimal point before a unit.
  } else if (!/^\d+$/.test(digits)) return null
  const value = Math.round(Number(digits) * multiplier)
  if (!Number.isFinite(value) || value < 0 || value > MAX_RUPIAH) return null
  return value
}


const grouping = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 })

/**
 * An amount as the forum writes it.
 *
 * @example
 * formatRupiah(5000000) // → 'Rp 5.000.000'
 */
export function formatRupiah(value: number): string {
  return `Rp ${grouping.format(value)}`
}
