import { PLAN_CSV_COLUMNS } from '../../shared/plan/csvColumns'
import type { Plan, PlanStatement } from '../../shared/plan/model'
import { planLabels, type PlanLabels } from './labels'
import { actionDisplay, exportDate, indicatorTable, notesByStep, printable, stakeholderTables, type ReportOptions } from './values'

/**
 * Every character that can start or end Markdown markup (CommonMark and GitHub's extensions): emphasis, links and
 * images, headings, lists, tables, code, raw HTML, strikethrough, attribute braces, and `&` (entity references such
 * as `&lt;` would otherwise show as the character they name). A backslash before any of them is CommonMark's escape.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]()#+\-!|<>{}~&]/g

/**
 * Board text as literal Markdown inline text: what a person typed can never become markup, a link, HTML or a new
 * line of the document. Line breaks and runs of white space become one space (a report puts every text in a table
 * cell or a list item, where a line break would end it), and `1.` at the start is escaped so it starts no list.
 *
 * @example
 * escapeMarkdown('**bold** [x](javascript:alert(1)) | pipe')
 * // → '\*\*bold\*\* \[x\]\(javascript:alert\(1\)\) \| pipe'
 */
export function escapeMarkdown(text: string): string {
  return printable(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
}

/**
 * A GFM table with our own labels as headings and every body cell escaped; `null` when there are no rows (the caller
 * says "none yet" instead).
 */
function table(headings: readonly string[], rows: ReadonlyArray<readonly string[]>): string | null {
  if (rows.length === 0) return null
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(headings), `|${headings.map(() => ' --- |').join('')}`, ...rows.map((row) => line(row.map(escapeMarkdown)))].join('\n')
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${escapeMarkdown(text)}`
}

function statementItem(statement: PlanStatement, labels: PlanLabels): string {
  const votes = statement.votes === null ? '' : ` (${labels.votes(statement.votes)})`
  return `- ${escapeMarkdown(statement.text)}${votes}`
}

function stakeholderSection(plan: Plan, labels: PlanLabels): string[] {
  const tables = stakeholderTables(plan, labels)
  if (tables.length === 0) return [heading(2, labels.stakeholders), labels.noStakeholders]
  return [heading(2, labels.stakeholders), ...tables.flatMap((t) => [heading(3, t.title), table(t.headings, t.rows)!])]
}

function statementSection(title: string, adopted: PlanStatement[], candidates: PlanStatement[], none: string, labels: PlanLabels): string[] {
  const parts = [heading(3, title)]
  parts.push(adopted.length > 0 ? [`**${escapeMarkdown(labels.adopted)}**`, '', ...adopted.map((s) => statementItem(s, labels))].join('\n') : none)
  if (candidates.length > 0) parts.push([`**${escapeMarkdown(labels.candidates)}**`, '', ...candidates.map((s) => statementItem(s, labels))].join('\n'))
  return parts
}

function actionSection(plan: Plan, labels: PlanLabels): string[] {
  // Every CSV column but the shape id, under the labels the CSV columns carry.
  const columns = PLAN_CSV_COLUMNS.filter((column) => column.id !== 'id')
  const rows = plan.actions.map((action) => {
    const display = actionDisplay(plan, action, labels)
    return columns.map((column) => display[column.id])
  })
  return [heading(2, labels.actionPlan), table(columns.map((c) => labels.columns[c.id]), rows) ?? labels.noActions]
}

function monitoringSection(plan: Plan, labels: PlanLabels, options: ReportOptions): string[] {
  const { headings, rows } = indicatorTable(plan, labels, options.lang)
  return [heading(2, labels.monitoring), table(headings, rows) ?? labels.noIndicators]
}

function notesSection(plan: Plan, labels: PlanLabels): string[] {
  const groups = notesByStep(plan, labels)
  if (groups.length === 0) return [heading(2, labels.notes), labels.noNotes]
  return [
    heading(2, labels.notes),
    ...groups.flatMap((group) => [
      heading(3, group.title),
      ...group.clusters.flatMap((cluster) => [
        ...(cluster.title ? [heading(4, cluster.title)] : []),
        cluster.notes.map((note) => `- ${escapeMarkdown(note.text)}`).join('\n'),
      ]),
    ]),
  ]
}

/**
 * The plan as a Markdown report (CommonMark with GFM tables): title, stakeholders by sector, vision and missions,
 * the action plan, monitoring and evaluation, and the discussion notes. Headings and labels in `options.lang`;
 * every text from the board is escaped, so it shows literally.
 *
 * @example
 * planToMarkdown(plan, { lang: 'id' }) // → '# Forum Desa A\n\nRencana Aksi Forum Kemitraan Lokal\n…'
 */
export function planToMarkdown(plan: Plan, options: ReportOptions): string {
  const labels = planLabels(options.lang)
  const blocks = [
    heading(1, plan.forum.title),
    escapeMarkdown(labels.reportTitle),
    `${escapeMarkdown(labels.exportedOn)}: ${exportDate(options)}`,
    ...stakeholderSection(plan, labels),
    heading(2, labels.visionMission),
    ...statementSection(labels.vision, plan.vision.adopted ? [plan.vision.adopted] : [], plan.vision.candidates, labels.noAdoptedVision, labels),
    ...statementSection(labels.mission, plan.missions.adopted, plan.missions.candidates, labels.noAdoptedMissions, labels),
    ...actionSection(plan, labels),
    ...monitoringSection(plan, labels, options),
    ...notesSection(plan, labels),
  ]
  return `${blocks.join('\n\n')}\n`
}
