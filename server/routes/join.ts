import { Hono } from 'hono'
import { z } from 'zod'
import { SECTORS } from '../../shared/access'
import type { AccessService } from '../access/AccessService'
import type { AccountService } from '../auth/AccountService'
import type { BoardService } from '../boards'
import { clientAddress, type AppEnv } from '../http/env'
import { setSessionCookie } from '../http/session'
import { jsonBody } from '../http/validation'

const joinInput = z.object({
  code: z.string().max(32),
  name: z.string().trim().min(1, 'name must not be empty').max(80, 'name must be at most 80 characters'),
  sector: z.enum(SECTORS).nullish(),
  organisation: z.string().trim().max(120, 'organisation must be at most 120 characters').nullish(),
})

/** `/api/invites/:code` (what a code opens) and `/api/join` (use it). */
export function joinRoutes(boards: BoardService, access: AccessService, accounts: AccountService) {
  return new Hono<AppEnv>()
    .get('/invites/:code', async (c) => {
      const invite = await access.findInvite(c.req.param('code'), clientAddress(c))
      const board = await boards.get(invite.boardId)
      return c.json({ boardTitle: board.title, role: invite.role, expiresAt: invite.expiresAt }, 200)
    })
    .post('/join', jsonBody(joinInput), async (c) => {
      const input = c.req.valid('json')
      const invite = await access.findInvite(input.code, clientAddress(c))
      const profile = { name: input.name, sector: input.sector ?? null, organisation: input.organisation || null }
      let user = c.get('auth')?.user ?? null
      if (!user) {
        access.admitGuest(clientAddress(c))
        const guest = await accounts.createGuest(profile)
        setSessionCookie(c, guest.token, guest.session.expiresAt)
        user = guest.user
      }
      const role = await access.join(invite, user, profile)
      return c.json({ boardId: invite.boardId, role }, 200)
    })
}
