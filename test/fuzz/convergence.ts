/**
 * Convergence fuzzing, after tldraw's syncFuzz: a few stock y-websocket clients on one board make random tldraw-like
 * edits through `boardRecords(doc)` (create geo and note shapes with every prop, move, restyle, relabel, delete),
 * drop off and come back (`provider.disconnect()` / `connect()`), keep editing while offline, and now and then the
 * server restarts under them. At the end everyone reconnects, and every client's records must deep-equal every other
 * client's and what the store holds (a doc rebuilt from `storage.docs.load`), down to the state vector and the delete
 * set. The server must log no error and no warning (nobody sent anything bad), and no client may be closed with a
 * code that is not a restart's.
 */
import * as Y from 'yjs'
import { encodeUpdate } from '../../server/collab/messages'
import { defaultRoomOptions } from '../../server/collab/Room'
import { boardRecords } from '../../shared/boardDoc'
import { CloseCode, closeCodeName } from '../../shared/codes'
import { SqliteStorage } from '../../server/storage/SqliteStorage'
import { cleanup, connectPeer, docFromStored, sleep, waitFor, withDelayedDocs, withTimeout, type Peer } from '../helpers/server'
import { FuzzFailure, Rng } from './prng'
import { deleteSetOf, firstDifference, invalidRecordIds, randomBoardOp, rawRecordsOf, recordsOf, stateVectorOf } from './records'
import { startFuzzServer, watchProcess, type LogLine } from './server'

export interface ConvergenceFuzzOptions {
  seed: number
  /** Operations (edits, disconnects, reconnects, restarts, pauses) in the run. Default 150. */
  ops?: number
  /** Clients on the board; default 3–5, picked by the seed. */
  clients?: number
  /** Chance per operation of a server restart. Default 0.012 (about two per 150 operations). */
  restartChance?: number
  /**
   * Hold every store append back this long (real SQLite behind a timer). Default: 2–30 ms in about a third of the
   * seeds, none in the others; 0 turns it off.
   */
  appendDelayMs?: number
  /** Called with each operation as it is done (for a trace). */
  onOp?: (line: string) => void
}

export interface ConvergenceFuzzStats {
  seed: number
  clients: number
  /** How long each store append was held back (0: plain SQLite). */
  appendDelayMs: number
  ops: number
  edits: number
  offlineEdits: number
  disconnects: number
  restarts: number
  /** Records on the board at the end. */
  records: number
  /** Close codes the clients saw (restarts, our own disconnects), by code. */
  closes: Record<string, number>
  durationMs: number
}

/** Close codes a client may see in this fuzz: a restart (4503), the server going away, our own disconnect, or none (-1: y-websocket reports a socket error without an event). */
const EXPECTED_CLOSES = new Set<number>([CloseCode.restarting, 1000, 1001, 1005, 1006, -1])

