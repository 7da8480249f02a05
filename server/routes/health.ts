import { Hono } from 'hono'
import type { Storage } from '../storage/types'

/** `/healthz`: 200 when storage answers, 503 otherwise. */
export function healthRoutes(storage: Storage) {
  return new Hono().get('/', async (c) => {
    try {
      await storage.ping()
      return c.json({ ok: true, storage: storage.kind })
    } catch (error) {
      return c.json({ ok: false, storage: storage.kind, error: (error as Error).message }, 503)
    }
  })
}
