import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatInviteCode, normaliseInviteCode, SECTORS, type InviteRole, type Sector } from '../../shared/access'
import { accessApi, ApiCallError } from '../api'
import { useMe } from '../auth/useMe'
import { formatDate } from '../i18n'
import { errorText } from '../ui/errors'
import { PageHeader } from '../ui/PageHeader'
import { JoinCodeForm } from './JoinCodeForm'

interface InvitePreview {
  boardTitle: string
  role: InviteRole
  expiresAt: string | null
}

/** `/join/:code`: shows which board the code opens and as what, asks for a name (sector and organisation optional). */
export function JoinPage({ rawCode }: { rawCode: string }) {
  const { t } = useTranslation()
  const code = normaliseInviteCode(rawCode)
  const [invite, setInvite] = useState<InvitePreview | null>(null)
  const [inviteError, setInviteError] = useState<unknown>(code ? null : new ApiCallError(0, 'invalid_code', rawCode))

  useEffect(() => {
    if (!code) return
    let live = true
    accessApi
      .invite(code)
      .then((preview) => live && setInvite(preview))
      .catch((error: unknown) => live && setInviteError(error))
    return () => {
      live = false
    }
  }, [code])

  return (
    <main className="page narrow">
      <PageHeader />
      <section className="card" aria-labelledby="join-title" aria-busy={!invite && !inviteError}>
        <h1 id="join-title">{t('join.title')}</h1>
        {code && <p className="code-display small" aria-label={t('join.codeLabel')}>{formatInviteCode(code)}</p>}
        {inviteError != null && (
          <>
            <p role="alert" className="error big-error">
              {errorText(t, inviteError)}
            </p>
            <h2>{t('join.otherCode')}</h2>
            <JoinCodeForm />
          </>
        )}
        {!inviteError && !invite && <p>{t('join.checking')}</p>}
        {invite && code && <JoinForm code={code} invite={invite} />}
        {code && !inviteError && invite?.role !== 'viewer' && (
          <p className="muted">
            {t('cardPage.slowPhone')} <a href={`/card/${code}`}>{t('cardPage.useLight')}</a>
            <br />
            <small className="hint">{t('cardPage.hint')}</small>
          </p>
        )}
      </section>
    </main>
  )
}

function JoinForm({ code, invite }: { code: string; invite: InvitePreview }) {
  const { t } = useTranslation()
  const { me } = useMe()
  const [name, setName] = useState('')
  const [sector, setSector] = useState<Sector | ''>('')
  const [organisation, setOrganisation] = useState('')
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Prefill from the session once it is known, unless the person already started typing.
  useEffect(() => {
    if (!me || touched) return
    setName(me.name)
    setSector(me.sector ?? '')
    setOrganisation(me.organisation ?? '')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) return
    setBusy(true)
    setError(null)
    try {
      const joined = await accessApi.join({
        code,
        name: trimmed,
        ...(sector ? { sector } : {}),
        ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
      })
      location.assign(`/b/${joined.boardId}`)
    } catch (failure) {
      setError(errorText(t, failure))
      setBusy(false)
    }
  }

  const edit = () => setTouched(true)
  return (
    <form className="form" onSubmit={submit}>
      <div className="invite-summary">
        <span className="muted">{t('join.invitedTo')}</span>
        <strong className="invite-board">{invite.boardTitle}</strong>
        <span>
          {t('join.asRole', { role: t(`roles.${invite.role}`) })}
          {invite.expiresAt && <> · {t('join.validUntil', { date: formatDate(invite.expiresAt) })}</>}
        </span>
        {invite.role === 'viewer' && <small className="muted">{t('join.viewerNote')}</small>}
      </div>
      {me && <p className="muted">{t('join.signedInAs', { name: me.name })}</p>}
      <div className="field">
        <label htmlFor="join-name">{t('join.nameLabel')}</label>
        <input
          id="join-name"
          name="name"
          required
          maxLength={80}
          autoComplete="name"
          aria-describedby="join-name-hint"
          value={name}
          placeholder={t('join.namePlaceholder')}
          onChange={(e) => {
            edit()
            setName(e.target.value)
          }}
        />
        <small id="join-name-hint" className="hint">
          {t('join.nameHint')}
        </small>
      </div>
      <div className="field">
        <label htmlFor="join-sector">
          {t('join.sectorLabel')} <span className="muted">{t('common.optional')}</span>
        </label>
        <select
          id="join-sector"
          name="sector"
          value={sector}
          onChange={(e) => {
            edit()
            setSector(e.target.value as Sector | '')
          }}
        >
          <option value="">{t('join.sectorNone')}</option>
          {SECTORS.map((value) => (
            <option key={value} value={value}>
              {t(`sectors.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="join-organisation">
          {t('join.organisationLabel')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input
          id="join-organisation"
          name="organisation"
          maxLength={120}
          autoComplete="organization"
          value={organisation}
          placeholder={t('join.organisationPlaceholder')}
          onChange={(e) => {
            edit()
            setOrganisation(e.target.value)
          }}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary wide big" disabled={busy || !name.trim()}>
        {busy ? t('join.joining') : t('join.submit')}
      </button>
    </form>
  )
}
