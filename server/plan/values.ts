import { SECTORS, type Sector } from '../../shared/access'
import { formatRupiah } from '../../shared/forum/rupiah'
import { CLUSTERS, type Cluster } from '../../shared/forum/texts'
import type { PlanCsvColumn } from '../../shared/plan/csvColumns'
import type { Plan, PlanAction, PlanNote, PlanParty, PlanStakeholder } from '../../shared/plan/model'
import type { PlanLabels, PlanLanguage } from './labels'

/**
 * What the Markdown and DOCX reports both show, worked out once: dates as people write them, numbers, party names,
 * and the grouping of stakeholders by sector and notes by step and cluster. The CSV writes raw values instead.
 */

/**
 * Characters no export should carry: C0 controls but tab and line breaks, DEL, U+FFFE/U+FFFF and unpaired
 * surrogates. XML 1.0 forbids most of them (Word refuses a file with one), CommonMark turns NUL into U+FFFD, a
 * calendar line must not hold them, and `encodeURIComponent` throws on a lone surrogate. A board text can hold any
 * of them (pasted text), so every formatter drops them.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * `text` without the characters no export may carry (see `UNPRINTABLE`).
 *
 * @example
 * printable('bel\u0007 ok') // → 'bel ok'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '')
}

/** What every report formatter takes besides the plan. */
export interface ReportOptions {
  lang: PlanLanguage
  /** When the report is made (its title page says so); default: now. */
  exportedAt?: Date
  /** The zone the export date is written in; default Asia/Jakarta (WIB), where most forums meet. */
  timeZone?: string
}

/**
 * A stored ISO date as the forum writes dates: day/month/year. Empty for none.
 *
 * @example
 * displayDate('2027-06-30') // → '30/06/2027'
 */
export function displayDate(iso: string | null): string {
  if (!iso) return ''
  const [year, month, day] = iso.split('-')
  return `${day}/${month}/${year}`
}

