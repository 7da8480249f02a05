import type { ActionShape } from '../forum/cards'
import type { ArrowLink, Freeform } from './extractBoard'
import { readAction, type ActionFields } from './freeform'
import type { PlanAction, PlanIndicator, PlanParty, PlanStakeholder } from './model'
import { fold } from './text'

/**
 * Actions and who takes part in them. A party is a stakeholder of the plan when one can be found — by card
 * reference, by arrow, or by name — and a name only otherwise, so "PJ: Bu Kades" still says who is responsible on a
 * board without that stakeholder.
 */

/** The plan's stakeholders, by shape id and by folded name (the first in plan order wins a shared name). */
export interface Directory {
  byId: Map<string, PlanStakeholder>
  byName: Map<string, PlanStakeholder>
}

/**
 * Looks stakeholders up by id (cards and notes, for `ownerId` and arrows) and by name (for `PJ:` and `ownerText`).
 *
 * @example
 * directory(plan.stakeholders).byName.get(fold('dinas pendidikan'))
 */
export function directory(stakeholders: readonly PlanStakeholder[]): Directory {
  const byName = new Map<string, PlanStakeholder>()
  for (const stakeholder of stakeholders) {
    const key = fold(stakeholder.name)
    if (key && !byName.has(key)) byName.set(key, stakeholder)
  }
  return { byId: new Map(stakeholders.map((s) => [s.id, s])), byName }
}

function partyOf(stakeholder: PlanStakeholder): PlanParty {
  return { stakeholderId: stakeholder.id, name: stakeholder.name }
}

/** A written name as a party: the stakeholder of that name (any case, diacritics, punctuation), or the name alone. */
function namedParty(name: string, people: Directory): PlanParty {
  const match = people.byName.get(fold(name))
  return match ? partyOf(match) : { stakeholderId: null, name: name.trim() }
}

/**
 * The parties a `PJ:` or `Pendukung:` value names: the whole value when it is one stakeholder's name ("Dinas
 * Pendidikan, Pemuda dan Olahraga"), else each part between `,` `;` or `/`.
 *
 * @example
 * namedParties('Pemdes; LSM Berdaya', people) // → two parties
 */
export function namedParties(value: string, people: Directory): PlanParty[] {
  if (people.byName.has(fold(value))) return [namedParty(value, people)]
  return value
    .split(/[;,/]/)
    .map((part) => part.trim())
    .filter((part) => fold(part).length > 0)
    .map((part) => namedParty(part, people))
}

const partyKey = (party: PlanParty) => party.stakeholderId ?? `name:${fold(party.name)}`

/** Appends the parties not yet in `list` nor in `besides` (a supporter who is also responsible is listed once). */
function addParties(list: PlanParty[], parties: readonly PlanParty[], besides: readonly PlanParty[] = []): void {
  const seen = new Set([...list, ...besides].map(partyKey))
  for (const party of parties) {
    const key = partyKey(party)
    if (seen.has(key)) continue
    seen.add(key)
    list.push(party)
  }
}

/** Builds the entry field by field, so card and note actions list their fields in one order (props carry more). */
function planAction(id: PlanAction['id'], f: ActionFields, responsible: PlanParty[], supporters: PlanParty[]): PlanAction {
  return {
    id,
    goal: f.goal,
    strategy: f.strategy,
    tactics: f.tactics,
    responsible,
    supporters,
    budget: f.budget,
    people: f.people,
    knowledge: f.knowledge,
    funding: f.funding,
    startDate: f.startDate,
    dueDate: f.dueDate,
    indicator: f.indicator,
    target: f.target,
    status: f.status,
    sources: [id],
  }
}

/**
 * An action card as a plan action. Its owner is the stakeholder `ownerId` points at, else `ownerText` (matched to a
 * stakeholder by name); supporters are the `supporterIds` that are stakeholders of the plan. Dangling ids are skipped.
 *
 * @example
 * actionFromCard(card, directory(stakeholders)).responsible // → [{ stakeholderId: card.props.ownerId, name: '…' }]
 */
export function actionFromCard(card: ActionShape, people: Directory): PlanAction {
  const p = card.props
  const responsible: PlanParty[] = []
  const owner = p.ownerId ? people.byId.get(p.ownerId) : undefined
  if (owner) addParties(responsible, [partyOf(owner)])
  else if (fold(p.ownerText).length > 0) addParties(responsible, [namedParty(p.ownerText, people)])
  const supporters: PlanParty[] = []
  const supporting = p.supporterIds.map((id) => people.byId.get(id)).filter((s): s is PlanStakeholder => s !== undefined)
  addParties(supporters, supporting.map(partyOf), responsible)
  return planAction(card.id, p, responsible, supporters)
}

/**
 * A step-4 note as a plan action (conventions: shared/plan/freeform.ts `readAction`), its `PJ:` and `Pendukung:` names
 * matched to the plan's stakeholders.
 *
 * @example
 * actionFromNote(note, people).responsible // 'PJ: dinas pendidikan' → [{ stakeholderId: 'shape:…', name: 'Dinas Pendidikan' }]
 */
export function actionFromNote(item: Freeform, people: Directory): PlanAction {
  const draft = readAction(item.text)
  const responsible: PlanParty[] = []
  for (const value of draft.responsible) addParties(responsible, namedParties(value, people))
  const supporters: PlanParty[] = []
  for (const value of draft.supporters) addParties(supporters, namedParties(value, people), responsible)
  return planAction(item.shape.id, draft, responsible, supporters)
}

/**
 * What arrows say, applied in board order:
 * - stakeholder → action (start bound to a stakeholder card or step-1 note, end to an action card or step-4 note): the
 *   stakeholder is responsible when the action has no responsible party yet (no owner, no `PJ:`, no earlier arrow),
 *   else a supporter; already listed, it is not listed again. The arrow joins the action's sources.
 * - action ↔ indicator, either way round: the indicator measures the action. The arrow joins the indicator's sources.
 * Any other arrow, and any arrow with a loose or dangling end, says nothing.
 *
 * @example
 * applyArrows(board.arrows, people, actions, indicators) // updates the actions and indicators in place
 */
export function applyArrows(arrows: readonly ArrowLink[], people: Directory, actions: readonly PlanAction[], indicators: readonly PlanIndicator[]): void {
  const actionById = new Map(actions.map((a) => [a.id as string, a]))
  const indicatorById = new Map(indicators.map((i) => [i.id as string, i]))
  for (const { arrow, start, end } of arrows) {
    if (!start || !end) continue
    const stakeholder = people.byId.get(start)
    const action = actionById.get(end)
    if (stakeholder && action) {
      if (action.responsible.length === 0) addParties(action.responsible, [partyOf(stakeholder)])
      else addParties(action.supporters, [partyOf(stakeholder)], action.responsible)
      action.sources.push(arrow.shape.id)
      continue
    }
    const measured = actionById.get(start) ?? action
    const indicator = indicatorById.get(end) ?? indicatorById.get(start)
    if (measured && indicator && measured.id !== indicator.id) {
      if (!indicator.actionIds.includes(measured.id)) indicator.actionIds.push(measured.id)
      indicator.sources.push(arrow.shape.id)
    }
  }
}
