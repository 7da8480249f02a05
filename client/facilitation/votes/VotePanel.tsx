import { useEffect, useId, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import type { FacilitationCommand } from '../../../shared/facilitation/commands'
import type { FacilitationState, VoteState } from '../../../shared/facilitation/state'
import type { BoardSession } from '../../board/BoardSession'
import { votesApi } from './api'
import { ResultsList } from './ResultsList'
import { frameName } from './shapeText'
import { useVotesT } from './useVotesT'
import './votes.css'

/** How often the facilitator's panel asks how many people have voted while a vote runs. */
const VOTERS_POLL_MS = 2500
export const MAX_PANEL_DOTS = 10
export const DEFAULT_DOTS = 3

/**
 * The facilitator's dot-vote controls, for the facilitator panel: open a vote on the selected frame (or the current
 * step's frame) with N dots each, watch how many people voted, close, reveal or cancel it, and after the reveal the
 * ranked results (with "adopt" for vision and mission statements). Commands go to `POST /api/boards/:id/facilitation`;
 * the state comes back through the board doc (`state`).
 */
export function VotePanel({ session, editor, state }: { session: BoardSession; editor: Editor; state: FacilitationState }) {
  const t = useVotesT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const vote = state.vote
  const titleId = useId()

  const run = async (command: FacilitationCommand) => {
    setBusy(true)
    setError(null)
    try {
      await votesApi.command(session.boardId, command)
    } catch (caught) {
      setError(t('facilitationVotes.panel.failed', { message: caught instanceof Error ? caught.message : String(caught) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="vote-panel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('facilitationVotes.panel.title')}</h3>
      {vote && vote.status !== 'revealed' && <RunningVote session={session} editor={editor} vote={vote} busy={busy} run={run} />}
      {vote?.status === 'revealed' && (
        <>
          <p className="vote-status">{t('facilitationVotes.panel.status.revealed')}</p>
          <ResultsList editor={editor} vote={vote} busy={busy} onAdopt={(shapeId) => void run({ type: 'adopt', shapeId })} />
        </>
      )}
      {(!vote || vote.status === 'revealed') && <OpenVoteForm editor={editor} state={state} busy={busy} run={run} />}
      {vote?.status === 'revealed' && (
        <button type="button" className="vote-secondary" disabled={busy} onClick={() => void run({ type: 'vote', action: 'cancel' })}>
          {t('facilitationVotes.panel.cancel')}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

/** The frame a new vote would run on: the selected frame, else the frame of the step now running. */
function useTargetFrame(editor: Editor, state: FacilitationState): { frameId: TLShapeId; name: string; source: 'selected' | 'phase' } | null {
  const phaseFrame = state.phase?.frameId ?? null
  return useValue(
    'vote target frame',
    () => {
      const selected = editor.getOnlySelectedShape()
      if (selected?.type === 'frame') return { frameId: selected.id, name: frameName(editor, selected.id) ?? '', source: 'selected' as const }
      if (phaseFrame && editor.getShape(phaseFrame as TLShapeId)?.type === 'frame') {
        return { frameId: phaseFrame as TLShapeId, name: frameName(editor, phaseFrame) ?? '', source: 'phase' as const }
      }
      return null
    },
    [editor, phaseFrame],
  )
}

function OpenVoteForm({
  editor,
  state,
  busy,
  run,
}: {
  editor: Editor
  state: FacilitationState
  busy: boolean
  run: (command: FacilitationCommand) => Promise<void>
}) {
  const t = useVotesT()
  const dotsId = useId()
  const [dots, setDots] = useState(DEFAULT_DOTS)
  const target = useTargetFrame(editor, state)
  const name = target ? target.name || t('facilitationVotes.panel.untitledFrame') : ''
  return (
    <form
      className="vote-open-form"
      onSubmit={(event) => {
        event.preventDefault()
        if (target) void run({ type: 'vote', action: 'open', frameId: target.frameId, dots })
      }}
    >
      <p className={target ? 'vote-target' : 'hint'}>
        {target
          ? t(target.source === 'selected' ? 'facilitationVotes.panel.selectedFrame' : 'facilitationVotes.panel.phaseFrame', { name })
          : t('facilitationVotes.panel.noFrame')}
      </p>
      <div className="vote-dots-field">
        <label htmlFor={dotsId}>{t('facilitationVotes.panel.dots')}</label>
        <input
          id={dotsId}
          type="number"
          min={1}
          max={MAX_PANEL_DOTS}
          step={1}
          value={dots}
          onChange={(event) => {
            const value = Math.round(Number(event.target.value))
            if (Number.isFinite(value)) setDots(Math.min(MAX_PANEL_DOTS, Math.max(1, value)))
          }}
        />
      </div>
      <button type="submit" className="vote-primary" disabled={busy || !target}>
        {state.vote ? t('facilitationVotes.panel.newVote') : t('facilitationVotes.panel.open')}
      </button>
    </form>
  )
}

function RunningVote({
  session,
  editor,
  vote,
  busy,
  run,
}: {
  session: BoardSession
  editor: Editor
  vote: VoteState
  busy: boolean
  run: (command: FacilitationCommand) => Promise<void>
}) {
  const t = useVotesT()
  const voters = useVoters(session.boardId, vote)
  const frame = useValue('vote frame name', () => frameName(editor, vote.frameId), [editor, vote.frameId])
  const cancel = () => {
    if (window.confirm(t('facilitationVotes.panel.cancelConfirm'))) void run({ type: 'vote', action: 'cancel' })
  }
  return (
    <div className="vote-running">
      <p className="vote-status">{t(`facilitationVotes.panel.status.${vote.status}`)}</p>
      <p className="hint">
        {t('facilitationVotes.panel.onFrame', { name: frame || t('facilitationVotes.panel.untitledFrame'), dots: vote.dots })} ·{' '}
        {t('facilitationVotes.panel.candidates', { count: vote.candidates.length })}
      </p>
      {vote.candidates.length === 0 && <p className="hint">{t('facilitationVotes.panel.noCandidates')}</p>}
      <p className="vote-voters" aria-live="polite">
        {t('facilitationVotes.panel.voters', { count: voters ?? 0 })}
      </p>
      <div className="button-row">
        {vote.status === 'open' && (
          <button type="button" className="vote-secondary" disabled={busy} onClick={() => void run({ type: 'vote', action: 'close' })}>
            {t('facilitationVotes.panel.close')}
          </button>
        )}
        <button type="button" className="vote-primary" disabled={busy} onClick={() => void run({ type: 'vote', action: 'reveal' })}>
          {t('facilitationVotes.panel.reveal')}
        </button>
        <button type="button" className="vote-secondary" disabled={busy} onClick={cancel}>
          {t('facilitationVotes.panel.cancel')}
        </button>
      </div>
    </div>
  )
}

/** How many people have voted in the running vote, asked every few seconds while it is open (once when closed). */
function useVoters(boardId: string, vote: VoteState): number | null {
  const [voters, setVoters] = useState<number | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    const poll = async () => {
      try {
        const answer = await votesApi.ballot(boardId)
        if (!stopped && answer.voteId === vote.id) setVoters(answer.voters)
      } catch {
        // Offline or no vote any more: the next poll (or the doc) tells.
      }
      if (!stopped && vote.status === 'open') timer = setTimeout(() => void poll(), VOTERS_POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      if (timer !== null) clearTimeout(timer)
    }
  }, [boardId, vote.id, vote.status])
  return voters
}
