import type { Plan, PlanProblem } from './model'

/**
 * What a plan still lacks, for the plan panel's list: a stakeholder without a sector, an action nobody is responsible
 * for or without a due date, an indicator without a target. In plan order — stakeholders, then actions (owner before
 * due date for one action), then indicators — so the list reads like the plan and stays put between extractions.
 *
 * @example
 * findProblems(extractPlan(records, meta))
 * // → [{ kind: 'actionWithoutDueDate', id: 'shape:…', label: 'Pelatihan menjahit' }]
 */
export function findProblems(plan: Plan): PlanProblem[] {
  const problems: PlanProblem[] = []
  for (const s of plan.stakeholders) {
    if (s.sector === null) problems.push({ kind: 'stakeholderWithoutSector', id: s.id, label: s.name })
  }
  for (const a of plan.actions) {
    if (a.responsible.length === 0) problems.push({ kind: 'actionWithoutOwner', id: a.id, label: a.goal })
    if (a.dueDate === null) problems.push({ kind: 'actionWithoutDueDate', id: a.id, label: a.goal })
  }
  for (const i of plan.indicators) {
    if (i.target === null) problems.push({ kind: 'indicatorWithoutTarget', id: i.id, label: i.indicator })
  }
  return problems
}
