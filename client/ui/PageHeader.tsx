import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage, type Language } from '../i18n'

/**
 * The top of every light page: the app name (a link home) and the language choice on one row, then the tagline and
 * `children` (who is signed in) when given.
 */
export function PageHeader({ children, tagline = false }: { children?: ReactNode; tagline?: boolean }) {
  const { t } = useTranslation()
  return (
    <header className="page-header">
      <div className="page-header-row">
        <a className="brand" href="/">
          {t('appName')}
        </a>
        <LanguageSelect />
      </div>
      {tagline && <p className="tagline">{t('tagline')}</p>}
      {children && <div className="page-user">{children}</div>}
    </header>
  )
}

/** The language choice, remembered on this device; `compact` shows only the select (its label stays for screen readers). */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation()
  return (
    <label className={compact ? 'language compact' : 'language'}>
      <span className={compact ? 'visually-hidden' : undefined}>{t('language')}</span>
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng}>
            {compact ? lng.toUpperCase() : lng === 'id' ? 'Bahasa Indonesia' : 'English'}
          </option>
        ))}
      </select>
    </label>
  )
}
