import { randomBytes } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { TLRecord } from '@tldraw/tlschema'
import pg from 'pg'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { boardRecords } from '../shared/boardDoc'
import { buildServer, freePort, makeDataDir, removeDataDirs, ServerProcess } from '../test/crash/harness'
import { geoShape } from '../test/fixtures/geoShape'
import { call, signup } from '../test/helpers/auth'
import { connectClient, sleep } from './harness'
import type { TableRow } from './table'

/**
 * Benchmark part "fan-out across instances": one board, `clients` stock y-websocket clients each writing one record
 * every `writeEveryMs` and moving its cursor every `presenceEveryMs`, for `seconds`. Run twice on the same
 * PostgreSQL: every client on one instance (no Redis), then the clients split over two instances joined by Redis.
 * Each record carries the time it was written; each client notes when it receives the others' records, which gives
 * the delivery latency from writer to reader (stored before sent, on either path).
 *
 * Each instance is the built server in its own process (as in production), so two instances can use two cores; the
 * load generator (this process) shares the same machine, which is what limits a 2-core box first.
 */
export interface FanoutOptions {
  clients: number
  seconds: number
  writeEveryMs: number
  presenceEveryMs: number
}

export interface Row extends TableRow {
  setup: string
  instances: number
  clients: number
  seconds: number
  updatesWritten: number
  deliveries: number
  /** Deliveries seen against deliveries expected (every record to every other client). */
  delivered: number
  p50ms: number | null
  p99ms: number | null
  maxMs: number | null
  /**
   * The load generator's own event-loop delay (p99): when it is high, the generator — all clients in one process — is
   * what is slow, and the latencies above include its lag.
   */
  generatorLagP99ms: number | null
}

/** Runs both setups, or returns one explaining row when PostgreSQL or Redis is not configured. */
export async function fanout(options: FanoutOptions): Promise<Row[]> {
  // Every y-websocket provider adds a process exit listener; dozens of clients are expected here.
  process.setMaxListeners(0)
  const databaseUrl = process.env.DATABASE_URL
  const redisUrl = process.env.REDIS_URL
  if (!databaseUrl || !redisUrl) {
    return [skippedRow(options, 'skipped: set DATABASE_URL and REDIS_URL to compare one instance with two')]
  }
  const built = await buildServer()
  try {
    return [
      await runSetup(options, { entry: built.entry, instances: 1, databaseUrl, redisUrl: null }),
      await runSetup(options, { entry: built.entry, instances: 2, databaseUrl, redisUrl }),
    ]
  } finally {
    built.remove()
    removeDataDirs()
  }
}

function skippedRow(options: FanoutOptions, setup: string): Row {
  return { setup, instances: 0, clients: options.clients, seconds: options.seconds, updatesWritten: 0, deliveries: 0, delivered: 0, p50ms: null, p99ms: null, maxMs: null, generatorLagP99ms: null }
}

async function runSetup(options: FanoutOptions, setup: { entry: string; instances: number; databaseUrl: string; redisUrl: string | null }): Promise<Row> {
  const schema = `rembug_bench_${randomBytes(5).toString('hex')}`
  const prefix = `rembug-bench-${randomBytes(5).toString('hex')}`
  const servers: ServerProcess[] = []
  const providers: WebsocketProvider[] = []
  try {
    const env = { DATABASE_URL: setup.databaseUrl, DATABASE_SCHEMA: schema, ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl, REDIS_PREFIX: prefix } : {}) }
    // One at a time: the first creates the schema, the others find it migrated.
    for (let i = 0; i < setup.instances; i++) {
      servers.push(await ServerProcess.start(setup.entry, await freePort(), makeDataDir(), { ...env, INSTANCE_ID: `bench-${i}` }))
    }
    const owner = await signup(servers[0]!.url, { name: 'Bench owner' })
    const created = await call<{ id: string }>(servers[0]!.url, owner, 'POST', '/api/boards', { title: 'Fan-out bench' })
    const boardId = created.body.id

    const latencies: number[] = []
    const docs: Y.Doc[] = []
    for (let c = 0; c < options.clients; c++) {
      const server = servers[c % servers.length]!
      const doc = new Y.Doc()
      docs.push(doc)
      const provider = await connectClient(server.wsUrl, boardId, doc, { as: owner, origin: server.url })
      providers.push(provider)
      boardRecords(doc).on('change', (changes: Map<string, { newValue?: TLRecord }>, transaction: Y.Transaction) => {
        if (transaction.origin !== provider) return
        const now = Date.now()
        for (const change of changes.values()) {
          const sentAt = (change.newValue?.meta as { sentAt?: unknown } | undefined)?.sentAt
          if (typeof sentAt === 'number') latencies.push(now - sentAt)
        }
      })
    }

    let written = 0
    const timers: NodeJS.Timeout[] = []
    const lag = monitorEventLoopDelay({ resolution: 10 })
    lag.enable()
    docs.forEach((doc, c) => {
      const provider = providers[c]!
      // Spread the clients' ticks so they do not all write in the same millisecond.
      const offset = Math.floor((c / options.clients) * options.writeEveryMs)
      timers.push(
        setTimeout(() => {
          timers.push(
            setInterval(() => {
              written++
              boardRecords(doc).set(`shape:c${c}`, geoShape(`c${c}`, { x: written, meta: { sentAt: Date.now() } }))
            }, options.writeEveryMs),
          )
        }, offset),
        setInterval(() => provider.awareness.setLocalStateField('cursor', { x: Math.random() * 1000, y: Math.random() * 1000 }), options.presenceEveryMs),
      )
    })
    await sleep(options.seconds * 1000)
    for (const timer of timers) clearInterval(timer)
    lag.disable()
    // Let what is in flight arrive.
    await sleep(1_000)

    const expected = written * (options.clients - 1)
    latencies.sort((x, y) => x - y)
    const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : null)
    return {
      setup: setup.instances === 1 ? 'one instance (PostgreSQL)' : `${setup.instances} instances (PostgreSQL + Redis)`,
      instances: setup.instances,
      clients: options.clients,
      seconds: options.seconds,
      updatesWritten: written,
      deliveries: latencies.length,
      delivered: expected ? Math.round((latencies.length / expected) * 1000) / 1000 : 0,
      p50ms: at(0.5),
      p99ms: at(0.99),
      maxMs: latencies.at(-1) ?? null,
      generatorLagP99ms: Math.round(lag.percentile(99) / 1e6),
    }
  } finally {
    for (const provider of providers) provider.destroy()
    await Promise.allSettled(servers.map((server) => server.kill('SIGTERM')))
    const client = new pg.Client({ connectionString: setup.databaseUrl })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
    await client.end()
  }
}
