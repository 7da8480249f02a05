import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { boardRecords } from '../../shared/boardDoc'
import { geoShape } from '../../test/fixtures/geoShape'
import { makeGeoShapes, seededRandom } from '../records'
import { openClient, openClients, withTimeout, type BenchClient, type ClientTarget } from './clients'

/**
 * The load generator's jobs. Each runs in the generator process (one clock for senders and readers) and answers with
 * plain JSON. Every record is written through the Rembug layout (`boardRecords(doc).set`) whatever the server, so
 * the workload is identical; a record carries its writer and send time in `meta`.
 */

/**
 * Latencies in whole milliseconds as counts per millisecond: small to send between processes whatever the number of
 * deliveries, and histograms of several generator processes add up.
 */
export type Histogram = Record<number, number>

function record(histogram: Histogram, ms: number): void {
  const bucket = Math.max(0, Math.round(ms))
  histogram[bucket] = (histogram[bucket] ?? 0) + 1
}

/** Sum of several histograms. */
export function mergeHistograms(histograms: readonly Histogram[]): Histogram {
  const merged: Histogram = {}
  for (const histogram of histograms) for (const [ms, count] of Object.entries(histogram)) merged[Number(ms)] = (merged[Number(ms)] ?? 0) + count
  return merged
}

/** Latency percentiles (ms) of a histogram; nulls when it is empty. */
export interface Percentiles {
  count: number
  p50: number | null
  p99: number | null
  max: number | null
}

export function percentiles(histogram: Histogram): Percentiles {
  const buckets = Object.entries(histogram)
    .map(([ms, count]) => [Number(ms), count] as const)
    .sort((a, b) => a[0] - b[0])
  const count = buckets.reduce((sum, [, n]) => sum + n, 0)
  if (count === 0) return { count, p50: null, p99: null, max: null }
  const at = (q: number) => {
    const rank = Math.min(count - 1, Math.floor(q * count))
    let seen = 0
    for (const [ms, n] of buckets) {
      seen += n
      if (seen > rank) return ms
    }
    return buckets[buckets.length - 1]![0]
  }
  return { count, p50: at(0.5), p99: at(0.99), max: buckets[buckets.length - 1]![0] }
}

/** What the generator itself used while measuring: CPU as a fraction of one core, and its event-loop lag. */
export interface GeneratorLoad {
  cpuCores: number
  lagP99ms: number
}

/** Measures this process's CPU and event-loop delay between `start()` and `stop()`. */
function loadMeter() {
  const lag = monitorEventLoopDelay({ resolution: 10 })
  let cpu = process.cpuUsage()
  let t0 = performance.now()
  return {
    start() {
      lag.reset()
      lag.enable()
      cpu = process.cpuUsage()
      t0 = performance.now()
    },
    stop(): GeneratorLoad {
      const used = process.cpuUsage(cpu)
      const wallMs = performance.now() - t0
      lag.disable()
      return { cpuCores: round((used.user + used.system) / 1000 / wallMs, 2), lagP99ms: round(lag.percentile(99) / 1e6, 1) }
    },
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

interface SentMeta {
  sentAt?: unknown
  writer?: unknown
  n?: unknown
}

/**
 * Notes, for every record another client wrote, the time from its `meta.sentAt` to now, through `onRecord`. Works
 * however the server groups updates: each changed key is seen once per transaction with its newest value.
 */
function watchRecords(client: BenchClient, self: number, onRecord: (meta: { sentAt: number; writer: number; n: number }, now: number) => void): void {
  boardRecords(client.doc).on('change', (changes: Map<string, { newValue?: TLRecord }>) => {
    const now = Date.now()
    for (const change of changes.values()) {
      const meta = change.newValue?.meta as SentMeta | undefined
      if (typeof meta?.sentAt !== 'number' || typeof meta.writer !== 'number' || meta.writer === self) continue
      onRecord({ sentAt: meta.sentAt, writer: meta.writer, n: typeof meta.n === 'number' ? meta.n : 0 }, now)
    }
  })
}

/** Counts the presence states of others this client took in (each a cursor move it would draw). */
function countPresence(client: BenchClient, counter: { count: number }): void {
  client.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
    if (origin === 'local') return
    for (const id of added) if (id !== client.awareness.clientID) counter.count++
    for (const id of updated) if (id !== client.awareness.clientID) counter.count++
  })
}

// --- Workload shared by fan-out and many rooms ------------------------------------------------------------------

/**
 * The clients this process holds for a fan-out or many-rooms run, opened by `open` and driven by `run`. Clients are
 * numbered across every generator process (`first` is this process's first number), so each writes its own record
 * and ticks at its own offset of the period whichever process holds it.
 */
