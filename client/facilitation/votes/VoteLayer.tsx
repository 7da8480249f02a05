import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { createPortal } from 'react-dom'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { atLeast } from '../../../shared/access'
import type { FacilitationState, VoteState } from '../../../shared/facilitation/state'
import { hasConsent, type Dots } from '../../../shared/facilitation/votes'
import type { BoardSession } from '../../board/BoardSession'
import { panelEventGuards } from '../../ui/panelEvents'
import { votesApi } from './api'
import { addDot, addProblem, dotsLeft, dotsUsed, fitBallot, removeDot } from './ballot'
import { BallotSync } from './ballotSync'
import { createPageOverlay, type PageOverlay } from './pageOverlay'
import { ResultsList } from './ResultsList'
import { useVotesT } from './useVotesT'
import './votes.css'

/**
 * Dot voting for everyone on the board, while the doc holds a vote (`state.vote`):
 * - open: a bar with the dots left and a "place dots" mode; in it, a click on a candidate adds a dot and a right-click
 *   (or Alt-click) takes one back; with a candidate selected, `+` and `-` (or the bar's buttons) do the same. Own dots
 *   show as small dots on the shapes. The ballot is sent whole to the server (debounced, retried) and never enters
 *   the board doc;
 * - closed: the own dots stay, frozen, until the reveal;
 * - revealed: every candidate with dots shows its total (★ when all four sectors support it), and anyone can open the
 *   ranked results.
 * Mount it once per board, anywhere in the React tree: it draws into layers of its own in the editor's container.
 */
export function VoteLayer({ session, editor, state }: { session: BoardSession; editor: Editor; state: FacilitationState }) {
  const vote = state.vote
  if (!vote) return null
  return <VoteLayerBody key={vote.id} session={session} editor={editor} vote={vote} />
}

interface Layers {
  marks: PageOverlay
  ui: PageOverlay
}

/** Dots and badges sit above the shapes and below collaborators' cursors; the bar and the sheet above tldraw's panels. */
const MARKS_Z = 244
const UI_Z = 350

function useLayers(editor: Editor): Layers | null {
  const [layers, setLayers] = useState<Layers | null>(null)
  useLayoutEffect(() => {
    const marks = createPageOverlay(editor, 'vote-marks-layer', MARKS_Z)
    const ui = createPageOverlay(editor, 'vote-ui-layer', UI_Z)
    setLayers({ marks, ui })
    return () => {
      marks.dispose()
      ui.dispose()
    }
  }, [editor])
  return layers
}

type Notice = 'none' | 'notCandidate' | 'selectFirst' | null

