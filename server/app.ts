import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { ApiError, type ApiErrorBody } from '../shared/codes'
import { AccessService } from './access/AccessService'
import { AccountService, defaultLoginLimits, type LoginLimits } from './auth/AccountService'
import { defaultSessionOptions, SessionService, type SessionOptions } from './auth/SessionService'
import { BoardService } from './boards'
import { resolveLimits, wsCompression, wsMaxPayload, type CollabLimits } from './collab/limits'
import { defaultInstanceId, LocalFanout, type AccessNotice, type Fanout } from './collab/Fanout'
import { defaultRoomManagerOptions, RoomManager, type RoomManagerOptions } from './collab/RoomManager'
import type { RoomOptions } from './collab/Room'
import { BallotService } from './facilitation/BallotService'
import { BoardQueue } from './collab/BoardQueue'
import { DraftService } from './facilitation/DraftService'
import { FacilitationService } from './facilitation/FacilitationService'
import type { AppEnv } from './http/env'
import { originGuard } from './http/origin'
import { sessionMiddleware } from './http/session'
import type { Logger } from './logger'
import { authRoutes } from './routes/auth'
import { boardRoutes } from './routes/boards'
import { cardRoutes } from './routes/cards'
import { collabRoutes } from './routes/collab'
import { draftRoutes } from './routes/drafts'
import { facilitationRoutes } from './routes/facilitation'
import { hubRoutes } from './routes/hub'
import { voteRoutes } from './routes/votes'
import { healthRoutes } from './routes/health'
import { importRoutes } from './routes/import'
import { joinRoutes } from './routes/join'
import { planRoutes } from './routes/plan'
import { metricsRoutes } from './routes/metrics'
import { Metrics } from './metrics'
import { staticRoutes } from './static'
import type { Storage } from './storage/types'

export interface AppDeps {
  storage: Storage
  log: Logger
  /** Directory of the built client; omitted in development, where Vite serves it. */
  clientRoot?: string
  /** Overrides of the room manager's options; `room` is merged with the room defaults key by key. */
  rooms?: Partial<Omit<RoomManagerOptions, 'room'>> & { room?: Partial<RoomOptions> }
  /** Limits of the collaboration socket on top of the defaults (server/collab/limits.ts); win over `rooms.limits`. */
  limits?: Partial<CollabLimits>
  sessions?: Partial<SessionOptions>
  loginLimits?: LoginLimits
  /** Origins besides the server's own that may send state-changing requests (e.g. a separate dev server). */
  allowedOrigins?: readonly string[]
  /** How rooms reach the same boards on other instances (Redis); default: this instance alone. */
  fanout?: Fanout
}

/** The routes the client calls, typed for Hono's `hc` client. */
export function apiRoutes(boards: BoardService, access: AccessService, accounts: AccountService) {
  return new Hono<AppEnv>()
    .route('/', authRoutes(accounts))
    .route('/', joinRoutes(boards, access, accounts))
    .route('/boards', boardRoutes(boards, access))
    .route('/boards/import', importRoutes(boards, access))
}
export type AppType = ReturnType<typeof apiRoutes>

/**
 * Security headers tldraw works with: scripts only from this server, inline styles (tldraw positions shapes with
 * them), images and fonts also from data:/blob: (exports, pasted images), sockets to this server (and data:/blob: URLs, which tldraw fetches for small bundled files), no framing.
 */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  mediaSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'", 'data:', 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/**
 * Builds the whole HTTP + WebSocket application. Returns the Hono app, the room manager and the hook that attaches
 * WebSocket upgrades to a Node HTTP server.
 */
