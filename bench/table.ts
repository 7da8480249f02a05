/**
 * Printing benchmark rows as one aligned text table, the convention every bench part follows: a part returns an
 * array of flat rows (strings and numbers only), `run.ts` prints them with `printTable` and saves them as JSON.
 */
export type Cell = string | number | boolean | null
export type TableRow = Record<string, Cell>

/**
 * How a cell is shown: numbers with thousands separators, and with two decimals when `fractional` (a column holding
 * any fraction shows all its numbers that way, so 1 and 1.48 line up as 1.00 and 1.48).
 */
export function formatCell(value: Cell, fractional = !Number.isInteger(value)): string {
  if (value === null) return '—'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value)
    const digits = fractional ? 2 : 0
    return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  }
  return String(value)
}

/**
 * Renders rows as text: a header line, a rule, one line per row. Numbers (and empty cells among them) are right-aligned, text
 * left-aligned.
 * Columns are the keys of the first row, in order, unless `columns` names them.
 *
 * @example
 * formatTable([{ name: 'a', bytes: 1200 }]) // → 'name  bytes\n----  -----\na     1,200'
 */
export function formatTable(rows: readonly TableRow[], columns?: readonly string[]): string {
  const keys = columns ?? Object.keys(rows[0] ?? {})
  if (keys.length === 0) return '(no rows)'
  const fractional = keys.map((key) => rows.some((row) => typeof row[key] === 'number' && !Number.isInteger(row[key])))
  const cells = rows.map((row) => keys.map((key, i) => formatCell(row[key] ?? null, fractional[i])))
  const numeric = keys.map((key) => rows.length > 0 && rows.every((row) => typeof row[key] === 'number' || row[key] === null))
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((line) => line[i]!.length)))
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))
  const lines = [
    keys.map((key, i) => pad(key, i)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((line) => line.map((text, i) => pad(text, i)).join('  ')),
  ]
  return lines.map((line) => line.trimEnd()).join('\n')
}

/** Prints a titled table to stdout. */
export function printTable(title: string, rows: readonly TableRow[], columns?: readonly string[]): void {
  process.stdout.write(`\n${title}\n${formatTable(rows, columns)}\n`)
}
