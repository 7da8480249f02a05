import { useTranslation } from 'react-i18next'
import type { Awareness } from 'y-protocols/awareness'
import { usePeople } from './usePeople'

/** The top-bar button with how many people are on the board now; opens the people panel. */
export function PeopleButton({ awareness, selfUserId, open, onToggle }: { awareness: Awareness; selfUserId: string; open: boolean; onToggle(): void }) {
  const { t } = useTranslation()
  const count = usePeople(awareness, selfUserId).length
  return (
    <button
      type="button"
      className="bar-button"
      aria-expanded={open}
      aria-controls="people-panel"
      aria-label={t('people.button', { count })}
      title={t('people.button', { count })}
      data-testid="people-button"
      onClick={onToggle}
    >
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
        <circle cx="9" cy="8" r="3.5" />
        <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />
        <circle cx="17" cy="9" r="2.8" />
        <path d="M16.5 14.2c2.9.2 5 2.3 5 5.3" />
      </svg>
      <span className="count">{count}</span>
    </button>
  )
}
