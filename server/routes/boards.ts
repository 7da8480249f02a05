import { Hono } from 'hono'
import { z } from 'zod'
import { CAN, INVITE_ROLES } from '../../shared/access'
import { BOARD_TEMPLATES } from '../../shared/forum/boardTemplates'
import { BOARD_LANGUAGES } from '../../shared/forum/texts'
import { ApiError } from '../../shared/codes'
import type { AccessService } from '../access/AccessService'
import type { BoardService } from '../boards'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'

export const createBoardInput = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
  template: z.enum(BOARD_TEMPLATES, { message: `template must be one of ${BOARD_TEMPLATES.join(', ')}` }).default('blank'),
  lang: z.enum(BOARD_LANGUAGES, { message: `lang must be one of ${BOARD_LANGUAGES.join(', ')}` }).default('id'),
})

const createInviteInput = z.object({
  role: z.enum(INVITE_ROLES),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date-time' })
    .nullish()
    .refine((value) => !value || Date.parse(value) > Date.now(), 'expiresAt must be in the future'),
})

/** `/api/boards`: boards, their members and their invites. Every route checks the session's role on the board. */
export function boardRoutes(boards: BoardService, access: AccessService) {
  return new Hono<AppEnv>()
    .post('/', jsonBody(createBoardInput), async (c) => {
      const { user } = requireSession(c)
      if (user.kind !== 'account') throw new ApiError('forbidden', 'Only people with an account can create boards.')
      const { title, template, lang } = c.req.valid('json')
      const board = await boards.create(title, { template, lang })
      await access.grantOwner(board.id, user.id)
      return c.json({ ...board, role: 'owner' as const }, 201)
    })
    .get('/', async (c) => {
      const { user } = requireSession(c)
      return c.json({ boards: await boards.listFor(user.id) }, 200)
    })
    .get('/:id', async (c) => {
      const { user } = requireSession(c)
      const id = c.req.param('id')
      const role = await access.require(user, id, CAN.read)
      return c.json({ ...(await boards.get(id)), role }, 200)
    })
    .get('/:id/members', async (c) => {
      const id = c.req.param('id')
      await access.require(requireSession(c).user, id, CAN.read)
      return c.json({ members: await access.members(id) }, 200)
    })
    .post('/:id/members', jsonBody(z.object({ email: z.string().trim().max(254), role: z.literal('facilitator') })), async (c) => {
      const id = c.req.param('id')
      await access.require(requireSession(c).user, id, CAN.manageMembers)
      return c.json({ member: await access.addFacilitator(id, c.req.valid('json').email) }, 201)
    })
    .delete('/:id/members/:userId', async (c) => {
      const id = c.req.param('id')
      await access.require(requireSession(c).user, id, CAN.manageMembers)
      await access.removeMember(id, c.req.param('userId'))
      return c.body(null, 204)
    })
    .post('/:id/invites', jsonBody(createInviteInput), async (c) => {
      const { user } = requireSession(c)
      const id = c.req.param('id')
      await access.require(user, id, CAN.manageInvites)
      const { role, expiresAt } = c.req.valid('json')
      return c.json(await access.createInvite(id, user.id, role, expiresAt ? new Date(expiresAt).toISOString() : null), 201)
    })
    .get('/:id/invites', async (c) => {
      const id = c.req.param('id')
      await access.require(requireSession(c).user, id, CAN.manageInvites)
      return c.json({ invites: await access.listInvites(id) }, 200)
    })
    .delete('/:id/invites/:inviteId', async (c) => {
      const id = c.req.param('id')
      await access.require(requireSession(c).user, id, CAN.manageInvites)
      await access.revokeInvite(id, c.req.param('inviteId'))
      return c.body(null, 204)
    })
}
