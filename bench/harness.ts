import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readRecords } from '../shared/boardDoc'
import type { TLRecord } from '@tldraw/tlschema'
import { createLogger } from '../server/logger'
import { startServer, type RunningServer } from '../server/server'
import type { DocStore } from '../server/storage/types'
import { call, signup, socketClassFor, type Person } from '../test/helpers/auth'

/**
 * The real server and stock clients, for benchmark parts that go through the network: a server on an ephemeral
 * port with SQLite in a temp DATA_DIR, an account signed up over the HTTP API that creates the boards, y-websocket
 * providers that send that account's session cookie and the server's Origin, as a browser tab would.
 */
export interface BenchServer {
  server: RunningServer
  dataDir: string
  /** `ws://127.0.0.1:port/collab`, the URL a `WebsocketProvider` is given. */
  collabUrl: string
  /** The account that creates the boards (owner of each) and that clients connect as. */
  owner: Person
  /** Creates a board through `POST /api/boards` as the owner; returns its id. */
  createBoard(title: string): Promise<string>
  /** Opens a stock provider on a board as the owner and resolves once it has synced. */
  connectClient(boardId: string, doc: Y.Doc, timeoutMs?: number): Promise<WebsocketProvider>
  /** Closes the server if still open (which stores and compacts every room) and removes the data dir. */
  dispose(): Promise<void>
}

/** Starts the real server with default room options (and no per-socket update rate) on port 0 and a fresh temp data dir. */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rembug-bench-'))
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    log: createLogger('warn'),
    // One client writing as fast as it can is the point of a throughput run: lift the per-socket update rate.
    limits: { updateRate: { perSecond: 1_000_000, burst: 1_000_000 } },
  })
  const owner = await signup(server.url, { name: 'Bench owner' })
  const collabUrl = `ws://127.0.0.1:${server.port}/collab`
  return {
    server,
    dataDir,
    collabUrl,
    owner,
    async createBoard(title) {
      const result = await call<{ id: string }>(server.url, owner, 'POST', '/api/boards', { title })
      if (result.status !== 201) throw new Error(`POST /api/boards answered ${result.status}: ${JSON.stringify(result.body)}`)
      return result.body.id
    },
    connectClient(boardId, doc, timeoutMs) {
      return connectClient(collabUrl, boardId, doc, { as: owner, origin: server.url, timeoutMs })
    },
    async dispose() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Opens a stock y-websocket provider on a board as `as` (its session cookie) with `origin` as the Origin header, and
 * resolves once it has synced with the server. Fails at once if the server closes the socket for good (no session,
 * no role, no board) instead of waiting for the timeout.
 */
export async function connectClient(
  collabUrl: string,
  boardId: string,
  doc: Y.Doc,
  { as, origin, timeoutMs = 10_000 }: { as: Person; origin: string; timeoutMs?: number | undefined },
): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(collabUrl, boardId, doc, {
    // `ws` with the cookie and Origin headers a browser would send; only its static typing differs from the DOM's.
    WebSocketPolyfill: socketClassFor(as, origin) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  let refused: string | null = null
  // 'closed': the server closed the socket for good (44xx: no session, no role, no board); reconnecting cannot help.
  provider.on('closed', (event) => {
    refused = `${event.code} ${event.reason}`
  })
  try {
    await waitUntil(
      () => {
        if (refused) throw new Error(`the server refused the socket to board ${boardId}: ${refused}`)
        return provider.synced
      },
      timeoutMs,
      10,
      `client sync with board ${boardId}`,
    )
  } catch (error) {
    provider.destroy()
    throw error
  }
  return provider
}

/** The records a doc rebuilt from what the store holds contains (snapshot, then every update in order). */
export async function storedRecords(store: DocStore, boardId: string): Promise<TLRecord[]> {
  const stored = await store.load(boardId)
  const doc = new Y.Doc()
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  const records = readRecords(doc)
  doc.destroy()
  return records
}

/** Polls `condition` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Lets queued I/O callbacks (socket reads and writes, the server's flushes) run. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