/** The day a report was made, dd/mm/yyyy in `timeZone`. */
export function exportDate(options: ReportOptions): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: options.timeZone ?? 'Asia/Jakarta',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(options.exportedAt ?? new Date())
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('day')}/${part('month')}/${part('year')}`
}

const numberFormats: Record<PlanLanguage, Intl.NumberFormat> = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
}

/** A measured value in the report's language ("12,5" in Indonesian, "12.5" in English); empty for none. */
export function displayNumber(value: number | null, lang: PlanLanguage): string {
  return value === null ? '' : numberFormats[lang].format(value)
}

/** Progress as a percentage, or empty when it cannot be computed. */
export function displayProgress(value: number | null, lang: PlanLanguage): string {
  return value === null ? '' : `${displayNumber(value, lang)}%`
}

/** A budget in rupiah ("Rp 5.000.000"), or empty when not estimated. */
export function displayBudget(value: number | null): string {
  return value === null ? '' : formatRupiah(value)
}

/** The names of parties, trimmed, empty ones left out. */
export function partyNames(parties: readonly PlanParty[]): string[] {
  return parties.map((party) => party.name.trim()).filter((name) => name.length > 0)
}

/** The sectors of an action's responsible stakeholders, each once, in the order the parties are listed. */
export function responsibleSectors(plan: Plan, action: PlanAction): Sector[] {
  const byId = new Map(plan.stakeholders.map((s) => [s.id, s]))
  const sectors: Sector[] = []
  for (const party of action.responsible) {
    const sector = party.stakeholderId ? byId.get(party.stakeholderId)?.sector : null
    if (sector && !sectors.includes(sector)) sectors.push(sector)
  }
  return sectors
}

/** Stakeholders by sector in the forum's order of sectors, those without a sector last; empty groups left out. */
function stakeholdersBySector(plan: Plan): Array<{ sector: Sector | null; stakeholders: PlanStakeholder[] }> {
  const order: Array<Sector | null> = [...SECTORS, null]
  return order
    .map((sector) => ({ sector, stakeholders: plan.stakeholders.filter((s) => s.sector === sector) }))
    .filter((group) => group.stakeholders.length > 0)
}

export interface NoteGroup {
  /** The step, or null for notes outside every step frame. */
  step: number | null
  title: string
  /** `title` is empty when the step's notes sit in no cluster at all: no heading is needed then. */
  clusters: Array<{ cluster: Cluster | null; title: string; notes: PlanNote[] }>
}

/**
 * The discussion notes by step (in step order, those outside every step last) and, within a step, by cluster (in
 * the template's order, notes in no cluster last). A step is titled as its frame on the board is, when there is one.
 */
export function notesByStep(plan: Plan, labels: PlanLabels): NoteGroup[] {
  const steps = [...new Set(plan.notes.map((n) => n.step))].sort((a, b) => (a ?? 99) - (b ?? 99))
  return steps.map((step) => {
    const inStep = plan.notes.filter((n) => n.step === step)
    const clusters = [...CLUSTERS, null]
      .map((cluster) => ({
        cluster,
        title: cluster ? labels.clusters[cluster] : labels.otherNotes,
        notes: inStep.filter((n) => n.cluster === cluster),
      }))
      .filter((group) => group.notes.length > 0)
    // A step whose notes sit in no cluster (every step but the discussion) needs no "other notes" heading.
    if (clusters.length === 1 && clusters[0]!.cluster === null) clusters[0]!.title = ''
    const frameTitle = plan.workshop.steps.find((s) => s.step === step)?.title.trim()
    const title = step === null ? labels.outsideSteps : frameTitle || labels.step(step)
    return { step, title, clusters }
  })
}

/** Actions that have a due date: the ones a calendar can show. */
export function datedActions(plan: Plan): Array<PlanAction & { dueDate: string }> {
  return plan.actions.filter((a): a is PlanAction & { dueDate: string } => a.dueDate !== null)
}

/** An action's fields as a report shows them: names joined, dates dd/mm/yyyy, rupiah, statuses in words. */
export function actionDisplay(plan: Plan, action: PlanAction, labels: PlanLabels): Record<PlanCsvColumn, string> {
  return {
    id: action.id,
    goal: action.goal,
    strategy: action.strategy,
    tactics: action.tactics,
    responsible: partyNames(action.responsible).join(', '),
    responsible_sector: responsibleSectors(plan, action).map((sector) => labels.sectors[sector]).join(', '),
    supporters: partyNames(action.supporters).join(', '),
    budget_idr: displayBudget(action.budget),
    funding: action.funding ? labels.funding[action.funding] : '',
    people: action.people,
    knowledge: action.knowledge,
    start_date: displayDate(action.startDate),
    due_date: displayDate(action.dueDate),
    indicator: action.indicator,
    target: action.target,
    status: labels.statuses[action.status],
  }
}

/** A table of plain texts: the headings, then one row of cells per entry. */
export interface TextTable {
  headings: string[]
  rows: string[][]
}

/** One table per sector (see `stakeholdersBySector`), titled with the sector's name. */
export function stakeholderTables(plan: Plan, labels: PlanLabels): Array<TextTable & { title: string }> {
  const headings = [labels.name, labels.organisation, labels.role, labels.influence, labels.interest, labels.quadrant]
  const score = (value: number | null) => (value === null ? '' : String(value))
  return stakeholdersBySector(plan).map((group) => ({
    title: group.sector ? labels.sectors[group.sector] : labels.noSector,
    headings,
    rows: group.stakeholders.map((s) => [s.name, s.organisation, s.role, score(s.influence), score(s.interest), s.quadrant ? labels.quadrants[s.quadrant] : '']),
  }))
}

/** The monitoring and evaluation table: one row per indicator. */
export function indicatorTable(plan: Plan, labels: PlanLabels, lang: PlanLanguage): TextTable {
  return {
    headings: [labels.indicator, labels.baseline, labels.target, labels.current, labels.unit, labels.progress, labels.due],
    rows: plan.indicators.map((i) => [
      i.indicator,
      displayNumber(i.baseline, lang),
      displayNumber(i.target, lang),
      displayNumber(i.current, lang),
      i.unit,
      displayProgress(i.progress, lang),
      displayDate(i.dueDate),
    ]),
  }
}
