import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../../shared/codes'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses state-changing requests and WebSocket upgrades whose `Origin` is missing or not this server's own (same
 * host and port as the `Host` header), plus any origin listed in `allowed`. `hono/csrf` checks only form posts; this
 * covers JSON and the socket too.
 */
export function originGuard(allowed: readonly string[] = []): MiddlewareHandler {
  return async (c, next) => {
    const isUpgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket'
    if (SAFE_METHODS.has(c.req.method) && !isUpgrade) return next()
    const origin = c.req.header('origin')
    if (!origin || !isOwnOrigin(origin, c.req.header('host'), allowed)) {
      throw new ApiError('bad_origin', origin ? `Requests from ${origin} are not accepted.` : 'The request has no Origin header.')
    }
    return next()
  }
}

function isOwnOrigin(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && host !== undefined && url.host === host.toLowerCase()
  } catch {
    return false
  }
}
