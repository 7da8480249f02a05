import type { Plan } from '../../shared/plan/model'

/**
 * `next`, with every top-level part that did not change replaced by the same object from `prev` — and `prev` itself
 * when nothing changed. Extraction builds new objects every time; keeping the old ones lets the panel's memoised
 * sections skip rendering while a person types in one note of a 2,000-shape board.
 *
 * @example
 * const plan = keepUnchanged(previous, extractPlan(records, meta))
 * plan.stakeholders === previous.stakeholders // → true when no stakeholder changed
 */
export function keepUnchanged(prev: Plan | null, next: Plan): Plan {
  if (!prev) return next
  let changed = false
  const merged = { ...next } as Record<keyof Plan, unknown>
  for (const key of Object.keys(next) as Array<keyof Plan>) {
    if (prev[key] === next[key] || JSON.stringify(prev[key]) === JSON.stringify(next[key])) merged[key] = prev[key]
    else changed = true
  }
  if (!changed && Object.keys(prev).length === Object.keys(next).length) return prev
  return merged as Plan
}
