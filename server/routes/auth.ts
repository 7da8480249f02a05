import { Hono } from 'hono'
import { z } from 'zod'
import { ApiError } from '../../shared/codes'
import { publicUser, type AccountService } from '../auth/AccountService'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/passwords'
import { clientAddress, type AppEnv } from '../http/env'
import { clearSessionCookie, requireSession, setSessionCookie } from '../http/session'
import { jsonBody } from '../http/validation'

const email = z.email('email must be an e-mail address').max(254)
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`)
const name = z.string().trim().min(1, 'name must not be empty').max(80, 'name must be at most 80 characters')

/** `/api/auth/*` and `/api/me`. */
export function authRoutes(accounts: AccountService) {
  return new Hono<AppEnv>()
    .post('/auth/signup', jsonBody(z.object({ email, password, name })), async (c) => {
      const { user, token, session } = await accounts.signup(c.req.valid('json'))
      setSessionCookie(c, token, session.expiresAt)
      return c.json({ user: publicUser(user) }, 201)
    })
    .post('/auth/login', jsonBody(z.object({ email: z.string().max(254), password: z.string().max(PASSWORD_MAX_LENGTH) })), async (c) => {
      const { user, token, session } = await accounts.login(c.req.valid('json'), clientAddress(c))
      setSessionCookie(c, token, session.expiresAt)
      return c.json({ user: publicUser(user) }, 200)
    })
    .post('/auth/logout', async (c) => {
      const auth = c.get('auth')
      if (auth) await accounts.logout(auth.session.id)
      clearSessionCookie(c)
      return c.body(null, 204)
    })
    .post('/auth/password', jsonBody(z.object({ currentPassword: z.string().max(PASSWORD_MAX_LENGTH), newPassword: password })), async (c) => {
      const { user } = requireSession(c)
      const { currentPassword, newPassword } = c.req.valid('json')
      const { token, session } = await accounts.changePassword(user, currentPassword, newPassword)
      setSessionCookie(c, token, session.expiresAt)
      return c.json({ user: publicUser(user) }, 200)
    })
    .get('/me', (c) => {
      const auth = c.get('auth')
      if (!auth) throw new ApiError('unauthorized', 'Not logged in.')
      return c.json({ user: publicUser(auth.user) }, 200)
    })
}
