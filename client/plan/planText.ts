import { SECTORS, type Sector } from '../../shared/access'
import type { Quadrant } from '../../shared/forum/grid'
import type { PlanParty } from '../../shared/plan/model'

/** Quadrant names live with the board's own grid words (`cardShapes.grid.*`). */
export const QUADRANT_KEYS = {
  manage_closely: 'cardShapes.grid.manageClosely',
  keep_satisfied: 'cardShapes.grid.keepSatisfied',
  keep_informed: 'cardShapes.grid.keepInformed',
  monitor: 'cardShapes.grid.monitor',
} as const satisfies Record<Quadrant, string>

/** The sector groups of the stakeholder tables, in the article's order, then the stakeholders nobody placed yet. */
export const SECTOR_GROUPS: ReadonlyArray<Sector | null> = [...SECTORS, null]

/** The locale that writes numbers the reader's way (Indonesian: 1.250,5). */
export function numberLocale(lang: string): string {
  return lang.startsWith('en') ? 'en-GB' : 'id-ID'
}

/** Text from a card on one line: newlines and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * At most `max` characters (whole code points), with '…' when cut.
 *
 * @example
 * truncate('Pelatihan keterampilan usaha', 12) // → 'Pelatihan k…'
 */
export function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`
}

/** The names of an action's parties, in order, one line. */
export function partyNames(parties: readonly PlanParty[]): string {
  return parties.map((party) => oneLine(party.name)).filter(Boolean).join(', ')
}
