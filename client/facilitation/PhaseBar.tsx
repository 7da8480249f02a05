import type { KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { FacilitationState } from '../../shared/facilitation/state'
import { STEPS } from '../../shared/forum/template'
import { stepNames } from './steps'
import { TimerDisplay } from './TimerDisplay'
import { useCommand } from './useCommand'

/**
 * Where the group is: the five steps with the current one marked, and the timer. Facilitators and owners start a
 * step by clicking it (everyone's view moves to its frame) and can end the agenda. Participants see it only while a
 * step or the timer runs. On a phone only the current step's name shows.
 */
export function PhaseBar({ boardId, state, canLead }: { boardId: string; state: FacilitationState; canLead: boolean }) {
  const { t, i18n } = useTranslation()
  const { run, busy, error } = useCommand(boardId)
  const names = stepNames(i18n.language)
  const current = state.phase?.step ?? null
  if (!canLead && current === null && state.timer === null) return null
  return (
    <nav
      className="phase-bar"
      aria-label={t('facilitation.phase.bar')}
      data-testid="phase-bar"
      data-step={current ?? ''}
      onKeyDown={(event: KeyboardEvent) => event.stopPropagation()}
    >
      <ol className="phase-steps">
        {STEPS.map((step) => {
          const isCurrent = step === current
          const content = (
            <>
              <span className="phase-number" aria-hidden="true">
                {step}
              </span>
              <span className="phase-name">{names[step]}</span>
            </>
          )
          return (
            <li key={step} data-current={isCurrent} aria-current={isCurrent ? 'step' : undefined}>
              {canLead ? (
                <button
                  type="button"
                  className="phase-step"
                  disabled={busy}
                  aria-label={isCurrent ? t('facilitation.phase.running', { name: names[step] }) : t('facilitation.phase.start', { name: names[step] })}
                  title={isCurrent ? t('facilitation.phase.running', { name: names[step] }) : t('facilitation.phase.start', { name: names[step] })}
                  data-testid={`phase-step-${step}`}
                  onClick={() => void run({ type: 'phase', step })}
                >
                  {content}
                </button>
              ) : (
                <span className="phase-step" title={names[step]}>
                  {content}
                  {isCurrent && <span className="visually-hidden">{t('facilitation.phase.current')}</span>}
                </span>
              )}
            </li>
          )
        })}
      </ol>
      {current === null && <span className="phase-none muted">{t('facilitation.phase.none')}</span>}
      {state.timer && <TimerDisplay timer={state.timer} muteToggle />}
      {canLead && current !== null && (
        <button
          type="button"
          className="phase-end"
          disabled={busy}
          title={t('facilitation.phase.endHint')}
          data-testid="phase-end"
          onClick={() => void run({ type: 'phase', step: null })}
        >
          {t('facilitation.phase.end')}
        </button>
      )}
      {error && (
        <span className="phase-error" role="alert">
          {error}
        </span>
      )}
    </nav>
  )
}
