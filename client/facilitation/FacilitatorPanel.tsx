import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useValue, type Editor, type TLFrameShape, type TLShapeId } from 'tldraw'
import type { FacilitationState } from '../../shared/facilitation/state'
import { MAX_TIMER_MS } from '../../shared/facilitation/timer'
import { STEPS } from '../../shared/forum/template'
import { facilitationApi } from '../api'
import type { BoardSession } from '../board/BoardSession'
import { PanelToggle } from '../ui/PanelToggle'
import { panelEventGuards } from '../ui/panelEvents'
import { stepNames } from './steps'
import { TimerDisplay } from './TimerDisplay'
import { useCommand } from './useCommand'
import { Icon } from './icons'

export const FACILITATION_BUTTON_ID = 'facilitation-button'
export const FACILITATION_PANEL_ID = 'facilitation-panel'

const PRESETS = [3, 5, 10, 15] as const
const DRAFT_POLL_MS = 3000

/** The top-bar toggle of the facilitator panel (owners and facilitators only). */
export function FacilitationButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { t } = useTranslation()
  return (
    <PanelToggle
      id={FACILITATION_BUTTON_ID}
      panelId={FACILITATION_PANEL_ID}
      name={t('facilitation.button')}
      hint={t('facilitation.buttonHint')}
      icon={
        <>
          <circle cx="12" cy="13" r="8" />
          <path d="M12 9v4l2.5 2M9 2h6" />
        </>
      }
      open={open}
      onToggle={onToggle}
    />
  )
}

/**
 * Everything a facilitator steers the workshop with: the step, the timer, the vote, private drafting, locks, "Ikuti
 * saya" and the projector. Each control sends one command (`POST /api/boards/:id/facilitation`); the result comes
 * back through the board. Not modal; Escape closes it and gives focus back to its button.
 */
