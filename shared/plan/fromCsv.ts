import Papa from 'papaparse'
import { ACTION_STATUSES, FUNDING_SOURCES, isIsoDate, type ActionStatus, type FundingSource } from '../forum/cards'
import { PLAN_CSV_COLUMNS, CSV_LIST_SEPARATOR, type PlanCsvColumn } from './csvColumns'
import { PLAN_VERSION, planSchema, type Plan, type PlanAction, type PlanParty } from './model'

/** Most problems one answer lists; a file with more is usually not a plan export at all. */
const MAX_ERRORS = 20
/** What the export puts before a cell that a spreadsheet would run as a formula (or read as a control character). */
const FORMULA_START = /^'[=+\-@\t\r]/

/**
 * A plan from the `plan.csv` the export writes (one action per row; header cells are the column ids of
 * csvColumns.ts, in any order; UTF-8 with or without a BOM; dates `YYYY-MM-DD`, budgets whole rupiah in digits,
 * funding and status by their ids). Parties are taken by name (`stakeholderId: null`), several in one cell split at
 * `CSV_LIST_SEPARATOR`. The CSV holds no stakeholders, statements, indicators or notes, so the plan has none; its
 * forum title is empty (the importer names the board). `responsible_sector` is read but not kept: a party known only
 * by name has no sector in a plan. Problems come back as messages naming the column and the spreadsheet row
 * (the header is row 1).
 *
 * @example
 * planFromCsv(csvText) // → { plan } with plan.actions[0].responsible → [{ stakeholderId: null, name: 'Pemerintah Desa A' }]
 * planFromCsv('goal\n…') // → { errors: ['missing columns: id, strategy, …'] }
 */
export function planFromCsv(text: string): { plan: Plan } | { errors: string[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t'] })
  const rows = parsed.data
  const errors: string[] = parsed.errors
    .filter((e) => e.type === 'Quotes')
    .map((e) => (e.row === undefined ? e.message : `row ${e.row + 1}: ${e.message}`))
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase())
  const headerErrors = checkHeader(header)
  if (headerErrors.length > 0) return { errors: [...headerErrors, ...errors].slice(0, MAX_ERRORS) }

  const actions: PlanAction[] = []
  const ids = new Set<string>()
  rows.slice(1).forEach((cells, i) => {
    const rowNumber = i + 2
    if (cells.every((cell) => cell.trim() === '')) return
    if (cells.length !== header.length) {
      errors.push(`row ${rowNumber}: has ${cells.length} cells where the header has ${header.length}`)
      return
    }
    const row = Object.fromEntries(header.map((column, j) => [column, unescapeCell(cells[j]!)])) as Record<PlanCsvColumn, string>
    const action = actionFrom(row, (message) => errors.push(`row ${rowNumber}: ${message}`))
    if (!action) return
    // An id the export wrote is kept; a missing or repeated one (a row copied in a spreadsheet) gets one of its own.
    if (!/^shape:./.test(action.id) || ids.has(action.id)) action.id = `shape:csv-row-${rowNumber}`
    ids.add(action.id)
    actions.push(action)
  })
  if (errors.length > 0) return { errors: capped(errors) }
  if (actions.length === 0) return { errors: ['the file has a header but no action rows below it'] }

  const checked = planSchema.safeParse(planOfActions(actions))
  if (!checked.success) return { errors: capped(checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)) }
  return { plan: checked.data }
}

/**
 * A plan that holds only actions — what a CSV carries — with no workshop steps, stakeholders, statements, indicators
 * or notes.
 *
 * @example
 * planOfActions([]) // → an empty plan, forum title ''
 */
export function planOfActions(actions: PlanAction[], title = ''): Plan {
  return {
    version: PLAN_VERSION,
    forum: { title, boardId: null },
    workshop: { steps: [] },
    stakeholders: [],
    vision: { adopted: null, candidates: [] },
    missions: { adopted: [], candidates: [] },
    actions,
    indicators: [],
    notes: [],
  }
}

function checkHeader(header: string[]): string[] {
  const known = PLAN_CSV_COLUMNS.map((c) => c.id) as readonly string[]
  const errors: string[] = []
  if (header.length === 0 || header.every((cell) => cell === '')) return ['the file is empty: expected a header row of column ids (id, goal, strategy, …)']
  const unknown = header.filter((cell) => !known.includes(cell))
  const missing = known.filter((column) => !header.includes(column))
  const repeated = header.filter((cell, i) => header.indexOf(cell) !== i)
  if (unknown.length > 0) errors.push(`unknown columns: ${unknown.map((c) => (c === '' ? '(empty)' : c)).join(', ')}`)
  if (missing.length > 0) errors.push(`missing columns: ${missing.join(', ')}`)
  if (repeated.length > 0) errors.push(`columns that appear twice: ${[...new Set(repeated)].join(', ')}`)
  if (errors.length > 0) errors.push(`a plan CSV has exactly these columns: ${known.join(', ')}`)
  return errors
}

/** A cell as written before the export escaped it: one `'` that stops a spreadsheet running the cell comes off. */
function unescapeCell(cell: string): string {
  return FORMULA_START.test(cell) ? cell.slice(1) : cell
}

function actionFrom(row: Record<PlanCsvColumn, string>, fail: (message: string) => void): PlanAction | null {
  let ok = true
  const bad = (message: string) => {
    ok = false
    fail(message)
  }
  const date = (column: 'start_date' | 'due_date') => {
    const value = row[column].trim()
    if (value === '') return null
    if (!isIsoDate(value)) bad(`${column} "${clip(value)}" is not a date written YYYY-MM-DD`)
    return value
  }
  const budgetText = row.budget_idr.trim()
  let budget: number | null = null
  if (budgetText !== '') {
    budget = /^\d+$/.test(budgetText) ? Number(budgetText) : NaN
    if (!Number.isSafeInteger(budget)) bad(`budget_idr "${clip(budgetText)}" is not a whole number of rupiah written in digits only (e.g. 45000000)`)
  }
  const fundingText = row.funding.trim()
  if (fundingText !== '' && !(FUNDING_SOURCES as readonly string[]).includes(fundingText)) {
    bad(`funding "${clip(fundingText)}" is not one of ${FUNDING_SOURCES.join(', ')}`)
  }
  const statusText = row.status.trim()
  if (statusText !== '' && !(ACTION_STATUSES as readonly string[]).includes(statusText)) {
    bad(`status "${clip(statusText)}" is not one of ${ACTION_STATUSES.join(', ')}`)
  }
  const startDate = date('start_date')
  const dueDate = date('due_date')
  if (!ok) return null
  return {
    id: row.id.trim(),
    goal: row.goal,
    strategy: row.strategy,
    tactics: row.tactics,
    responsible: parties(row.responsible),
    supporters: parties(row.supporters),
    budget,
    people: row.people,
    knowledge: row.knowledge,
    funding: fundingText === '' ? null : (fundingText as FundingSource),
    startDate,
    dueDate,
    indicator: row.indicator,
    target: row.target,
    status: statusText === '' ? 'planned' : (statusText as ActionStatus),
    sources: [],
  }
}

/** Names in one cell, split where the export joined them. */
function parties(cell: string): PlanParty[] {
  return cell
    .split(CSV_LIST_SEPARATOR)
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => ({ stakeholderId: null, name }))
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value
}

function capped(errors: string[]): string[] {
  return errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `…and ${errors.length - MAX_ERRORS} more problems`] : errors
}
