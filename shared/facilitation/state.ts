import * as Y from 'yjs'
import { z } from 'zod'
import { SECTORS, type Sector } from '../access'
import { STEPS } from '../forum/template'

/**
 * The facilitation state of a board (docs/PROTOCOL.md §10): which phase runs, the timer, the vote, private drafting,
 * locks and "follow me". It lives in the board's Yjs document, in the top-level map `facilitation`, so every client
 * sees it live and offline copies keep it. Only the server writes this map, on commands from owners and facilitators
 * (`POST /api/boards/:id/facilitation`); a client update that touches it is refused and closes that socket.
 *
 * Each key holds one plain JSON value, replaced whole on every change (facilitation changes a few dozen times in a
 * workshop, so the map's history stays small). Readers validate each value on its own with the schemas below and
 * treat an invalid or missing one as its default: a client of an older version never breaks on a newer value.
 */
export const FACILITATION_KEY = 'facilitation'

/** A time in milliseconds since the epoch, on the server's clock. */
const serverTime = z.number().int().nonnegative()
const shapeId = z.string().regex(/^shape:/, 'must be a shape id')

export const phaseState = z.object({
  /** The forum step (1–5) now running. */
  step: z.literal(STEPS),
  /** The frame of that step, where everyone's view moves and the light card page puts new cards; `null` without one. */
  frameId: shapeId.nullable(),
  startedAt: serverTime,
})
export type PhaseState = z.infer<typeof phaseState>

/**
 * The timer. Running: `endsAt` is when it reaches zero (server clock), `remainingMs` what was left when it last
 * started. Paused or not started: `endsAt` is `null` and `remainingMs` is what is left. `durationMs` is what it was
 * set to (for the progress ring). `rev` grows with every change, so a client can tell a new run from the same one.
 */
export const timerState = z.object({
  durationMs: z.number().int().nonnegative(),
  remainingMs: z.number().int().nonnegative(),
  endsAt: serverTime.nullable(),
  rev: z.number().int().nonnegative(),
})
export type TimerState = z.infer<typeof timerState>

/** The sector a vote is counted under: the voter's own, or `none` when they have not said. */
export const TALLY_SECTORS = [...SECTORS, 'none'] as const
export type TallySector = Sector | 'none'

export const tally = z.object({
  total: z.number().int().nonnegative(),
  /** Dots per voter sector (only sectors with dots appear). */
  bySector: z.partialRecord(z.enum(TALLY_SECTORS), z.number().int().positive()),
  /** Distinct voters per sector who gave this candidate at least one dot. */
  votersBySector: z.partialRecord(z.enum(TALLY_SECTORS), z.number().int().positive()),
})
export type Tally = z.infer<typeof tally>

/**
 * A dot vote on the cards and notes of one frame. `open`: people place dots (each ballot is kept by the server and
 * never written here); `closed`: no more dots, still hidden; `revealed`: `results` holds the totals, per sector and
 * per candidate. Who voted for what is never in the document.
 */
export const voteState = z.object({
  id: z.string().min(1).max(64),
  frameId: shapeId,
  /** Dots each person may place (on one candidate or spread). */
  dots: z.number().int().min(1).max(20),
  status: z.enum(['open', 'closed', 'revealed']),
  openedAt: serverTime,
  /** The shapes that may receive dots: the cards and notes in the frame when the vote opened. */
  candidates: z.array(shapeId).max(2000),
  /** Set when revealed: the number of people who cast a ballot, and a tally per candidate that got dots. */
  voters: z.number().int().nonnegative().optional(),
  results: z.record(shapeId, tally).optional(),
})
export type VoteState = z.infer<typeof voteState>

/** Private drafting: while `on`, participants' new notes stay with the server until the facilitator reveals them. */
export const privateState = z.object({
  on: z.boolean(),
  since: serverTime,
})
export type PrivateState = z.infer<typeof privateState>

/** Locks the server enforces: the whole board, or frames (and everything inside them), for everyone but facilitators. */
export const locksState = z.object({
  board: z.boolean(),
  frames: z.array(shapeId).max(500),
})
export type LocksState = z.infer<typeof locksState>

/** "Ikuti saya": everyone follows this person's view until released. */
export const summonState = z.object({
  userId: z.string().min(1),
  name: z.string(),
  since: serverTime,
})
export type SummonState = z.infer<typeof summonState>

/** The revealed results of earlier votes, newest last, so the plan keeps the votes of every step. */
export const voteHistory = z.array(voteState).max(200)

export const FACILITATION_FIELDS = {
  phase: phaseState.nullable(),
  timer: timerState.nullable(),
  vote: voteState.nullable(),
  private: privateState.nullable(),
  locks: locksState,
  summon: summonState.nullable(),
  voteHistory,
} as const

export type FacilitationState = { [K in keyof typeof FACILITATION_FIELDS]: z.infer<(typeof FACILITATION_FIELDS)[K]> }
export type FacilitationField = keyof FacilitationState

export const emptyFacilitation: FacilitationState = {
  phase: null,
  timer: null,
  vote: null,
  private: null,
  locks: { board: false, frames: [] },
  summon: null,
  voteHistory: [],
}

/** The `facilitation` map of a board doc. */
export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(FACILITATION_KEY)
}

/**
 * The facilitation state of a doc, each field validated on its own (an invalid or missing field reads as its
 * default).
 *
 * @example
 * readFacilitation(doc).phase?.step // → 2
 */
export function readFacilitation(doc: Y.Doc): FacilitationState {
  const map = facilitationMap(doc)
  const state = { ...emptyFacilitation } as Record<FacilitationField, unknown>
  for (const field of Object.keys(FACILITATION_FIELDS) as FacilitationField[]) {
    if (!map.has(field)) continue
    const parsed = FACILITATION_FIELDS[field].safeParse(map.get(field))
    if (parsed.success) state[field] = parsed.data
  }
  return state as FacilitationState
}

/**
 * Writes the fields of `patch` that differ from what the doc holds (in the caller's transaction, if any). Every
 * value is validated first: an invalid one throws and nothing is written.
 */
export function writeFacilitation(doc: Y.Doc, patch: Partial<FacilitationState>): void {
  const entries = Object.entries(patch) as Array<[FacilitationField, unknown]>
  const checked = entries.map(([field, value]) => [field, FACILITATION_FIELDS[field].parse(value)] as const)
  const map = facilitationMap(doc)
  doc.transact(() => {
    for (const [field, value] of checked) {
      if (JSON.stringify(map.get(field)) === JSON.stringify(value)) continue
      map.set(field, value)
    }
  })
}
