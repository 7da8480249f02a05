import { Hono } from 'hono'
import { CAN } from '../../shared/access'
import { ballotInput } from '../../shared/facilitation/commands'
import type { AccessService } from '../access/AccessService'
import type { BallotService } from '../facilitation/BallotService'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'

/**
 * Ballots of the board's dot vote (editor role at least; facilitators and owners vote too):
 * `GET /api/boards/:id/votes/current/ballot` → `{voteId, dots, voters}`, the caller's own dots and how many have voted;
 * `PUT /api/boards/:id/votes/:voteId/ballot {dots}` replaces the caller's dots and answers the same.
 */
export function voteRoutes(access: AccessService, ballots: BallotService) {
  return new Hono<AppEnv>()
    .get('/:id/votes/current/ballot', async (c) => {
      const { user } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, CAN.edit)
      return c.json(await ballots.current(boardId, user.id))
    })
    .put('/:id/votes/:voteId/ballot', jsonBody(ballotInput), async (c) => {
      const { user, session } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, CAN.edit)
      const { dots } = c.req.valid('json')
      const view = await ballots.cast(boardId, { userId: user.id, sessionId: session.id }, c.req.param('voteId'), dots)
      return c.json({ dots: view.dots, voters: view.voters })
    })
}
