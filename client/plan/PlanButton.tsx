import { useTranslation } from 'react-i18next'
import { PanelToggle } from '../ui/PanelToggle'

/** The toggle's id: closing the panel gives focus back to it. */
export const PLAN_BUTTON_ID = 'plan-button'
export const PLAN_PANEL_ID = 'plan-panel'

/** The top-bar button that opens and closes the plan panel. */
export function PlanButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { t } = useTranslation()
  return (
    <PanelToggle
      id={PLAN_BUTTON_ID}
      panelId={PLAN_PANEL_ID}
      name={t('plan.button')}
      hint={t('plan.buttonHint')}
      icon={
        <>
          <rect x="5" y="4" width="14" height="17" rx="2" />
          <path d="M9 4V3h6v1M9 10h6M9 14h6M9 18h3" />
        </>
      }
      open={open}
      onToggle={onToggle}
    />
  )
}
