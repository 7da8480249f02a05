import { LONG_TEXT_MAX, MAX_LINKS, MAX_RUPIAH, SHORT_TEXT_MAX } from '../forum/cards'
import type { Plan } from './model'
import { boardParties, stakeholderDirectory, unique } from './toBoardEntries'

/**
 * Most entries (stakeholders, statements, actions, indicators, notes together) one imported plan may hold: far above
 * any workshop, and low enough that the board it makes stays well inside a document's size limit.
 */
export const MAX_IMPORT_ENTRIES = 5000

/**
 * What in a valid plan a board cannot hold: texts longer than a card's field takes, more links than a card keeps, a
 * budget above the rupiah limit, too many entries. Each problem names the plan path (`actions.3.goal: …`), so the
 * person can find it in their file. Empty when the plan fits (`planToBoard` then makes only valid records).
 *
 * @example
 * boardLimitProblems(plan) // → ['actions.3.goal: at most 2000 characters (this one has 2412)']
 */
export function boardLimitProblems(plan: Plan): string[] {
  const problems: string[] = []
  const text = (path: string, value: string, max: number) => {
    if (value.length > max) problems.push(`${path}: at most ${max} characters (this one has ${value.length})`)
  }
  const links = (path: string, count: number) => {
    if (count > MAX_LINKS) problems.push(`${path}: at most ${MAX_LINKS} links a card (this one has ${count})`)
  }
  const total = plan.stakeholders.length + statementsOf(plan).length + plan.actions.length + plan.indicators.length + plan.notes.length
  if (total > MAX_IMPORT_ENTRIES) problems.push(`the plan has ${total} entries; a board made from a plan holds at most ${MAX_IMPORT_ENTRIES}`)

  plan.stakeholders.forEach((s, i) => {
    text(`stakeholders.${i}.name`, s.name, SHORT_TEXT_MAX)
    text(`stakeholders.${i}.organisation`, s.organisation, SHORT_TEXT_MAX)
    text(`stakeholders.${i}.role`, s.role, LONG_TEXT_MAX)
    text(`stakeholders.${i}.contact`, s.contact, SHORT_TEXT_MAX)
  })
  for (const { path, text: value } of statementsOf(plan)) text(`${path}.text`, value, LONG_TEXT_MAX)
  const people = stakeholderDirectory(plan)
  plan.actions.forEach((a, i) => {
    for (const field of ['goal', 'strategy', 'tactics', 'people', 'knowledge', 'indicator', 'target'] as const) text(`actions.${i}.${field}`, a[field], LONG_TEXT_MAX)
    const parties = boardParties(a, people)
    // The card's owner field holds the owner's name, or every responsible party known only by name.
    text(`actions.${i}.responsible`, parties.ownerText, SHORT_TEXT_MAX)
    if (a.budget !== null && a.budget > MAX_RUPIAH) problems.push(`actions.${i}.budget: at most ${MAX_RUPIAH} rupiah`)
    links(`actions.${i}.supporters`, parties.supporterIds.length)
  })
  const actionIds = new Set(plan.actions.map((a) => a.id))
  plan.indicators.forEach((indicator, i) => {
    text(`indicators.${i}.indicator`, indicator.indicator, LONG_TEXT_MAX)
    text(`indicators.${i}.unit`, indicator.unit, SHORT_TEXT_MAX)
    links(`indicators.${i}.actionIds`, unique(indicator.actionIds.filter((id) => actionIds.has(id))).length)
  })
  return problems
}

function statementsOf(plan: Plan): Array<{ path: string; text: string }> {
  return [
    ...(plan.vision.adopted ? [{ path: 'vision.adopted', text: plan.vision.adopted.text }] : []),
    ...plan.vision.candidates.map((s, i) => ({ path: `vision.candidates.${i}`, text: s.text })),
    ...plan.missions.adopted.map((s, i) => ({ path: `missions.adopted.${i}`, text: s.text })),
    ...plan.missions.candidates.map((s, i) => ({ path: `missions.candidates.${i}`, text: s.text })),
  ]
}
