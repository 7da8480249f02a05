import { CSV_LIST_SEPARATOR } from './csvColumns'
import { directory, type Directory } from './extractActions'
import type { Plan, PlanAction, PlanParty, PlanStakeholder, PlanStatement } from './model'
import { fold } from './text'

/**
 * How a plan's entries map onto cards where a card holds less than the plan says (toBoard.ts): who an action card
 * names, and which statements go into the vision and mission areas in which state. docs/PLAN.md ("Import") lists what
 * does not survive.
 */

/** Who an action card names, in the plan's stakeholder ids. */
export interface BoardParties {
  /** The first responsible party, when it is a stakeholder of the plan: the card's `ownerId`. */
  ownerId: string | null
  /** The owner's name; or, without an owner card, the responsible parties known only by name. */
  ownerText: string
  /** Every responsible stakeholder (the owner too, as on the example boards): an arrow from its card to the action. */
  arrowsFrom: string[]
  /** Supporting stakeholders: the card's `supporterIds`. */
  supporterIds: string[]
}

/**
 * The plan's stakeholders by id and by name, as the extraction finds them (extractActions.ts).
 *
 * @example
 * stakeholderDirectory(plan).byName.get(fold('Dinas Pendidikan'))
 */
export function stakeholderDirectory(plan: Plan): Directory {
  return directory(plan.stakeholders)
}

/**
 * The parties of an action as one card holds them. A party is found among the plan's stakeholders by id, else by
 * name (as the extraction matches `ownerText`), so a name-only party that is a stakeholder gets its card.
 *
 * @example
 * boardParties(action, stakeholderDirectory(plan))
 * // → { ownerId: 'shape:pemdes', ownerText: 'Pemerintah Desa A', arrowsFrom: ['shape:pemdes'], supporterIds: ['shape:lsm'] }
 */
export function boardParties(action: PlanAction, people: Directory): BoardParties {
  const find = (party: PlanParty): PlanStakeholder | null =>
    (party.stakeholderId ? people.byId.get(party.stakeholderId) : undefined) ?? people.byName.get(fold(party.name)) ?? null
  const responsible = action.responsible.map((party) => ({ party, stakeholder: find(party) }))
  const owner = responsible[0]?.stakeholder ?? null
  const nameOnly = responsible.filter((r) => r.stakeholder === null).map((r) => r.party.name.trim())
  const arrowsFrom = unique(responsible.flatMap((r) => (r.stakeholder ? [r.stakeholder.id] : [])))
  const supporterIds = unique(action.supporters.flatMap((party) => find(party)?.id ?? [])).filter((id) => id !== owner?.id)
  return {
    ownerId: owner?.id ?? null,
    ownerText: owner ? owner.name : nameOnly.filter((name) => name !== '').join(CSV_LIST_SEPARATOR),
    arrowsFrom,
    supporterIds,
  }
}

export interface PlacedStatement {
  entry: PlanStatement
  state: PlanStatement['state']
}

/**
 * The vision statements in board order: the adopted one first, then the candidates. A candidate keeps its state: the
 * extraction adopts only the first adopted vision in board order and keeps any other adopted one as a candidate.
 *
 * @example
 * visionStatements(plan).map((s) => s.state) // → ['adopted', 'candidate', 'candidate']
 */
export function visionStatements(plan: Plan): PlacedStatement[] {
  const adopted = plan.vision.adopted
  const others = plan.vision.candidates.filter((c) => c.id !== adopted?.id)
  return [...(adopted ? [{ entry: adopted, state: 'adopted' as const }] : []), ...others.map((entry) => ({ entry, state: entry.state }))]
}

/**
 * The missions in board order: the adopted ones, then the candidates; the list an entry is in says its state.
 *
 * @example
 * missionStatements(plan).map((s) => s.state) // → ['adopted', 'adopted', 'candidate']
 */
export function missionStatements(plan: Plan): PlacedStatement[] {
  const adopted = new Set(plan.missions.adopted.map((m) => m.id))
  return [
    ...plan.missions.adopted.map((entry) => ({ entry, state: 'adopted' as const })),
    ...plan.missions.candidates.filter((c) => !adopted.has(c.id)).map((entry) => ({ entry, state: 'candidate' as const })),
  ]
}

/** The values without repeats, first occurrence kept: `unique([b, a, b]) // → [b, a]`. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}
