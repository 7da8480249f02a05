/**
 * Helpers for integration tests against a real Rembug server: real HTTP and WebSocket sockets on 127.0.0.1, a real
 * SQLite database in a temporary DATA_DIR, and the stock y-websocket `WebsocketProvider` as the client.
 *
 * Everything these helpers start is tracked; call `cleanup()` in `afterEach` so no socket, timer or temp dir leaks.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { createLogger } from '../../server/logger'
import { PostgresStorage } from '../../server/storage/PostgresStorage'
import { startServer, type RunningServer, type StartOptions } from '../../server/server'
import type { Board, DocStore, Storage } from '../../server/storage/types'
import { call, signup, socketClassFor, type Person } from './auth'
import { databaseUrl, dropSchema, newSchemaName, skipWithoutPostgres } from './postgres'

function missingDatabaseUrl(): never {
  throw new Error(`REMBUG_TEST_STORAGE=postgres needs DATABASE_URL (${skipWithoutPostgres})`)
}

export interface TestServerOptions {
  rooms?: StartOptions['rooms']
  /** Limits of the collaboration socket on top of the defaults (server/collab/limits.ts). */
  limits?: StartOptions['limits']
  /** Where the server logs (default: nowhere). */
  log?: StartOptions['log']
  /**
   * Builds the storage from the temp DATA_DIR instead of the server opening SQLite there itself (called again on
   * every restart, with the same directory).
   */
  storage?: (dataDir: string) => Storage
}

export interface TestServer {
  /** `http://127.0.0.1:port` */
  readonly url: string
  readonly port: number
  /** `ws://127.0.0.1:port/collab`: the base URL a `WebsocketProvider` takes. */
  readonly wsUrl: string
  readonly dataDir: string
  /** The running server; a new instance after `restart()`. */
  readonly server: RunningServer
  /** The account that creates boards and that peers connect as unless told otherwise. */
  readonly owner: Person
  /** Creates a board through `POST /api/boards` as the owner and returns it. */
  createBoard(title?: string): Promise<Board>
  /** Closes the server (as on SIGTERM) and starts it again on the same DATA_DIR and the same port. */
  restart(): Promise<void>
  close(): Promise<void>
}

export interface Peer {
  doc: Y.Doc
  provider: WebsocketProvider
  awareness: awarenessProtocol.Awareness
  /** Resolves when the provider first reports `synced`; rejects if the server closes the socket for good first. */
  synced: Promise<void>
  destroy(): void
}

/** Who connects to a test server's sockets by default: its owner, with its Origin. */
const defaultPeople = new Map<string, { person: Person; origin: string }>()

export interface PeerOptions {
  /** Connect as this person (default: the test server's owner); `null` for no session at all. */
  as?: Person | null
  /** The Origin header to send (default: the server's own); `null` for none. */
  origin?: string | null
  doc?: Y.Doc
  /** Local awareness state announced on connect; omitted: the provider's default (an empty object). */
  presence?: Record<string, unknown> | null
  /** Connect at once (default true). */
  connect?: boolean
}

const cleanups: Array<() => Promise<void> | void> = []

/** Destroys every peer and raw socket, closes every server and removes every temp DATA_DIR, newest first. */
export async function cleanup(): Promise<void> {
  const errors: unknown[] = []
  while (cleanups.length > 0) {
    const step = cleanups.pop()!
    try {
      await step()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length > 0) throw errors[0]
}

const silent = createLogger('silent')

/**
 * `REMBUG_TEST_STORAGE=postgres` runs the servers these helpers start on PostgreSQL (`DATABASE_URL`, a private
 * schema per server, dropped at cleanup) instead of SQLite; a test that brings its own storage keeps it.
 */
export const testStorageKind = process.env.REMBUG_TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite'

/** Starts a server on port 0 with a fresh temp DATA_DIR. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rembug-it-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))

  let openStorage: (() => Promise<Storage>) | null = options.storage ? async () => options.storage!(dataDir) : null
  if (!openStorage && testStorageKind === 'postgres') {
    const schema = newSchemaName()
    cleanups.push(() => dropSchema(schema))
    openStorage = () => PostgresStorage.open({ connectionString: databaseUrl ?? missingDatabaseUrl(), schema, maxConnections: 4 })
  }

  const start = async (port: number) =>
    startServer({
      host: '127.0.0.1',
      port,
      dataDir,
      log: options.log ?? silent,
      ...(options.rooms ? { rooms: options.rooms } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(openStorage ? { storage: await openStorage() } : {}),
    })

  let server = await start(0)
  const port = server.port
  // Bounded, so a server that cannot shut down fails the test with a clear message instead of hanging the run.
  cleanups.push(() => withTimeout(server.close(), 10_000, 'server.close() during cleanup'))
  const owner = await signup(server.url, { name: 'Owner' })
  defaultPeople.set(`ws://127.0.0.1:${port}/collab`, { person: owner, origin: server.url })

  const testServer: TestServer = {
    url: server.url,
    port,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    dataDir,
    get server() {
      return server
    },
    owner,
    async createBoard(title = 'Test board') {
      const result = await call<Board>(server.url, owner, 'POST', '/api/boards', { title })
      if (result.status !== 201) throw new Error(`POST /api/boards answered ${result.status}: ${JSON.stringify(result.body)}`)
      return result.body
    },
    async restart() {
      await server.close()
      // Same port, so providers that were connected reconnect on their own, as they would in production.
      server = await start(port)
    },
    close() {
      return server.close()
    },
  }
  return testServer
}

/** Connects a stock y-websocket provider (Node `ws`, no BroadcastChannel) to a board. */
export function connectPeer(wsUrl: string, boardId: string, options: PeerOptions = {}): Peer {
  const doc = options.doc ?? new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  if (options.presence !== undefined) awareness.setLocalState(options.presence)
  const fallback = defaultPeople.get(wsUrl)
  const person = options.as === undefined ? (fallback?.person ?? null) : options.as
  const origin = options.origin === undefined ? (fallback?.origin ?? null) : options.origin
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: socketClassFor(person, origin) as unknown as typeof globalThis.WebSocket,
    // Node 20 has BroadcastChannel: without this, providers in one process would sync around the server.
    disableBc: true,
    awareness,
    connect: options.connect ?? true,
  })
  const synced = new Promise<void>((resolve, reject) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
    provider.on('closed', (event) => reject(new Error(`the server closed the socket for good: ${event.code} ${event.reason}`)))
  })
  // A test that never awaits `synced` (an unknown board, say) must not report an unhandled rejection.
  synced.catch(() => {})

  let destroyed = false
  const destroy = () => {
    if (destroyed) return
    destroyed = true
    provider.destroy()
    awareness.destroy()
    doc.destroy()
  }
  cleanups.push(destroy)
  return { doc, provider, awareness, synced, destroy }
}

