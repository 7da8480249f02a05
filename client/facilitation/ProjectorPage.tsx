import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { toDataURL } from 'qrcode'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { createUserId, react, Tldraw, useEditor, useValue, type Editor, type TLComponents, type TLUserId } from 'tldraw'
import 'tldraw/tldraw.css'
import { atLeast, CAN, PERSON_FIELD, SECTORS, type BoardSummary, type PublicUser } from '../../shared/access'
import { accessApi, facilitationApi } from '../api'
import { AccessMessage } from '../board/AccessMessage'
import { BoardGate, type LoadedBoard } from '../board/BoardGate'
import { BoardSession } from '../board/BoardSession'
import { PRESENCE_FIELD } from '../board/presence'
import { forumShapeUtils } from '../cards'
import { parsePerson } from '../people/people'
import { SECTOR_COLOURS } from '../plan/chartGeometry'
import { displayCode, inviteState } from '../share/invites'
import { NotFound } from '../ui/NotFound'
import { usePhaseCamera } from './camera'
import { LockBadges } from './LockBadges'
import { countContributions, projectorFollowTarget, type PresentClient } from './logic'
import { ReactionLayer } from './Reactions'
import { stepNames } from './steps'
import { TimerDisplay, useTimerChime } from './TimerDisplay'
import { facilitationSignal, useFacilitation } from './useFacilitation'
import { VoteLayer } from './votes'
import './facilitation.css'

const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

/**
 * `/b/:boardId/projector`: the board for the screen in the room. Read-only whatever the role (the socket asks for
 * `view=projector`, so the server refuses its writes too), no editing UI, following the facilitator (or whoever
 * summoned everyone), with the title, the step, the timer, the join QR and code, and contributions per sector in
 * large type.
 */
export default function ProjectorPage({ boardId }: { boardId: string }) {
  return (
    <BoardGate boardId={boardId} returnTo={`/b/${boardId}/projector`} offline={false}>
      {({ board, me }) => <ProjectorBoard board={board} me={me} />}
    </BoardGate>
  )
}

function ProjectorBoard({ board, me }: Omit<LoadedBoard, 'refresh'>) {
  const { t, i18n } = useTranslation()
  const [session, setSession] = useState<BoardSession | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)

  useEffect(() => {
    const created = new BoardSession(board.id, { user: me, role: board.role, color: '#495057' }, i18n.language, {
      view: 'projector',
      name: t('facilitation.projector.name'),
    })
    setSession(created)
    return () => created.destroy()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board.id])

  const phase = useValue('phase', () => session?.$phase.get() ?? 'syncing', [session])

  const components = useMemo<TLComponents>(
    () => ({
      InFrontOfTheCanvas: () => (session ? <ProjectorCanvasOverlay session={session} /> : null),
    }),
    [session],
  )

  if (phase === 'unauthorized') return <AccessMessage kind="sessionEnded" boardId={board.id} />
  if (phase === 'forbidden') return <AccessMessage kind="removed" boardId={board.id} />
  if (phase === 'notFound') return <NotFound />
  if (!session || phase === 'syncing') return <div className="center-message">{t('board.loading')}</div>

  return (
    <div className="board projector" data-testid="projector">
      <Tldraw
        store={session.store}
        user={session.user}
        assetUrls={assetUrls}
        shapeUtils={forumShapeUtils}
        hideUi
        {...(licenseKey ? { licenseKey } : {})}
        components={components}
        onMount={(mounted) => {
          mounted.updateInstanceState({ isReadonly: true })
          window.rembug = { editor: mounted, session }
          setEditor(mounted)
        }}
      />
      {editor && <ProjectorOverlay session={session} editor={editor} board={board} me={me} />}
      {editor && <ProjectorVotes session={session} editor={editor} />}
    </div>
  )
}

/** The vote in progress and, once revealed, the totals on each candidate (the projector never votes). */
function ProjectorVotes({ session, editor }: { session: BoardSession; editor: Editor }) {
  const state = useFacilitation(session)
  return state.vote ? <VoteLayer session={session} editor={editor} state={state} /> : null
}

/** In front of the canvas: lock badges and reactions, following the camera. */
function ProjectorCanvasOverlay({ session }: { session: BoardSession }) {
  const editor = useEditor()
  return (
    <>
      <LockBadges editor={editor} $facilitation={facilitationSignal(session.doc)} />
      <ReactionLayer editor={editor} awareness={session.provider.awareness} large />
    </>
  )
}

