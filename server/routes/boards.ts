import { Hono } from 'hono'
import { validator } from 'hono/validator'
import { z } from 'zod'
import { ApiError } from '../../shared/codes'
import type { BoardService } from '../boards'

export const createBoardInput = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
})

/** A JSON body checked against `schema`; a bad one is a 400 `bad_request` naming what is wrong. */
function jsonBody<T extends z.ZodType>(schema: T) {
  return validator('json', (value): z.infer<T> => {
    const parsed = schema.safeParse(value)
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
      throw new ApiError('bad_request', message, parsed.error.issues)
    }
    return parsed.data
  })
}

/** `/api/boards`: create, list, get. */
export function boardRoutes(boards: BoardService) {
  return new Hono()
    .post('/', jsonBody(createBoardInput), async (c) => {
      const board = await boards.create(c.req.valid('json').title)
      return c.json(board, 201)
    })
    .get('/', async (c) => c.json({ boards: await boards.list() }))
    .get('/:id', async (c) => c.json(await boards.get(c.req.param('id'))))
}
