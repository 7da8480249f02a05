import { memo, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { SECTORS } from '../../shared/access'
import { QUADRANTS, type Quadrant } from '../../shared/forum/grid'
import type { PlanStakeholder } from '../../shared/plan/model'
import { chartLayout, markerPath, SCORES, SECTOR_COLOURS, SECTOR_MARKERS } from './chartGeometry'
import { Empty, PlanSection } from './PlanSection'
import { oneLine, QUADRANT_KEYS } from './planText'
import { bySector } from './StakeholderTables'

const WIDTH = 360
const HEIGHT = 320
/** The plot inside the drawing: room on the left and below for the axis names and scores. */
const PLOT = { x: 46, y: 6, w: 306, h: 270 }

/** Where each quadrant's name sits: in its outer corner, clear of the split lines. */
const LABEL_CORNER: Record<Quadrant, { x: 'start' | 'end'; y: 'top' | 'bottom' }> = {
  manage_closely: { x: 'end', y: 'top' },
  keep_satisfied: { x: 'start', y: 'top' },
  keep_informed: { x: 'end', y: 'bottom' },
  monitor: { x: 'start', y: 'bottom' },
}

/**
 * The power/interest map drawn from the plan: a marker per scored stakeholder (colour and shape by sector, numbered),
 * the four quadrants named. An image to screen readers, with a title, a one-line summary, and the numbered key below
 * as its text.
 */
export const PowerInterestChart = memo(function PowerInterestChart({ stakeholders }: { stakeholders: readonly PlanStakeholder[] }) {
  const { t } = useTranslation()
  const prefix = useId()
  // Numbered in the tables' order (by sector), so the key reads in the same groups.
  const ordered = bySector(stakeholders).flatMap((group) => group.stakeholders)
  const layout = chartLayout(ordered, PLOT)
  const countIn = (quadrant: Quadrant) => layout.dots.filter((dot) => dot.quadrant === quadrant).length
  const sectorsShown = [...SECTORS, null].filter((sector) => layout.dots.some((dot) => dot.sector === sector))
  const cellW = PLOT.w / SCORES
  const cellH = PLOT.h / SCORES

  return (
    <PlanSection title={t('plan.chart.title')} className="plan-chart-section">
      {layout.dots.length === 0 ? (
        <Empty>{t('plan.chart.empty')}</Empty>
      ) : (
        <figure className="plan-chart">
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${prefix}-title`} aria-describedby={`${prefix}-summary`} data-testid="plan-chart">
            <title id={`${prefix}-title`}>{t('plan.chart.label', { count: layout.dots.length })}</title>
            <rect className="plan-chart-plot" x={PLOT.x} y={PLOT.y} width={PLOT.w} height={PLOT.h} />
            <rect className="plan-chart-hot" {...boxProps(layout.quadrants.manage_closely)} />
            {Array.from({ length: SCORES - 1 }, (_, i) => (
              <g key={i} className="plan-chart-cell">
                <line x1={PLOT.x + (i + 1) * cellW} x2={PLOT.x + (i + 1) * cellW} y1={PLOT.y} y2={PLOT.y + PLOT.h} />
                <line x1={PLOT.x} x2={PLOT.x + PLOT.w} y1={PLOT.y + (i + 1) * cellH} y2={PLOT.y + (i + 1) * cellH} />
              </g>
            ))}
            <line className="plan-chart-split" x1={layout.split.x} x2={layout.split.x} y1={PLOT.y} y2={PLOT.y + PLOT.h} />
            <line className="plan-chart-split" x1={PLOT.x} x2={PLOT.x + PLOT.w} y1={layout.split.y} y2={layout.split.y} />
            {QUADRANTS.map((quadrant) => {
              const box = layout.quadrants[quadrant]
              const corner = LABEL_CORNER[quadrant]
              return (
                <text
                  key={quadrant}
                  className="plan-chart-quadrant"
                  x={corner.x === 'start' ? box.x + 5 : box.x + box.w - 5}
                  y={corner.y === 'top' ? box.y + 13 : box.y + box.h - 6}
                  textAnchor={corner.x}
                >
                  {t(QUADRANT_KEYS[quadrant])}
                </text>
              )
            })}
            {Array.from({ length: SCORES }, (_, i) => (
              <g key={i} className="plan-chart-score">
                <text x={PLOT.x - 8} y={PLOT.y + (SCORES - i - 0.5) * cellH + 4} textAnchor="end">
                  {i + 1}
                </text>
                <text x={PLOT.x + (i + 0.5) * cellW} y={PLOT.y + PLOT.h + 15} textAnchor="middle">
                  {i + 1}
                </text>
              </g>
            ))}
            <text className="plan-chart-axis" x={PLOT.x + PLOT.w / 2} y={HEIGHT - 8} textAnchor="middle">
              {t('cardShapes.grid.interest')} →
            </text>
            <text className="plan-chart-axis" transform={`translate(16 ${PLOT.y + PLOT.h / 2}) rotate(-90)`} textAnchor="middle">
              {t('cardShapes.grid.influence')} →
            </text>
            {layout.dots.map((dot) => {
              const key = dot.sector ?? 'none'
              const marker = SECTOR_MARKERS[key]
              return (
                <g key={dot.id} className="plan-chart-dot">
                  <title>{`${dot.number}. ${oneLine(dot.name)}`}</title>
                  <path
                    d={markerPath(marker, dot.x, dot.y, dot.r)}
                    fill={marker === 'ring' ? 'white' : SECTOR_COLOURS[key]}
                    stroke={marker === 'ring' ? SECTOR_COLOURS[key] : 'white'}
                    strokeWidth={marker === 'ring' ? 2 : 1.2}
                  />
                  <text x={dot.x} y={dot.y + dot.r * 0.38} textAnchor="middle" fontSize={dot.r * 1.05} className={marker === 'ring' ? 'plan-chart-number dark' : 'plan-chart-number'}>
                    {dot.number}
                  </text>
                </g>
              )
            })}
          </svg>
          <figcaption>
            <p id={`${prefix}-summary`} className="plan-chart-summary">
              {t('plan.chart.summary', {
                manage: countIn('manage_closely'),
                satisfied: countIn('keep_satisfied'),
                informed: countIn('keep_informed'),
                monitor: countIn('monitor'),
              })}
              {layout.unrated.length > 0 && (
                <> {t('plan.chart.unrated', { names: layout.unrated.map((s) => oneLine(s.name) || t('plan.untitled.stakeholder')).join(', ') })}</>
              )}
            </p>
            <ul className="plan-chart-legend" aria-label={t('plan.chart.legend')}>
              {sectorsShown.map((sector) => {
                const key = sector ?? 'none'
                return (
                  <li key={key}>
                    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14">
                      <path d={markerPath(SECTOR_MARKERS[key], 7, 7, 5)} fill={SECTOR_MARKERS[key] === 'ring' ? 'white' : SECTOR_COLOURS[key]} stroke={SECTOR_COLOURS[key]} strokeWidth={1.5} />
                    </svg>
                    {sector ? t(`sectors.${sector}`) : t('plan.stakeholders.noSector')}
                  </li>
                )
              })}
            </ul>
            <h4 className="plan-chart-key-title">{t('plan.chart.key')}</h4>
            <ol className="plan-chart-key">
              {layout.dots.map((dot) => (
                <li key={dot.id} value={dot.number}>
                  {oneLine(dot.name) || t('plan.untitled.stakeholder')}
                  {dot.quadrant && <span className="muted"> · {t(QUADRANT_KEYS[dot.quadrant])}</span>}
                </li>
              ))}
            </ol>
          </figcaption>
        </figure>
      )}
    </PlanSection>
  )
})

function boxProps(box: { x: number; y: number; w: number; h: number }) {
  return { x: box.x, y: box.y, width: box.w, height: box.h }
}
