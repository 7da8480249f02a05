import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { CLUSTERS, type Cluster } from '../../shared/forum/texts'
import type { PlanNote, PlanStep } from '../../shared/plan/model'
import { LocateButton } from './LocateButton'
import { Empty, PlanSection } from './PlanSection'
import { oneLine } from './planText'

const STEPS: ReadonlyArray<number | null> = [1, 2, 3, 4, 5, null]
const CLUSTER_GROUPS: ReadonlyArray<Cluster | null> = [...CLUSTERS, null]

/**
 * The sticky notes of the workshop, by step and, in step 2, by discussion cluster. Each step folds (`<details>`,
 * closed at first: a long workshop has hundreds of notes); printing opens them all.
 */
export const NotesSection = memo(function NotesSection({ notes, steps }: { notes: readonly PlanNote[]; steps: readonly PlanStep[] }) {
  const { t } = useTranslation()
  const groups = STEPS.map((step) => ({ step, notes: notes.filter((note) => note.step === step) })).filter((group) => group.notes.length > 0)
  const stepTitle = (step: number | null) =>
    step === null ? t('plan.notes.outside') : (steps.find((s) => s.step === step)?.title.trim() || t('plan.notes.step', { step }))
  return (
    <PlanSection title={t('plan.notes.title')} className="plan-notes">
      {groups.length === 0 && <Empty>{t('plan.notes.empty')}</Empty>}
      {groups.map(({ step, notes: inStep }) => {
        const clusters = CLUSTER_GROUPS.map((cluster) => ({ cluster, notes: inStep.filter((note) => note.cluster === cluster) })).filter((group) => group.notes.length > 0)
        const clustered = clusters.some((group) => group.cluster !== null)
        return (
          <details key={step ?? 'outside'} className="plan-details">
            <summary>
              {stepTitle(step)} <span className="muted">({t('plan.notes.count', { count: inStep.length })})</span>
            </summary>
            {clusters.map(({ cluster, notes: inCluster }) => (
              <div key={cluster ?? 'none'} className="plan-cluster">
                {clustered && <h4>{cluster ? t(`plan.notes.clusters.${cluster}`) : t('plan.notes.noCluster')}</h4>}
                <ul className="plan-list">
                  {inCluster.map((note) => (
                    <li key={note.id}>
                      <LocateButton name={oneLine(note.text) || t('plan.untitled.note')} entry={note} />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </details>
        )
      })}
    </PlanSection>
  )
})
