import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'

/** Asks once, on this device, for the name others will see next to this person's cursor. */
export function NamePrompt({ initial, onSubmit }: { initial: string; onSubmit(name: string): void }) {
  const { t } = useTranslation()
  const [name, setName] = useState(initial)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed) onSubmit(trimmed.slice(0, 60))
  }
  return (
    <div className="name-prompt">
      <form onSubmit={submit} aria-labelledby="name-prompt-title">
        <h2 id="name-prompt-title">{t('name.title')}</h2>
        <p>{t('name.hint')}</p>
        <label htmlFor="display-name">{t('name.label')}</label>
        <input
          id="display-name"
          autoFocus
          value={name}
          maxLength={60}
          placeholder={t('name.placeholder')}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!name.trim()}>
          {t('name.submit')}
        </button>
      </form>
    </div>
  )
}
