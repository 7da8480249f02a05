import { createEvents, type DateArray, type EventAttributes } from 'ics'
import type { Plan } from '../../shared/plan/model'
import { planLabels } from './labels'
import { datedActions, partyNames, printable, type ReportOptions } from './values'

/** `YYYY-MM-DD` as the `[year, month, day]` the ics library takes for an all-day date. */
function dateArray(iso: string): [number, number, number] {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return [year, month, day]
}

/** The day after `iso`: an all-day event ends (exclusively) the next day (RFC 5545 §3.6.1). */
function nextDay(iso: string): DateArray {
  const [year, month, day] = dateArray(iso)
  const next = new Date(Date.UTC(year, month - 1, day + 1))
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()]
}

/**
 * Board text as one calendar text value. The ics library escapes `\ ; ,` and LF but not a lone CR, which would end
 * the content line early; every kind of line break becomes LF first.
 */
function calendarText(text: string): string {
  return printable(text).replace(/\r\n?/g, '\n')
}

/** RFC 5545 TEXT escaping (§3.3.11), as the library applies it to summaries and descriptions. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, '\\$&')
}

/**
 * A UID that stays the same across exports of the same action, so a calendar that imports the file again updates
 * the event instead of adding a copy (RFC 5545 §3.8.4.7: globally unique, `@domain` form recommended).
 */
export function actionUid(boardId: string | null, actionId: string): string {
  return `${boardId ?? 'board'}-${actionId.replace(/^shape:/, '')}@rembug`
}

const encoder = new TextEncoder()

/**
 * Folds content lines at 75 octets (RFC 5545 §3.1). The ics library folds at 75 characters, which is longer than
 * 75 octets for any text beyond ASCII (Indonesian names with é, 中文, emoji); a fold never splits a character.
 */
export function foldOctets(calendar: string): string {
  const lines = calendar.replace(/\r\n[ \t]/g, '').split('\r\n')
  return lines
    .map((line) => {
      const parts: string[] = []
      let current = ''
      let bytes = 0
      for (const char of line) {
        const size = encoder.encode(char).length
        // The first line holds 75 octets; a continuation line 74 after its leading space.
        if (bytes + size > (parts.length === 0 ? 75 : 74)) {
          parts.push(current)
          current = ''
          bytes = 0
        }
        current += char
        bytes += size
      }
      parts.push(current)
      return parts.join('\r\n ')
    })
    .join('\r\n')
}

/**
 * The plan's deadlines as an iCalendar file: one all-day VEVENT per action with a due date, on that date, its
 * summary the action's goal and its description who is responsible and the status. Actions without a due date are
 * left out.
 *
 * @example
 * planToIcs(plan, { lang: 'id' }) // → 'BEGIN:VCALENDAR\r\n…DTSTART;VALUE=DATE:20270630\r\n…'
 */
export function planToIcs(plan: Plan, options: ReportOptions): string {
  const labels = planLabels(options.lang)
  const events: EventAttributes[] = datedActions(plan).map((action) => {
    const responsible = partyNames(action.responsible).join(', ')
    const description = [
      ...(responsible ? [`${labels.columns.responsible}: ${responsible}`] : []),
      `${labels.columns.status}: ${labels.statuses[action.status]}`,
      ...(action.target.trim() ? [`${labels.columns.target}: ${action.target}`] : []),
    ].join('\n')
    return {
      uid: actionUid(plan.forum.boardId, action.id),
      start: dateArray(action.dueDate),
      end: nextDay(action.dueDate),
      title: calendarText(action.goal.trim() || labels.untitledAction),
      description: calendarText(description),
      // Deadlines do not block anybody's day.
      transp: 'TRANSPARENT',
    }
  })
  const { error, value } = createEvents(events, {
    productId: '-//Rembug//Rencana Aksi//ID',
    method: 'PUBLISH',
    // The library escapes event texts but writes the calendar name as given.
    calName: escapeText(calendarText(`${plan.forum.title} – ${labels.reportTitle}`).replace(/\n/g, ' ')),
  })
  if (error || value === null) throw error ?? new Error('the calendar could not be written')
  return foldOctets(value)
}
