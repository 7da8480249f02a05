import { useTranslation } from 'react-i18next'
import { PageHeader } from '../ui/PageHeader'
import { JoinCodeForm } from './JoinCodeForm'

/** `/join`: type the code the facilitator shows. */
export function JoinCodePage() {
  const { t } = useTranslation()
  return (
    <main className="page narrow">
      <PageHeader />
      <section className="card" aria-labelledby="join-title">
        <h1 id="join-title">{t('join.title')}</h1>
        <JoinCodeForm autoFocus />
      </section>
    </main>
  )
}
