import { deflateRawSync, gzipSync } from 'node:zlib'
import * as Y from 'yjs'
import type { TLRecord } from '@tldraw/tlschema'
import { initBoardDoc } from '../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../shared/boardSchema'
import type { GeneratorPool } from './loadgen/generator'
import { makeGeoShapes, seededRandom } from './records'
import type { TableRow } from './table'
import { cpuSampler, rssMiB, startTarget, TARGETS, type Target, type TargetName } from './targets'

/**
 * The parts that put Rembug and the peers through the same harness in the same run: fan-out in one room, many
 * rooms, cold join. Each server runs in its own process, the clients in the load generator's (bench/loadgen).
 */

/** Latency a room must keep (p99, ms) for its size to count as served. */
export const P99_TARGET_MS = 100

/** Runs `body` against each server in turn, each started fresh and stopped after. */
async function eachTarget<T>(names: readonly TargetName[], body: (target: Target) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (const name of names) {
    const target = await startTarget(name)
    try {
      results.push(await body(target))
    } finally {
      await target.stop()
    }
  }
  return results
}

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits

// --- Fan-out ------------------------------------------------------------------------------------------------------

export interface FanoutLadderOptions {
  sizes: number[]
  warmupMs: number
  measureMs: number
}

export interface FanoutRow extends TableRow {
  server: TargetName
  clients: number
  p50ms: number | null
  p99ms: number | null
  /** Record updates and presence states delivered to clients per second, all clients together. */
  deliveredPerSecond: number | null
  /** Record deliveries seen against expected (every record to every other client). */
  delivered: number | null
  serverCpu: number | null
  generatorCpu: number | null
  generatorLagP99ms: number | null
}

/**
 * One room, N clients each writing one record a second and moving its cursor at 20 Hz, for each N of the ladder and
 * each server. A server whose room collapsed (p99 over 2 s or less than half the records delivered) is not given
 * the larger rooms: they would only take minutes to say the same.
 */
export async function fanoutLadder(pool: GeneratorPool, options: FanoutLadderOptions): Promise<FanoutRow[]> {
  const rows: FanoutRow[] = []
  await eachTarget(TARGETS, async (target) => {
    let collapsed = false
    for (const clients of options.sizes) {
      if (collapsed) {
        rows.push({ server: target.name, clients, p50ms: null, p99ms: null, deliveredPerSecond: null, delivered: null, serverCpu: null, generatorCpu: null, generatorLagP99ms: null })
        continue
      }
      log(`fan-out: ${target.name}, ${clients} clients…`)
      const room = await target.createRoom(`fanout ${clients}`)
      const cpu = cpuSampler(target.pid)
      const result = await pool.workload(
        { target: target.client, rooms: [room], clientsPerRoom: clients, total: clients },
        { warmupMs: options.warmupMs, measureMs: options.measureMs, updateEveryMs: 1_000, presenceEveryMs: 50 },
      )
      cpu.stop()
      const delivered = result.expected ? result.count / result.expected : 0
      rows.push({
        server: target.name,
        clients,
        p50ms: result.p50,
        p99ms: result.p99,
        deliveredPerSecond: Math.round((result.count + result.presence) / (options.measureMs / 1000)),
        delivered: round(delivered, 3),
        serverCpu: cpu.coresBetween(result.window.from, result.window.to),
        generatorCpu: result.generatorCpu,
        generatorLagP99ms: result.generatorLagP99ms,
      })
      collapsed = result.p99 === null || result.p99 > 2_000 || delivered < 0.5
    }
  })
  return rows
}

// --- Many rooms ---------------------------------------------------------------------------------------------------

export interface ManyRoomsOptions {
  rooms: number
  clientsPerRoom: number
  warmupMs: number
  measureMs: number
  /** How long after the last client left the idle memory is read. */
  idleMs: number
}

export interface ManyRoomsRow extends TableRow {
  server: TargetName
  rooms: number
  clients: number
  p50ms: number | null
  p99ms: number | null
  delivered: number
  serverCpu: number | null
  rssBeforeMiB: number
  rssLoadedMiB: number
  rssIdleMiB: number
  connectSeconds: number
  generatorCpu: number
  generatorLagP99ms: number
}

/**
 * `rooms` rooms of `clientsPerRoom` clients, each client writing one record a second: latency, the server's memory
 * with every room busy, and `idleMs` after every client left.
 */
