import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiError, type ApiErrorBody } from '../shared/codes'
import { BoardService } from './boards'
import { defaultRoomManagerOptions, RoomManager, type RoomManagerOptions } from './collab/RoomManager'
import type { Logger } from './logger'
import { boardRoutes } from './routes/boards'
import { collabRoutes } from './routes/collab'
import { healthRoutes } from './routes/health'
import { staticRoutes } from './static'
import type { Storage } from './storage/types'

export interface AppDeps {
  storage: Storage
  log: Logger
  /** Directory of the built client; omitted in development, where Vite serves it. */
  clientRoot?: string
  rooms?: Partial<RoomManagerOptions>
}

/** The routes the client calls, typed for Hono's `hc` client. */
export function apiRoutes(boards: BoardService) {
  return new Hono().route('/boards', boardRoutes(boards))
}
export type AppType = ReturnType<typeof apiRoutes>

/**
 * Builds the whole HTTP + WebSocket application. Returns the Hono app, the room manager and the hook that attaches
 * WebSocket upgrades to a Node HTTP server.
 */
export function createApp({ storage, log, clientRoot, rooms: roomOptions }: AppDeps) {
  const app = new Hono()
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app })
  const boards = new BoardService(storage)
  const rooms = new RoomManager(storage.docs, log, { ...defaultRoomManagerOptions, ...roomOptions })

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status)
    if (error instanceof HTTPException) {
      const body: ApiErrorBody = { error: { code: error.status === 404 ? 'not_found' : 'bad_request', message: error.message } }
      return c.json(body, error.status)
    }
    log.error('unhandled error in a request', { method: c.req.method, path: c.req.path, error: (error as Error).stack })
    const body: ApiErrorBody = { error: { code: 'internal', message: 'Something went wrong on the server.' } }
    return c.json(body, 500)
  })

  app.route('/healthz', healthRoutes(storage))
  app.route('/api', apiRoutes(boards))
  app.all('/api/*', (c) => {
    const body: ApiErrorBody = { error: { code: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } }
    return c.json(body, 404)
  })
  app.route('/collab', collabRoutes(boards, rooms, upgradeWebSocket))
  if (clientRoot) app.route('/', staticRoutes(clientRoot))

  return { app, rooms, boards, injectWebSocket }
}
