import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { isBoardId } from '../shared/codes'
import { HomePage } from './home/HomePage'

// The board pulls in tldraw (~580 kB gzip); the home page must not.
const BoardPage = lazy(() => import('./board/BoardPage'))

/** Routes: `/` home, `/b/:boardId` a board. Links are ordinary page loads, so no router library is needed. */
export function App() {
  const { t } = useTranslation()
  const match = /^\/b\/([^/]+)\/?$/.exec(location.pathname)
  if (match) {
    const boardId = decodeURIComponent(match[1]!)
    if (!isBoardId(boardId)) return <NotFound />
    return (
      <Suspense fallback={<div className="center-message">{t('board.loading')}</div>}>
        <BoardPage boardId={boardId} />
      </Suspense>
    )
  }
  if (location.pathname === '/' || location.pathname === '') return <HomePage />
  return <NotFound />
}

export function NotFound() {
  const { t } = useTranslation()
  return (
    <main className="center-message" role="alert">
      <p>{t('board.notFound')}</p>
      <a href="/">{t('board.backHome')}</a>
    </main>
  )
}
