import { afterAll, afterEach, beforeAll } from 'vitest'
import { cleanup } from '../helpers/server'
import { buildServer, killAllServers, removeDataDirs } from './harness'

/**
 * The hooks of a test file that runs the built server: bundles it once before its tests; after each test ends the
 * clients first (so nothing reconnects), then every server still running, then `alsoAfterEach` (a balancer, a
 * database schema), then the data dirs; removes the bundle at the end. Returns a getter of the bundle's entry file.
 */
export function useBuiltServer(alsoAfterEach: () => Promise<void> | void = () => {}): () => string {
  let entry = ''
  let removeBuild: () => void = () => {}
  beforeAll(async () => {
    const built = await buildServer()
    entry = built.entry
    removeBuild = built.remove
  })
  afterEach(async () => {
    try {
      await cleanup()
    } finally {
      await killAllServers()
      await alsoAfterEach()
      removeDataDirs()
    }
  })
  afterAll(() => removeBuild())
  return () => entry
}
