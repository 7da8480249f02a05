import type { AddressInfo } from 'node:net'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../http/env'
import { joinBase } from '../lanBanner'

/** The address the HTTP server listens on (`0.0.0.0` for every interface), read off the request's socket. */
function listenHost(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { server?: { address(): AddressInfo | string | null } } } } | undefined
  const address = env?.incoming?.socket?.server?.address()
  return typeof address === 'object' && address !== null ? address.address : null
}

/**
 * Routes for the room's devices, no session needed: `GET /api/time` → `{now}`, the server's clock in milliseconds
 * (clients estimate their offset from a few of these, so every timer shows the same countdown); `GET /api/hub` →
 * `{joinBase}`, the base URL participants open to join (the projector's join QR).
 */
export function hubRoutes() {
  return new Hono<AppEnv>()
    .get('/time', (c) => {
      c.header('Cache-Control', 'no-store')
      return c.json({ now: Date.now() })
    })
    .get('/hub', (c) => {
      c.header('Cache-Control', 'no-store')
      return c.json({ joinBase: joinBase(listenHost(c), c.req.url) })
    })
}
