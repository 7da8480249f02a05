import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useValue } from 'tldraw'
import type { TimerState } from '../../shared/facilitation/state'
import { formatRemaining } from '../../shared/facilitation/timer'
import { $chimeMuted, playChime, primeAudio, setChimeMuted } from './chime'
import { chimeWatch, timerView } from './logic'
import { $clockOffset, useServerNow } from './useFacilitation'
import { Icon } from './icons'

/**
 * The shared countdown: what is left (by the server's clock), a ring of the time left, red in the last minute.
 * `large` for the projector. With `muteToggle`, a small button to mute the end chime on this device.
 */
export function TimerDisplay({ timer, large = false, muteToggle = false }: { timer: TimerState | null; large?: boolean; muteToggle?: boolean }) {
  const { t } = useTranslation()
  const now = useServerNow(250)
  if (!timer) return null
  const view = timerView(timer, now)
  const text = formatRemaining(view.remainingMs)
  const state = view.done ? t('facilitation.timer.done') : view.running ? t('facilitation.timer.running') : t('facilitation.timer.paused')
  const size = large ? 96 : 22
  const r = large ? 42 : 9
  const circumference = 2 * Math.PI * r
  return (
    <span
      className={`timer-display${large ? ' large' : ''}`}
      data-urgent={view.urgent || view.done}
      data-running={view.running}
      data-testid="timer-display"
    >
      <svg className="timer-ring" width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
        <circle cx={size / 2} cy={size / 2} r={r} className="track" />
        <circle
          cx={size / 2}
          cy={size / 2}
          r={r}
          className="left"
          strokeDasharray={circumference}
          strokeDashoffset={circumference * (1 - view.fraction)}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <span role="timer" aria-label={`${t('facilitation.timer.label')} ${text}, ${state}`} className="timer-text" data-testid="timer-text">
        {text}
      </span>
      {!view.running && !large && <span className="timer-state">{state}</span>}
      {muteToggle && <MuteButton />}
    </span>
  )
}

function MuteButton() {
  const { t } = useTranslation()
  const muted = useValue('muted', () => $chimeMuted.get(), [])
  return (
    <button
      type="button"
      className="timer-mute"
      aria-pressed={muted}
      aria-label={muted ? t('facilitation.timer.unmute') : t('facilitation.timer.mute')}
      title={muted ? t('facilitation.timer.unmute') : t('facilitation.timer.mute')}
      data-testid="timer-mute"
      onClick={() => {
        primeAudio()
        setChimeMuted(!muted)
      }}
    >
      <Icon name={muted ? 'bellOff' : 'bell'} size={15} />
    </button>
  )
}

/**
 * Rings the chime once when the timer reaches zero while this page is open (once per run: `timer.rev`). Mount once per
 * page. Browsers need a gesture before sound: the first pointer or key press on the page unlocks it.
 */
export function useTimerChime(timer: TimerState | null): void {
  useEffect(() => {
    const unlock = () => primeAudio()
    window.addEventListener('pointerdown', unlock, { once: true, capture: true })
    window.addEventListener('keydown', unlock, { once: true, capture: true })
    return () => {
      window.removeEventListener('pointerdown', unlock, { capture: true })
      window.removeEventListener('keydown', unlock, { capture: true })
    }
  }, [])
  // One watch for the page's life: a re-render with the same run must not ring again.
  const watch = useRef<ReturnType<typeof chimeWatch> | null>(null)
  useEffect(() => {
    const ring = (watch.current ??= chimeWatch())
    const tick = () => {
      if (ring(timer, Date.now() + $clockOffset.get())) playChime()
    }
    tick()
    if (!timer || timer.endsAt === null) return
    const interval = setInterval(tick, 250)
    return () => clearInterval(interval)
  }, [timer])
}
