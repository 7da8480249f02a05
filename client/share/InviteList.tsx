import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InviteInfo } from '../../shared/access'
import { formatDate } from '../i18n'
import { displayCode, inviteState } from './invites'

/** The board's invites with their role, code, end date and state; active ones can be shown again or revoked. */
export function InviteList({
  invites,
  onShow,
  onRevoke,
}: {
  invites: InviteInfo[]
  onShow(invite: InviteInfo): void
  onRevoke(invite: InviteInfo): Promise<void>
}) {
  const { t } = useTranslation()
  const [revoking, setRevoking] = useState<string | null>(null)
  if (invites.length === 0) return <p className="muted">{t('share.noInvites')}</p>
  return (
    <ul className="invite-list">
      {invites.map((invite) => {
        const state = inviteState(invite)
        const code = displayCode(invite.code)
        return (
          <li key={invite.id} data-state={state}>
            <span className="invite-list-code">{code}</span>
            <span className="invite-list-meta">
              <span className={`role-badge role-${invite.role}`}>{t(`roles.${invite.role}`)}</span>
              <span>{invite.expiresAt ? t('share.until', { date: formatDate(invite.expiresAt) }) : t('share.noExpiry')}</span>
              <span className={`state state-${state}`}>{t(`share.state.${state}`)}</span>
            </span>
            {state === 'active' && (
              <span className="invite-list-actions">
                <button type="button" className="secondary small" aria-label={t('share.showLabel', { code })} onClick={() => onShow(invite)}>
                  {t('share.show')}
                </button>
                <button
                  type="button"
                  className="danger small"
                  aria-label={t('share.revokeLabel', { code })}
                  disabled={revoking === invite.id}
                  onClick={() => {
                    setRevoking(invite.id)
                    void onRevoke(invite).finally(() => setRevoking(null))
                  }}
                >
                  {t('share.revoke')}
                </button>
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
