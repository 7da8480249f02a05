import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { createApp, type AppDeps } from './app'
import type { Logger } from './logger'
import { openStorage } from './storage/openStorage'
import type { Storage } from './storage/types'

export interface StartOptions {
  host: string
  port: number
  dataDir: string
  /** PostgreSQL instead of SQLite in `dataDir` (server/storage/openStorage.ts). */
  databaseUrl?: string | undefined
  log: Logger
  clientRoot?: string
  rooms?: AppDeps['rooms']
  limits?: AppDeps['limits']
  sessions?: AppDeps['sessions']
  loginLimits?: AppDeps['loginLimits']
  allowedOrigins?: AppDeps['allowedOrigins']
  /** Use this storage instead of opening one from `databaseUrl` / `dataDir` (tests of other adapters). */
  storage?: Storage
}

export interface RunningServer {
  /** `http://host:port` */
  url: string
  port: number
  storage: Storage
  rooms: ReturnType<typeof createApp>['rooms']
  /** Stores everything pending, closes every socket with `restarting`, stops listening, closes storage. */
  close(): Promise<void>
}

/** Opens storage, builds the app and listens. Resolves once the port is bound. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const storage = options.storage ?? (await openStorage({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, log: options.log }))
  const { storage: _ignored, dataDir: _dataDir, databaseUrl: _databaseUrl, host: _host, port: _port, ...appOptions } = options
  const { app, rooms, injectWebSocket } = createApp({ ...appOptions, storage })
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
    close() {
      closing ??= (async () => {
        // The HTTP server does not wait for upgraded sockets: rooms go first, then the listener, then storage.
        clearInterval(sweep)
        await rooms.shutdown()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await storage.close()
      })()
      return closing
    },
  }
}
