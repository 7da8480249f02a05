import type { Socket } from 'node:net'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { WebSocket, type ClientOptions } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/**
 * How the load generator reaches a server under test. Every server but hocuspocus speaks the y-websocket protocol
 * and gets the stock `WebsocketProvider`; hocuspocus speaks its own (the document name in every message, an auth
 * step) and gets its own stock client, `HocuspocusProvider`.
 */
export interface ClientTarget {
  protocol: 'y-websocket' | 'hocuspocus'
  /** `ws://127.0.0.1:port/prefix`: the provider opens `url/room` (y-websocket) or `url` naming the room (hocuspocus). */
  url: string
  /** Headers a browser would send: Rembug's session cookie and Origin. */
  headers: Record<string, string>
}

/** One connected client: its doc, its presence, and what its socket read so far. */
export interface BenchClient {
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves once the first sync with the server completed. */
  readonly synced: Promise<void>
  /** Bytes read from the TCP socket (HTTP upgrade answer and every frame, as they came on the wire). */
  bytesRead(): number
  /** Bytes waiting in the socket's send buffer: a writer stops while it is high. */
  bufferedAmount(): number
  destroy(): void
}

/**
 * A `ws` class for the providers' `WebSocketPolyfill` that adds `headers` and reports each socket it opens, so the
 * caller can read the bytes that came over the wire. (Only its static typing differs from the DOM's.)
 */
function socketClass(headers: Record<string, string>, opened: (socket: WebSocket) => void): typeof globalThis.WebSocket {
  return class BenchSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols ?? [], { ...options, headers: { ...headers, ...options?.headers } })
      opened(this)
    }
  } as unknown as typeof globalThis.WebSocket
}

/** Opens a stock client of `target` on `room` with `doc`. */
export function openClient(target: ClientTarget, room: string, doc: Y.Doc): BenchClient {
  let socket: WebSocket | null = null
  let tcp: Socket | null = null
  const WebSocketPolyfill = socketClass(target.headers, (opened) => {
    socket = opened
    opened.once('upgrade', (response) => (tcp = response.socket as Socket))
  })
  const bytesRead = () => (tcp as Socket | null)?.bytesRead ?? 0
  const bufferedAmount = () => (socket as WebSocket | null)?.bufferedAmount ?? 0
  if (target.protocol === 'hocuspocus') {
    const websocketProvider = new HocuspocusProviderWebsocket({ url: target.url, WebSocketPolyfill })
    const provider = new HocuspocusProvider({ websocketProvider, name: room, document: doc })
    const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()))
    provider.attach()
    const destroy = () => {
      provider.destroy()
      websocketProvider.destroy()
    }
    return { doc, awareness: provider.awareness!, synced, bytesRead, bufferedAmount, destroy }
  }
  const provider = new WebsocketProvider(target.url, room, doc, { WebSocketPolyfill, disableBc: true })
  const synced = new Promise<void>((resolve, reject) => {
    provider.on('sync', (isSynced: boolean) => isSynced && resolve())
    provider.on('connection-close', (event: CloseEvent | null) => {
      // A 44xx close is final (no session, no board): say so instead of waiting for a timeout.
      if (event && event.code >= 4400 && event.code < 4500) reject(new Error(`server closed the socket: ${event.code} ${event.reason}`))
    })
  })
  return { doc, awareness: provider.awareness, synced, bytesRead, bufferedAmount, destroy: () => provider.destroy() }
}

/** Opens `count` clients (`room(i)` names each one's room), `concurrency` at a time, each synced before it counts. */
export async function openClients(
  target: ClientTarget,
  count: number,
  room: (i: number) => string,
  makeDoc: () => Y.Doc,
  concurrency = 50,
  timeoutMs = 60_000,
): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const client = openClient(target, room(i), makeDoc())
      clients[i] = client
      await withTimeout(client.synced, timeoutMs, `client ${i} sync`)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  } catch (error) {
    for (const client of clients) client?.destroy()
    throw error
  }
  return clients
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
