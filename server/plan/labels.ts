import type { Sector } from '../../shared/access'
import type { ActionStatus, FundingSource, StatementState } from '../../shared/forum/cards'
import type { Quadrant } from '../../shared/forum/grid'
import { BOARD_LANGUAGES, TEMPLATE_TEXTS, type BoardLanguage, type Cluster } from '../../shared/forum/texts'
import { PLAN_CSV_COLUMNS, type PlanCsvColumn } from '../../shared/plan/csvColumns'

/**
 * The words of the plan reports (Markdown, DOCX, calendar), in Bahasa Indonesia and English. Sector and cluster
 * names come from the board template and field names from `PLAN_CSV_COLUMNS`, so a report calls a thing what the
 * board and the CSV call it. Status, funding and quadrant names match the card editor (client/cards/labels.ts).
 */

/** The languages a report can be written in; Bahasa Indonesia is the default. */
export const PLAN_LANGUAGES = BOARD_LANGUAGES
export type PlanLanguage = BoardLanguage

export interface PlanLabels {
  /** Under the forum's title on the title page. */
  reportTitle: string
  exportedOn: string
  stakeholders: string
  /** The group of stakeholders nobody put in a sector yet. */
  noSector: string
  name: string
  organisation: string
  role: string
  influence: string
  interest: string
  quadrant: string
  noStakeholders: string
  visionMission: string
  vision: string
  mission: string
  adopted: string
  candidates: string
  noAdoptedVision: string
  noAdoptedMissions: string
  votes: (count: number) => string
  actionPlan: string
  noActions: string
  resources: string
  dates: string
  indicatorTarget: string
  monitoring: string
  noIndicators: string
  indicator: string
  baseline: string
  target: string
  current: string
  unit: string
  progress: string
  due: string
  notes: string
  noNotes: string
  /** Notes that sit in no step frame. */
  outsideSteps: string
  step: (step: number) => string
  /** Notes of a step that sit in no cluster. */
  otherNotes: string
  /** Summary of a calendar event whose action has no goal written yet. */
  untitledAction: string
  sectors: Record<Sector, string>
  clusters: Record<Cluster, string>
  quadrants: Record<Quadrant, string>
  statuses: Record<ActionStatus, string>
  funding: Record<FundingSource, string>
  states: Record<StatementState, string>
  /** Field names of an action, as `PLAN_CSV_COLUMNS` labels them. */
  columns: Record<PlanCsvColumn, string>
}

function columnLabels(lang: PlanLanguage): Record<PlanCsvColumn, string> {
  return Object.fromEntries(PLAN_CSV_COLUMNS.map((column) => [column.id, column.label[lang]])) as Record<PlanCsvColumn, string>
}

const id: PlanLabels = {
  reportTitle: 'Rencana Aksi Forum Kemitraan Lokal',
  exportedOn: 'Tanggal ekspor',
  stakeholders: 'Pemangku Kepentingan',
  noSector: 'Sektor belum diisi',
  name: 'Nama',
  organisation: 'Organisasi',
  role: 'Peran',
  influence: 'Pengaruh',
  interest: 'Kepentingan',
  quadrant: 'Kuadran',
  noStakeholders: 'Belum ada pemangku kepentingan.',
  visionMission: 'Visi dan Misi',
  vision: 'Visi',
  mission: 'Misi',
  adopted: 'Disepakati',
  candidates: 'Kandidat',
  noAdoptedVision: 'Belum ada visi yang disepakati.',
  noAdoptedMissions: 'Belum ada misi yang disepakati.',
  votes: (count) => `${count} suara`,
  actionPlan: 'Rencana Aksi',
  noActions: 'Belum ada aksi.',
  resources: 'Sumber daya',
  dates: 'Jadwal',
  indicatorTarget: 'Indikator / target',
  monitoring: 'Monitor dan Evaluasi',
  noIndicators: 'Belum ada indikator.',
  indicator: 'Indikator',
  baseline: 'Nilai awal',
  target: 'Target',
  current: 'Capaian saat ini',
  unit: 'Satuan',
  progress: 'Kemajuan',
  due: 'Tenggat',
  notes: 'Catatan Diskusi',
  noNotes: 'Belum ada catatan.',
  outsideSteps: 'Di luar langkah lokakarya',
  step: (step) => `Langkah ${step}`,
  otherNotes: 'Catatan lain',
  untitledAction: '(aksi tanpa tujuan)',
  sectors: TEMPLATE_TEXTS.id.sectors,
  clusters: TEMPLATE_TEXTS.id.clusters,
  quadrants: { manage_closely: 'Kelola dengan erat', keep_satisfied: 'Jaga kepuasan', keep_informed: 'Beri informasi', monitor: 'Pantau' },
  statuses: { planned: 'Direncanakan', in_progress: 'Berjalan', done: 'Selesai', blocked: 'Terhambat' },
  funding: { apbd: 'APBD', apbdes: 'APBDes', csr: 'CSR', donor: 'Donor', swadaya: 'Swadaya', other: 'Lainnya' },
  states: { candidate: 'Kandidat', adopted: 'Disepakati' },
  columns: columnLabels('id'),
}

const en: PlanLabels = {
  reportTitle: 'Local Partnership Forum Action Plan',
  exportedOn: 'Exported on',
  stakeholders: 'Stakeholders',
  noSector: 'Sector not set',
  name: 'Name',
  organisation: 'Organisation',
  role: 'Role',
  influence: 'Influence',
  interest: 'Interest',
  quadrant: 'Quadrant',
  noStakeholders: 'No stakeholders yet.',
  visionMission: 'Vision and Mission',
  vision: 'Vision',
  mission: 'Mission',
  adopted: 'Adopted',
  candidates: 'Candidates',
  noAdoptedVision: 'No vision adopted yet.',
  noAdoptedMissions: 'No missions adopted yet.',
  votes: (count) => (count === 1 ? '1 vote' : `${count} votes`),
  actionPlan: 'Action Plan',
  noActions: 'No actions yet.',
  resources: 'Resources',
  dates: 'Schedule',
  indicatorTarget: 'Indicator / target',
  monitoring: 'Monitoring and Evaluation',
  noIndicators: 'No indicators yet.',
  indicator: 'Indicator',
  baseline: 'Baseline',
  target: 'Target',
  current: 'Current',
  unit: 'Unit',
  progress: 'Progress',
  due: 'Due',
  notes: 'Discussion Notes',
  noNotes: 'No notes yet.',
  outsideSteps: 'Outside the workshop steps',
  step: (step) => `Step ${step}`,
  otherNotes: 'Other notes',
  untitledAction: '(action without a goal)',
  sectors: TEMPLATE_TEXTS.en.sectors,
  clusters: TEMPLATE_TEXTS.en.clusters,
  quadrants: { manage_closely: 'Manage closely', keep_satisfied: 'Keep satisfied', keep_informed: 'Keep informed', monitor: 'Monitor' },
  statuses: { planned: 'Planned', in_progress: 'In progress', done: 'Done', blocked: 'Blocked' },
  funding: { apbd: 'APBD', apbdes: 'APBDes', csr: 'CSR', donor: 'Donor', swadaya: 'Self-funded', other: 'Other' },
  states: { candidate: 'Candidate', adopted: 'Adopted' },
  columns: columnLabels('en'),
}

/** The report words in `lang`. */
export function planLabels(lang: PlanLanguage): PlanLabels {
  return lang === 'en' ? en : id
}
