import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { ActionTimeline } from './ActionTimeline'
import { ExportBar } from './ExportBar'
import { LocateContext } from './LocateButton'
import { locateShapes } from './locate'
import { NotesSection } from './NotesSection'
import { PLAN_BUTTON_ID, PLAN_PANEL_ID } from './PlanButton'
import { IndicatorsTable, ActionsTable } from './PlanTables'
import { PowerInterestChart } from './PowerInterestChart'
import { ProblemsSection } from './ProblemsSection'
import { StakeholderTables } from './StakeholderTables'
import { StatementsSection } from './StatementsSection'
import { usePlan } from './usePlan'
import { usePrintOpensDetails } from './usePrintOpensDetails'
import { panelEventGuards } from '../ui/panelEvents'

/** A phone's bottom sheet covers the board: there, showing a card on the board closes the sheet. */
const PHONE = '(max-width: 600px)'

/**
 * The board read as the forum's plan, live: what is missing, stakeholders by sector and on the power/interest map,
 * vision and missions, actions with their schedule, indicators, discussion notes — every entry a button to the shapes
 * it came from — and the plan's downloads. Docked on the left (the card form docks on the right, so both can be open:
 * locate a card here, edit it there); a bottom sheet on a phone. Not modal; Escape closes it and gives focus back to
 * the toggle. Works the same for viewers: nothing here edits the board.
 *
 * Mount it inside the board container, beside `<Tldraw>`, only while open: the plan is computed only while mounted.
 */
export function PlanPanel({
  editor,
  board,
  doc,
  onClose,
}: {
  editor: Editor
  board: { id: string; title: string }
  /** The board's doc, for the facilitated votes (its `facilitation` map); without it the plan reads `meta.votes` only. */
  doc?: Y.Doc
  onClose(): void
}) {
  const { t } = useTranslation()
  const plan = usePlan(editor, { title: board.title, boardId: board.id }, doc)
  const ref = useRef<HTMLElement>(null)
  const [wide, setWide] = useState(false)
  const [notice, setNotice] = useState('')
  usePrintOpensDetails(ref)

  useEffect(() => {
    ref.current?.focus()
    return () => document.getElementById(PLAN_BUTTON_ID)?.focus()
  }, [])

  const locate = useCallback(
    (ids: readonly string[]) => {
      if (!locateShapes(editor, ids)) {
        setNotice(t('plan.gone'))
        return
      }
      setNotice('')
      if (window.matchMedia(PHONE).matches) onClose()
    },
    [editor, onClose, t],
  )

  // Keep tldraw's shortcuts and canvas gestures out of the panel (they listen on the document).
  const counts = [
    t('plan.countStakeholders', { count: plan.stakeholders.length }),
    t('plan.countActions', { count: plan.actions.length }),
    t('plan.countIndicators', { count: plan.indicators.length }),
  ].join(' · ')

  return (
    <aside
      id={PLAN_PANEL_ID}
      ref={ref}
      className={wide ? 'plan-panel plan-panel-wide' : 'plan-panel'}
      aria-labelledby="plan-title"
      tabIndex={-1}
      data-testid="plan-panel"
      {...panelEventGuards(onClose)}
    >
      <header className="plan-panel-header">
        <h2 id="plan-title">{t('plan.title')}</h2>
        <button type="button" className="icon-button plan-widen" aria-pressed={wide} aria-label={t('plan.widen')} title={t('plan.widen')} onClick={() => setWide(!wide)}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
            <path d={wide ? 'M3 12h6M15 12h6M6 9l3 3-3 3M18 9l-3 3 3 3' : 'M3 12h18M7 8l-4 4 4 4M17 8l4 4-4 4'} />
          </svg>
        </button>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('plan.close')} title={t('plan.close')}>
          ×
        </button>
      </header>
      <div className="plan-panel-body">
        <p className="plan-forum-title">{plan.forum.title}</p>
        <p className="hint plan-counts">
          {counts}. {t('plan.live')}
        </p>
        <ExportBar editor={editor} board={board} />
        <p className="plan-notice" role="status">
          {notice}
        </p>
        <LocateContext.Provider value={locate}>
          <ProblemsSection plan={plan} />
          <StakeholderTables stakeholders={plan.stakeholders} />
          <PowerInterestChart stakeholders={plan.stakeholders} />
          <StatementsSection vision={plan.vision} missions={plan.missions} />
          <ActionsTable actions={plan.actions} />
          <ActionTimeline actions={plan.actions} />
          <IndicatorsTable indicators={plan.indicators} />
          <NotesSection notes={plan.notes} steps={plan.workshop.steps} />
        </LocateContext.Provider>
      </div>
    </aside>
  )
}
