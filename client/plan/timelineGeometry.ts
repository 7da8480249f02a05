import { isIsoDate, type ActionStatus } from '../../shared/forum/cards'

/**
 * The geometry of the panel's action timeline: one row per dated action, a bar from start to due (a milestone when
 * only one date is known), month ticks and a line for today. Dates are calendar days (YYYY-MM-DD) counted in UTC so
 * no time zone moves them. Pure, so it can be tested without a DOM.
 */

export interface TimelineAction {
  id: string
  startDate: string | null
  dueDate: string | null
  status: ActionStatus
}

export interface TimelineRow {
  id: string
  kind: 'bar' | 'milestone'
  /** Left edge (a bar) or centre (a milestone). */
  x: number
  w: number
  /** Due before today and not done. */
  overdue: boolean
  /** The due date came before the start date: drawn between them, flagged. */
  reversed: boolean
}

export interface TimelineTick {
  x: number
  /** The first day of the month, YYYY-MM-DD. */
  date: string
}

export interface TimelineLayout {
  rows: TimelineRow[]
  /** Actions with neither date, in plan order. */
  undated: string[]
  ticks: TimelineTick[]
  /** Null when today lies far outside the plan's dates (the axis is not stretched for it). */
  todayX: number | null
  /** The first and last day the axis shows. */
  from: string
  to: string
}

const DAY = 86_400_000

/** Days since 1970-01-01 of a calendar date; null when it is not one. */
export function dayNumber(iso: string): number | null {
  if (!isIsoDate(iso)) return null
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return Math.round(Date.UTC(year, month - 1, day) / DAY)
}

/** Today as a calendar date where the reader is: not UTC, since at 06:00 in Jakarta it is still yesterday in UTC. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

/** Month steps that keep the axis at about eight labels or fewer. */
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60]

function monthTicks(from: number, to: number): string[] {
  const start = new Date(from * DAY)
  let year = start.getUTCFullYear()
  let month = start.getUTCMonth()
  if (start.getUTCDate() !== 1) month++
  const months: Array<[number, number]> = []
  for (;;) {
    if (month > 11) {
      year += Math.floor(month / 12)
      month %= 12
    }
    if (Date.UTC(year, month, 1) / DAY > to) break
    months.push([year, month])
    month++
  }
  const step = MONTH_STEPS.find((s) => months.length / s <= 8) ?? MONTH_STEPS.at(-1)!
  return months.filter(([y, m]) => (y * 12 + m) % step === 0).map(([y, m]) => isoOfDay(Date.UTC(y, m, 1) / DAY))
}

/**
 * Lays dated actions out along `[left, left + width]`, sorted by their first date.
 *
 * @example
 * timelineLayout([{ id: 'a', startDate: '2027-01-01', dueDate: '2027-03-31', status: 'planned' }], '2026-12-01', 0, 400)
 */
export function timelineLayout(actions: readonly TimelineAction[], today: string, left: number, width: number): TimelineLayout {
  const todayDay = dayNumber(today)
  const dated: Array<{ action: TimelineAction; start: number; end: number; kind: 'bar' | 'milestone'; reversed: boolean }> = []
  const undated: string[] = []
  for (const action of actions) {
    const start = action.startDate ? dayNumber(action.startDate) : null
    const due = action.dueDate ? dayNumber(action.dueDate) : null
    if (start === null && due === null) undated.push(action.id)
    else if (start !== null && due !== null) dated.push({ action, start: Math.min(start, due), end: Math.max(start, due), kind: 'bar', reversed: due < start })
    else dated.push({ action, start: (start ?? due)!, end: (start ?? due)!, kind: 'milestone', reversed: false })
  }
  dated.sort((a, b) => a.start - b.start || a.end - b.end)

  let from = dated.length ? Math.min(...dated.map((d) => d.start)) : (todayDay ?? 0)
  let to = dated.length ? Math.max(...dated.map((d) => d.end)) : (todayDay ?? 0) + 30
  // Today widens the axis only when it is near the plan: a plan for next year still shows where we stand now.
  const reach = Math.max(30, (to - from) * 0.5)
  const showToday = todayDay !== null && todayDay >= from - reach && todayDay <= to + reach
  if (showToday) {
    from = Math.min(from, todayDay)
    to = Math.max(to, todayDay)
  }
  const pad = Math.max(3, Math.round((to - from) * 0.03))
  from -= pad
  to += pad
  const scale = width / Math.max(1, to - from)
  const xOf = (day: number) => left + (day - from) * scale

  return {
    rows: dated.map(({ action, start, end, kind, reversed }) => {
      const due = action.dueDate ? dayNumber(action.dueDate) : null
      return {
        id: action.id,
        kind,
        x: xOf(start),
        // A bar of one day is still visible.
        w: kind === 'bar' ? Math.max(2, (end - start + 1) * scale) : 0,
        overdue: todayDay !== null && due !== null && due < todayDay && action.status !== 'done',
        reversed,
      }
    }),
    undated,
    ticks: monthTicks(from, to).map((date) => ({ date, x: xOf(dayNumber(date)!) })),
    todayX: showToday ? xOf(todayDay) : null,
    from: isoOfDay(from),
    to: isoOfDay(to),
  }
}
