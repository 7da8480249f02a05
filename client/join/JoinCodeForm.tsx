import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { normaliseInviteCode } from '../../shared/access'

/**
 * One big field for an invite code (ABCD-EFGH; lower case, spaces and dashes are fine), then on to `/join/<code>`.
 * Sized for a phone: large type, a full-width button.
 */
export function JoinCodeForm({ autoFocus = false, initial = '' }: { autoFocus?: boolean; initial?: string }) {
  const { t } = useTranslation()
  const id = useId()
  const [value, setValue] = useState(initial)
  const [error, setError] = useState(false)

  function submit(event: FormEvent) {
    event.preventDefault()
    const code = normaliseInviteCode(value)
    if (!code) {
      setError(true)
      return
    }
    location.assign(`/join/${code}`)
  }

  return (
    <form className="join-code-form" onSubmit={submit}>
      <label htmlFor={`${id}-code`}>{t('join.codeLabel')}</label>
      <input
        id={`${id}-code`}
        className="code-input"
        name="code"
        value={value}
        autoFocus={autoFocus}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={12}
        placeholder={t('join.codePlaceholder')}
        aria-describedby={`${id}-hint`}
        aria-invalid={error || undefined}
        onChange={(e) => {
          setValue(e.target.value)
          setError(false)
        }}
      />
      <small id={`${id}-hint`} className="hint">
        {t('join.codeHint')}
      </small>
      {error && (
        <p role="alert" className="error">
          {t('errors.invalid_code')}
        </p>
      )}
      <button type="submit" className="primary wide big" disabled={!value.trim()}>
        {t('join.next')}
      </button>
    </form>
  )
}
