import { useTranslation } from 'react-i18next'

export function NotFound() {
  const { t } = useTranslation()
  return (
    <main className="center-message" role="alert">
      <p>{t('board.notFound')}</p>
      <a href="/">{t('board.backHome')}</a>
    </main>
  )
}
