import { useTranslation } from 'react-i18next'
import { BaseBoxShapeUtil, HTMLContainer } from 'tldraw'
import { GRID_AXIS_MARGIN, GRID_CELLS, gridPlot, powerGridMigrations, powerGridProps, type PowerGridShape } from '../../shared/forum/grid'

function PowerGrid({ shape }: { shape: PowerGridShape }) {
  const { t } = useTranslation()
  const plot = gridPlot(shape.props)
  const cellW = plot.w / GRID_CELLS
  const cellH = plot.h / GRID_CELLS
  const midX = plot.x + plot.w / 2
  const midY = plot.y + plot.h / 2
  const quadrant = (key: string, x: number, y: number, anchor: 'start' | 'end') => (
    <text x={x} y={y} textAnchor={anchor} className="grid-quadrant">
      {t(`cardShapes.grid.${key}`)}
    </text>
  )
  return (
    <HTMLContainer className="power-grid">
      <svg width={shape.props.w} height={shape.props.h} role="img" aria-label={t('cardShapes.grid.title')}>
        <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} className="grid-plot" />
        <rect x={midX} y={plot.y} width={plot.w / 2} height={plot.h / 2} className="grid-hot" />
        {Array.from({ length: GRID_CELLS - 1 }, (_, i) => (
          <g key={i}>
            <line x1={plot.x + (i + 1) * cellW} y1={plot.y} x2={plot.x + (i + 1) * cellW} y2={plot.y + plot.h} className="grid-line" />
            <line x1={plot.x} y1={plot.y + (i + 1) * cellH} x2={plot.x + plot.w} y2={plot.y + (i + 1) * cellH} className="grid-line" />
          </g>
        ))}
        <line x1={midX} y1={plot.y} x2={midX} y2={plot.y + plot.h} className="grid-mid" />
        <line x1={plot.x} y1={midY} x2={plot.x + plot.w} y2={midY} className="grid-mid" />
        {quadrant('keepSatisfied', plot.x + 16, plot.y + 34, 'start')}
        {quadrant('manageClosely', plot.x + plot.w - 16, plot.y + 34, 'end')}
        {quadrant('monitor', plot.x + 16, plot.y + plot.h - 16, 'start')}
        {quadrant('keepInformed', plot.x + plot.w - 16, plot.y + plot.h - 16, 'end')}
        {Array.from({ length: GRID_CELLS }, (_, i) => (
          <g key={`n${i}`} className="grid-number">
            <text x={plot.x + (i + 0.5) * cellW} y={plot.y + plot.h + 26} textAnchor="middle">
              {i + 1}
            </text>
            <text x={plot.x - 14} y={plot.y + (GRID_CELLS - i - 0.5) * cellH + 8} textAnchor="end">
              {i + 1}
            </text>
          </g>
        ))}
        <text x={plot.x + plot.w / 2} y={shape.props.h - 6} textAnchor="middle" className="grid-axis">
          {t('cardShapes.grid.interest')} →
        </text>
        <text x={18} y={plot.y + plot.h / 2} textAnchor="middle" className="grid-axis" transform={`rotate(-90 18 ${plot.y + plot.h / 2})`}>
          {t('cardShapes.grid.influence')} →
        </text>
      </svg>
    </HTMLContainer>
  )
}

/** The power/interest grid of step 1: a backdrop cards are placed on (shared/forum/placement.ts reads the place). */
export class PowerGridShapeUtil extends BaseBoxShapeUtil<PowerGridShape> {
  static override type = 'powergrid' as const
  static override props = powerGridProps
  static override migrations = powerGridMigrations
  getDefaultProps() {
    return { w: 900 + GRID_AXIS_MARGIN, h: 900 + GRID_AXIS_MARGIN }
  }
  override canBind() {
    return false
  }
  component(shape: PowerGridShape) {
    return <PowerGrid shape={shape} />
  }
  override getIndicatorPath(shape: PowerGridShape) {
    const path = new Path2D()
    path.rect(0, 0, shape.props.w, shape.props.h)
    return path
  }
}
