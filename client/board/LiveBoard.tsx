import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  atom,
  DefaultStylePanel,
  Tldraw,
  useEditor,
  useValue,
  type Editor,
  type TLComponents,
  type TLCamera,
  type TLUiStylePanelProps,
} from 'tldraw'
import 'tldraw/tldraw.css'
import { atLeast, type BoardSummary, type PublicUser } from '../../shared/access'
import { emptyFacilitation } from '../../shared/facilitation/state'
import { CardToolbar, cardTools, cardUiOverrides, forumShapeUtils } from '../cards'
import { CardPanel } from '../cards/CardPanel'
import { isCard } from '../../shared/forum/cards'
import { bindBoardRules } from '../facilitation/boardRules'
import { usePhaseCamera, useSummonFollow } from '../facilitation/camera'
import { bindDrafts } from '../facilitation/drafts'
import { FacilitatorPanel } from '../facilitation/FacilitatorPanel'
import { Icon } from '../facilitation/icons'
import { LockBadges } from '../facilitation/LockBadges'
import { ReactionBar, ReactionLayer } from '../facilitation/Reactions'
import { useTimerChime } from '../facilitation/TimerDisplay'
import { VoteLayer, VotePanel } from '../facilitation/votes'
import { facilitationSignal } from '../facilitation/useFacilitation'
import '../facilitation/facilitation.css'
import { deviceColor } from '../identity/identity'
import { keepLoadedAssets } from '../offline/serviceWorker'
import { PeoplePanel } from '../people/PeoplePanel'
import { PlanPanel } from '../plan/PlanPanel'
import { ShareDialog } from '../share/ShareDialog'
import { NotFound } from '../ui/NotFound'
import { AccessMessage } from './AccessMessage'
import { BoardSession } from './BoardSession'
import { BoardActions, BoardTopCenter, type BoardPanel } from './BoardTopBar'

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

const uiOverrides = cardUiOverrides

/**
 * The board itself: the session to the server, tldraw, and the board's panels (people, share). When the server says
 * this person's role changed (close 4509), `onRoleChanged` asks for the board again; a new role opens a new session
 * (the editor's permissions, the facilitator's tools) where the view was.
 */
