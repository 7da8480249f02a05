/**
 * Convergence fuzzing after tldraw's syncFuzz (see convergence.ts): stock clients edit one board at random, drop
 * off and come back, edit offline, and the server restarts under them; at the end every client and the store hold
 * the same records. `npm run fuzz` runs the same for longer.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup } from '../helpers/server'
import { runConvergenceFuzz } from './convergence'

afterEach(cleanup)

const SEEDS = [1, 2, 3]
const OPS_PER_SEED = 150

describe('convergence fuzz: random edits, disconnects and restarts end with every client equal to the store', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS_PER_SEED} operations`, async () => {
      const stats = await runConvergenceFuzz({ seed, ops: OPS_PER_SEED })
      expect(stats.ops).toBe(OPS_PER_SEED)
      expect(stats.edits).toBeGreaterThan(OPS_PER_SEED / 2)
      expect(stats.records).toBeGreaterThan(2)
    })
  }
})
