import { memo, useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Plan } from '../../shared/plan/model'
import { findProblems } from '../../shared/plan/problems'
import { LocateButton } from './LocateButton'
import { PlanSection } from './PlanSection'

/** What the plan still lacks (an action nobody owns, a missing due date…), each a button to the card on the board. */
export const ProblemsSection = memo(function ProblemsSection({ plan }: { plan: Plan }) {
  const { t } = useTranslation()
  const prefix = useId()
  const problems = useMemo(() => findProblems(plan), [plan])
  // A problem names its entry; the entry knows the shapes it came from.
  const entries = useMemo(() => {
    const map = new Map<string, { id: string; sources: readonly string[] }>()
    for (const entry of [...plan.stakeholders, ...plan.actions, ...plan.indicators]) map.set(entry.id, entry)
    return map
  }, [plan])

  return (
    <PlanSection
      className="plan-problems"
      title={
        <>
          {t('plan.problems.title')} <span className="count-pill">{problems.length}</span>
        </>
      }
    >
      {problems.length === 0 ? (
        <p className="plan-ok">{t('plan.problems.none')}</p>
      ) : (
        <ul className="plan-problem-list">
          {problems.map((problem, index) => {
            const kindId = `${prefix}-${index}`
            return (
              <li key={`${problem.kind}:${problem.id}`} data-kind={problem.kind}>
                <span id={kindId} className="plan-problem-kind">
                  {t(`plan.problems.kinds.${problem.kind}`)}
                </span>
                <LocateButton name={problem.label || t('plan.none')} entry={entries.get(problem.id) ?? { id: problem.id, sources: [] }} describedBy={kindId} />
              </li>
            )
          })}
        </ul>
      )}
    </PlanSection>
  )
})