export function LiveBoard({ board, me, onRoleChanged }: { board: BoardSummary; me: PublicUser; onRoleChanged?: () => void }) {
  const { t, i18n } = useTranslation()
  const [session, setSession] = useState<BoardSession | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)
  // An atom, not React state: the top bar lives inside tldraw, whose components must stay the same objects.
  const $panel = useMemo(() => atom<BoardPanel>('panel', null), [])

  useEffect(() => {
    const created = new BoardSession(board.id, { user: me, role: board.role, color: deviceColor() }, i18n.language)
    setSession(created)
    return () => created.destroy()
    // The session lives as long as the board is open with this role; language changes go through it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board.id, board.role])

  // A role that changed while the board was open: said for a while, and the view stays where it was.
  const shownRole = useRef(board.role)
  const keptCamera = useRef<TLCamera | null>(null)
  const [newRole, setNewRole] = useState<BoardSummary['role'] | null>(null)
  useEffect(() => {
    if (shownRole.current === board.role) return
    shownRole.current = board.role
    setNewRole(board.role)
    const timer = setTimeout(() => setNewRole(null), 10_000)
    return () => clearTimeout(timer)
  }, [board.role])
  const roleChanges = useValue('roleChanges', () => session?.$roleChanges.get() ?? 0, [session])
  useEffect(() => {
    if (roleChanges > 0) onRoleChanged?.()
  }, [roleChanges, onRoleChanged])

  useEffect(() => {
    session?.setLocale(i18n.language)
  }, [session, i18n.language])

  const phase = useValue('phase', () => session?.$phase.get() ?? 'syncing', [session])
  const invalid = useValue('invalid', () => session?.$invalidRecords.get() ?? 0, [session])
  const panel = useValue('panel', () => $panel.get(), [$panel])
  const refusal = useValue('refusal', () => session?.$refusal.get() ?? 'invalid', [session])
  const facilitation = useValue('facilitation', () => (session ? facilitationSignal(session.doc).get() : emptyFacilitation), [session])
  const canLead = atLeast(board.role, 'facilitator')
  // Only a session that has the board drives the view: a new one (after a role change) starts from an empty doc,
  // whose "no phase" must not count as the phase having changed.
  const liveEditor = phase === 'ready' ? editor : null
  usePhaseCamera(liveEditor, facilitation.phase)
  useSummonFollow(liveEditor, facilitation.summon, me.id)
  useTimerChime(facilitation.timer)

  // A stable object: a new component type on every render would remount tldraw's panels.
  const components = useMemo<TLComponents>(
    () => ({
      TopPanel: () => (session ? <BoardTopCenter board={board} session={session} /> : null),
      SharePanel: () => (session ? <BoardActions session={session} $panel={$panel} /> : null),
      Toolbar: CardToolbar,
      StylePanel: CardAwareStylePanel,
      InFrontOfTheCanvas: () => (session ? <BoardCanvasOverlay session={session} /> : null),
    }),
    [session, board, $panel],
  )

  if (phase === 'unauthorized') return <AccessMessage kind="sessionEnded" boardId={board.id} />
  if (phase === 'forbidden') return <AccessMessage kind="removed" boardId={board.id} />
  if (phase === 'notFound') return <NotFound />
  if (!session || phase === 'syncing') return <div className="center-message">{t('board.loading')}</div>

  return (
    <div className="board">
      {(phase === 'reload' || phase === 'refused') && (
        <div className="board-banner" role="alert">
          <span>{t(phase === 'reload' ? 'board.reload' : refusal === 'locked' ? 'facilitation.refusedLocked' : 'board.refused')}</span>
          <button onClick={() => location.reload()}>{t('board.reloadButton')}</button>
        </div>
      )}
      {newRole && phase === 'ready' && (
        <div className="board-banner" role="status" data-testid="role-changed-banner">
          {t('board.roleChanged', { role: t(`roles.${newRole}`) })}
        </div>
      )}
      {invalid > 0 && phase === 'ready' && (
        <div className="board-banner" role="status">
          {t('board.invalidRecords', { count: invalid })}
        </div>
      )}
      {facilitation.locks.board && !canLead && board.role !== 'viewer' && phase === 'ready' && (
        <div className="board-banner lock-banner" role="status" data-testid="board-locked-banner">
          <Icon name="lock" /> {t('facilitation.locks.boardBanner')}
        </div>
      )}
      {(phase === 'ready' || phase === 'refused') && (
        <Tldraw
          store={session.store}
          user={session.user}
          assetUrls={assetUrls}
          shapeUtils={forumShapeUtils}
          tools={cardTools}
          overrides={uiOverrides}
          {...(licenseKey ? { licenseKey } : {})}
          components={components}
          onMount={(editor) => {
            if (session.$mode.get() === 'readonly') editor.updateInstanceState({ isReadonly: true })
            if (keptCamera.current) editor.setCamera(keptCamera.current, { immediate: true })
            keptCamera.current = null
            window.rembug = { editor, session }
            setEditor(editor)
            // The board chunk and tldraw's assets are loaded now: the offline shell keeps them.
            if (import.meta.env.PROD) keepLoadedAssets()
            const unbindRules = bindBoardRules(editor, {
              $facilitation: facilitationSignal(session.doc),
              role: session.role,
              author: board.role === 'viewer' ? null : { userId: me.id, sector: me.sector },
              $mode: session.$mode,
            })
            // Private drafting: a participant's new notes stay out of the doc while the facilitator asks.
            const unbindDrafts = bindDrafts(session, editor)
            return () => {
              keptCamera.current = editor.getCamera()
              unbindDrafts()
              unbindRules()
              setEditor(null)
            }
          }}
        />
      )}
      {phase === 'ready' && editor && <CardPanel editor={editor} readOnly={session.$mode.get() === 'readonly'} />}
      {phase === 'ready' && editor && facilitation.vote && <VoteLayer session={session} editor={editor} state={facilitation} />}
      {phase === 'ready' && editor && <ReactionBar editor={editor} awareness={session.provider.awareness} />}
      {panel === 'facilitation' && canLead && phase === 'ready' && editor && (
        <FacilitatorPanel
          session={session}
          editor={editor}
          state={facilitation}
          votePanel={<VotePanel session={session} editor={editor} state={facilitation} />}
          onClose={() => $panel.set(null)}
        />
      )}
      {panel === 'people' && (
        <PeoplePanel awareness={session.provider.awareness} selfUserId={session.person.userId} onClose={() => $panel.set(null)} />
      )}
      {panel === 'plan' && phase === 'ready' && editor && <PlanPanel editor={editor} board={board} doc={session.doc} onClose={() => $panel.set(null)} />}
      {panel === 'share' && <ShareDialog boardId={board.id} role={session.role} onClose={() => $panel.set(null)} />}
    </div>
  )
}

/** In front of the canvas, following the camera: the lock badges on locked frames and everyone's reactions. */
function BoardCanvasOverlay({ session }: { session: BoardSession }) {
  const editor = useEditor()
  return (
    <>
      <LockBadges editor={editor} $facilitation={facilitationSignal(session.doc)} />
      <ReactionLayer editor={editor} awareness={session.provider.awareness} />
    </>
  )
}

/** tldraw's style panel, except for a selected card: cards have no styles, and the card panel takes that place. */
function CardAwareStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const card = useValue('selected card', () => {
    const only = editor.getOnlySelectedShape()
    return only !== null && isCard(only)
  }, [editor])
  return card ? null : <DefaultStylePanel {...props} />
}
