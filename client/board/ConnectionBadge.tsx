import { useTranslation } from 'react-i18next'
import { useValue } from 'tldraw'
import type { BoardSession } from './BoardSession'

/** Connected / reconnecting / offline, always visible at the top of the board. */
export function ConnectionBadge({ session }: { session: BoardSession }) {
  const { t } = useTranslation()
  const state = useValue('connection', () => session.$connection.get(), [session])
  const pending = useValue('pending', () => session.$pendingChanges.get(), [session])
  const waiting = pending > 0 && state !== 'connected'
  const text = waiting ? `${t(`status.${state}`)} · ${t('status.pending', { count: pending })}` : t(`status.${state}`)
  return (
    <span className="connection-badge" data-state={state} data-pending={pending} role="status" aria-live="polite" data-testid="connection-state" title={text}>
      <span className="label">{t(`status.${state}`)}</span>
      {waiting && (
        <span className="pending">
          <span className="pending-long"> · {t('status.pending', { count: pending })}</span>
          {/* On a phone the top bar has room for the number only; the full text stays for screen readers. */}
          <span className="pending-short" aria-hidden="true">
            {' '}
            · {pending}
          </span>
        </span>
      )}
    </span>
  )
}
