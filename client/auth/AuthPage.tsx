import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { accessApi } from '../api'
import { errorText } from '../ui/errors'
import { PageHeader } from '../ui/PageHeader'
import { nextPath } from './next'

const MIN_PASSWORD = 8

/** `/login` and `/signup`: e-mail and password (and a name to sign up); afterwards goes to `?next=` or home. */
export function AuthPage({ mode }: { mode: 'login' | 'signup' }) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const signup = mode === 'signup'
  const keepNext = location.search.includes('next=') ? location.search : ''

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    // Checked here rather than by the browser, so that the message is in the page's language.
    const problem =
      signup && !name.trim()
        ? ['auth-name', t('auth.nameRequired')]
        : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())
          ? ['auth-email', t('auth.emailInvalid')]
          : signup && password.length < MIN_PASSWORD
            ? ['auth-password', t('auth.passwordTooShort')]
            : !password
              ? ['auth-password', t('auth.passwordRequired')]
              : null
    if (problem) {
      setError(problem[1]!)
      document.getElementById(problem[0]!)?.focus()
      return
    }
    setBusy(true)
    try {
      if (signup) await accessApi.signup({ email: email.trim(), password, name: name.trim() })
      else await accessApi.login({ email: email.trim(), password })
      location.assign(nextPath())
    } catch (failure) {
      setError(errorText(t, failure))
      setBusy(false)
    }
  }

  const title = signup ? t('auth.signupTitle') : t('auth.loginTitle')
  return (
    <main className="page narrow">
      <PageHeader />
      <form className="card form" onSubmit={submit} aria-labelledby="auth-title" noValidate>
        <h1 id="auth-title">{title}</h1>
        {signup && <p className="lead">{t('auth.signupLead')}</p>}
        {signup && (
          <div className="field">
            <label htmlFor="auth-name">{t('auth.name')}</label>
            <input
              id="auth-name"
              name="name"
              autoComplete="name"
              required
              maxLength={80}
              value={name}
              placeholder={t('auth.namePlaceholder')}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="auth-email">{t('auth.email')}</label>
          <input
            id="auth-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="auth-password">{t('auth.password')}</label>
          <input
            id="auth-password"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            minLength={signup ? MIN_PASSWORD : undefined}
            aria-describedby={signup ? 'auth-password-hint' : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {signup && (
            <small id="auth-password-hint" className="hint">
              {t('auth.passwordHint')}
            </small>
          )}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy}>
          {signup ? (busy ? t('auth.signingUp') : t('auth.signup')) : busy ? t('auth.loggingIn') : t('auth.login')}
        </button>
        <p className="switch">
          {signup ? t('auth.haveAccount') : t('auth.noAccount')}{' '}
          <a href={`/${signup ? 'login' : 'signup'}${keepNext}`}>{signup ? t('auth.login') : t('auth.signup')}</a>
        </p>
        <p className="switch">
          <a href="/join">{t('auth.guestHint')}</a>
        </p>
      </form>
    </main>
  )
}
