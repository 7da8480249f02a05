import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Tldraw, useValue, type Editor, type TLComponents } from 'tldraw'
import 'tldraw/tldraw.css'
import type { Board } from '../../server/storage/types'
import { api, ApiCallError, unwrap } from '../api'
import { NotFound } from '../App'
import { loadIdentity, saveIdentity, type Identity } from '../identity/identity'
import { BoardSession } from './BoardSession'
import { ConnectionBadge } from './ConnectionBadge'
import { NamePrompt } from './NamePrompt'

// Fonts, icons and translations bundled by Vite and served by our own server: no CDN, so a venue without internet
// still gets a complete editor.
const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

declare global {
  interface Window {
    /** The open board, for debugging from the console and for the browser tests. */
    rembug?: { editor: Editor; session: BoardSession }
  }
}

/** `/b/:boardId`: the board's title, then the person's name (asked once per device), then the live board. */
export default function BoardPage({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const [board, setBoard] = useState<Board | 'notFound' | Error | null>(null)
  const [identity, setIdentity] = useState<Identity>(() => loadIdentity())

  useEffect(() => {
    api.boards[':id']
      .$get({ param: { id: boardId } })
      .then(unwrap)
      .then(setBoard)
      .catch((error: Error) => setBoard(error instanceof ApiCallError && error.status === 404 ? 'notFound' : error))
  }, [boardId])

  if (board === 'notFound') return <NotFound />
  if (board instanceof Error) return <div className="center-message" role="alert">{t('board.loadFailed', { message: board.message })}</div>
  if (!identity.name) {
    return (
      <NamePrompt
        initial=""
        onSubmit={(name) => {
          const next = { ...identity, name }
          saveIdentity(next)
          setIdentity(next)
        }}
      />
    )
  }
  if (!board) return <div className="center-message">{t('board.loading')}</div>
  return <LiveBoard board={board} identity={identity} />
}

function LiveBoard({ board, identity }: { board: Board; identity: Identity }) {
  const { t, i18n } = useTranslation()
  const [session, setSession] = useState<BoardSession | null>(null)

  useEffect(() => {
    const created = new BoardSession(board.id, identity, i18n.language)
    setSession(created)
    return () => created.destroy()
    // The session lives as long as the board is open; name and language changes go through it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board.id])

  useEffect(() => {
    session?.setLocale(i18n.language)
  }, [session, i18n.language])

  const phase = useValue('phase', () => session?.$phase.get() ?? 'syncing', [session])
  const invalid = useValue('invalid', () => session?.$invalidRecords.get() ?? 0, [session])

  // A stable object: a new component type on every render would remount tldraw's panels.
  const components = useMemo<TLComponents>(
    () => ({
      TopPanel: () => (
        <div className="board-title-bar">
          <a href="/" aria-label={t('board.backHome')}>
            {t('appName')}
          </a>
          <span className="title" title={board.title}>
            {board.title}
          </span>
          {session && <ConnectionBadge session={session} />}
        </div>
      ),
    }),
    [session, board.title, t],
  )

  if (!session || phase === 'syncing') return <div className="center-message">{t('board.loading')}</div>
  if (phase === 'notFound') return <NotFound />

  return (
    <div className="board">
      {phase === 'reload' && (
        <div className="board-banner" role="alert">
          <span>{t('board.reload')}</span>
          <button onClick={() => location.reload()}>{t('board.reloadButton')}</button>
        </div>
      )}
      {invalid > 0 && phase === 'ready' && (
        <div className="board-banner" role="status">
          {t('board.invalidRecords', { count: invalid })}
        </div>
      )}
      {phase === 'ready' && (
        <Tldraw
          store={session.store}
          user={session.user}
          assetUrls={assetUrls}
          {...(licenseKey ? { licenseKey } : {})}
          components={components}
          onMount={(editor) => {
            window.rembug = { editor, session }
          }}
        />
      )}
    </div>
  )
}
