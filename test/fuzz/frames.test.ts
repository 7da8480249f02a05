/**
 * Frame fuzzing of the collaboration socket (see frames.ts): a few seeds of malformed and mutated y-websocket
 * frames, each on its own socket, against a real server while two stock clients keep editing. Every seed first
 * sends one frame of every kind, then a weighted mix. `npm run fuzz` runs the same for longer.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup } from '../helpers/server'
import { FRAME_KINDS, runFrameFuzz } from './frames'

afterEach(cleanup)

const SEEDS = [1, 2, 3, 4]
const FRAMES_PER_SEED = 100

describe('frame fuzz: malformed and mutated frames never hurt the server or the other clients', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${FRAMES_PER_SEED} frames`, async () => {
      const stats = await runFrameFuzz({ seed, frames: FRAMES_PER_SEED })
      expect(stats.frames).toBe(FRAMES_PER_SEED)
      // Every kind went out at least once.
      expect(Object.keys(stats.byKind).sort()).toEqual([...FRAME_KINDS].sort())
      // Most frames are malformed, and those were all closed (runFrameFuzz checked each code).
      expect(stats.outcomes['4400'] ?? 0).toBeGreaterThan(FRAMES_PER_SEED / 4)
    })
  }
})