/** Runs one seed. Throws `FuzzFailure` (naming the seed and the last operations) on divergence or any other fault. */
export async function runConvergenceFuzz(options: ConvergenceFuzzOptions): Promise<ConvergenceFuzzStats> {
  const { seed } = options
  const rng = new Rng(seed)
  const opCount = options.ops ?? 150
  const clientCount = options.clients ?? rng.int(3, 5)
  const restartChance = options.restartChance ?? 0.012
  const started = Date.now()
  const stats: ConvergenceFuzzStats = { seed, clients: clientCount, appendDelayMs: 0, ops: 0, edits: 0, offlineEdits: 0, disconnects: 0, restarts: 0, records: 0, closes: {}, durationMs: 0 }
  const trace: string[] = []
  const note = (line: string) => {
    trace.push(`${String(Date.now() - started).padStart(5)} ms  ${line}`)
    options.onOp?.(line)
  }
  const fail = (message: string): never => {
    const setup = `  setup: ${clientCount} clients, store appends held back ${appendDelayMs} ms, idle unload after ${idleUnloadMs} ms, compaction after ${compactAfterUpdates} updates`
    const serverLog = serverLogs()
      .slice(-25)
      .map((l) => `    ${String(Date.parse(String(l.time)) - started).padStart(5)} ms  ${l.level} ${l.message} ${JSON.stringify({ ...l, time: undefined, level: undefined, message: undefined })}`)
    throw new FuzzFailure(
      'convergence',
      seed,
      `${message}\n${setup}\n  last operations:\n${trace.slice(-15).map((l) => `    ${l}`).join('\n')}\n  last server log lines:\n${serverLog.join('\n')}`,
      `--ops ${opCount}${options.appendDelayMs !== undefined ? ` --store-delay ${options.appendDelayMs}` : ''}`,
    )
  }

  let serverLogs: () => LogLine[] = () => []
  const watch = watchProcess()
  // Sometimes the store is slow (real SQLite behind a timer), which widens the window between applying and storing.
  const drawnDelay = rng.chance(0.35) ? rng.int(2, 30) : 0
  const appendDelayMs = options.appendDelayMs ?? drawnDelay
  const idleUnloadMs = rng.pick([50, 300, 30_000])
  const compactAfterUpdates = rng.pick([20, 60, 500])
  // Small thresholds so compaction and idle unloads happen within a short run.
  const t = await startFuzzServer({
    ...(appendDelayMs > 0 ? { storage: (dir: string) => withDelayedDocs(new SqliteStorage(dir), { appendMs: appendDelayMs }) } : {}),
    rooms: {
      idleUnloadMs,
      room: { ...defaultRoomOptions, compactAfterUpdates, compactAfterBytes: 16 * 1024 },
    },
  })
  stats.appendDelayMs = appendDelayMs
  const logStart = t.logs.length
  serverLogs = () => t.logs.slice(logStart)
  let restarting: Promise<void> | null = null
  /** Set when a restart in the background fails (a shutdown that hangs, a port that will not bind). */
  const restartFailure: { error: Error | null } = { error: null }
  let passed = false
  try {
    const board = await t.createBoard(`Convergence fuzz ${seed}`)
    const peers: Array<{ peer: Peer; name: string; online: boolean; counter: number; sent: Uint8Array[] }> = []
    const badCloses: string[] = []
    for (let i = 0; i < clientCount; i++) {
      const doc = new Y.Doc()
      doc.clientID = rng.int(1, 2 ** 31)
      const peer = connectPeer(t.wsUrl, board.id, { as: t.owner, origin: t.url, doc, presence: { user: { name: `c${i}` } } })
      boardRecords(doc)
      const name = `c${i}`
      peer.provider.on('connection-close', (event) => {
        const code = event?.code ?? -1
        stats.closes[code] = (stats.closes[code] ?? 0) + 1
        if (!EXPECTED_CLOSES.has(code)) badCloses.push(`${name}: ${code} ${closeCodeName(code) ?? ''} ${event?.reason ?? ''}`)
      })
      // This client's own updates, to send again now and then: a stock client's sync step 2 after a reconnect
      // often repeats updates the server already has.
      const sent: Uint8Array[] = []
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === peer.provider) return
        sent.push(update)
        if (sent.length > 20) sent.shift()
      })
      peers.push({ peer, name, online: true, counter: 0, sent })
    }
    await withTimeout(Promise.all(peers.map((p) => p.peer.synced)), 10_000, 'the clients to sync').catch((e: Error) => fail(e.message))

    for (let i = 0; i < opCount; i++) {
      stats.ops++
      const action = rng.weighted({ edit: 80, resend: 4, disconnect: 5, reconnect: 7, restart: restartChance * 100, pause: 6 })
      switch (action) {
        case 'edit': {
          const client = rng.pick(peers)
          const what = randomBoardOp(rng, client.peer.doc, () => `s${seed}-${client.name}-${++client.counter}`)
          stats.edits++
          if (!client.online) stats.offlineEdits++
          note(`${i}: ${client.name}${client.online ? '' : ' (offline)'} ${what}`)
          break
        }
        case 'resend': {
          const client = rng.pick(peers)
          const ws = client.peer.provider.ws
          if (!client.online || !ws || ws.readyState !== 1 || client.sent.length === 0) break
          const count = rng.int(1, Math.min(3, client.sent.length))
          for (let k = 0; k < count; k++) ws.send(encodeUpdate(rng.pick(client.sent)))
          note(`${i}: ${client.name} sends ${count} of its earlier updates again`)
          break
        }
        case 'disconnect': {
          const online = peers.filter((p) => p.online)
          if (online.length === 0) break
          const client = rng.pick(online)
          client.peer.provider.disconnect()
          client.online = false
          stats.disconnects++
          note(`${i}: ${client.name} disconnects`)
          break
        }
        case 'reconnect': {
          const offline = peers.filter((p) => !p.online)
          if (offline.length === 0) break
          const client = rng.pick(offline)
          // Sometimes the person keeps editing the moment the socket opens, before the sync exchange that carries
          // the offline edits has gone through (a drag that goes on while the Wi-Fi comes back).
          const editOnOpen = rng.chance(0.4)
          const onOpenRng = rng.fork()
          if (editOnOpen) {
            const onStatus = ({ status }: { status: string }) => {
              if (status !== 'connected') return
              client.peer.provider.off('status', onStatus)
              const what = randomBoardOp(onOpenRng, client.peer.doc, () => `s${seed}-${client.name}-${++client.counter}`)
              stats.edits++
              note(`   ${client.name} edits as its socket opens: ${what}`)
            }
            client.peer.provider.on('status', onStatus)
          }
          client.peer.provider.connect()
          client.online = true
          note(`${i}: ${client.name} reconnects${editOnOpen ? ' (and edits as the socket opens)' : ''}`)
          break
        }
        case 'restart': {
          // Not awaited: the clients keep editing while the server goes down and comes back.
          if (restarting) break
          stats.restarts++
          note(`${i}: server restarts`)
          restarting = t
            .restart()
            .catch((error: Error) => {
              restartFailure.error = error
            })
            .finally(() => {
              restarting = null
            })
          break
        }
        case 'pause':
          note(`${i}: pause`)
          await sleep(rng.int(20, 120))
          break
      }
      // Let the sockets breathe between operations, sometimes not at all (edits pile up in one batch).
      if (rng.chance(0.6)) await sleep(rng.int(0, 12))
      if (watch.crashes.length > 0) fail(`the process crashed:\n${watch.crashes.join('\n')}`)
      if (restartFailure.error) fail(`the server did not restart: ${restartFailure.error.message}`)
    }

    // Everyone back online; wait for the restart in flight.
    if (restarting) await withTimeout(restarting, 15_000, 'the restart in flight').catch((e: Error) => fail(`the server did not restart: ${e.message}`))
    if (restartFailure.error) fail(`the server did not restart: ${restartFailure.error.message}`)
    note('end: everyone reconnects')
    for (const client of peers) {
      if (!client.online) {
        client.peer.provider.connect()
        client.online = true
      }
    }

    let lastDiff = ''
    await waitFor(
      async () => {
        if (!peers.every((p) => p.peer.provider.wsconnected && p.peer.provider.synced)) {
          lastDiff = `not connected and synced: ${peers.filter((p) => !(p.peer.provider.wsconnected && p.peer.provider.synced)).map((p) => p.name).join(', ')}`
          return false
        }
        const room = t.server.rooms.loadedRoom(board.id)
        if (!room || room.hasUnsavedChanges) {
          lastDiff = room ? 'the room still has unsaved changes' : 'no room loaded'
          return false
        }
        const stored = docFromStored(await t.server.storage.docs.load(board.id))
        try {
          const reference = peers[0]!
          const refRecords = recordsOf(reference.peer.doc)
          const checks: Array<[string, unknown, unknown]> = [
            [`${reference.name} vs store: records`, rawRecordsOf(reference.peer.doc), rawRecordsOf(stored)],
            [`${reference.name} vs store: state vector`, stateVectorOf(reference.peer.doc), stateVectorOf(stored)],
            [`${reference.name} vs store: delete set`, deleteSetOf(reference.peer.doc), deleteSetOf(stored)],
            [`${reference.name} vs server doc: state vector`, stateVectorOf(reference.peer.doc), stateVectorOf(room.doc)],
          ]
          for (const other of peers.slice(1)) {
            checks.push([`${reference.name} vs ${other.name}: records`, refRecords, recordsOf(other.peer.doc)])
            checks.push([`${reference.name} vs ${other.name}: state vector`, stateVectorOf(reference.peer.doc), stateVectorOf(other.peer.doc)])
            checks.push([`${reference.name} vs ${other.name}: delete set`, deleteSetOf(reference.peer.doc), deleteSetOf(other.peer.doc)])
          }
          for (const [what, a, b] of checks) {
            const diff = firstDifference(a, b)
            if (diff) {
              lastDiff = `${what}: ${diff}`
              return false
            }
          }
          return true
        } finally {
          stored.destroy()
        }
      },
      20_000,
      'every client and the store to converge',
    ).catch((e: Error) => fail(`${e.message}; ${lastDiff}${badCloses.length > 0 ? `; clients closed with unexpected codes: ${badCloses.join('; ')}` : ''}`))

    const records = recordsOf(peers[0]!.peer.doc)
    stats.records = Object.keys(records).length
    // Every client holds one entry per key (the duplicate cleanup ran) and only valid records.
    for (const client of peers) {
      const entries = client.peer.doc.getArray<{ key: string }>('records').toArray()
      const keys = entries.map((e) => e.key)
      if (new Set(keys).size !== keys.length) fail(`${client.name} holds duplicate entries for a key after converging`)
    }
    const invalid = invalidRecordIds(records)
    if (invalid.length > 0) fail(`records the schema refuses after converging: ${invalid.join(', ')}`)
    if (badCloses.length > 0) fail(`clients were closed with unexpected codes: ${badCloses.join('; ')}`)

    // The server said nothing alarming, and the process printed no swallowed error.
    if (watch.crashes.length > 0) fail(`the process crashed:\n${watch.crashes.join('\n')}`)
    const alarms = watch.alarming()
    if (alarms.length > 0) fail(`swallowed errors on the console:\n${alarms.slice(0, 3).map((a) => `    ${a.split('\n').slice(0, 4).join('\n      ')}`).join('\n')}`)
    const bad = t.logs.slice(logStart).filter((l) => l.level === 'error' || l.level === 'warn')
    if (bad.length > 0) fail(`the server logged ${bad.length} warning/error line(s): ${bad.slice(0, 3).map((l) => JSON.stringify(l)).join('\n')}`)
    if (!(await t.healthy(3_000))) fail('/healthz did not answer 200 after the run')
    passed = true
    return stats
  } finally {
    watch.stop()
    stats.durationMs = Date.now() - started
    if (restarting) await (restarting as Promise<void>).catch(() => {})
    await cleanup().catch(() => {})
    // A server that cannot shut down is a finding too, unless something failed before.
    await t.dispose().catch((error: Error) => passed && fail(`the server did not shut down: ${error.message}`))
  }
}
