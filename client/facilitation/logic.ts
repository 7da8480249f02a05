import { ROLES, SECTORS, type PersonPresence, type Sector } from '../../shared/access'
import type { PhaseState, SummonState, TimerState } from '../../shared/facilitation/state'
import { timerRemaining } from '../../shared/facilitation/timer'

/**
 * The pure parts of the facilitation UI: when to move the view to a phase's frame, whom the projector follows, how
 * contributions are counted per sector, when the end-of-timer chime rings, and which reactions to show. No React, no
 * tldraw: each is tested on its own.
 */

/** The shape types that count as a person's contribution (notes, cards, text, geo) — never frames, arrows or the grid. */
export const CONTRIBUTION_TYPES: ReadonlySet<string> = new Set(['note', 'text', 'geo', 'stakeholder', 'action', 'indicator', 'statement'])

/** Meta fields stamped on a contribution when its author creates it (docs/PROTOCOL.md §10). */
export const AUTHOR_ID_META = 'authorId'
export const AUTHOR_SECTOR_META = 'authorSector'

/**
 * The shape as stamped with its author (`meta.authorId`, `meta.authorSector`) when it is a contribution type and has
 * no author yet (a cut-and-paste or an undo keeps the original author).
 */
export function stampAuthor<T extends { type: string; meta: Record<string, unknown> }>(shape: T, author: { userId: string; sector: Sector | null }): T {
  if (!CONTRIBUTION_TYPES.has(shape.type) || typeof shape.meta[AUTHOR_ID_META] === 'string') return shape
  return { ...shape, meta: { ...shape.meta, [AUTHOR_ID_META]: author.userId, [AUTHOR_SECTOR_META]: author.sector } }
}

/** One run of a phase: a new start of the same step is a new run (everyone moves again). */
export function phaseRunKey(phase: PhaseState | null): string | null {
  return phase ? `${phase.step}@${phase.startedAt}` : null
}

/**
 * Whether this client should move its view now, given the phase run it last reacted to (`undefined` before it saw
 * any state, so a person joining while a phase runs moves once too). Answers the frame to move to (or `null`: stay)
 * and the run key to remember. A person following someone stays with them.
 *
 * @example
 * phaseMove(undefined, { step: 2, frameId: 'shape:f2', startedAt: 5 }, false) // → { frameId: 'shape:f2', seen: '2@5' }
 */
export function phaseMove(
  seen: string | null | undefined,
  phase: PhaseState | null,
  following: boolean,
): { frameId: string | null; seen: string | null } {
  const key = phaseRunKey(phase)
  if (key === seen || !phase) return { frameId: null, seen: key }
  return { frameId: following ? null : phase.frameId, seen: key }
}

/** A connected client as the projector sees it: its awareness client id, who it is, and its tldraw presence user id. */
export interface PresentClient {
  clientId: number
  person: PersonPresence | null
  /** `presence.userId` (tldraw's `user:<id>`), or `null` when it sends no presence (no camera to follow). */
  presenceUserId: string | null
}

/** The suffix of a projector's tldraw user id (its own user id is `<person's id>:projector`). */
export const PROJECTOR_SUFFIX = ':projector'

/**
 * Whom the projector follows (a tldraw presence user id), or `null`: the person who summoned everyone, when they are
 * here; else a facilitator or owner who is here — the projector's own account first (the facilitator who opened
 * it), then owners before facilitators, then the earliest connection. Never itself or another projector.
 *
 * @example
 * projectorFollowTarget(null, clients, 'u1', 'user:u1:projector') // → 'user:u1' when u1 is here with a camera
 */
export function projectorFollowTarget(
  summon: Pick<SummonState, 'userId'> | null,
  clients: readonly PresentClient[],
  ownUserId: string,
  selfPresenceUserId: string,
): string | null {
  const candidates = clients.filter(
    (c) => c.person && c.presenceUserId && c.presenceUserId !== selfPresenceUserId && !c.presenceUserId.endsWith(PROJECTOR_SUFFIX),
  )
  if (summon) {
    const summoner = candidates.find((c) => c.person!.userId === summon.userId)
    if (summoner) return summoner.presenceUserId
  }
  const leaders = candidates
    .filter((c) => c.person!.role === 'facilitator' || c.person!.role === 'owner')
    .sort(
      (a, b) =>
        Number(b.person!.userId === ownUserId) - Number(a.person!.userId === ownUserId) ||
        ROLES.indexOf(b.person!.role) - ROLES.indexOf(a.person!.role) ||
        a.clientId - b.clientId,
    )
  return leaders[0]?.presenceUserId ?? null
}

export type ContributionCounts = Record<Sector | 'none', number>

/**
 * Contributions per author sector: shapes of the contribution types stamped with an author (`meta.authorId`),
 * counted under `meta.authorSector` (`none` when the author gave no sector). Unstamped shapes (the template,
 * older boards, the light card page) and hidden drafts are not counted.
 *
 * @example
 * countContributions([{ type: 'note', meta: { authorId: 'u1', authorSector: 'swasta' } }]).swasta // → 1
 */
