import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from 'tldraw'
import { IMAGE_FORMATS, PLAN_FORMATS } from './exports'
import { usePlanExport, type ExportFormat } from './usePlanExport'

/**
 * The plan's downloads (JSON, Markdown, CSV, Word, calendar), the board image (PNG, SVG) and print. A running export
 * marks its button busy and the others unavailable — `aria-disabled`, not `disabled`, so focus stays where it is — and
 * reports its progress in a polite status line; a failure is an alert.
 */
export function ExportBar({ editor, board }: { editor: Editor; board: { id: string; title: string } }) {
  const { t } = useTranslation()
  const prefix = useId()
  const { state, downloadPlan, downloadImage } = usePlanExport(editor, board)

  const button = (format: ExportFormat, run: () => void) => (
    <button
      key={format}
      type="button"
      className="bar-button plan-export-button"
      data-testid={`plan-export-${format}`}
      title={t(`plan.export.hints.${format}`)}
      aria-disabled={state.busy !== null ? true : undefined}
      aria-busy={state.busy === format ? true : undefined}
      onClick={run}
    >
      {state.busy === format && <span className="plan-spinner" aria-hidden="true" />}
      {t(`plan.export.formats.${format}`)}
    </button>
  )

  /** A labelled row of buttons: the plan's formats, or the image's. */
  function group<F extends ExportFormat>(name: 'plan' | 'image', formats: readonly F[], run: (format: F) => void) {
    return (
      <div className="plan-export-row" role="group" aria-labelledby={`${prefix}-${name}`}>
        <span id={`${prefix}-${name}`} className="plan-export-label">
          {t(`plan.export.${name}`)}
        </span>
        {formats.map((format) => button(format, () => run(format)))}
      </div>
    )
  }

  return (
    <section className="plan-export" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{t('plan.export.title')}</h3>
      {group('plan', PLAN_FORMATS, (format) => void downloadPlan(format))}
      <div className="plan-export-line">
        {group('image', IMAGE_FORMATS, (format) => void downloadImage(format))}
        <button type="button" className="bar-button plan-print-button" title={t('plan.export.printHint')} onClick={() => window.print()}>
          {t('plan.export.print')}
        </button>
      </div>
      <div className="plan-export-status">
        {state.busy !== null && state.percent !== null && <progress max={100} value={state.percent} aria-hidden="true" />}
        <p role="status" aria-live="polite" data-testid="plan-export-status">
          {state.message}
        </p>
      </div>
      {state.error && (
        <p role="alert" className="error plan-export-error">
          {state.error}
        </p>
      )}
    </section>
  )
}