interface Workload {
  clients: BenchClient[]
  first: number
  total: number
  /** The other clients each record reaches (those in the writer's room). */
  readers: number
}

let workload: Workload | null = null
/** The writers' and cursor movers' timers of the running workload. */
const workloadTimers: NodeJS.Timeout[] = []

export interface OpenJob {
  target: ClientTarget
  /** The room of every client (fan-out), or one room per `clientsPerRoom` clients in order (many rooms). */
  rooms: string[]
  clientsPerRoom: number
  /** This process's clients: numbers `first` … `first + count - 1` of `total`. */
  first: number
  count: number
  total: number
}

/** Opens this process's clients and waits until each synced; answers the seconds it took. */
export async function open(job: OpenJob): Promise<{ connectSeconds: number }> {
  close()
  const t0 = performance.now()
  const roomOf = (i: number) => job.rooms[Math.floor((job.first + i) / job.clientsPerRoom) % job.rooms.length]!
  const clients = await openClients(job.target, job.count, roomOf, () => new Y.Doc(), 100)
  workload = { clients, first: job.first, total: job.total, readers: job.clientsPerRoom - 1 }
  return { connectSeconds: round((performance.now() - t0) / 1000, 1) }
}

export interface RunJob {
  /** Date.now() at which every process starts its writers (the same for all). */
  startAt: number
  warmupMs: number
  measureMs: number
  updateEveryMs: number
  /** Cursor moves per client, or null for none. */
  presenceEveryMs: number | null
}

export interface RunResult {
  /** Records this process's clients wrote during the measured window, and how many deliveries that makes. */
  writes: number
  expected: number
  /** Delivery latencies of records written in the window, received by this process's clients. */
  latencies: Histogram
  /** Presence states of others taken in during the window. */
  presence: number
  window: { from: number; to: number }
  generator: GeneratorLoad
}

/**
 * Every client writes its own record every `updateEveryMs` and moves its cursor every `presenceEveryMs`, ticks spread
 * evenly over the period by client number; after `warmupMs`, `measureMs` are measured. Latency counts only records
 * written in the window; what has not arrived one second after the window closes counts as not delivered. The
 * clients stay open (for the driver to read the server's memory) until `close`.
 */
export async function run(job: RunJob): Promise<RunResult> {
  if (!workload) throw new Error('run before open')
  const { clients, first, total, readers } = workload
  const window = { from: job.startAt + job.warmupMs, to: job.startAt + job.warmupMs + job.measureMs }
  const latencies: Histogram = {}
  const presence = { count: 0 }
  let writes = 0
  clients.forEach((client, i) => {
    watchRecords(client, first + i, ({ sentAt }, now) => {
      if (sentAt >= window.from && sentAt < window.to) record(latencies, now - sentAt)
    })
    countPresence(client, presence)
  })
  const random = seededRandom(first + 1)
  clients.forEach((client, i) => {
    const id = first + i
    let moves = 0
    const write = () => {
      const sentAt = Date.now()
      if (sentAt >= window.from && sentAt < window.to) writes++
      boardRecords(client.doc).set(`shape:c${id}`, geoShape(`c${id}`, { x: ++moves, y: id, meta: { sentAt, writer: id } }))
    }
    const move = () => {
      client.awareness.setLocalStateField('presence', {
        cursor: { x: Math.round(random() * 200_000) / 100, y: Math.round(random() * 200_000) / 100, type: 'default', rotation: 0 },
        lastActivityTimestamp: Date.now(),
      })
    }
    const startIn = (period: number) => Math.max(0, job.startAt - Date.now()) + Math.floor((id / total) * period)
    workloadTimers.push(setTimeout(() => workloadTimers.push(setInterval(write, job.updateEveryMs)), startIn(job.updateEveryMs)))
    const presenceEvery = job.presenceEveryMs
    if (presenceEvery !== null) workloadTimers.push(setTimeout(() => workloadTimers.push(setInterval(move, presenceEvery)), startIn(presenceEvery)))
  })
  await sleep(window.from - Date.now())
  const meter = loadMeter()
  presence.count = 0
  meter.start()
  await sleep(window.to - Date.now())
  const generator = meter.stop()
  const presenceInWindow = presence.count
  stopTimers()
  // What is in flight gets one more second to arrive.
  await sleep(1_000)
  return { writes, expected: writes * readers, latencies, presence: presenceInWindow, window, generator }
}

function stopTimers(): void {
  for (const timer of workloadTimers.splice(0)) clearInterval(timer)
}

/** Stops the writers and closes every client of the workload. */
export function close(): void {
  stopTimers()
  for (const client of workload?.clients ?? []) client.destroy()
  workload = null
}

