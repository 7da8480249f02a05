/**
 * A real Rembug server for the fuzzers, like `startTestServer` but with every log line captured (through
 * `createLogger`'s `write`), plus a watch over the process itself: uncaught exceptions, unhandled rejections and what
 * Yjs / y-protocols print on the console ("Caught error while handling a Yjs update", "[yjs] …").
 *
 * Peers and raw sockets come from test/helpers/server.ts (pass `as: t.owner, origin: t.url`); this module only owns
 * the server, its DATA_DIR and the watch. Call `dispose()` when done (after the helpers' `cleanup()`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RoomManagerOptions } from '../../server/collab/RoomManager'
import type { RoomOptions } from '../../server/collab/Room'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer, type StartOptions } from '../../server/server'
import type { Board, Storage } from '../../server/storage/types'
import { call, signup, type Person } from '../helpers/auth'
import { withTimeout } from '../helpers/server'

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  [field: string]: unknown
}

export interface FuzzServer {
  readonly url: string
  readonly port: number
  readonly wsUrl: string
  readonly server: RunningServer
  readonly owner: Person
  /** Every line the server logged (debug and above), parsed. */
  readonly logs: LogLine[]
  createBoard(title?: string): Promise<Board>
  /** Closes the server (as on SIGTERM) and starts it again on the same DATA_DIR and port. */
  restart(): Promise<void>
  /** `GET /healthz` answered 200 within `timeoutMs`. */
  healthy(timeoutMs?: number): Promise<boolean>
  dispose(): Promise<void>
}

/** The socket limits `startServer` takes, where it takes any (server/collab/limits.ts). */
type SocketLimits = StartOptions extends { limits?: infer L } ? L : never

export interface FuzzServerOptions {
  rooms?: Partial<Omit<RoomManagerOptions, 'room' | 'limits'>> & { room?: Partial<RoomOptions> }
  /**
   * Socket limits. By default the admission rate is lifted (a fuzzer opens hundreds of sockets a second from one
   * address, which is not what it tests); every other limit keeps its default.
   */
  limits?: SocketLimits
  /** Builds the storage from the DATA_DIR (again on every restart) instead of plain SQLite there. */
  storage?: (dataDir: string) => Storage
}

const fuzzLimits = { admissionRate: { perSecond: 100_000, burst: 100_000 } } as SocketLimits

export async function startFuzzServer(options: FuzzServerOptions = {}): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rembug-fuzz-'))
  const logs: LogLine[] = []
  const log = createLogger('debug', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine)
    } catch {
      logs.push({ level: 'error', message: `unparseable log line: ${line}` })
    }
  })
  const start = (port: number) =>
    startServer({
      host: '127.0.0.1',
      port,
      dataDir,
      log,
      ...(options.rooms ? { rooms: options.rooms } : {}),
      ...(options.storage ? { storage: options.storage(dataDir) } : {}),
      ...{ limits: options.limits ?? fuzzLimits },
    })
  let server: RunningServer
  try {
    server = await start(0)
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const port = server.port
  let owner: Person
  try {
    owner = await signup(server.url, { name: 'Fuzz owner' })
  } catch (error) {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  let disposed = false
  return {
    url: server.url,
    port,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    get server() {
      return server
    },
    owner,
    logs,
    async createBoard(title = 'Fuzz board') {
      const result = await call<Board>(server.url, owner, 'POST', '/api/boards', { title })
      if (result.status !== 201) throw new Error(`POST /api/boards answered ${result.status}: ${JSON.stringify(result.body)}`)
      return result.body
    },
    async restart() {
      await withTimeout(server.close(), 10_000, 'server.close() during a restart')
      server = await start(port)
    },
    async healthy(timeoutMs = 3_000) {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), timeoutMs)
      try {
        const response = await fetch(`${server.url}/healthz`, { signal: controller.signal })
        return response.status === 200
      } catch {
        return false
      } finally {
        clearTimeout(timer)
      }
    },
    async dispose() {
      if (disposed) return
      disposed = true
      try {
        await withTimeout(server.close(), 5_000, 'server.close() on dispose')
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}

/** What went wrong in the process while a fuzz run was watched. */
export interface ProcessWatch {
  /** Uncaught exceptions and unhandled rejections, as text. */
  readonly crashes: string[]
  /** Console lines (error, warn, log) printed while watched; Yjs and y-protocols report swallowed errors here. */
  readonly console: Array<{ method: 'error' | 'warn' | 'log'; text: string }>
  /** Console lines that mean a swallowed error: "Caught error…", "Unable to compute message", uncaught, "[yjs]". */
  alarming(): string[]
  stop(): void
}

/**
 * Watches the process for crashes and console noise until `stop()`. Console output is captured (not printed), so a
 * fuzz run stays readable; anything alarming ends up in the failure message instead.
 */
export function watchProcess(): ProcessWatch {
  const crashes: string[] = []
  const lines: ProcessWatch['console'] = []
  const onException = (error: unknown) => crashes.push(`uncaughtException: ${(error as Error)?.stack ?? String(error)}`)
  const onRejection = (reason: unknown) => crashes.push(`unhandledRejection: ${(reason as Error)?.stack ?? String(reason)}`)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  const original = { error: console.error, warn: console.warn, log: console.log }
  const capture =
    (method: 'error' | 'warn' | 'log') =>
    (...args: unknown[]) => {
      const text = args
        .map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : safeJson(a)))
        .join(' ')
        .replace(/\u001b\[[0-9;]*m/g, '')
      lines.push({ method, text })
    }
  console.error = capture('error')
  console.warn = capture('warn')
  console.log = capture('log')
  let stopped = false
  return {
    crashes,
    console: lines,
    alarming() {
      return lines
        .filter(({ method, text }) => method === 'error' || /Caught error|uncaught|Unable to compute message|\[yjs\]/i.test(text))
        .map(({ method, text }) => `console.${method}: ${text.slice(0, 2000)}`)
    },
    stop() {
      if (stopped) return
      stopped = true
      process.off('uncaughtException', onException)
      process.off('unhandledRejection', onRejection)
      console.error = original.error
      console.warn = original.warn
      console.log = original.log
    },
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
