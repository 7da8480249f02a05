import { memo, useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTION_STATUSES } from '../../shared/forum/cards'
import type { PlanAction } from '../../shared/plan/model'
import { formatDate } from '../i18n'
import { LocateButton } from './LocateButton'
import { Empty, PlanSection } from './PlanSection'
import { oneLine, truncate } from './planText'
import { localToday, timelineLayout } from './timelineGeometry'

const WIDTH = 480
const LABEL_W = 160
const AXIS_H = 26
const ROW_H = 24
const RIGHT = 10

/**
 * A Gantt-like schedule of the actions: a bar from start to due (a diamond when only one date is known), coloured by
 * status, a dashed outline when overdue, and a line for today. Actions without dates are listed below it.
 */
export const ActionTimeline = memo(function ActionTimeline({ actions, today = localToday() }: { actions: readonly PlanAction[]; today?: string }) {
  const { t, i18n } = useTranslation()
  const prefix = useId()
  const layout = useMemo(() => timelineLayout(actions, today, LABEL_W + 8, WIDTH - LABEL_W - 8 - RIGHT), [actions, today])
  const byId = useMemo(() => new Map(actions.map((action) => [action.id, action])), [actions])
  const month = useMemo(() => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { month: 'short', year: '2-digit', timeZone: 'UTC' }), [i18n.language])
  const height = AXIS_H + layout.rows.length * ROW_H + 6
  const overdue = layout.rows.filter((row) => row.overdue).length
  const undated = layout.undated.map((id) => byId.get(id)!).filter(Boolean)

  return (
    <PlanSection title={t('plan.timeline.title')} className="plan-timeline-section">
      {layout.rows.length === 0 ? (
        <Empty>{t('plan.timeline.empty')}</Empty>
      ) : (
        <figure className="plan-timeline">
          <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${prefix}-title`} aria-describedby={`${prefix}-summary`} data-testid="plan-timeline">
            <title id={`${prefix}-title`}>{t('plan.timeline.label', { count: layout.rows.length, from: formatDate(layout.from), to: formatDate(layout.to) })}</title>
            {layout.rows.map((row, index) => (
              <rect key={`band-${row.id}`} className={index % 2 ? 'plan-timeline-band odd' : 'plan-timeline-band'} x={0} y={AXIS_H + index * ROW_H} width={WIDTH} height={ROW_H} />
            ))}
            {layout.ticks.map((tick) => (
              <g key={tick.date} className="plan-timeline-tick">
                <line x1={tick.x} x2={tick.x} y1={AXIS_H - 6} y2={height} />
                {/* A label that would run off the right edge is left out; its line stays. */}
                {tick.x < WIDTH - 34 && (
                  <text x={tick.x + 2} y={AXIS_H - 9}>
                    {month.format(new Date(`${tick.date}T00:00:00Z`))}
                  </text>
                )}
              </g>
            ))}
            {layout.rows.map((row, index) => {
              const action = byId.get(row.id)!
              const y = AXIS_H + index * ROW_H
              const mid = y + ROW_H / 2
              const name = oneLine(action.goal) || t('plan.untitled.action')
              const status = `status-${action.status}${row.overdue ? ' overdue' : ''}`
              return (
                <g key={row.id} className="plan-timeline-row" data-id={row.id}>
                  <title>{`${name}: ${action.startDate ? formatDate(action.startDate) : '…'} – ${action.dueDate ? formatDate(action.dueDate) : '…'} (${t(`cardShapes.status.${action.status}`)})`}</title>
                  <text className="plan-timeline-label" x={LABEL_W} y={mid + 4} textAnchor="end">
                    {truncate(name, 24)}
                  </text>
                  {row.kind === 'bar' ? (
                    <rect className={`plan-timeline-bar ${status}`} x={row.x} y={y + 5} width={row.w} height={ROW_H - 10} rx={3} />
                  ) : (
                    <path className={`plan-timeline-bar ${status}`} d={`M${row.x} ${y + 4}l8 ${ROW_H / 2 - 4}l-8 ${ROW_H / 2 - 4}l-8 ${-(ROW_H / 2 - 4)}Z`} />
                  )}
                </g>
              )
            })}
            {layout.todayX !== null && (
              <g className="plan-timeline-today">
                <line x1={layout.todayX} x2={layout.todayX} y1={AXIS_H - 4} y2={height} />
                <text x={layout.todayX} y={height - 2} textAnchor={layout.todayX > WIDTH - 60 ? 'end' : 'start'} dx={layout.todayX > WIDTH - 60 ? -3 : 3}>
                  {t('plan.timeline.today')}
                </text>
              </g>
            )}
          </svg>
          <figcaption>
            <p id={`${prefix}-summary`} className="plan-chart-summary">
              {t('plan.timeline.summary', { today: formatDate(today), overdue })}
            </p>
            <ul className="plan-timeline-legend" aria-hidden="true">
              {ACTION_STATUSES.map((status) => (
                <li key={status}>
                  <span className={`plan-swatch status-${status}`} />
                  {t(`cardShapes.status.${status}`)}
                </li>
              ))}
              <li>
                <span className="plan-swatch overdue" />
                {t('plan.actions.overdue')}
              </li>
            </ul>
          </figcaption>
        </figure>
      )}
      {undated.length > 0 && (
        <>
          <h4>{t('plan.timeline.undated')}</h4>
          <ul className="plan-list">
            {undated.map((action) => (
              <li key={action.id}>
                <LocateButton name={oneLine(action.goal) || t('plan.untitled.action')} entry={action} />
              </li>
            ))}
          </ul>
        </>
      )}
    </PlanSection>
  )
})
