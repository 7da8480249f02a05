import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { CSV_LIST_SEPARATOR, PLAN_CSV_COLUMNS, type PlanCsvColumn } from './csvColumns'
import { planFromCsv } from './fromCsv'
import type { Plan } from './model'

const COLUMNS = PLAN_CSV_COLUMNS.map((c) => c.id)

/** A cell as the export writes it (server/plan/csv.ts): `'` before what a spreadsheet would run. */
const escape = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

const ROW: Record<PlanCsvColumn, string | number> = {
  id: 'shape:a1',
  goal: 'Melatih 60 perempuan sebelum 30 Juni 2027',
  strategy: 'Pelatihan bertahap',
  tactics: '3 angkatan\n6 sesi, "sore hari"',
  responsible: 'Pemerintah Desa A',
  responsible_sector: 'pemerintah',
  supporters: ['DP3A Kabupaten', 'TP PKK Desa A'].join(CSV_LIST_SEPARATOR),
  budget_idr: 45000000,
  funding: 'apbdes',
  people: '2 instruktur',
  knowledge: 'Olahan pangan',
  start_date: '2027-02-01',
  due_date: '2027-06-30',
  indicator: 'Perempuan lulus pelatihan',
  target: '60 orang',
  status: 'done',
}

/** A CSV the way the export writes it: BOM, header of column ids, text quoted and escaped, numbers bare, CRLF. */
function exportCsv(rows: Array<Partial<Record<PlanCsvColumn, string | number>>>, columns: readonly string[] = COLUMNS): string {
  const data = rows.map((row) => columns.map((c) => {
    const value = { ...ROW, ...row }[c as PlanCsvColumn] ?? ''
    return typeof value === 'string' ? escape(value) : value
  }))
  return '\uFEFF' + Papa.unparse({ fields: [...columns], data }, { newline: '\r\n', quotes: (value: unknown) => typeof value === 'string' })
}

function parse(text: string): Plan {
  const result = planFromCsv(text)
  if ('errors' in result) throw new Error(result.errors.join('\n'))
  return result.plan
}

function errorsOf(text: string): string[] {
  const result = planFromCsv(text)
  if (!('errors' in result)) throw new Error('expected errors')
  return result.errors
}

