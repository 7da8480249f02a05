import { useTranslation } from 'react-i18next'
import { loginUrl } from '../auth/next'

/**
 * Why this board cannot be shown: no role on it (`noAccess`), the role was taken away while it was open
 * (`removed`, close 4403), or the session ended (`sessionEnded`, close 4401).
 */
export function AccessMessage({ kind, boardId }: { kind: 'noAccess' | 'removed' | 'sessionEnded'; boardId: string }) {
  const { t } = useTranslation()
  const text = kind === 'noAccess' ? t('board.noAccess') : kind === 'removed' ? t('board.accessRemoved') : t('board.sessionEnded')
  return (
    <main className="center-message access-message" role="alert" data-testid={`access-${kind}`}>
      <p className="big-error">{text}</p>
      {kind !== 'sessionEnded' && <p className="muted">{t('board.noAccessHint')}</p>}
      <div className="button-row">
        {kind === 'sessionEnded' ? (
          <a className="button-link" href={loginUrl(`/b/${boardId}`)}>
            {t('board.loginAgain')}
          </a>
        ) : (
          <a className="button-link" href="/join">
            {t('board.joinWithCode')}
          </a>
        )}
        <a className="button-link secondary" href="/">
          {t('board.backHome')}
        </a>
      </div>
    </main>
  )
}
