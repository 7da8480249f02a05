import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { createApp, type AppDeps } from './app'
import type { Logger } from './logger'
import { defaultInstanceId, LocalFanout, type Fanout } from './collab/Fanout'
import { RedisFanout } from './collab/RedisFanout'
import { openStorage } from './storage/openStorage'
import type { Storage } from './storage/types'

export interface StartOptions {
  host: string
  port: number
  dataDir: string
  /** PostgreSQL instead of SQLite in `dataDir` (server/storage/openStorage.ts). */
  databaseUrl?: string | undefined
  databaseSchema?: string | undefined
  log: Logger
  clientRoot?: string
  rooms?: AppDeps['rooms']
  limits?: AppDeps['limits']
  sessions?: AppDeps['sessions']
  loginLimits?: AppDeps['loginLimits']
  allowedOrigins?: AppDeps['allowedOrigins']
  /** Use this storage instead of opening one from `databaseUrl` / `dataDir` (tests of other adapters). */
  storage?: Storage
  /** Redis to fan rooms out across instances (with `redisPrefix`, default `rembug`); without it this instance is alone. */
  redisUrl?: string | undefined
  redisPrefix?: string
  /** This instance's name in logs, metrics and fan-out messages. */
  instanceId?: string | undefined
  /** Use this fan-out instead of one opened from `redisUrl` (tests). */
  fanout?: Fanout
}

export interface RunningServer {
  /** `http://host:port` */
  url: string
  port: number
  storage: Storage
  rooms: ReturnType<typeof createApp>['rooms']
  fanout: Fanout
  /** Stores everything pending, closes every socket with `restarting`, stops listening, closes storage. */
  close(): Promise<void>
}

/** Opens the fan-out named by the options: the given one, Redis, or none (this instance alone). */
async function openFanout(options: StartOptions): Promise<Fanout> {
  if (options.fanout) return options.fanout
  const instanceId = options.instanceId ?? defaultInstanceId()
  if (!options.redisUrl) return new LocalFanout(instanceId)
  return RedisFanout.open({ url: options.redisUrl, prefix: options.redisPrefix ?? 'rembug', instanceId, log: options.log })
}

/** Opens storage and the fan-out, builds the app and listens. Resolves once the port is bound. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const storage = options.storage ?? (await openStorage({ databaseUrl: options.databaseUrl, databaseSchema: options.databaseSchema, dataDir: options.dataDir, log: options.log }))
  let fanout: Fanout
  try {
    fanout = await openFanout(options)
  } catch (error) {
    await storage.close()
    throw error
  }
  const { app, rooms, injectWebSocket } = createApp({
    storage,
    fanout,
    log: options.log,
    ...(options.clientRoot ? { clientRoot: options.clientRoot } : {}),
    ...(options.rooms ? { rooms: options.rooms } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.sessions ? { sessions: options.sessions } : {}),
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s as Server))
    s.once('error', reject)
  })
  injectWebSocket(server)
  // Expired sessions are refused on use anyway; this only keeps the table from growing.
  const sweep = setInterval(() => {
    storage.sessions.deleteExpired(Date.now()).catch((error: unknown) => {
      options.log.warn('removing expired sessions failed', { error: (error as Error).message })
    })
  }, 60 * 60 * 1000)
  sweep.unref()
  const port = (server.address() as AddressInfo).port
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host
  let closing: Promise<void> | null = null
  return {
    url: `http://${urlHost}:${port}`,
    port,
    storage,
    rooms,
    fanout,
    close() {
      closing ??= (async () => {
        // The HTTP server does not wait for upgraded sockets: rooms go first, then the listener, then storage.
        clearInterval(sweep)
        await rooms.shutdown()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await fanout.close()
        await storage.close()
      })()
      return closing
    },
  }
}