export async function manyRooms(pool: GeneratorPool, options: ManyRoomsOptions): Promise<ManyRoomsRow[]> {
  return eachTarget(TARGETS, async (target) => {
    log(`many rooms: ${target.name}, ${options.rooms} rooms × ${options.clientsPerRoom} clients…`)
    const rssBefore = rssMiB(target.pid)
    const rooms: string[] = []
    for (let r = 0; r < options.rooms; r++) rooms.push(await target.createRoom(`room ${r}`))
    const cpu = cpuSampler(target.pid)
    let rssLoaded = 0
    const result = await pool.workload(
      { target: target.client, rooms, clientsPerRoom: options.clientsPerRoom, total: options.rooms * options.clientsPerRoom },
      { warmupMs: options.warmupMs, measureMs: options.measureMs, updateEveryMs: 1_000, presenceEveryMs: null },
      () => {
        rssLoaded = rssMiB(target.pid)
      },
    )
    cpu.stop()
    await new Promise((resolve) => setTimeout(resolve, options.idleMs))
    return {
      server: target.name,
      rooms: options.rooms,
      clients: result.clients,
      p50ms: result.p50,
      p99ms: result.p99,
      delivered: result.expected ? round(result.count / result.expected, 3) : 0,
      serverCpu: cpu.coresBetween(result.window.from, result.window.to),
      rssBeforeMiB: rssBefore,
      rssLoadedMiB: rssLoaded,
      rssIdleMiB: rssMiB(target.pid),
      connectSeconds: result.connectSeconds,
      generatorCpu: result.generatorCpu,
      generatorLagP99ms: result.generatorLagP99ms,
    }
  })
}

// --- Cold join ----------------------------------------------------------------------------------------------------

export interface ColdJoinRow extends TableRow {
  server: TargetName
  shapes: number
  wireBytes: number
  jsonSnapshotBytes: number
  /** Wire bytes / tldraw's JSON snapshot of the same board. */
  ratio: number
  jsonGzipBytes: number
  /** The board as one Yjs update in Rembug's layout, deflated: about what permessage-deflate would put on the wire. */
  syncDeflatedBytes: number
  firstJoinMs: number
  medianJoinMs: number
  records: number
}

/** The records of the cold-join board: a new board's and `shapes` seeded shapes (the ones the writer sends). */
function coldJoinRecords(shapes: number): TLRecord[] {
  return [...initialBoardRecords(), ...makeGeoShapes(shapes, seededRandom(7))]
}

/** The board in Rembug's layout as one Yjs update, deflated as permessage-deflate would. */
function deflatedSync(shapes: number): number {
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), coldJoinRecords(shapes))
  const bytes = deflateRawSync(Y.encodeStateAsUpdate(doc)).byteLength
  doc.destroy()
  return bytes
}

/** What tldraw's own snapshot (`store.getStoreSnapshot()`: records by id and the schema) of the board weighs as JSON. */
function jsonSnapshot(shapes: number): Buffer {
  const records = coldJoinRecords(shapes)
  const snapshot = { store: Object.fromEntries(records.map((record) => [record.id, record])), schema: createBoardSchema().serialize() }
  return Buffer.from(JSON.stringify(snapshot))
}

/**
 * A board of `shapes` shapes, then `joins` fresh clients syncing it one after another: the bytes each read from its
 * socket until synced, against the JSON snapshot; and the time to sync (first join, median). The raw relay holds no
 * board, so it has no row.
 */
export async function coldJoin(pool: GeneratorPool, options: { shapes: number; joins: number }): Promise<ColdJoinRow[]> {
  const json = jsonSnapshot(options.shapes)
  const gzipBytes = gzipSync(json).byteLength
  const syncDeflatedBytes = deflatedSync(options.shapes)
  return eachTarget(
    TARGETS.filter((name) => name !== 'raw-ws'),
    async (target) => {
      log(`cold join: ${target.name}, ${options.shapes} shapes…`)
      const room = await target.createRoom('cold join')
      const result = await pool.first.run('coldJoin', { target: target.client, room, shapes: options.shapes, joins: options.joins })
      return {
        server: target.name,
        shapes: result.shapes,
        wireBytes: result.bytes,
        jsonSnapshotBytes: json.byteLength,
        ratio: round(result.bytes / json.byteLength, 2),
        jsonGzipBytes: gzipBytes,
        syncDeflatedBytes,
        firstJoinMs: result.firstMs,
        medianJoinMs: result.medianMs,
        records: result.records,
      }
    },
  )
}
