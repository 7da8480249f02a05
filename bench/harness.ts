import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readRecords } from '../shared/boardDoc'
import type { TLRecord } from '@tldraw/tlschema'
import { createLogger } from '../server/logger'
import { startServer, type RunningServer } from '../server/server'
import type { DocStore } from '../server/storage/types'

/**
 * The real server and stock clients, for benchmark parts that go through the network: a server on an ephemeral
 * port with SQLite in a temp DATA_DIR, boards created over the HTTP API, y-websocket providers as a browser tab
 * would open them.
 */
export interface BenchServer {
  server: RunningServer
  dataDir: string
  /** `ws://127.0.0.1:port/collab`, the URL a `WebsocketProvider` is given. */
  collabUrl: string
  /** Creates a board through `POST /api/boards`; returns its id. */
  createBoard(title: string): Promise<string>
  /** Closes the server if still open (which stores and compacts every room) and removes the data dir. */
  dispose(): Promise<void>
}

/** Starts the real server with default room options on port 0 and a fresh temp data dir. */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rembug-bench-'))
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn') })
  return {
    server,
    dataDir,
    collabUrl: `ws://127.0.0.1:${server.port}/collab`,
    async createBoard(title) {
      const response = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      })
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`)
      const board = (await response.json()) as { id: string }
      return board.id
    },
    async dispose() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Opens a stock y-websocket provider on a board and resolves once it has synced with the server. */
export async function connectClient(collabUrl: string, boardId: string, doc: Y.Doc, timeoutMs = 10_000): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(collabUrl, boardId, doc, {
    // `ws` implements the browser WebSocket API the provider uses; only its static typing differs from the DOM's.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await waitUntil(() => provider.synced, timeoutMs, 10, `client sync with board ${boardId}`)
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