function VoteLayerBody({ session, editor, vote }: { session: BoardSession; editor: Editor; vote: VoteState }) {
  const t = useVotesT()
  const layers = useLayers(editor)
  // Participants and up vote (a board lock does not stop it: a ballot is not an edit of the board); the projector and
  // viewers only watch.
  const canVote = atLeast(session.role, 'editor') && session.view !== 'projector'
  const sync = useMemo(
    () => new BallotSync(vote.id, {}, { put: (voteId, dots) => votesApi.cast(session.boardId, voteId, dots) }),
    // One ballot per vote: the body is keyed by the vote's id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  )
  const subscribe = useCallback((listener: () => void) => sync.subscribe(listener), [sync])
  const ballot = useSyncExternalStore(subscribe, () => sync.get())
  const [placing, setPlacing] = useState(false)
  const [lastId, setLastId] = useState<TLShapeId | null>(null)
  const [notice, setNotice] = useState<Notice>(null)
  const [showResults, setShowResults] = useState(false)
  const candidates = useMemo(() => new Set<string>(vote.candidates), [vote.candidates])
  const open = vote.status === 'open'

  // The server's copy of this person's ballot (after a reload, or from another tab).
  useEffect(() => {
    if (!canVote || vote.status === 'revealed') return
    let stopped = false
    votesApi.ballot(session.boardId).then(
      (answer) => {
        if (!stopped && answer.voteId === vote.id) sync.load(fitBallot(vote, answer.dots), answer.voters)
      },
      () => {
        // No ballot yet, or offline: the person starts with no dots placed.
      },
    )
    return () => {
      stopped = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canVote, session.boardId, vote.id])

  useEffect(() => {
    const onHide = () => sync.flush()
    window.addEventListener('pagehide', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      // Not disposed: under StrictMode this effect runs twice on one BallotSync. What waits goes now; a later refusal
      // (the vote ended) stops it.
      sync.flush()
    }
  }, [sync])

  useEffect(() => {
    if (!open) setPlacing(false)
  }, [open])

  useEffect(() => {
    if (notice === null) return
    const timer = setTimeout(() => setNotice(null), 2500)
    return () => clearTimeout(timer)
  }, [notice])

  const add = (shapeId: string) => {
    const problem = addProblem(vote, sync.get().dots, shapeId)
    if (problem === 'none' || problem === 'notCandidate') setNotice(problem)
    const next = addDot(vote, sync.get().dots, shapeId)
    if (next) sync.set(next)
  }
  const remove = (shapeId: string) => {
    const next = removeDot(vote, sync.get().dots, shapeId)
    if (next) sync.set(next)
  }

  const selectedCandidate = useValue(
    'vote: selected candidate',
    () => {
      const only = editor.getOnlySelectedShape()
      return only && candidates.has(only.id) ? only.id : null
    },
    [editor, candidates],
  )
  const focusId = selectedCandidate ?? lastId

  // Placing mode: a click on a candidate is a dot, not a selection or a drag; elsewhere the board works as usual.
  useEffect(() => {
    if (!placing || !open || !canVote) return
    const container = editor.getContainer()
    let consumed: number | null = null
    const candidateAt = (event: MouseEvent): TLShapeId | null => {
      if (!(event.target instanceof Element) || !event.target.closest('.tl-canvas')) return null
      const point = editor.screenToPage({ x: event.clientX, y: event.clientY })
      return editor.getShapeAtPoint(point, { hitInside: true, hitLabels: true, filter: (shape) => candidates.has(shape.id) })?.id ?? null
    }
    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 0 && event.button !== 2) return
      const hit = candidateAt(event)
      if (!hit) return
      event.preventDefault()
      event.stopPropagation()
      consumed = event.pointerId
      setLastId(hit)
      if (event.button === 2 || event.altKey) remove(hit)
      else add(hit)
    }
    const onPointerUp = (event: PointerEvent) => {
      if (consumed !== event.pointerId) return
      consumed = null
      event.stopPropagation()
    }
    const onContextMenu = (event: MouseEvent) => {
      if (!candidateAt(event)) return
      event.preventDefault()
      event.stopPropagation()
    }
    container.addEventListener('pointerdown', onPointerDown, true)
    container.addEventListener('pointerup', onPointerUp, true)
    container.addEventListener('contextmenu', onContextMenu, true)
    return () => {
      container.removeEventListener('pointerdown', onPointerDown, true)
      container.removeEventListener('pointerup', onPointerUp, true)
      container.removeEventListener('contextmenu', onContextMenu, true)
    }
    // add/remove read the latest ballot from `sync` itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placing, open, canVote, editor, candidates])

  // `+` / `-` with a candidate selected (instead of tldraw's zoom, only then).
  useEffect(() => {
    if (!open || !canVote) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      const plus = event.key === '+' || event.key === '='
      const minus = event.key === '-' || event.key === '_'
      if (!plus && !minus) return
      const target = event.target as HTMLElement | null
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
      if (editor.getEditingShapeId() !== null) return
      const only = editor.getOnlySelectedShape()
      if (!only || !candidates.has(only.id)) return
      event.preventDefault()
      event.stopImmediatePropagation()
      if (plus) add(only.id)
      else remove(only.id)
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, canVote, editor, candidates])

  const marks = useCandidateMarks(editor, vote)
  if (!layers) return null

  const dots: Dots = ballot.dots
  const left = dotsLeft(vote, dots)
  const showOwnDots = canVote && vote.status !== 'revealed'

  const noticeText =
    notice === 'none'
      ? t('facilitationVotes.layer.none')
      : notice === 'notCandidate'
        ? t('facilitationVotes.layer.notCandidate')
        : notice === 'selectFirst'
          ? t('facilitationVotes.layer.selectFirst')
          : null
  const syncText =
    ballot.status === 'conflict' && open
      ? t('facilitationVotes.layer.conflict')
      : ballot.status === 'saving'
        ? t('facilitationVotes.layer.saving')
        : ballot.status === 'retrying'
          ? t('facilitationVotes.layer.retrying')
          : ballot.status === 'saved'
            ? t('facilitationVotes.layer.saved')
            : null

  const stepButton = (kind: 'add' | 'remove') => (
    <button
      type="button"
      className="vote-step"
      aria-label={t(kind === 'add' ? 'facilitationVotes.layer.add' : 'facilitationVotes.layer.remove')}
      title={t(kind === 'add' ? 'facilitationVotes.layer.add' : 'facilitationVotes.layer.remove')}
      disabled={kind === 'add' ? left <= 0 : !focusId || !dots[focusId]}
      onClick={() => {
        if (!focusId) return setNotice('selectFirst')
        if (kind === 'add') add(focusId)
        else remove(focusId)
      }}
    >
      {kind === 'add' ? '+' : '−'}
    </button>
  )

  return (
    <>
      {createPortal(
        <>
          {marks.map((mark) => {
            const own = showOwnDots ? (dots[mark.id] ?? 0) : 0
            const tally = vote.status === 'revealed' ? vote.results?.[mark.id] : undefined
            return (
              <div key={mark.id}>
                {placing && open && (
                  <div
                    className="vote-candidate-ring"
                    data-focus={mark.id === focusId || undefined}
                    style={{ left: mark.x, top: mark.y, width: mark.w, height: mark.h }}
                  />
                )}
                {(own > 0 || tally) && (
                  <div className="vote-anchor" style={{ left: mark.x + mark.w, top: mark.y }}>
                    {own > 0 && (
                      <span className="vote-own-dots" title={t('facilitationVotes.layer.myDots', { count: own })}>
                        {Array.from({ length: Math.min(own, 10) }, (_, i) => (
                          <span key={i} className="vote-own-dot" />
                        ))}
                        {own > 10 && <span className="vote-own-more">+{own - 10}</span>}
                      </span>
                    )}
                    {tally && (
                      <span className="vote-badge" data-consent={hasConsent(tally) || undefined} title={t('facilitationVotes.layer.badge', { count: tally.total })}>
                        {tally.total}
                        {hasConsent(tally) && <span aria-label={t('facilitationVotes.results.consent')}> ★</span>}
                      </span>
                    )}
                  </div>
                )}
              </div>
            )
          })}
        </>,
        layers.marks.page,
      )}
      {createPortal(
        <>
          <div className="vote-bar-panel" role="region" aria-label={t('facilitationVotes.panel.title')} {...panelEventGuards(() => setPlacing(false))}>
            {open && canVote && (
              <>
                <span className="vote-bar-text" aria-live="polite">
                  {t('facilitationVotes.layer.open', { left, total: vote.dots })}
                </span>
                <span className="vote-dots-preview" aria-hidden="true">
                  {Array.from({ length: Math.min(vote.dots, 20) }, (_, i) => (
                    <span key={i} className="vote-own-dot" data-used={i < dotsUsed(dots) || undefined} />
                  ))}
                </span>
                <button type="button" className="vote-place" aria-pressed={placing} onClick={() => setPlacing((on) => !on)}>
                  {placing ? t('facilitationVotes.layer.placing') : t('facilitationVotes.layer.place')}
                </button>
                {stepButton('remove')}
                {stepButton('add')}
              </>
            )}
            {open && !canVote && <span className="vote-bar-text">{t('facilitationVotes.panel.status.open')}</span>}
            {vote.status === 'closed' && <span className="vote-bar-text">{t('facilitationVotes.layer.closed')}</span>}
            {vote.status === 'revealed' && (
              <>
                <span className="vote-bar-text">{t('facilitationVotes.layer.revealed')}</span>
                <button type="button" className="vote-place" aria-expanded={showResults} onClick={() => setShowResults((on) => !on)}>
                  {showResults ? t('facilitationVotes.layer.hideResults') : t('facilitationVotes.layer.results')}
                </button>
              </>
            )}
            {(noticeText ?? (open && canVote ? syncText : null)) && (
              <span className="vote-bar-note" role={ballot.status === 'conflict' ? 'alert' : 'status'}>
                {noticeText ?? syncText}
              </span>
            )}
            {placing && open && <span className="vote-bar-hint">{t('facilitationVotes.layer.placeHint')}</span>}
          </div>
          {vote.status === 'revealed' && showResults && (
            <aside className="vote-sheet" aria-label={t('facilitationVotes.results.title')} {...panelEventGuards(() => setShowResults(false))}>
              <div className="vote-sheet-header">
                <h2>{t('facilitationVotes.results.title')}</h2>
                <button type="button" className="icon-button" aria-label={t('facilitationVotes.results.close')} onClick={() => setShowResults(false)}>
                  ×
                </button>
              </div>
              <ResultsList editor={editor} vote={vote} />
            </aside>
          )}
        </>,
        layers.ui.root,
      )}
    </>
  )
}

interface CandidateMark {
  id: TLShapeId
  x: number
  y: number
  w: number
  h: number
}

/** The page bounds of the vote's candidates on the page in view. */
function useCandidateMarks(editor: Editor, vote: VoteState): CandidateMark[] {
  return useValue(
    'vote: candidate marks',
    () => {
      const pageId = editor.getCurrentPageId()
      const marks: CandidateMark[] = []
      for (const id of vote.candidates as TLShapeId[]) {
        const shape = editor.getShape(id)
        if (!shape || editor.getAncestorPageId(shape) !== pageId) continue
        const bounds = editor.getShapePageBounds(id)
        if (bounds) marks.push({ id, x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h })
      }
      return marks
    },
    [editor, vote.candidates],
  )
}