export function FacilitatorPanel({
  session,
  editor,
  state,
  votePanel,
  onClose,
}: {
  session: BoardSession
  editor: Editor
  state: FacilitationState
  /** The vote section (the votes module's own `<section>` with its heading). */
  votePanel: ReactNode
  onClose(): void
}) {
  const { t, i18n } = useTranslation()
  const ref = useRef<HTMLElement>(null)
  const { run, busy, error } = useCommand(session.boardId)
  const names = stepNames(i18n.language)
  const current = state.phase?.step ?? null

  useEffect(() => {
    ref.current?.focus()
    return () => document.getElementById(FACILITATION_BUTTON_ID)?.focus()
  }, [])

  const summonedByMe = state.summon?.userId === session.person.userId

  return (
    <aside
      id={FACILITATION_PANEL_ID}
      ref={ref}
      className="facilitation-panel"
      role="dialog"
      aria-labelledby="facilitation-title"
      tabIndex={-1}
      data-testid="facilitation-panel"
      {...panelEventGuards(onClose)}
    >
      <header className="dialog-header">
        <h2 id="facilitation-title">{t('facilitation.panelTitle')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('facilitation.close')}>
          ×
        </button>
      </header>
      {error && (
        <p className="error" role="alert" data-testid="facilitation-error">
          {error}
        </p>
      )}

      <section aria-labelledby="fac-phase">
        <h3 id="fac-phase">{t('facilitation.phase.title')}</h3>
        <ol className="fac-steps">
          {STEPS.map((step) => (
            <li key={step}>
              <button
                type="button"
                className="fac-step"
                aria-pressed={step === current}
                disabled={busy}
                data-testid={`fac-phase-${step}`}
                onClick={() => void run({ type: 'phase', step })}
              >
                <span className="phase-number" aria-hidden="true">
                  {step}
                </span>{' '}
                {step === current ? t('facilitation.phase.running', { name: names[step] }) : t('facilitation.phase.start', { name: names[step] })}
              </button>
            </li>
          ))}
        </ol>
        {state.phase && state.phase.frameId === null && <p className="hint">{t('facilitation.phase.noFrame')}</p>}
        {current !== null && (
          <button type="button" className="secondary" disabled={busy} title={t('facilitation.phase.endHint')} onClick={() => void run({ type: 'phase', step: null })}>
            {t('facilitation.phase.end')}
          </button>
        )}
      </section>

      <TimerSection state={state} busy={busy} run={run} />

      {votePanel}

      <PrivateSection boardId={session.boardId} state={state} busy={busy} run={run} />

      <LocksSection editor={editor} state={state} busy={busy} run={run} />

      <section aria-labelledby="fac-summon">
        <h3 id="fac-summon">{t('facilitation.summon.title')}</h3>
        <p className="hint">{state.summon ? t('facilitation.summon.active', { name: state.summon.name }) : t('facilitation.summon.hint')}</p>
        <div className="button-row">
          {!summonedByMe && (
            <button type="button" disabled={busy} data-testid="summon-on" onClick={() => void run({ type: 'summon', on: true })}>
              {t('facilitation.summon.on')}
            </button>
          )}
          {state.summon && (
            <button type="button" className="secondary" disabled={busy} data-testid="summon-off" onClick={() => void run({ type: 'summon', on: false })}>
              {t('facilitation.summon.off')}
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby="fac-projector">
        <h3 id="fac-projector">{t('facilitation.projector.name')}</h3>
        <a
          className="button-link secondary"
          href={`/b/${encodeURIComponent(session.boardId)}/projector`}
          target="_blank"
          rel="noopener"
          title={t('facilitation.projector.openHint')}
          data-testid="open-projector"
        >
          {t('facilitation.projector.open')}
        </a>
      </section>
    </aside>
  )
}

type Run = ReturnType<typeof useCommand>['run']

function TimerSection({ state, busy, run }: { state: FacilitationState; busy: boolean; run: Run }) {
  const { t } = useTranslation()
  const [minutes, setMinutes] = useState('')
  const [invalid, setInvalid] = useState(false)
  const timer = state.timer
  const setCustom = () => {
    const value = Number(minutes.replace(',', '.'))
    const ms = Math.round(value * 60_000)
    if (!Number.isFinite(value) || ms < 60_000 || ms > MAX_TIMER_MS) {
      setInvalid(true)
      return
    }
    setInvalid(false)
    void run({ type: 'timer', action: 'set', durationMs: ms })
  }
  const running = timer !== null && timer.endsAt !== null
  return (
    <section aria-labelledby="fac-timer">
      <h3 id="fac-timer">{t('facilitation.timer.title')}</h3>
      {timer ? <TimerDisplay timer={timer} muteToggle /> : <p className="hint">{t('facilitation.timer.none')}</p>}
      <div className="button-row" role="group" aria-label={t('facilitation.timer.presets')}>
        {PRESETS.map((count) => (
          <button
            key={count}
            type="button"
            className="secondary"
            disabled={busy}
            aria-label={t('facilitation.timer.minutesLabel', { count })}
            data-testid={`timer-preset-${count}`}
            onClick={() => void run({ type: 'timer', action: 'set', durationMs: count * 60_000 })}
          >
            {t('facilitation.timer.minutes', { count })}
          </button>
        ))}
      </div>
      <form
        className="row timer-custom"
        onSubmit={(event) => {
          event.preventDefault()
          setCustom()
        }}
      >
        <label htmlFor="timer-minutes">{t('facilitation.timer.custom')}</label>
        <input
          id="timer-minutes"
          inputMode="decimal"
          value={minutes}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'timer-minutes-error' : undefined}
          onChange={(event) => setMinutes(event.target.value)}
          data-testid="timer-minutes"
        />
        <button type="submit" className="secondary" disabled={busy || minutes.trim() === ''}>
          {t('facilitation.timer.customSet')}
        </button>
      </form>
      {invalid && (
        <p id="timer-minutes-error" className="error">
          {t('facilitation.timer.customInvalid')}
        </p>
      )}
      {timer && (
        <div className="button-row">
          {running ? (
            <button type="button" disabled={busy} data-testid="timer-pause" onClick={() => void run({ type: 'timer', action: 'pause' })}>
              {t('facilitation.timer.pause')}
            </button>
          ) : (
            <button type="button" disabled={busy} data-testid="timer-start" onClick={() => void run({ type: 'timer', action: 'start' })}>
              {t('facilitation.timer.start')}
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} data-testid="timer-add" onClick={() => void run({ type: 'timer', action: 'add', ms: 60_000 })}>
            {t('facilitation.timer.addMinute')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            aria-label={t('facilitation.timer.clearLabel')}
            data-testid="timer-clear"
            onClick={() => void run({ type: 'timer', action: 'clear' })}
          >
            {t('facilitation.timer.clear')}
          </button>
        </div>
      )}
    </section>
  )
}

/** The hidden-note count, asked again every few seconds while private drafting is on and the panel is open. */
function useDraftCount(boardId: string, on: boolean): number | null {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    if (!on) {
      setCount(null)
      return
    }
    let live = true
    const poll = () =>
      facilitationApi
        .draftCount(boardId)
        .then((n) => live && setCount(n))
        .catch(() => undefined)
    void poll()
    const interval = setInterval(() => void poll(), DRAFT_POLL_MS)
    return () => {
      live = false
      clearInterval(interval)
    }
  }, [boardId, on])
  return count
}

function PrivateSection({ boardId, state, busy, run }: { boardId: string; state: FacilitationState; busy: boolean; run: Run }) {
  const { t } = useTranslation()
  const on = state.private?.on === true
  const count = useDraftCount(boardId, on)
  return (
    <section aria-labelledby="fac-private">
      <h3 id="fac-private">
        {t('facilitation.private.title')}{' '}
        <span className={`state ${on ? 'state-active' : 'state-expired'}`} data-testid="private-state">
          {on ? t('facilitation.private.stateOn') : t('facilitation.private.stateOff')}
        </span>
      </h3>
      <p className="hint">{t('facilitation.private.hint')}</p>
      {on && count !== null && (
        <p data-testid="draft-count" role="status">
          {t('facilitation.private.count', { count })}
        </p>
      )}
      <div className="button-row">
        {on ? (
          <>
            <button type="button" disabled={busy} title={t('facilitation.private.revealHint')} data-testid="private-reveal" onClick={() => void run({ type: 'private', action: 'reveal' })}>
              {t('facilitation.private.reveal')}
            </button>
            <button type="button" className="secondary" disabled={busy} data-testid="private-off" onClick={() => void run({ type: 'private', on: false })}>
              {t('facilitation.private.off')}
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} data-testid="private-on" onClick={() => void run({ type: 'private', on: true })}>
            {t('facilitation.private.on')}
          </button>
        )}
      </div>
    </section>
  )
}

