import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { BoardSummary, PublicUser } from '../../shared/access'
import { accessApi, ApiCallError } from '../api'
import { loginUrl } from '../auth/next'
import { fetchMe } from '../auth/useMe'
import { rememberBoard, rememberedBoard } from '../offline/boardCache'
import { errorText } from '../ui/errors'
import { NotFound } from '../ui/NotFound'
import { AccessMessage } from './AccessMessage'

export type LoadedBoard = {
  board: BoardSummary
  me: PublicUser
  /** Asks the server again (e.g. after the person's role changed); what is shown stays until the answer is here. */
  refresh: () => void
}

/**
 * Asks the server who this is and what role they have on the board, then renders `children` with the answer. No
 * session → the login page (and back to `returnTo` afterwards); no role → how to join with a code; no board → not
 * found. With `offline`, the answers are remembered on this device, and without a connection the remembered ones
 * open the board (the board page; the projector needs the server anyway).
 */
export function BoardGate({
  boardId,
  returnTo,
  offline,
  children,
}: {
  boardId: string
  returnTo: string
  offline: boolean
  children: (loaded: LoadedBoard) => ReactNode
}) {
  const { t } = useTranslation()
  const [state, setState] = useState<Omit<LoadedBoard, 'refresh'> | 'notFound' | 'forbidden' | 'redirecting' | Error | null>(null)
  const [generation, setGeneration] = useState(0)
  const refresh = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    let live = true
    const toLogin = () => {
      setState('redirecting')
      location.replace(loginUrl(returnTo))
    }
    Promise.all([accessApi.board(boardId), fetchMe()])
      .then(([board, me]) => {
        if (!live) return
        if (!me) toLogin()
        else {
          if (offline) rememberBoard(board, me)
          setState({ board, me })
        }
      })
      .catch((error: Error) => {
        if (!live) return
        // No connection: open the copy this device kept, if the same person opened this board here before.
        const remembered = offline && error instanceof ApiCallError && error.code === 'network' ? rememberedBoard(boardId) : null
        if (remembered) setState(remembered)
        else if (error instanceof ApiCallError && error.status === 401) toLogin()
        else if (error instanceof ApiCallError && error.status === 403 && error.code !== 'bad_origin') setState('forbidden')
        else if (error instanceof ApiCallError && error.status === 404) setState('notFound')
        else setState(error)
      })
    return () => {
      live = false
    }
  }, [boardId, returnTo, offline, generation])

  if (state === 'notFound') return <NotFound />
  if (state === 'forbidden') return <AccessMessage kind="noAccess" boardId={boardId} />
  if (state instanceof Error) {
    return (
      <div className="center-message" role="alert">
        {t('board.loadFailed', { message: errorText(t, state) })}
      </div>
    )
  }
  if (state === null || state === 'redirecting') return <div className="center-message">{t('board.loading')}</div>
  return <>{children({ ...state, refresh })}</>
}