function ProjectorOverlay({ session, editor, board, me }: { session: BoardSession; editor: Editor; board: BoardSummary; me: PublicUser }) {
  const { t, i18n } = useTranslation()
  const state = useFacilitation(session)
  const names = stepNames(i18n.language)
  usePhaseCamera(editor, state.phase)
  useProjectorFollow(editor, session, me.id, state.summon)
  useTimerChime(state.timer)
  const counts = useValue('contributions', () => countContributions(editor.store.query.records('shape').get() as Array<{ type: string; meta: Record<string, unknown> }>), [editor])
  return (
    <div className="projector-overlay" data-testid="projector-overlay">
      <header className="projector-head">
        <h1 className="projector-title">{board.title}</h1>
        <p className="projector-phase" data-testid="projector-phase">
          {state.phase ? (
            <>
              <span className="phase-number">{state.phase.step}</span> {names[state.phase.step]}
            </>
          ) : (
            t('facilitation.phase.none')
          )}
        </p>
      </header>
      {state.timer && (
        <div className="projector-timer">
          <TimerDisplay timer={state.timer} large />
        </div>
      )}
      <JoinBox boardId={board.id} canInvite={atLeast(board.role, CAN.manageInvites)} />
      <section className="projector-counts" aria-labelledby="projector-counts-title" data-testid="projector-counts">
        <h2 id="projector-counts-title">{t('facilitation.projector.contributions')}</h2>
        <ul>
          {[...SECTORS, 'none' as const].map((sector) => (
            <li key={sector} data-sector={sector} data-testid={`count-${sector}`}>
              <span className="swatch" style={{ background: SECTOR_COLOURS[sector] }} aria-hidden="true" />
              <span className="label">{sector === 'none' ? t('facilitation.projector.noSector') : t(`sectors.${sector}`)}</span>
              <span className="count">{counts[sector]}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

/**
 * The join box: a QR code of the join link and the code in large type. The code is an active editor invite of the
 * board (one is made if there is none); a person who may not manage invites gets the join page's address instead.
 */
function JoinBox({ boardId, canInvite }: { boardId: string; canInvite: boolean }) {
  const { t } = useTranslation()
  const [joinBase, setJoinBase] = useState(location.origin)
  const [code, setCode] = useState<string | null>(null)
  const [qr, setQr] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    facilitationApi
      .hub()
      .then((base) => live && setJoinBase(base.replace(/\/+$/, '')))
      .catch(() => undefined)
    if (canInvite) {
      accessApi
        .invites(boardId)
        .then(async (invites) => {
          const active = invites.find((invite) => invite.role === 'editor' && inviteState(invite) === 'active')
          const invite = active ?? (await accessApi.createInvite(boardId, { role: 'editor' }))
          if (live) setCode(invite.code)
        })
        .catch(() => undefined)
    }
    return () => {
      live = false
    }
  }, [boardId, canInvite])

  const link = code ? `${joinBase}/join/${code}` : null
  useEffect(() => {
    let live = true
    if (!link) return
    toDataURL(link, { margin: 1, width: 360, errorCorrectionLevel: 'M' })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(null))
    return () => {
      live = false
    }
  }, [link])

  const host = joinBase.replace(/^https?:\/\//, '')
  return (
    <section className="projector-join" aria-label={t('facilitation.projector.join')} data-testid="projector-join">
      <h2>{t('facilitation.projector.join')}</h2>
      {code ? (
        <>
          {qr && <img className="qr" src={qr} width={240} height={240} alt={t('facilitation.projector.qrAlt')} data-testid="projector-qr" />}
          <p className="projector-code">
            <span className="muted">{t('facilitation.projector.code')}</span>{' '}
            <span className="code-display" data-testid="projector-code">
              {displayCode(code)}
            </span>
          </p>
          <p className="hint">{t('facilitation.projector.joinHint', { url: `${host}/join` })}</p>
        </>
      ) : (
        <p className="hint">{t('facilitation.projector.joinNoCode', { url: `${host}/join` })}</p>
      )}
    </section>
  )
}

/** The clients on the board now, as the projector's follow choice needs them. */
function presentClients(session: BoardSession): PresentClient[] {
  const clients: PresentClient[] = []
  for (const [clientId, state] of session.provider.awareness.getStates()) {
    if (clientId === session.provider.awareness.clientID) continue
    const presence = (state as Record<string, unknown>)[PRESENCE_FIELD] as { userId?: unknown } | null | undefined
    clients.push({
      clientId,
      person: parsePerson((state as Record<string, unknown>)[PERSON_FIELD]),
      presenceUserId: presence && typeof presence.userId === 'string' ? presence.userId : null,
    })
  }
  return clients
}

/**
 * Keeps the projector following the summoner, else the first facilitator or owner here (see
 * `projectorFollowTarget`), re-choosing as people come and go.
 */
function useProjectorFollow(editor: Editor, session: BoardSession, ownUserId: string, summon: { userId: string } | null): void {
  const summonUserId = summon?.userId ?? null
  useEffect(() => {
    const self = createUserId(`${ownUserId}:projector`)
    const awareness = session.provider.awareness
    let scheduled = false
    const sync = () => {
      scheduled = false
      const target = projectorFollowTarget(summonUserId ? { userId: summonUserId } : null, presentClients(session), ownUserId, self)
      const following = editor.getInstanceState().followingUserId
      const present = target !== null && editor.getCollaborators().some((c) => c.userId === target)
      if (present && following !== target) editor.startFollowingUser(target as TLUserId)
      else if (target === null && following) editor.stopFollowingUser()
    }
    // Outside of tldraw's reactions and awareness handlers: following changes the instance state.
    const schedule = () => {
      if (scheduled) return
      scheduled = true
      queueMicrotask(sync)
    }
    awareness.on('change', schedule)
    const stop = react('projector follows', () => {
      editor.getCollaborators()
      editor.getInstanceState().followingUserId
      schedule()
    })
    return () => {
      awareness.off('change', schedule)
      stop()
    }
  }, [editor, session, ownUserId, summonUserId])
}