function frameName(editor: Editor, id: string, fallback: string): string {
  const shape = editor.getShape(id as TLShapeId)
  const name = shape?.type === 'frame' ? (shape as TLFrameShape).props.name : ''
  return name || fallback
}

function LocksSection({ editor, state, busy, run }: { editor: Editor; state: FacilitationState; busy: boolean; run: Run }) {
  const { t } = useTranslation()
  const selectedFrame = useValue(
    'selected frame',
    () => {
      const only = editor.getOnlySelectedShape()
      return only?.type === 'frame' ? only.id : null
    },
    [editor],
  )
  const frames = useValue('locked frame names', () => state.locks.frames.map((id) => ({ id, name: frameName(editor, id, t('facilitation.locks.untitledFrame')) })), [editor, state.locks.frames, t])
  const boardLocked = state.locks.board
  return (
    <section aria-labelledby="fac-locks">
      <h3 id="fac-locks">{t('facilitation.locks.title')}</h3>
      {boardLocked && <p role="status">{t('facilitation.locks.boardLocked')}</p>}
      <div className="button-row">
        <button
          type="button"
          className={boardLocked ? '' : 'secondary'}
          aria-pressed={boardLocked}
          disabled={busy}
          data-testid="lock-board"
          onClick={() => void run({ type: 'lock', target: 'board', locked: !boardLocked })}
        >
          {boardLocked ? t('facilitation.locks.unlockBoard') : t('facilitation.locks.lockBoard')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || !selectedFrame || state.locks.frames.includes(selectedFrame)}
          title={selectedFrame ? undefined : t('facilitation.locks.selectFrame')}
          data-testid="lock-frame"
          onClick={() => selectedFrame && void run({ type: 'lock', target: selectedFrame, locked: true })}
        >
          {t('facilitation.locks.lockFrame')}
        </button>
      </div>
      {!selectedFrame && <p className="hint">{t('facilitation.locks.selectFrame')}</p>}
      <h4>{t('facilitation.locks.frames')}</h4>
      {frames.length === 0 ? (
        <p className="hint">{t('facilitation.locks.none')}</p>
      ) : (
        <ul className="locked-frames" data-testid="locked-frames">
          {frames.map((frame) => (
            <li key={frame.id}>
              <span>
                <Icon name="lock" size={14} /> {frame.name}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                aria-label={t('facilitation.locks.unlockLabel', { name: frame.name })}
                onClick={() => void run({ type: 'lock', target: frame.id, locked: false })}
              >
                {t('facilitation.locks.unlock')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
