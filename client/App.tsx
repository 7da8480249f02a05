import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { isBoardId } from '../shared/codes'
import { AuthPage } from './auth/AuthPage'
import { HomePage } from './home/HomePage'
import { JoinCodePage } from './join/JoinCodePage'
import { JoinPage } from './join/JoinPage'
import { NotFound } from './ui/NotFound'

// The board pulls in tldraw (~580 kB gzip); no other page may.
const BoardPage = lazy(() => import('./board/BoardPage'))
const ProjectorPage = lazy(() => import('./facilitation/ProjectorPage'))

/**
 * Routes: `/` home, `/login`, `/signup`, `/join`, `/join/:code`, `/b/:boardId` a board, `/b/:boardId/projector` its
 * view for the room's screen. Links are ordinary page loads,
 * so no router library is needed.
 */
export function App() {
  const { t } = useTranslation()
  const path = location.pathname.replace(/\/+$/, '') || '/'

  const board = /^\/b\/([^/]+)$/.exec(path)
  if (board) {
    const boardId = decodeURIComponent(board[1]!)
    if (!isBoardId(boardId)) return <NotFound />
    return (
      <Suspense fallback={<div className="center-message">{t('board.loading')}</div>}>
        <BoardPage boardId={boardId} />
      </Suspense>
    )
  }
  const projector = /^\/b\/([^/]+)\/projector$/.exec(path)
  if (projector) {
    const boardId = decodeURIComponent(projector[1]!)
    if (!isBoardId(boardId)) return <NotFound />
    return (
      <Suspense fallback={<div className="center-message">{t('board.loading')}</div>}>
        <ProjectorPage boardId={boardId} />
      </Suspense>
    )
  }
  const join = /^\/join\/([^/]+)$/.exec(path)
  if (join) return <JoinPage rawCode={decodeURIComponent(join[1]!)} />

  switch (path) {
    case '/':
      return <HomePage />
    case '/login':
      return <AuthPage mode="login" />
    case '/signup':
      return <AuthPage mode="signup" />
    case '/join':
      return <JoinCodePage />
    default:
      return <NotFound />
  }
}
