import { Hono } from 'hono'
import { facilitationCommand } from '../../shared/facilitation/commands'
import type { AccessService } from '../access/AccessService'
import type { FacilitationService } from '../facilitation/FacilitationService'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'

/**
 * `POST /api/boards/:id/facilitation`: an owner's or facilitator's command (shared/facilitation/commands.ts) — phase,
 * timer, vote, adoption, private drafting, locks, "follow me". Answers `200 {state}`, the facilitation state it led
 * to; `409 conflict` when the command does not fit the state.
 */
export function facilitationRoutes(access: AccessService, facilitation: FacilitationService) {
  return new Hono<AppEnv>().post('/:id/facilitation', jsonBody(facilitationCommand), async (c) => {
    const { user } = requireSession(c)
    const boardId = c.req.param('id')
    await access.require(user, boardId, 'facilitator')
    const state = await facilitation.command(boardId, { id: user.id, name: user.name }, c.req.valid('json'))
    return c.json({ state })
  })
}
