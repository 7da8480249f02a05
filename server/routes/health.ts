import { Hono } from 'hono'
import type { Fanout } from '../collab/Fanout'
import type { Storage } from '../storage/types'

export interface DependencyHealth {
  kind: string
  ok: boolean
  latencyMs: number
  error?: string
}

/** Times one check; a check that does not settle within `timeoutMs` fails. */
async function check(kind: string, ping: () => Promise<void>, timeoutMs = 3_000): Promise<DependencyHealth> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    return { kind, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 }
  } catch (error) {
    return { kind, ok: false, latencyMs: Math.round((performance.now() - started) * 10) / 10, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `/healthz`: each dependency with its latency — the storage (SQLite or PostgreSQL) and the fan-out (Redis when
 * configured; `local` is always ok) — and 200 when all answer, 503 when one does not, so a load balancer stops
 * sending people to an instance that cannot store or cannot reach the others.
 */
export function healthRoutes(storage: Storage, fanout: Fanout) {
  return new Hono().get('/', async (c) => {
    const [storageHealth, fanoutHealth] = await Promise.all([check(storage.kind, () => storage.ping()), check(fanout.kind, () => fanout.ping())])
    const ok = storageHealth.ok && fanoutHealth.ok
    return c.json({ ok, instance: fanout.instanceId, storage: storageHealth, fanout: fanoutHealth }, ok ? 200 : 503)
  })
}
