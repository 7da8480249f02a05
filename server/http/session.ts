import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { ApiError } from '../../shared/codes'
import { SESSION_COOKIE, type SessionService, type ValidSession } from '../auth/SessionService'
import type { AppEnv } from './env'

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

/** Sends the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure on https, expiring with the session. */
export function setSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) })
}

/** Finds the session of the request's cookie (renewing it when due) and puts it in `c.var.auth`. */
export function sessionMiddleware(sessions: SessionService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE)
    const auth = await sessions.validate(token)
    c.set('auth', auth)
    if (auth?.renewed && token) setSessionCookie(c, token, auth.session.expiresAt)
    else if (token && !auth) clearSessionCookie(c)
    await next()
  }
}

/** The request's session, or `unauthorized`. */
export function requireSession(c: Context<AppEnv>): ValidSession {
  const auth = c.get('auth')
  if (!auth) throw new ApiError('unauthorized', 'Log in or join with a code first.')
  return auth
}
