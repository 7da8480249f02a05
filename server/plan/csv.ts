import Papa from 'papaparse'
import { CSV_LIST_SEPARATOR, PLAN_CSV_COLUMNS, type PlanCsvColumn } from '../../shared/plan/csvColumns'
import type { Plan, PlanAction, PlanParty } from '../../shared/plan/model'
import { partyNames, printable, responsibleSectors } from './values'

/** Excel and LibreOffice read a file as UTF-8 only when it starts with this mark; without it "é" becomes "Ã©". */
export const UTF8_BOM = '\uFEFF'

/** Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A text cell that a spreadsheet will show and never run: one that starts like a formula gets a leading `'`,
 * which Excel and LibreOffice take as "this is text" (OWASP CSV injection guidance). An importer strips that `'`
 * again when the next character is one of `= + - @`, tab or CR.
 *
 * Papaparse's own `escapeFormulae` is not used: its pattern (`/^[=+\-@\t\r].*$/`) does not match a value with a
 * line break after the formula, so "=HYPERLINK(…)\nx" would go out unescaped.
 *
 * @example
 * neutraliseFormula('=SUM(A1:A9)') // → "'=SUM(A1:A9)"
 * neutraliseFormula('Rp 5.000.000') // → 'Rp 5.000.000'
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** Party names for one cell; a name never holds the separator, so a reader can split the cell again. */
function partyCell(parties: readonly PlanParty[]): string {
  return partyNames(parties)
    .map((name) => name.replaceAll(CSV_LIST_SEPARATOR, ', '))
    .join(CSV_LIST_SEPARATOR)
}

/** One action as raw values: ISO dates, whole rupiah, enum ids; a number stays a number so no `'` is added to it. */
function actionCells(plan: Plan, action: PlanAction): Record<PlanCsvColumn, string | number> {
  return {
    id: action.id,
    goal: action.goal,
    strategy: action.strategy,
    tactics: action.tactics,
    responsible: partyCell(action.responsible),
    responsible_sector: responsibleSectors(plan, action).join(CSV_LIST_SEPARATOR),
    supporters: partyCell(action.supporters),
    budget_idr: action.budget ?? '',
    funding: action.funding ?? '',
    people: action.people,
    knowledge: action.knowledge,
    start_date: action.startDate ?? '',
    due_date: action.dueDate ?? '',
    indicator: action.indicator,
    target: action.target,
    status: action.status,
  }
}

/**
 * The plan's actions as CSV: a UTF-8 byte-order mark, a header of `PLAN_CSV_COLUMNS` ids, then one row per action
 * in plan order, CRLF between rows (RFC 4180). Every text cell is quoted and neutralised against formula injection.
 *
 * @example
 * const csv = planToCsv(plan)
 * Papa.parse(csv.slice(1), { header: true }).data[0].goal
 */
export function planToCsv(plan: Plan): string {
  const fields = PLAN_CSV_COLUMNS.map((column) => column.id)
  const data = plan.actions.map((action) => {
    const cells = actionCells(plan, action)
    return fields.map((field) => {
      const value = cells[field]
      return typeof value === 'string' ? neutraliseFormula(printable(value)) : value
    })
  })
  const csv = Papa.unparse(
    { fields, data },
    {
      newline: '\r\n',
      // Text quoted always (OWASP: wrap every cell), numbers bare so a spreadsheet reads them as numbers.
      quotes: (value: unknown) => typeof value === 'string',
    },
  )
  // No line break after the last row: RFC 4180 allows either, and parsers then never see an empty last row.
  // Papaparse ends a header with no rows below it with one.
  return UTF8_BOM + (data.length === 0 ? csv.replace(/\r\n$/, '') : csv)
}
