import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatRupiah } from '../../shared/forum/rupiah'
import type { PlanAction, PlanIndicator } from '../../shared/plan/model'
import { formatDate } from '../i18n'
import { LocateButton } from './LocateButton'
import { Empty, PlanSection } from './PlanSection'
import { Cell, PlanTable, Row, RowHeader, type Column } from './PlanTable'
import { numberLocale, oneLine, partyNames } from './planText'
import { localToday } from './timelineGeometry'

/** Step 4's result: each action's goal, who is responsible, when it is due, its budget and status, with the total. */
export const ActionsTable = memo(function ActionsTable({ actions, today = localToday() }: { actions: readonly PlanAction[]; today?: string }) {
  const { t } = useTranslation()
  const budgeted = actions.filter((action) => action.budget !== null)
  const total = budgeted.reduce((sum, action) => sum + action.budget!, 0)
  const [goal, responsible, due, budget, status] = [
    { label: t('plan.actions.goal') },
    { label: t('plan.actions.responsible') },
    { label: t('plan.actions.due') },
    { label: t('plan.actions.budget'), numeric: true },
    { label: t('plan.actions.status') },
  ] as [Column, Column, Column, Column, Column]
  return (
    <PlanSection title={t('plan.actions.title')}>
      {actions.length === 0 ? (
        <Empty>{t('plan.actions.empty')}</Empty>
      ) : (
        <PlanTable
          className="plan-actions"
          caption={t('plan.actions.caption', { count: actions.length })}
          columns={[goal, responsible, due, budget, status]}
          foot={
            budgeted.length > 0 && (
              <Row className="plan-total">
                <RowHeader colSpan={3}>{t('plan.actions.total')}</RowHeader>
                <Cell column={budget}>{formatRupiah(total)}</Cell>
                <Cell column={status} className="plan-nothing" />
              </Row>
            )
          }
        >
          {actions.map((action) => {
            const overdue = action.dueDate !== null && action.dueDate < today && action.status !== 'done'
            const who = partyNames(action.responsible)
            return (
              <Row key={action.id}>
                <RowHeader>
                  <LocateButton name={oneLine(action.goal) || t('plan.untitled.action')} entry={action} />
                </RowHeader>
                <Cell column={responsible}>{who || <span className="plan-missing">{t('plan.actions.nobody')}</span>}</Cell>
                <Cell column={due} className="plan-date">
                  {action.dueDate ? formatDate(action.dueDate) : <span className="plan-missing">{t('plan.none')}</span>}
                  {overdue && <span className="plan-badge overdue"> {t('plan.actions.overdue')}</span>}
                </Cell>
                <Cell column={budget}>
                  {action.budget !== null ? formatRupiah(action.budget) : t('plan.none')}
                  {action.funding && <span className="plan-sub">{t(`cardShapes.funding.${action.funding}`)}</span>}
                </Cell>
                <Cell column={status}>
                  <span className={`plan-badge status-${action.status}`}>{t(`cardShapes.status.${action.status}`)}</span>
                </Cell>
              </Row>
            )
          })}
        </PlanTable>
      )}
    </PlanSection>
  )
})

/** Step 5's result: each indicator from its baseline to its target, where it stands now, and the progress made. */
export const IndicatorsTable = memo(function IndicatorsTable({ indicators }: { indicators: readonly PlanIndicator[] }) {
  const { t, i18n } = useTranslation()
  const number = useMemo(() => new Intl.NumberFormat(numberLocale(i18n.language), { maximumFractionDigits: 2 }), [i18n.language])
  const value = (n: number | null, unit: string) => (n === null ? t('plan.none') : `${number.format(n)}${unit ? ` ${unit}` : ''}`)
  const [name, baseline, current, target, due, progress] = [
    { label: t('plan.indicators.indicator') },
    { label: t('plan.indicators.baseline'), numeric: true },
    { label: t('plan.indicators.current'), numeric: true },
    { label: t('plan.indicators.target'), numeric: true },
    { label: t('plan.indicators.due') },
    { label: t('plan.indicators.progress') },
  ] as [Column, Column, Column, Column, Column, Column]
  return (
    <PlanSection title={t('plan.indicators.title')}>
      {indicators.length === 0 ? (
        <Empty>{t('plan.indicators.empty')}</Empty>
      ) : (
        <PlanTable className="plan-indicators" caption={t('plan.indicators.caption', { count: indicators.length })} columns={[name, baseline, current, target, due, progress]}>
          {indicators.map((indicator) => {
            const unit = oneLine(indicator.unit)
            return (
              <Row key={indicator.id}>
                <RowHeader>
                  <LocateButton name={oneLine(indicator.indicator) || t('plan.untitled.indicator')} entry={indicator} />
                </RowHeader>
                <Cell column={baseline}>{value(indicator.baseline, unit)}</Cell>
                <Cell column={current}>{value(indicator.current, unit)}</Cell>
                <Cell column={target}>{indicator.target === null ? <span className="plan-missing">{t('plan.none')}</span> : value(indicator.target, unit)}</Cell>
                <Cell column={due} className="plan-date">
                  {indicator.dueDate ? formatDate(indicator.dueDate) : t('plan.none')}
                </Cell>
                <Cell column={progress}>
                  {indicator.progress === null ? (
                    <span className="muted">{t('plan.indicators.unknown')}</span>
                  ) : (
                    <span className="plan-progress">
                      <span className="plan-progress-bar" aria-hidden="true">
                        <span style={{ width: `${Math.max(0, Math.min(100, indicator.progress))}%` }} />
                      </span>
                      {indicator.progress}%
                    </span>
                  )}
                </Cell>
              </Row>
            )
          })}
        </PlanTable>
      )}
    </PlanSection>
  )
})
