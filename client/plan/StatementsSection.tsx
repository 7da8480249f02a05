import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Plan, PlanStatement } from '../../shared/plan/model'
import { LocateButton } from './LocateButton'
import { PlanSection } from './PlanSection'
import { oneLine } from './planText'

/** Candidates with the most votes first; those never voted on keep the board's order after them. */
function byVotes(candidates: readonly PlanStatement[]): PlanStatement[] {
  return [...candidates].sort((a, b) => (b.votes ?? -1) - (a.votes ?? -1))
}

/** Step 3's result: the adopted vision and missions, then the candidates and the votes they received. */
export const StatementsSection = memo(function StatementsSection({ vision, missions }: { vision: Plan['vision']; missions: Plan['missions'] }) {
  const { t } = useTranslation()
  return (
    <PlanSection title={t('plan.statements.title')} className="plan-statements">
      <h4>{t('plan.statements.vision')}</h4>
      {vision.adopted ? (
        <p className="plan-vision">
          <Statement statement={vision.adopted} />
        </p>
      ) : (
        <p className="plan-missing">{t('plan.statements.noVision')}</p>
      )}
      <Candidates candidates={vision.candidates} />
      <h4>{t('plan.statements.missions')}</h4>
      {missions.adopted.length > 0 ? (
        <ol className="plan-list plan-missions">
          {missions.adopted.map((mission) => (
            <li key={mission.id}>
              <Statement statement={mission} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="plan-missing">{t('plan.statements.noMissions')}</p>
      )}
      <Candidates candidates={missions.candidates} />
    </PlanSection>
  )
})

function Statement({ statement }: { statement: PlanStatement }) {
  const { t } = useTranslation()
  return <LocateButton name={oneLine(statement.text) || t('plan.untitled.statement')} entry={statement} />
}

function Candidates({ candidates }: { candidates: readonly PlanStatement[] }) {
  const { t } = useTranslation()
  if (candidates.length === 0) return null
  return (
    <>
      <p className="plan-candidates-title">{t('plan.statements.candidates')}</p>
      <ul className="plan-list plan-candidates">
        {byVotes(candidates).map((candidate) => (
          <li key={candidate.id}>
            <Statement statement={candidate} />
            {candidate.votes !== null && <span className="count-pill plan-votes">{t('plan.statements.votes', { count: candidate.votes })}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
