import { z } from 'zod'
import { STEPS } from '../forum/template'
import { MAX_TIMER_MS } from './timer'

const shapeId = z.string().regex(/^shape:[A-Za-z0-9_:-]{1,100}$/, 'must be a shape id')

/**
 * What an owner or facilitator can ask of the server (`POST /api/boards/:id/facilitation`); the server changes the
 * facilitation state in the board's document accordingly (docs/API.md, docs/PROTOCOL.md §10).
 */
export const facilitationCommand = z.union([
  /** Start a step (everyone's view moves to its frame), or `null` to end the agenda. */
  z.object({ type: z.literal('phase'), step: z.literal(STEPS).nullable() }),
  z.object({ type: z.literal('timer'), action: z.literal('set'), durationMs: z.number().int().min(1000).max(MAX_TIMER_MS) }),
  z.object({ type: z.literal('timer'), action: z.literal('add'), ms: z.number().int().min(-MAX_TIMER_MS).max(MAX_TIMER_MS) }),
  z.object({ type: z.literal('timer'), action: z.enum(['start', 'pause', 'clear']) }),
  /** Open a dot vote on the cards and notes of a frame. */
  z.object({ type: z.literal('vote'), action: z.literal('open'), frameId: shapeId, dots: z.number().int().min(1).max(20) }),
  /** Stop taking dots (still hidden), show the results, or drop the vote without results. */
  z.object({ type: z.literal('vote'), action: z.enum(['close', 'reveal', 'cancel']) }),
  /** Mark a vision or mission statement adopted (and every other statement of that kind a candidate again). */
  z.object({ type: z.literal('adopt'), shapeId }),
  /** Private drafting on, or off — off reveals every hidden note at once. */
  z.object({ type: z.literal('private'), on: z.boolean() }),
  /** Reveal the hidden notes now and keep private drafting on for the next round. */
  z.object({ type: z.literal('private'), action: z.literal('reveal') }),
  /** Lock or unlock the whole board or one frame. */
  z.object({ type: z.literal('lock'), target: z.union([z.literal('board'), shapeId]), locked: z.boolean() }),
  /** Everyone follows the caller's view ("Ikuti saya"), or nobody is made to follow any more. */
  z.object({ type: z.literal('summon'), on: z.boolean() }),
])
export type FacilitationCommand = z.infer<typeof facilitationCommand>

/** A ballot as sent: candidate shape id → dots. */
export const ballotInput = z.object({
  dots: z.record(shapeId, z.number().int().min(1).max(20)),
})
