import type { Sector } from '../access'
import type { ActionStatus, FundingSource, StatementKind } from '../forum/cards'
import type { PlanAction, PlanIndicator, PlanStakeholder } from './model'
import { amountOnly, cleanText, findDeadline, findMoney, fold, parseDate, parseMoney, parseQuantity, parseScore, textLines } from './text'

/**
 * What people write on sticky notes, read as plan fields. A note is lines; a line `Label: value` whose label is one
 * of the conventions below (either language, any case, with or without diacritics, bullets or **bold**) fills that
 * field; every other line is free text. docs/PLAN.md lists the conventions with examples.
 */

export type Field =
  | 'responsible' | 'supporters' | 'due' | 'start' | 'budget' | 'funding' | 'status' | 'indicator' | 'target'
  | 'strategy' | 'tactics' | 'people' | 'knowledge' | 'baseline' | 'current' | 'unit'
  | 'sector' | 'organisation' | 'role' | 'contact' | 'influence' | 'interest' | 'votes' | 'vision' | 'mission'

/** Each field's labels, as `fold` writes them. */
export const LABELS: Record<Field, readonly string[]> = {
  responsible: ['pj', 'penanggung jawab', 'penanggungjawab', 'pic', 'owner', 'responsible', 'person in charge'],
  supporters: ['pendukung', 'mitra', 'didukung oleh', 'supporters', 'supporter', 'supported by', 'partners', 'partner'],
  due: ['tenggat', 'tenggat waktu', 'batas waktu', 'deadline', 'due', 'due date'],
  start: ['mulai', 'tanggal mulai', 'start', 'start date', 'starts'],
  budget: ['anggaran', 'biaya', 'budget', 'cost'],
  funding: ['dana', 'sumber dana', 'pendanaan', 'funding', 'funding source', 'source of funds', 'funded by'],
  status: ['status'],
  indicator: ['indikator', 'indicator'],
  target: ['target', 'sasaran'],
  strategy: ['strategi', 'strategy'],
  tactics: ['taktik', 'tactics', 'tactic'],
  people: ['tenaga', 'sdm', 'orang', 'people', 'staff'],
  knowledge: ['pengetahuan', 'keahlian', 'knowledge', 'skills'],
  baseline: ['awal', 'nilai awal', 'kondisi awal', 'baseline'],
  current: ['capaian', 'capaian saat ini', 'saat ini', 'realisasi', 'current', 'current value', 'actual'],
  unit: ['satuan', 'unit'],
  sector: ['sektor', 'sector'],
  organisation: ['organisasi', 'lembaga', 'instansi', 'organisation', 'organization'],
  role: ['peran', 'role'],
  contact: ['kontak', 'hp', 'telepon', 'telp', 'wa', 'email', 'e mail', 'contact', 'phone'],
  influence: ['pengaruh', 'influence', 'power'],
  interest: ['kepentingan', 'minat', 'interest'],
  votes: ['suara', 'votes', 'vote'],
  vision: ['visi', 'vision'],
  mission: ['misi', 'mission'],
}

const FIELD_OF_LABEL = new Map<string, Field>(
  (Object.entries(LABELS) as Array<[Field, readonly string[]]>).flatMap(([field, labels]) => labels.map((label) => [label, field] as const)),
)

export const STAKEHOLDER_FIELDS: ReadonlySet<Field> = new Set(['sector', 'organisation', 'role', 'contact', 'influence', 'interest'])
export const ACTION_FIELDS: ReadonlySet<Field> = new Set([
  'responsible', 'supporters', 'due', 'start', 'budget', 'funding', 'status', 'indicator', 'target', 'strategy', 'tactics', 'people', 'knowledge',
])
export const INDICATOR_FIELDS: ReadonlySet<Field> = new Set(['indicator', 'target', 'baseline', 'current', 'unit', 'due'])
export const STATEMENT_FIELDS: ReadonlySet<Field> = new Set(['vision', 'mission', 'votes', 'status'])

export interface Line {
  /** The convention the line follows, or `null` for free text. */
  field: Field | null
  /** The value after the label, or the whole line for free text. */
  value: string
}

