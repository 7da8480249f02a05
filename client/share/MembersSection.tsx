import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member } from '../../shared/access'
import { accessApi } from '../api'
import { errorText } from '../ui/errors'

/** The board's members; the owner can also make an account a co-facilitator by its e-mail. */
export function MembersSection({
  boardId,
  members,
  canAdd,
  onAdded,
}: {
  boardId: string
  members: Member[] | null
  canAdd: boolean
  onAdded(member: Member): void
}) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  async function add(event: FormEvent) {
    event.preventDefault()
    const trimmed = email.trim()
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
      setMessage({ ok: false, text: t('auth.emailInvalid') })
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      const member = await accessApi.addFacilitator(boardId, trimmed)
      setEmail('')
      setMessage({ ok: true, text: t('share.added', { name: member.name }) })
      onAdded(member)
    } catch (failure) {
      setMessage({ ok: false, text: errorText(t, failure) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      {canAdd && (
        <section aria-labelledby="share-facilitators">
          <h3 id="share-facilitators">{t('share.facilitators')}</h3>
          <form className="field" onSubmit={add} noValidate>
            <label htmlFor="facilitator-email">{t('share.emailLabel')}</label>
            <div className="row">
              <input
                id="facilitator-email"
                type="email"
                inputMode="email"
                autoComplete="off"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
              <button type="submit" disabled={busy || !email.trim()}>
                {busy ? t('share.adding') : t('share.add')}
              </button>
            </div>
            {message && (
              <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
                {message.text}
              </p>
            )}
          </form>
        </section>
      )}
      <section aria-labelledby="share-members">
        <h3 id="share-members">{t('share.members')}</h3>
        {members === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : members.length === 0 ? (
          <p className="muted">{t('share.noMembers')}</p>
        ) : (
          <ul className="member-list">
            {members.map((member) => (
              <li key={member.userId}>
                <span className="name">
                  {member.name}
                  {member.kind === 'guest' && <span className="muted"> ({t('share.guest')})</span>}
                </span>
                <span className="details">
                  <span className={`role-badge role-${member.role}`}>{t(`roles.${member.role}`)}</span>
                  {member.sector && <span>{t(`sectors.${member.sector}`)}</span>}
                  {member.organisation && <span className="muted">{member.organisation}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
