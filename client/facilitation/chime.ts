import { atom } from 'tldraw'

const MUTE_KEY = 'rembug.timerMuted'

function storedMute(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1'
  } catch {
    return false
  }
}

/** Whether this person muted the end-of-timer chime (kept on this device). */
export const $chimeMuted = atom('chimeMuted', typeof localStorage === 'undefined' ? false : storedMute())

export function setChimeMuted(muted: boolean): void {
  $chimeMuted.set(muted)
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0')
  } catch {
    // Lasts for this page only.
  }
}

let context: AudioContext | null = null

/**
 * Browsers start audio only after a gesture on the page: the first click or key press makes the audio context, so
 * the chime can play later without one.
 */
export function primeAudio(): void {
  if (context || typeof AudioContext === 'undefined') return
  try {
    context = new AudioContext()
  } catch {
    context = null
  }
}

/** A soft two-tone chime, about a second long (unless muted). */
export function playChime(): void {
  if ($chimeMuted.get()) return
  primeAudio()
  const ctx = context
  if (!ctx) return
  if (ctx.state === 'suspended') void ctx.resume()
  const start = ctx.currentTime + 0.02
  const tones: Array<[frequency: number, at: number]> = [
    [659.25, 0], // E5
    [523.25, 0.35], // C5
  ]
  for (const [frequency, at] of tones) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = frequency
    gain.gain.setValueAtTime(0, start + at)
    gain.gain.linearRampToValueAtTime(0.18, start + at + 0.03)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.7)
    osc.connect(gain).connect(ctx.destination)
    osc.start(start + at)
    osc.stop(start + at + 0.75)
  }
}