// --- Cold join ----------------------------------------------------------------------------------------------------

export interface ColdJoinJob {
  target: ClientTarget
  room: string
  shapes: number
  joins: number
}

export interface ColdJoinResult {
  shapes: number
  /** Bytes a joiner read from its socket until synced (upgrade answer included), median of the joins. */
  bytes: number
  /** Time from opening the socket to synced, as the joiner saw it: median and first join. */
  medianMs: number
  firstMs: number
  /** Records the joiners held once synced (the check that they got the whole board). */
  records: number
}

/**
 * A writer fills the room with `shapes` shapes and stays connected (so in-memory peers keep the doc); then `joins`
 * fresh clients, one after another, join and sync the whole board.
 */
export async function coldJoin(job: ColdJoinJob): Promise<ColdJoinResult> {
  const writer = openClient(job.target, job.room, new Y.Doc())
  const joined: BenchClient[] = []
  try {
    await withTimeout(writer.synced, 30_000, 'writer sync')
    const shapes = makeGeoShapes(job.shapes, seededRandom(7))
    const perTransaction = 250
    for (let i = 0; i < shapes.length; i += perTransaction) {
      writer.doc.transact(() => {
        for (const shape of shapes.slice(i, i + perTransaction)) boardRecords(writer.doc).set(shape.id, shape)
      })
      while (writer.bufferedAmount() > 0) await sleep(5)
    }
    const expected = boardRecords(writer.doc).map.size
    // Wait until a reader sees the whole board: everything is stored (Rembug) and served.
    for (let attempt = 0; ; attempt++) {
      const probe = openClient(job.target, job.room, new Y.Doc())
      await withTimeout(probe.synced, 30_000, 'probe sync')
      const seen = boardRecords(probe.doc).map.size
      probe.destroy()
      if (seen >= expected) break
      if (attempt > 100) throw new Error(`the board holds ${seen} of ${expected} records after the writes`)
      await sleep(200)
    }
    const times: number[] = []
    const bytes: number[] = []
    let records = 0
    for (let j = 0; j < job.joins; j++) {
      const t0 = performance.now()
      const client = openClient(job.target, job.room, new Y.Doc())
      joined.push(client)
      await withTimeout(client.synced, 30_000, 'joiner sync')
      times.push(performance.now() - t0)
      bytes.push(client.bytesRead())
      records = boardRecords(client.doc).map.size
      client.destroy()
    }
    return { shapes: job.shapes, bytes: median(bytes), medianMs: round(median(times), 1), firstMs: round(times[0]!, 1), records }
  } finally {
    writer.destroy()
    for (const client of joined) client.destroy()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

// --- Persist-before-broadcast throughput --------------------------------------------------------------------------

export interface PersistJob {
  target: ClientTarget
  room: string
  writers: number
  movesPerWriter: number
}

export interface PersistResult {
  moves: number
  seconds: number
  movesPerSecond: number
}

/**
 * `writers` clients each move their own shape `movesPerWriter` times as fast as their socket drains; one reader
 * waits until it has the last move of every writer. Throughput = all moves / time from the first write to then.
 */
export async function persist(job: PersistJob): Promise<PersistResult> {
  const reader = openClient(job.target, job.room, new Y.Doc())
  const writers = await openClients(job.target, job.writers, () => job.room, () => new Y.Doc())
  try {
    await withTimeout(reader.synced, 30_000, 'reader sync')
    const last = new Array<number>(job.writers).fill(0)
    let done = 0
    let finished: () => void = () => {}
    const allIn = new Promise<void>((resolve) => (finished = resolve))
    watchRecords(reader, -1, ({ writer, n }) => {
      if (n <= last[writer]!) return
      last[writer] = n
      if (n === job.movesPerWriter && ++done === job.writers) finished()
    })
    const t0 = performance.now()
    await Promise.all(
      writers.map(async (client, w) => {
        const kv = boardRecords(client.doc)
        for (let n = 1; n <= job.movesPerWriter; n++) {
          kv.set(`shape:w${w}`, geoShape(`w${w}`, { x: n, y: w, meta: { sentAt: Date.now(), writer: w, n } }))
          if (n % 20 === 0) {
            await new Promise((resolve) => setImmediate(resolve))
            while (client.bufferedAmount() > 256 * 1024) await sleep(1)
          }
        }
      }),
    )
    await withTimeout(allIn, 120_000, 'the reader to receive every move')
    const seconds = (performance.now() - t0) / 1000
    const moves = job.writers * job.movesPerWriter
    return { moves, seconds: round(seconds, 2), movesPerSecond: Math.round(moves / seconds) }
  } finally {
    reader.destroy()
    for (const client of writers) client.destroy()
  }
}
