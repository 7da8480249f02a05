import http from 'node:http'
import { Server as HocuspocusServer } from '@hocuspocus/server'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'

/**
 * A peer server for the side-by-side benchmarks, run as its own process:
 * `node --import tsx bench/peers/serve.ts <kind> <port>`; it prints `listening <port>` once it accepts sockets.
 *
 * - `y-websocket`: the reference server, `@y/websocket-server` (in memory, `setupWSConnection` with the room name as
 *   `docName`).
 * - `hocuspocus`: `@hocuspocus/server` with no extension (in memory).
 * - `raw-ws`: no CRDT at all, the physical limit of relaying frames here — see `startRawRelay`.
 */
export type PeerKind = 'y-websocket' | 'hocuspocus' | 'raw-ws'

const HOST = '127.0.0.1'

/** The room of a socket: the request path without the leading slash and the query. */
function roomOf(url: string | undefined): string {
  return (url ?? '/').slice(1).split('?')[0] ?? ''
}

/** An HTTP server that hands every upgrade to `wss`, listening on `port`. */
function listenWithUpgrades(wss: WebSocketServer, port: number): Promise<void> {
  const server = http.createServer((_request, response) => response.end('ok'))
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
  })
  return new Promise((resolve) => server.listen(port, HOST, resolve))
}

async function startReference(port: number): Promise<void> {
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (socket, request) => setupWSConnection(socket, request, { docName: roomOf(request.url) }))
  await listenWithUpgrades(wss, port)
}

async function startHocuspocus(port: number): Promise<void> {
  const server = new HocuspocusServer({ port, address: HOST, quiet: true })
  await server.listen()
}

/** y-websocket frames the relay looks at: sync step 1 (`0, 0`), an update (`0, 2`), awareness (`1`). */
const SYNC = 0
const STEP1 = 0
const UPDATE = 2
const AWARENESS = 1
/** Sync step 2 carrying an empty Yjs update (no structs, no deletions): what makes a stock provider `synced`. */
const EMPTY_STEP2 = Uint8Array.of(SYNC, 1, 2, 0, 0)

/**
 * Relays frames between the sockets of a room and understands nothing of them beyond the first two bytes: a sync
 * step 1 is answered with an empty step 2 (so a stock provider counts as synced), updates and presence go to every
 * other socket of the room as they came, anything else is dropped. No document, no check, no storage.
 *
 * One concession to the stock client: it re-sends every presence update it receives (its awareness `update` handler
 * ignores the origin), byte for byte the same frame. A relay that forwarded those would turn each cursor move into
 * N² frames, so a presence frame identical to one relayed in the last second or two is dropped.
 */
async function startRawRelay(port: number): Promise<void> {
  const rooms = new Map<string, Set<WebSocket>>()
  // Two generations of recently relayed presence frames per room, rotated every second.
  const seen = new Map<string, { current: Set<string>; previous: Set<string> }>()
  setInterval(() => {
    for (const generations of seen.values()) {
      generations.previous = generations.current
      generations.current = new Set()
    }
  }, 1_000).unref()

  const relay = (room: string, from: WebSocket, data: Buffer): void => {
    for (const socket of rooms.get(room) ?? []) if (socket !== from) socket.send(data, { binary: true })
  }
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (socket, request) => {
    const room = roomOf(request.url)
    let members = rooms.get(room)
    if (!members) rooms.set(room, (members = new Set()))
    members.add(socket)
    if (!seen.has(room)) seen.set(room, { current: new Set(), previous: new Set() })
    socket.on('message', (raw: RawData) => {
      const data = raw as Buffer
      if (data[0] === SYNC && data[1] === STEP1) socket.send(EMPTY_STEP2)
      else if (data[0] === SYNC && data[1] === UPDATE) relay(room, socket, data)
      else if (data[0] === AWARENESS) {
        const generations = seen.get(room)!
        const key = data.toString('latin1')
        if (generations.current.has(key) || generations.previous.has(key)) return
        generations.current.add(key)
        relay(room, socket, data)
      }
    })
    socket.on('close', () => {
      members.delete(socket)
      if (members.size === 0) {
        rooms.delete(room)
        seen.delete(room)
      }
    })
  })
  await listenWithUpgrades(wss, port)
}

const starters: Record<PeerKind, (port: number) => Promise<void>> = {
  'y-websocket': startReference,
  hocuspocus: startHocuspocus,
  'raw-ws': startRawRelay,
}

async function main(): Promise<void> {
  const [kind, portText] = process.argv.slice(2)
  const start = starters[kind as PeerKind]
  const port = Number(portText)
  if (!start || !Number.isInteger(port)) throw new Error(`usage: serve.ts <${Object.keys(starters).join('|')}> <port>`)
  await start(port)
  process.stdout.write(`listening ${port}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
