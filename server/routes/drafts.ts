import { Hono } from 'hono'
import { z } from 'zod'
import { CAN } from '../../shared/access'
import type { AccessService } from '../access/AccessService'
import type { DraftService } from '../facilitation/DraftService'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'

const draftInput = z.object({ record: z.unknown().refine((value) => value !== undefined, 'record is required') })

/**
 * Hidden notes of private drafting (editor role at least; the count: facilitator): `GET /api/boards/:id/drafts` →
 * `{drafts: [{shapeId, record}]}`, the caller's own; `PUT /api/boards/:id/drafts/:shapeId {record}` → `200 {}`
 * (`409` while private drafting is off); `DELETE /api/boards/:id/drafts/:shapeId` → `204`;
 * `GET /api/boards/:id/drafts/count` → `{count}`.
 */
export function draftRoutes(access: AccessService, drafts: DraftService) {
  return new Hono<AppEnv>()
    .get('/:id/drafts', async (c) => {
      const { user } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, CAN.edit)
      return c.json({ drafts: await drafts.list(boardId, user.id) })
    })
    .get('/:id/drafts/count', async (c) => {
      const { user } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, 'facilitator')
      return c.json({ count: await drafts.count(boardId) })
    })
    .put('/:id/drafts/:shapeId', jsonBody(draftInput), async (c) => {
      const { user, session } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, CAN.edit)
      await drafts.put(boardId, { userId: user.id, sessionId: session.id }, c.req.param('shapeId'), c.req.valid('json').record)
      return c.json({})
    })
    .delete('/:id/drafts/:shapeId', async (c) => {
      const { user } = requireSession(c)
      const boardId = c.req.param('id')
      await access.require(user, boardId, CAN.edit)
      await drafts.remove(boardId, user.id, c.req.param('shapeId'))
      return c.body(null, 204)
    })
}
