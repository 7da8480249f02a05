import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignSection,
  WidthType,
  type ISectionOptions,
} from 'docx'
import type { Plan, PlanStatement } from '../../shared/plan/model'
import { planLabels, type PlanLabels } from './labels'
import { actionDisplay, exportDate, indicatorTable, notesByStep, printable, stakeholderTables, type ReportOptions } from './values'

/** Width of the text on an A4 page with docx's default 1-inch margins, in twentieths of a point. */
const TEXT_WIDTH = { portrait: 11906 - 2 * 1440, landscape: 16838 - 2 * 1440 }

/**
 * Runs for one text: docx escapes `<` and `&` but passes characters XML forbids, which would make Word refuse the
 * whole file, so they are dropped; line breaks are kept as breaks (Word shows a raw newline as a space).
 */
function runs(text: string, style: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return printable(text)
    .split(/\r\n|\r|\n/)
    .map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : 0, ...style }))
}

function para(text: string, style: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({ children: runs(text, style) })
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: runs(text) })
}

/** "Label: value" on its own line of a cell; nothing when the value is empty. */
function labelled(label: string, value: string): Paragraph[] {
  return value.trim() ? [new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(value)] })] : []
}

function bullet(text: string): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, children: runs(text) })
}

/**
 * A table with a header row that Word repeats on every page; columns share `width` by `weights`. A cell is a text or
 * its paragraphs (never empty: Word needs a paragraph in every cell).
 */
function table(headings: readonly string[], weights: readonly number[], rows: ReadonlyArray<ReadonlyArray<string | Paragraph[]>>, width: number): Table {
  const total = weights.reduce((sum, w) => sum + w, 0)
  const columnWidths = weights.map((w) => Math.floor((w / total) * width))
  const cell = (content: string | Paragraph[], index: number, header = false) => {
    const children = typeof content === 'string' ? [para(content, { bold: header })] : content.length > 0 ? content : [para('')]
    return new TableCell({
      children,
      width: { size: columnWidths[index]!, type: WidthType.DXA },
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'D9E2F3' } } : {}),
    })
  }
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths,
    rows: [
      new TableRow({ tableHeader: true, children: headings.map((h, i) => cell(h, i, true)) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((content, i) => cell(content, i)) })),
    ],
  })
}

