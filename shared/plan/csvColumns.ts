/**
 * The columns of `plan.csv`, one row per action, in order. The export writes them (server/plan) and the import reads
 * them back (shared/plan), so both sides use this one list. Header cells are the `id` names; `label` is how the
 * Markdown and DOCX reports name the same field.
 */
export const PLAN_CSV_COLUMNS = [
  { id: 'id', label: { id: 'ID', en: 'ID' } },
  { id: 'goal', label: { id: 'Tujuan spesifik', en: 'Specific goal' } },
  { id: 'strategy', label: { id: 'Strategi', en: 'Strategy' } },
  { id: 'tactics', label: { id: 'Taktik', en: 'Tactics' } },
  { id: 'responsible', label: { id: 'Penanggung jawab', en: 'Responsible' } },
  { id: 'responsible_sector', label: { id: 'Sektor penanggung jawab', en: 'Responsible sector' } },
  { id: 'supporters', label: { id: 'Pendukung', en: 'Supporters' } },
  { id: 'budget_idr', label: { id: 'Anggaran (Rp)', en: 'Budget (IDR)' } },
  { id: 'funding', label: { id: 'Sumber dana', en: 'Funding source' } },
  { id: 'people', label: { id: 'Tenaga', en: 'People' } },
  { id: 'knowledge', label: { id: 'Pengetahuan', en: 'Knowledge' } },
  { id: 'start_date', label: { id: 'Mulai', en: 'Start' } },
  { id: 'due_date', label: { id: 'Tenggat', en: 'Due' } },
  { id: 'indicator', label: { id: 'Indikator', en: 'Indicator' } },
  { id: 'target', label: { id: 'Target', en: 'Target' } },
  { id: 'status', label: { id: 'Status', en: 'Status' } },
] as const

export type PlanCsvColumn = (typeof PLAN_CSV_COLUMNS)[number]['id']
/** Several parties in one cell are separated by this; a name never contains it after export (it is replaced). */
export const CSV_LIST_SEPARATOR = '; '