export function createApp(deps: AppDeps) {
  const { storage, log, clientRoot } = deps
  const app = new Hono<AppEnv>()
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app })
  const limits = resolveLimits({ ...deps.rooms?.limits, ...deps.limits })
  // The WebSocket layer never buffers a frame beyond this; Connection.admit refuses what is over maxMessageBytes.
  wss.options.maxPayload = wsMaxPayload(limits)
  // Read by ws at each upgrade, so setting it here (after @hono/node-ws made the server) takes effect.
  wss.options.perMessageDeflate = wsCompression(limits)
  const fanout = deps.fanout ?? new LocalFanout(defaultInstanceId())
  const metrics = new Metrics()
  const rooms = new RoomManager(
    storage.docs,
    log,
    {
      ...defaultRoomManagerOptions,
      ...deps.rooms,
      room: { ...defaultRoomManagerOptions.room, ...deps.rooms?.room },
      limits,
    },
    { fanout, metrics: metrics.rooms },
  )
  metrics.attach({
    instanceId: fanout.instanceId,
    storageKind: storage.kind,
    fanout,
    rooms: () => rooms.roomCount,
    connections: () => rooms.connections().length,
    stats: rooms.stats,
  })
  const sessions = new SessionService(storage.sessions, storage.users, { ...defaultSessionOptions, ...deps.sessions })
  // Access that ends or changes on one instance closes the sockets it concerns on every instance.
  const closeSessions = (ids: string[]) => {
    const ended = new Set(ids)
    rooms.closeWhere((c) => c.principal !== null && ended.has(c.principal.sessionId), 'unauthorized')
  }
  // Revoked: closed for good (4403). Role changed: closed with 4509, and the reconnect is served with the new role.
  const closeOnBoard = ({ type, boardId, userIds }: Exclude<AccessNotice, { type: 'sessionsEnded' }>) => {
    const concerned = new Set(userIds)
    const reason = type === 'roleChanged' ? 'roleChanged' : 'forbidden'
    rooms.closeWhere((c) => c.boardId === boardId && c.principal !== null && concerned.has(c.principal.userId), reason)
  }
  fanout.onAccess((notice) => {
    if (notice.type === 'sessionsEnded') closeSessions(notice.sessionIds)
    else closeOnBoard(notice)
  })
  const endSessions = (ids: string[]) => {
    closeSessions(ids)
    fanout.publishAccess({ type: 'sessionsEnded', sessionIds: ids })
  }
  const accounts = new AccountService(storage, sessions, deps.loginLimits ?? defaultLoginLimits(), endSessions)
  const access = new AccessService(storage, (type, boardId, userIds) => {
    closeOnBoard({ type, boardId, userIds })
    fanout.publishAccess({ type, boardId, userIds })
  })
  const boards = new BoardService(storage)

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      const retryAfter = (error.details as { retryAfter?: number } | undefined)?.retryAfter
      if (retryAfter) c.header('Retry-After', String(retryAfter))
      return c.json(error.toBody(), error.status)
    }
    if (error instanceof HTTPException) {
      const body: ApiErrorBody = { error: { code: error.status === 404 ? 'not_found' : 'bad_request', message: error.message } }
      return c.json(body, error.status)
    }
    log.error('unhandled error in a request', { method: c.req.method, path: c.req.path, error: (error as Error).stack })
    const body: ApiErrorBody = { error: { code: 'internal', message: 'Something went wrong on the server.' } }
    return c.json(body, 500)
  })

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy,
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.route('/healthz', healthRoutes(storage, fanout))
  app.route('/metrics', metricsRoutes(metrics))
  app.use('/api/*', originGuard(deps.allowedOrigins), sessionMiddleware(sessions))
  app.use('/collab/*', originGuard(deps.allowedOrigins), sessionMiddleware(sessions))
  app.route('/api', apiRoutes(boards, access, accounts))
  app.route('/api/boards', planRoutes({ boards, access, docs: storage.docs, rooms }))
  app.route('/api/boards', cardRoutes(access, rooms))
  // Facilitation commands, ballots and drafts of one board run one at a time.
  const facilitationQueue = new BoardQueue()
  app.route('/api/boards', facilitationRoutes(access, new FacilitationService(rooms, storage, facilitationQueue)))
  app.route('/api/boards', voteRoutes(access, new BallotService(rooms, storage, facilitationQueue)))
  app.route('/api/boards', draftRoutes(access, new DraftService(rooms, storage, facilitationQueue)))
  app.route('/api', hubRoutes())
  app.all('/api/*', (c) => {
    const body: ApiErrorBody = { error: { code: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } }
    return c.json(body, 404)
  })
  app.route('/collab', collabRoutes(boards, access, rooms, upgradeWebSocket))
  if (clientRoot) app.route('/', staticRoutes(clientRoot))

  return { app, rooms, boards, access, accounts, sessions, injectWebSocket, fanout, metrics }
}