function titlePage(plan: Plan, labels: PlanLabels, options: ReportOptions): ISectionOptions {
  return {
    properties: { verticalAlign: VerticalAlignSection.CENTER },
    children: [
      new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: runs(plan.forum.title) }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 480 }, children: [new TextRun({ text: labels.reportTitle, size: 32 })] }),
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${labels.exportedOn}: ${exportDate(options)}`, size: 24 })] }),
    ],
  }
}

function stakeholders(plan: Plan, labels: PlanLabels): Array<Paragraph | Table> {
  const tables = stakeholderTables(plan, labels)
  if (tables.length === 0) return [heading(labels.stakeholders, HeadingLevel.HEADING_1), para(labels.noStakeholders)]
  return [
    heading(labels.stakeholders, HeadingLevel.HEADING_1),
    ...tables.flatMap((t) => [heading(t.title, HeadingLevel.HEADING_2), table(t.headings, [3, 3, 4, 1.6, 1.8, 2.4], t.rows, TEXT_WIDTH.portrait)]),
  ]
}

function statements(title: string, adopted: PlanStatement[], candidates: PlanStatement[], none: string, labels: PlanLabels): Paragraph[] {
  const votes = (s: PlanStatement) => (s.votes === null ? '' : ` (${labels.votes(s.votes)})`)
  return [
    heading(title, HeadingLevel.HEADING_2),
    ...(adopted.length > 0 ? [para(`${labels.adopted}:`, { bold: true }), ...adopted.map((s) => bullet(s.text + votes(s)))] : [para(none, { italics: true })]),
    ...(candidates.length > 0 ? [heading(labels.candidates, HeadingLevel.HEADING_3), ...candidates.map((s) => bullet(s.text + votes(s)))] : []),
  ]
}

function actionPlan(plan: Plan, labels: PlanLabels): Array<Paragraph | Table> {
  const { columns: c } = labels
  if (plan.actions.length === 0) return [heading(labels.actionPlan, HeadingLevel.HEADING_1), para(labels.noActions)]
  const rows = plan.actions.map((action) => {
    const d = actionDisplay(plan, action, labels)
    return [
      [para(d.goal, { bold: true }), ...labelled(c.strategy, d.strategy), ...labelled(c.tactics, d.tactics)],
      [...(d.responsible ? [para(d.responsible)] : []), ...labelled(c.responsible_sector, d.responsible_sector), ...labelled(c.supporters, d.supporters)],
      [...labelled(c.budget_idr, d.budget_idr), ...labelled(c.people, d.people), ...labelled(c.knowledge, d.knowledge)],
      d.funding,
      [...labelled(c.start_date, d.start_date), ...labelled(c.due_date, d.due_date)],
      [...labelled(c.indicator, d.indicator), ...labelled(c.target, d.target)],
      d.status,
    ]
  })
  const headings = [c.goal, c.responsible, labels.resources, c.funding, labels.dates, labels.indicatorTarget, c.status]
  return [heading(labels.actionPlan, HeadingLevel.HEADING_1), table(headings, [5, 3, 3.6, 1.6, 2.4, 3.6, 1.8], rows, TEXT_WIDTH.landscape)]
}

function monitoring(plan: Plan, labels: PlanLabels, options: ReportOptions): Array<Paragraph | Table> {
  const { headings, rows } = indicatorTable(plan, labels, options.lang)
  if (rows.length === 0) return [heading(labels.monitoring, HeadingLevel.HEADING_1), para(labels.noIndicators)]
  return [heading(labels.monitoring, HeadingLevel.HEADING_1), table(headings, [6, 1.6, 1.6, 1.8, 1.8, 1.6, 1.8], rows, TEXT_WIDTH.landscape)]
}

function notes(plan: Plan, labels: PlanLabels): Paragraph[] {
  const groups = notesByStep(plan, labels)
  if (groups.length === 0) return [heading(labels.notes, HeadingLevel.HEADING_1), para(labels.noNotes)]
  return [
    heading(labels.notes, HeadingLevel.HEADING_1),
    ...groups.flatMap((group) => [
      heading(group.title, HeadingLevel.HEADING_2),
      ...group.clusters.flatMap((cluster) => [
        ...(cluster.title ? [heading(cluster.title, HeadingLevel.HEADING_3)] : []),
        ...cluster.notes.map((note) => bullet(note.text)),
      ]),
    ]),
  ]
}

function pageNumberFooter(): { default: Footer } {
  return { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }) }
}

/**
 * The plan as a Word report: a title page (forum, report name, export date dd/mm/yyyy), then stakeholders by sector,
 * vision and missions (portrait), the action plan, monitoring and evaluation and the discussion notes (landscape, for
 * the wide tables). Headings use Word's Heading 1–3 styles with outline levels, so the navigation pane and a table of
 * contents find them. Words in `options.lang` (Bahasa Indonesia by default); board text is escaped by docx and
 * stripped of the characters XML forbids.
 *
 * @example
 * const bytes = await planToDocx(plan, { lang: 'id' })
 */
export async function planToDocx(plan: Plan, options: ReportOptions): Promise<Buffer> {
  const labels = planLabels(options.lang)
  const footers = pageNumberFooter()
  const document = new Document({
    creator: 'Rembug',
    title: printable(`${plan.forum.title} – ${labels.reportTitle}`),
    lastModifiedBy: 'Rembug',
    description: labels.reportTitle,
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22, language: { value: options.lang === 'en' ? 'en-GB' : 'id-ID' } } },
        // docx's heading styles carry no outline level; Word's navigation pane and LibreOffice's navigator need one.
        heading1: { paragraph: { outlineLevel: 0, spacing: { before: 360, after: 160 } } },
        heading2: { paragraph: { outlineLevel: 1, spacing: { before: 240, after: 120 } } },
        heading3: { paragraph: { outlineLevel: 2, spacing: { before: 200, after: 80 } } },
      },
    },
    sections: [
      titlePage(plan, labels, options),
      {
        footers,
        children: [
          ...stakeholders(plan, labels),
          heading(labels.visionMission, HeadingLevel.HEADING_1),
          ...statements(labels.vision, plan.vision.adopted ? [plan.vision.adopted] : [], plan.vision.candidates, labels.noAdoptedVision, labels),
          ...statements(labels.mission, plan.missions.adopted, plan.missions.candidates, labels.noAdoptedMissions, labels),
        ],
      },
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        footers,
        children: [...actionPlan(plan, labels), ...monitoring(plan, labels, options), ...notes(plan, labels)],
      },
    ],
  })
  return Packer.toBuffer(document)
}
