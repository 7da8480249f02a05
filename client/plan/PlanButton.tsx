import { useTranslation } from 'react-i18next'

/** The toggle's id: closing the panel gives focus back to it. */
export const PLAN_BUTTON_ID = 'plan-button'
export const PLAN_PANEL_ID = 'plan-panel'

/** The top-bar button that opens and closes the plan panel. On a phone only its icon shows; its name stays. */
export function PlanButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      id={PLAN_BUTTON_ID}
      className="bar-button plan-button"
      aria-expanded={open}
      aria-controls={PLAN_PANEL_ID}
      title={t('plan.buttonHint')}
      data-testid="plan-button"
      onClick={onToggle}
    >
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
        <rect x="5" y="4" width="14" height="17" rx="2" />
        <path d="M9 4V3h6v1M9 10h6M9 14h6M9 18h3" />
      </svg>
      <span className="plan-button-label">{t('plan.button')}</span>
    </button>
  )
}
