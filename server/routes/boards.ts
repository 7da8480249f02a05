import { Hono } from 'hono'
import { z } from 'zod'
import { ApiError } from '../../shared/codes'
import type { BoardService } from '../boards'

const createBoardInput = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
})

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json()
  } catch {
    throw new ApiError('bad_request', 'The request body must be JSON.')
  }
}

/** `/api/boards`: create, list, get. */
export function boardRoutes(boards: BoardService) {
  return new Hono()
    .post('/', async (c) => {
      const parsed = createBoardInput.safeParse(await readJson(c.req.raw))
      if (!parsed.success) {
        throw new ApiError('bad_request', parsed.error.issues.map((i) => i.message).join('; '), parsed.error.issues)
      }
      const board = await boards.create(parsed.data.title)
      return c.json(board, 201)
    })
    .get('/', async (c) => c.json({ boards: await boards.list() }))
    .get('/:id', async (c) => c.json(await boards.get(c.req.param('id'))))
}