describe('planFromCsv', () => {
  it('reads what the export writes, one action per row, every field', () => {
    const plan = parse(exportCsv([{}, { id: 'shape:a2', goal: 'Modal awal', budget_idr: '', funding: '', start_date: '', due_date: '', responsible: '', supporters: '', status: 'planned' }]))
    expect(plan.version).toBe(1)
    expect(plan.forum).toEqual({ title: '', boardId: null })
    expect(plan.stakeholders).toEqual([])
    expect(plan.actions).toHaveLength(2)
    expect(plan.actions[0]).toEqual({
      id: 'shape:a1',
      goal: 'Melatih 60 perempuan sebelum 30 Juni 2027',
      strategy: 'Pelatihan bertahap',
      tactics: '3 angkatan\n6 sesi, "sore hari"',
      responsible: [{ stakeholderId: null, name: 'Pemerintah Desa A' }],
      supporters: [
        { stakeholderId: null, name: 'DP3A Kabupaten' },
        { stakeholderId: null, name: 'TP PKK Desa A' },
      ],
      budget: 45000000,
      people: '2 instruktur',
      knowledge: 'Olahan pangan',
      funding: 'apbdes',
      startDate: '2027-02-01',
      dueDate: '2027-06-30',
      indicator: 'Perempuan lulus pelatihan',
      target: '60 orang',
      status: 'done',
      sources: [],
    })
    expect(plan.actions[1]).toMatchObject({ id: 'shape:a2', budget: null, funding: null, startDate: null, dueDate: null, responsible: [], supporters: [], status: 'planned' })
  })

  it('restores cells the export escaped against formulas, and only those', () => {
    const cells = {
      goal: '=HYPERLINK("http://x")\nlalu',
      strategy: '+62 812',
      tactics: '-10% biaya',
      people: '@kader',
      knowledge: '\tindent',
      indicator: "'tetap dengan kutip",
      target: "'",
    }
    const plan = parse(exportCsv([{ ...cells, responsible: ['-Dinas', 'LSM'].join(CSV_LIST_SEPARATOR) }]))
    expect(plan.actions[0]).toMatchObject(cells)
    expect(plan.actions[0]!.responsible.map((p) => p.name)).toEqual(['-Dinas', 'LSM'])
  })

  it('takes the columns in any order, without a BOM, with a trailing line break and blank rows', () => {
    const reversed = [...COLUMNS].reverse()
    const text = exportCsv([{}, { id: 'shape:a2' }], reversed).slice(1) + '\r\n\r\n'
    const plan = parse(text)
    expect(plan.actions.map((a) => a.id)).toEqual(['shape:a1', 'shape:a2'])
    expect(plan.actions[0]!.budget).toBe(45000000)
  })

  it('reads a file a spreadsheet saved with semicolons', () => {
    const text = Papa.unparse({ fields: COLUMNS, data: [COLUMNS.map((c) => ROW[c])] }, { delimiter: ';' })
    expect(parse(text).actions[0]!.goal).toBe(ROW.goal)
  })

  it('gives a row without a usable id one of its own, and a repeated id a new one', () => {
    const plan = parse(exportCsv([{ id: '' }, { id: 'A-17' }, { id: 'shape:x' }, { id: 'shape:x' }]))
    expect(plan.actions.map((a) => a.id)).toEqual(['shape:csv-row-2', 'shape:csv-row-3', 'shape:x', 'shape:csv-row-5'])
  })

  it('names unknown, missing and repeated columns', () => {
    const columns = [...COLUMNS.filter((c) => c !== 'due_date' && c !== 'status'), 'catatan', 'goal']
    const errors = errorsOf(exportCsv([{}], columns))
    expect(errors).toEqual([
      'unknown columns: catatan',
      'missing columns: due_date, status',
      'columns that appear twice: goal',
      `a plan CSV has exactly these columns: ${COLUMNS.join(', ')}`,
    ])
  })

  it('reports bad dates, budgets, funding and status with their spreadsheet row (the header is row 1)', () => {
    const errors = errorsOf(
      exportCsv([
        {},
        { due_date: '31/12/2027' },
        { start_date: '2027-02-30', budget_idr: '45.000.000' },
        { funding: 'APBN', status: 'selesai' },
        { budget_idr: '-5' },
      ]),
    )
    expect(errors).toEqual([
      'row 3: due_date "31/12/2027" is not a date written YYYY-MM-DD',
      'row 4: budget_idr "45.000.000" is not a whole number of rupiah written in digits only (e.g. 45000000)',
      'row 4: start_date "2027-02-30" is not a date written YYYY-MM-DD',
      'row 5: funding "APBN" is not one of apbd, apbdes, csr, donor, swadaya, other',
      'row 5: status "selesai" is not one of planned, in_progress, done, blocked',
      'row 6: budget_idr "-5" is not a whole number of rupiah written in digits only (e.g. 45000000)',
    ])
  })

  it('reports a row with the wrong number of cells', () => {
    const text = exportCsv([{}]) + '\r\n"shape:z","only two"'
    expect(errorsOf(text)).toEqual(['row 3: has 2 cells where the header has 16'])
  })

  it('refuses an empty file, a file with only a header, and something that is no plan CSV', () => {
    expect(errorsOf('')[0]).toMatch(/empty/)
    expect(errorsOf('\uFEFF')[0]).toMatch(/empty/)
    expect(errorsOf(exportCsv([]))).toEqual(['the file has a header but no action rows below it'])
    expect(errorsOf('{"version":1}')[0]).toMatch(/^unknown columns/)
  })

  it('lists at most 20 problems', () => {
    const errors = errorsOf(exportCsv(Array.from({ length: 30 }, () => ({ status: 'x' }))))
    expect(errors).toHaveLength(21)
    expect(errors[20]).toBe('…and 10 more problems')
  })
})