export interface RawSocket {
  ws: WebSocket
  /** Resolves once the socket is open. */
  opened: Promise<void>
  /** Resolves with the close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>
  /** Binary frames received so far. */
  received: Uint8Array[]
}

export interface RawSocketOptions extends Pick<PeerOptions, 'as' | 'origin'> {
  /** The local address to connect from (any 127.x.y.z works on Linux), to appear as another device. */
  localAddress?: string
  /** More request headers (e.g. an `X-Forwarded-For` the server must not believe). */
  headers?: Record<string, string>
}

/** A plain `ws` socket to `/collab/:boardId`, for what a stock provider cannot do (send garbage, read close codes). */
export function openRawSocket(wsUrl: string, boardId: string, options: RawSocketOptions = {}): RawSocket {
  const fallback = defaultPeople.get(wsUrl)
  const person = options.as === undefined ? (fallback?.person ?? null) : options.as
  const origin = options.origin === undefined ? (fallback?.origin ?? null) : options.origin
  const Socket = socketClassFor(person, origin)
  const ws = new Socket(`${wsUrl}/${boardId}`, [], {
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  })
  const received: Uint8Array[] = []
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) received.push(new Uint8Array(data))
  })
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  opened.catch(() => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }))
  })
  ws.on('error', () => {})
  cleanups.push(() => {
    if (ws.readyState !== ws.CLOSED) ws.terminate()
  })
  return { ws, opened, closed, received }
}

/**
 * Polls `predicate` every 10 ms until it returns true (a predicate that throws, e.g. a failing `expect`, counts as
 * false). Rejects after `timeoutMs` with `message` and the last failure.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  message = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  for (;;) {
    try {
      if (await predicate()) return
      lastError = null
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last failure: ${(lastError as Error).message ?? String(lastError)}` : ''
      throw new Error(`waitFor timed out after ${timeoutMs} ms waiting for ${message}${detail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** `promise`, or a rejection naming `what` if it does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Rebuilds a fresh doc from exactly what the store holds for a board (snapshot, then the update log). */
export async function loadStoredDoc(storage: Storage, boardId: string): Promise<Y.Doc> {
  return docFromStored(await storage.docs.load(boardId))
}

export function docFromStored(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/**
 * The same storage with its doc reads and/or appends held back by a timer before they reach the database (the
 * database itself is real and unchanged). Widens the race windows a real networked store would have, so a test can
 * tell "stored, then sent" from "sent, then stored" and "one shared load" from "two loads".
 */
export function withDelayedDocs(storage: Storage, delays: { loadMs?: number; appendMs?: number }, calls?: { loads: string[] }): Storage {
  const docs = storage.docs
  return withDocs(storage, {
    async load(docId) {
      calls?.loads.push(docId)
      if (delays.loadMs) await sleep(delays.loadMs)
      return docs.load(docId)
    },
    async append(docId, updates) {
      if (delays.appendMs) await sleep(delays.appendMs)
      return docs.append(docId, updates)
    },
    async loadSince(docId, afterSeq) {
      if (delays.loadMs) await sleep(delays.loadMs)
      return docs.loadSince(docId, afterSeq)
    },
    compact: (docId, snapshot, throughSeq) => docs.compact(docId, snapshot, throughSeq),
    list: () => docs.list(),
    delete: (docId) => docs.delete(docId),
    size: (docId) => docs.size(docId),
  })
}

/** The same storage with another doc store in front of its own (for tests that delay or break doc reads and writes). */
export function withDocs(storage: Storage, docs: DocStore): Storage {
  return {
    kind: storage.kind,
    boards: storage.boards,
    users: storage.users,
    sessions: storage.sessions,
    members: storage.members,
    invites: storage.invites,
    ballots: storage.ballots,
    drafts: storage.drafts,
    ping: () => storage.ping(),
    close: () => storage.close(),
    docs,
  }
}