export function countContributions(shapes: Iterable<{ type: string; meta: Record<string, unknown> }>): ContributionCounts {
  const counts: ContributionCounts = { pemerintah: 0, masyarakat_sipil: 0, swasta: 0, akademisi: 0, none: 0 }
  for (const shape of shapes) {
    if (!CONTRIBUTION_TYPES.has(shape.type)) continue
    const meta = shape.meta
    if (typeof meta[AUTHOR_ID_META] !== 'string' || meta.draft === true) continue
    const sector = meta[AUTHOR_SECTOR_META]
    if (typeof sector === 'string' && (SECTORS as readonly string[]).includes(sector)) counts[sector as Sector]++
    else counts.none++
  }
  return counts
}

/**
 * Watches the timer and says `true` exactly once per run (`timer.rev`) when it reaches zero — only if this page saw
 * it running with time left first (joining after the end, or reloading, does not ring).
 *
 * @example
 * const ring = chimeWatch(); ring(timer, serverNow) // → true on the first tick at or after timer.endsAt
 */
export function chimeWatch(): (timer: TimerState | null, serverNow: number) => boolean {
  let rev = -1
  let sawRunning = false
  let rang = false
  return (timer, serverNow) => {
    if (!timer) {
      rev = -1
      sawRunning = false
      rang = false
      return false
    }
    if (timer.rev !== rev) {
      rev = timer.rev
      sawRunning = false
      rang = false
    }
    if (timer.endsAt === null) return false
    if (timerRemaining(timer, serverNow) > 0) {
      sawRunning = true
      return false
    }
    if (!sawRunning || rang) return false
    rang = true
    return true
  }
}

/** How the timer looks: what is left, the share of the set time left (for the ring), and whether it is in its last minute. */
export function timerView(timer: TimerState | null, serverNow: number): { remainingMs: number; fraction: number; running: boolean; urgent: boolean; done: boolean } {
  const remainingMs = timerRemaining(timer, serverNow)
  const duration = timer?.durationMs ?? 0
  const running = timer !== null && timer.endsAt !== null && remainingMs > 0
  return {
    remainingMs,
    fraction: duration > 0 ? Math.min(1, remainingMs / duration) : 0,
    running,
    urgent: timer !== null && remainingMs > 0 && remainingMs <= 60_000,
    done: timer !== null && remainingMs === 0,
  }
}

/** The emoji a person can send. */
export const REACTIONS = ['👍', '❤️', '👏', '😂', '🤔', '🎉'] as const
/** The awareness field of a reaction (docs/PROTOCOL.md §7). */
export const REACTION_FIELD = 'reaction'
/** How long a reaction floats on everyone's screen. */
export const REACTION_SHOW_MS = 3000
/** At most one reaction per this many milliseconds from one person. */
export const REACTION_THROTTLE_MS = 500

export interface Reaction {
  emoji: string
  at: number
  x: number
  y: number
}

/** The `reaction` field of an awareness state, or `null` when missing or malformed (the emoji must be one of ours). */
export function parseReaction(value: unknown): Reaction | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.emoji !== 'string' || !(REACTIONS as readonly string[]).includes(v.emoji)) return null
  if (![v.at, v.x, v.y].every((n) => typeof n === 'number' && Number.isFinite(n))) return null
  return { emoji: v.emoji, at: v.at as number, x: v.x as number, y: v.y as number }
}

/** A reaction on screen: where, since when on this client's clock (the sender's clock may differ). */
export interface ShownReaction extends Reaction {
  key: string
  clientId: number
  shownAt: number
}

/**
 * The reactions to show after an awareness change: those still on screen, plus every reaction not seen before
 * (keyed by client and send time), shown from `now`. `seen` is updated. Reactions present when the page first looks
 * (`initial`) are only marked seen: a person joining does not get a burst of old ones.
 */
export function nextReactions(
  shown: readonly ShownReaction[],
  states: ReadonlyMap<number, Record<string, unknown>>,
  seen: Set<string>,
  now: number,
  initial = false,
): ShownReaction[] {
  const next = shown.filter((r) => now - r.shownAt < REACTION_SHOW_MS)
  for (const [clientId, state] of states) {
    const reaction = parseReaction(state?.[REACTION_FIELD])
    if (!reaction) continue
    const key = `${clientId}:${reaction.at}`
    if (seen.has(key)) continue
    seen.add(key)
    if (!initial) next.push({ ...reaction, key, clientId, shownAt: now })
  }
  return next
}

/** Whether a reaction may be sent now, after the last one at `lastAt`. */
export function mayReact(lastAt: number, now: number): boolean {
  return now - lastAt >= REACTION_THROTTLE_MS
}
