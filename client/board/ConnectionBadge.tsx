import { useTranslation } from 'react-i18next'
import { useValue } from 'tldraw'
import type { BoardSession } from './BoardSession'

/** Connected / reconnecting / offline, always visible at the top of the board. */
export function ConnectionBadge({ session }: { session: BoardSession }) {
  const { t } = useTranslation()
  const state = useValue('connection', () => session.$connection.get(), [session])
  return (
    <span className="connection-badge" data-state={state} role="status" aria-live="polite" data-testid="connection-state" title={t(`status.${state}`)}>
      <span className="label">{t(`status.${state}`)}</span>
    </span>
  )
}