/** `- **PJ:** Dinas` → label `**PJ`, value `** Dinas`. The label is short, so the pattern stays linear on long lines. */
const LABELLED = /^[\s\-–—•*·>#]{0,8}([^:：\n]{1,40}?)\s{0,8}[:：]\s*(.*)$/su

/**
 * A text's lines, each recognised as one of the `allowed` conventions or as free text. Markup around a label (bullets,
 * `**bold**`) and a trailing number ("Misi 2:") do not hide it; an empty value leaves the line free.
 *
 * @example
 * readLines('Latih kader\nPJ: Dinas', ACTION_FIELDS)
 * // → [{ field: null, value: 'Latih kader' }, { field: 'responsible', value: 'Dinas' }]
 */
export function readLines(text: string, allowed: ReadonlySet<Field>): Line[] {
  return textLines(text).map((line) => {
    const m = line.includes(':') || line.includes('：') ? LABELLED.exec(line) : null
    if (m) {
      const label = fold(m[1]!).replace(/(?: \d+)+$/, '')
      const field = FIELD_OF_LABEL.get(label)
      const value = m[2]!.replace(/^[*_\s]+|[*_\s]+$/g, '')
      if (field && allowed.has(field) && value.length > 0) return { field, value }
    }
    return { field: null, value: line }
  })
}

/** The values of a field's lines, in order; `null` gives the free lines. */
function valuesOf(lines: readonly Line[], field: Field | null): string[] {
  return lines.filter((line) => line.field === field).map((line) => line.value)
}

function firstOf(lines: readonly Line[], field: Field): string | undefined {
  return lines.find((line) => line.field === field)?.value
}

/** Phrases are looked for in a text's first 2,000 characters (a card's longest text): a name comes first. */
const PHRASE_SCAN = 2000

/**
 * A lookup of phrases in folded text: the phrase that starts earliest wins, the longer one on a tie ("belum selesai"
 * over "selesai"). Whole words only.
 */
function phraseMatcher<T extends string>(table: Record<T, readonly string[]>): (text: string) => T | null {
  const entries = (Object.entries(table) as Array<[T, readonly string[]]>).flatMap(([value, phrases]) => phrases.map((p) => [` ${p} `, value] as const))
  return (text) => {
    const padded = ` ${fold(text.slice(0, PHRASE_SCAN))} `
    let best: { index: number; length: number; value: T } | null = null
    for (const [phrase, value] of entries) {
      const index = padded.indexOf(phrase)
      if (index < 0) continue
      if (!best || index < best.index || (index === best.index && phrase.length > best.length)) best = { index, length: phrase.length, value }
    }
    return best?.value ?? null
  }
}

/** Words that name, or give away, a sector. */
const SECTOR_WORDS: Record<Sector, readonly string[]> = {
  pemerintah: [
    'pemerintah', 'pemerintahan', 'government', 'local government', 'pemda', 'pemkab', 'pemkot', 'pemprov', 'pemdes', 'kantor desa',
    'dinas', 'dprd', 'bappeda', 'kecamatan', 'kelurahan', 'kementerian', 'ministry', 'parliament', 'bupati', 'camat', 'kepala desa',
  ],
  masyarakat_sipil: [
    'masyarakat sipil', 'civil society', 'lsm', 'ngo', 'ornop', 'ormas', 'komunitas', 'community', 'yayasan', 'foundation', 'nirlaba',
    'non profit', 'nonprofit', 'tokoh masyarakat', 'tokoh agama', 'pkk', 'karang taruna', 'paguyuban', 'komite sekolah', 'relawan',
  ],
  swasta: [
    'swasta', 'sektor swasta', 'private sector', 'private', 'perusahaan', 'company', 'business', 'bisnis', 'ukm', 'umkm', 'sme',
    'koperasi', 'cooperative', 'bank', 'bpr', 'pt', 'pengusaha', 'penerbit', 'publisher', 'industri', 'industry',
  ],
  akademisi: [
    'akademisi', 'academia', 'academic', 'academics', 'universitas', 'university', 'kampus', 'campus', 'perguruan tinggi', 'politeknik',
    'polytechnic', 'peneliti', 'researcher', 'research', 'dosen', 'lecturer', 'fakultas', 'faculty', 'pusat studi', 'sekolah tinggi',
  ],
}

/**
 * The sector a text names or gives away ("Sektor Swasta", "LSM", "Universitas…"), or `null`.
 *
 * @example
 * sectorIn('Koperasi UKM Maju Bersama') // → 'swasta'
 */
export const sectorIn = phraseMatcher(SECTOR_WORDS)

const SECTOR_NAMES = new Set(
  ['pemerintah', 'government', 'masyarakat sipil', 'civil society', 'swasta', 'sektor swasta', 'private sector', 'akademisi', 'academia'].map(fold),
)

const fundingIn = phraseMatcher<Exclude<FundingSource, 'other'>>({
  apbdes: ['apbdes', 'apb desa', 'dana desa', 'add', 'alokasi dana desa', 'village budget'],
  apbd: ['apbd', 'regional budget'],
  csr: ['csr'],
  donor: ['donor', 'donasi', 'hibah', 'grant', 'donation'],
  swadaya: ['swadaya', 'gotong royong', 'iuran', 'self funded', 'community funded'],
})

/**
 * The funding source a `Dana:` value names; any other source is `other`.
 *
 * @example
 * fundingOf('Dana Desa (APBDes)') // → 'apbdes'
 */
export function fundingOf(value: string): FundingSource | null {
  if (fold(value).length === 0) return null
  return fundingIn(value) ?? 'other'
}

const statusIn = phraseMatcher<ActionStatus>({
  planned: ['direncanakan', 'rencana', 'belum mulai', 'belum dimulai', 'planned', 'not started', 'to do', 'todo'],
  in_progress: ['berjalan', 'sedang berjalan', 'proses', 'dalam proses', 'belum selesai', 'in progress', 'ongoing', 'on going', 'on track', 'started'],
  done: ['selesai', 'tuntas', 'tercapai', 'done', 'completed', 'complete', 'finished', 'achieved'],
  blocked: ['terhambat', 'macet', 'tertunda', 'ada kendala', 'blocked', 'stuck', 'delayed', 'on hold'],
})

/**
 * The action status a `Status:` value names; `planned` when it names none.
 *
 * @example
 * statusOf('sedang berjalan') // → 'in_progress'
 */
export function statusOf(value: string | undefined): ActionStatus {
  return (value && statusIn(value)) || 'planned'
}

// ——— Readers, one per kind of entry ———

/** A stakeholder's own fields, as a note gives them (its id, quadrant and sources are the caller's). */
export type StakeholderDraft = Omit<PlanStakeholder, 'id' | 'quadrant' | 'sources'>

/**
 * A stakeholder from a step-1 note: the first free line is the name; `Sektor:`, a line that is only a sector's name,
 * or a sector word in the text gives the sector; other free lines are the role.
 *
 * @example
 * readStakeholder('Dinas Pendidikan\nPeran: Mendanai buku').sector // → 'pemerintah'
 */
export function readStakeholder(text: string): StakeholderDraft {
  const lines = readLines(text, STAKEHOLDER_FIELDS)
  const free = valuesOf(lines, null)
  const [name = '', ...rest] = free
  const sectorLines = rest.filter((line) => SECTOR_NAMES.has(fold(line)))
  const roleLines = rest.filter((line) => !SECTOR_NAMES.has(fold(line)))
  const said = firstOf(lines, 'sector')
  return {
    name,
    sector: (said !== undefined ? sectorIn(said) : null) ?? (sectorLines[0] !== undefined ? sectorIn(sectorLines[0]) : null) ?? sectorIn(text),
    organisation: valuesOf(lines, 'organisation').join('; '),
    role: [...valuesOf(lines, 'role'), ...roleLines].join('\n'),
    contact: valuesOf(lines, 'contact').join('; '),
    influence: parseScore(firstOf(lines, 'influence') ?? '', 1, 5),
    interest: parseScore(firstOf(lines, 'interest') ?? '', 1, 5),
  }
}

/** An action's own fields, from a card's props or a note (parties and sources are resolved by the caller). */
export type ActionFields = Omit<PlanAction, 'id' | 'responsible' | 'supporters' | 'sources'>
/** What a note says of an action: its fields, and the names written after `PJ:` and `Pendukung:`. */
export type ActionDraft = ActionFields & { responsible: string[]; supporters: string[] }

/**
 * An action from a step-4 note: the first free line is the goal, further free lines are tactics (the how), and the
 * conventions fill the rest. Without `Anggaran:` the first amount written anywhere is the budget; without `Tenggat:`
 * a date after "sebelum" / "by" is the due date.
 *
 * @example
 * readAction('Pelatihan menjahit\nPJ: Pemdes\nTenggat: 30/06/2027\nRp 15 juta')
 * // → { goal: 'Pelatihan menjahit', responsible: ['Pemdes'], dueDate: '2027-06-30', budget: 15000000, … }
 */
export function readAction(text: string): ActionDraft {
  const lines = readLines(text, ACTION_FIELDS)
  const free = valuesOf(lines, null)
  const [goal = '', ...rest] = free
  // A line that is only an amount ("Rp 15 juta") is the budget, not part of the how.
  const amounts = rest.map(amountOnly)
  const join = (field: Field) => valuesOf(lines, field).join('\n')
  const budgetText = firstOf(lines, 'budget')
  const fundingText = firstOf(lines, 'funding')
  const freeText = free.join('\n')
  const dueText = firstOf(lines, 'due')
  const startText = firstOf(lines, 'start')
  return {
    goal,
    strategy: join('strategy'),
    tactics: [...valuesOf(lines, 'tactics'), ...rest.filter((_, i) => amounts[i] === null)].join('\n'),
    responsible: valuesOf(lines, 'responsible'),
    supporters: valuesOf(lines, 'supporters'),
    // "Dana: Rp 5 juta" says an amount, not a source: read it as the budget when nothing else does.
    budget:
      (budgetText !== undefined ? parseMoney(budgetText) : null) ??
      amounts.find((amount) => amount !== null) ??
      findMoney(freeText) ??
      (fundingText !== undefined ? findMoney(fundingText) : null),
    people: join('people'),
    knowledge: join('knowledge'),
    funding: fundingText !== undefined && (fundingIn(fundingText) || findMoney(fundingText) === null) ? fundingOf(fundingText) : null,
    startDate: startText !== undefined ? parseDate(startText) : null,
    dueDate: (dueText !== undefined ? parseDate(dueText) : null) ?? findDeadline(freeText),
    indicator: join('indicator'),
    target: join('target'),
    status: statusOf(firstOf(lines, 'status')),
  }
}

/** An indicator's own fields, as a note gives them. */
export type IndicatorDraft = Omit<PlanIndicator, 'id' | 'actionIds' | 'progress' | 'sources'>

/**
 * An indicator from a step-5 note: `Indikator:` or the free lines name it; `Target:`, `Awal:`, `Capaian:` are numbers
 * whose trailing words are the unit unless `Satuan:` says it.
 *
 * @example
 * readIndicator('Guru terlatih\nAwal: 0\nTarget: 120 guru\nCapaian: 45')
 * // → { indicator: 'Guru terlatih', baseline: 0, target: 120, current: 45, unit: 'guru', dueDate: null }
 */
export function readIndicator(text: string): IndicatorDraft {
  const lines = readLines(text, INDICATOR_FIELDS)
  const free = valuesOf(lines, null)
  const quantity = (field: Field) => parseQuantity(firstOf(lines, field) ?? '')
  const [target, baseline, current] = [quantity('target'), quantity('baseline'), quantity('current')]
  const dueText = firstOf(lines, 'due')
  return {
    indicator: [...valuesOf(lines, 'indicator'), ...free].join('\n'),
    baseline: baseline.value,
    target: target.value,
    current: current.value,
    unit: firstOf(lines, 'unit') ?? ([target, current, baseline].find((q) => q.value !== null && q.unit !== '')?.unit ?? ''),
    dueDate: (dueText !== undefined ? parseDate(dueText) : null) ?? findDeadline(free.join('\n')),
  }
}

export interface StatementDraft {
  /** From a `Visi:` / `Misi:` prefix; `null` when the text has none. */
  kind: StatementKind | null
  text: string
  adopted: boolean
  votes: number | null
}

/** Marks that say a statement was agreed, at the start or the end of its (trimmed) text. No `\s*` before a mark:
 * on a long run of spaces that would backtrack quadratically. */
const START_MARK = /^(?:[✓✔☑✅]\uFE0F?|\[x\])/iu
const END_MARK = /(?:[✓✔☑✅]\uFE0F?|[([](?:disepakati|diadopsi|terpilih|sepakat|adopted|agreed|chosen)[)\]])$/iu
const ADOPTED_WORDS = new Set(['disepakati', 'diadopsi', 'terpilih', 'sepakat', 'adopted', 'agreed', 'chosen'])

/**
 * A vision or mission statement from a step-3 note. `Visi:` / `Misi:` (or `Vision:` / `Mission:`) say which; a ✓,
 * "[x]", "(disepakati)" or "(adopted)" mark, or `Status: disepakati`, says it was agreed; `Suara: 12` counts votes.
 *
 * @example
 * readStatement('Misi: Membuka akses modal ✓') // → { kind: 'mission', text: 'Membuka akses modal', adopted: true, votes: null }
 */
export function readStatement(text: string): StatementDraft {
  // The mark comes off first: "✔ Visi: …" would otherwise hide it inside the label.
  const raw = cleanText(text)
  const unmarked = raw.replace(START_MARK, '').trimStart().replace(END_MARK, '').trimEnd()
  const lines = readLines(unmarked, STATEMENT_FIELDS)
  const first = lines.find((line) => line.field === 'vision' || line.field === 'mission')
  const body = lines.filter((line) => line.field === null || line.field === 'vision' || line.field === 'mission').map((line) => line.value)
  const status = firstOf(lines, 'status')
  const votes = firstOf(lines, 'votes')
  return {
    kind: first ? (first.field as StatementKind) : null,
    text: body.join('\n'),
    adopted: unmarked !== raw || (status !== undefined && ADOPTED_WORDS.has(fold(status))),
    votes: votes !== undefined ? parseScore(votes, 0, 1e9) : null,
  }
}
