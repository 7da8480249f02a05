import type { Context } from 'hono'
import type { ValidSession } from '../auth/SessionService'

/** Hono environment of every route: the session found by `sessionMiddleware`, if any. */
export interface AppEnv {
  Variables: { auth: ValidSession | null }
}

export type AppContext = Context<AppEnv>

/** The address of the peer: Node's socket address (no proxy headers are trusted). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}
