import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { atLeast, CAN, INVITE_ROLES, type InviteInfo, type InviteRole, type Member, type Role } from '../../shared/access'
import { accessApi } from '../api'
import { Dialog } from '../ui/Dialog'
import { errorText } from '../ui/errors'
import { InviteCard } from './InviteCard'
import { InviteList } from './InviteList'
import { endOfDayIso, todayInput } from './invites'
import { MembersSection } from './MembersSection'

/**
 * Inviting people to a board (owner and facilitators): make an invite for editors or viewers, show its code, QR code
 * and link, list and revoke invites. The owner also adds co-facilitators.
 */
export function ShareDialog({ boardId, role, onClose }: { boardId: string; role: Role; onClose(): void }) {
  const { t } = useTranslation()
  const [inviteRole, setInviteRole] = useState<InviteRole>('editor')
  const [expiry, setExpiry] = useState('')
  const [creating, setCreating] = useState(false)
  const [shown, setShown] = useState<InviteInfo | null>(null)
  const [invites, setInvites] = useState<InviteInfo[] | null>(null)
  const [members, setMembers] = useState<Member[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const isOwner = atLeast(role, CAN.manageMembers)

  const loadInvites = useCallback(() => {
    accessApi
      .invites(boardId)
      .then(setInvites)
      .catch((failure: unknown) => setError(errorText(t, failure)))
  }, [boardId, t])
  const loadMembers = useCallback(() => {
    accessApi
      .members(boardId)
      .then(setMembers)
      .catch((failure: unknown) => setError(errorText(t, failure)))
  }, [boardId, t])

  useEffect(() => {
    loadInvites()
    loadMembers()
  }, [loadInvites, loadMembers])

  async function create(event: FormEvent) {
    event.preventDefault()
    setCreating(true)
    setError(null)
    try {
      const expiresAt = expiry ? endOfDayIso(expiry) : null
      const invite = await accessApi.createInvite(boardId, { role: inviteRole, ...(expiresAt ? { expiresAt } : {}) })
      setShown(invite)
      setInvites((list) => [invite, ...(list ?? []).filter((i) => i.id !== invite.id)])
    } catch (failure) {
      setError(errorText(t, failure))
    } finally {
      setCreating(false)
    }
  }

  async function revoke(invite: InviteInfo) {
    setError(null)
    try {
      await accessApi.revokeInvite(boardId, invite.id)
      if (shown?.id === invite.id) setShown(null)
      loadInvites()
      loadMembers()
    } catch (failure) {
      setError(errorText(t, failure))
    }
  }

  return (
    <Dialog title={t('share.title')} onClose={onClose} className="share-dialog">
      <form className="share-create" onSubmit={create}>
        <fieldset>
          <legend>{t('share.roleLegend')}</legend>
          {INVITE_ROLES.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name="invite-role" value={value} checked={inviteRole === value} onChange={() => setInviteRole(value)} />
              <span>{value === 'editor' ? t('share.roleEditor') : t('share.roleViewer')}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="invite-expiry">
            {t('share.expiryLabel')} <span className="muted">{t('common.optional')}</span>
          </label>
          <input
            id="invite-expiry"
            type="date"
            min={todayInput()}
            value={expiry}
            aria-describedby="invite-expiry-hint"
            onChange={(e) => setExpiry(e.target.value)}
          />
          <small id="invite-expiry-hint" className="hint">
            {t('share.expiryHint')}
          </small>
        </div>
        <button type="submit" className="primary" disabled={creating}>
          {creating ? t('share.creating') : t('share.create')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {shown && <InviteCard key={shown.id} invite={shown} />}
      <section aria-labelledby="share-invites">
        <h3 id="share-invites">{t('share.invites')}</h3>
        {invites === null ? <p className="muted">{t('common.loading')}</p> : <InviteList invites={invites} onShow={setShown} onRevoke={revoke} />}
      </section>
      <MembersSection
        boardId={boardId}
        members={members}
        canAdd={isOwner}
        onAdded={(member) => setMembers((list) => [...(list ?? []).filter((m) => m.userId !== member.userId), member])}
      />
    </Dialog>
  )
}
