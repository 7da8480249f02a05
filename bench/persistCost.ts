import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../server/logger'
import { startServer } from '../server/server'
import { openStorage } from '../server/storage/openStorage'
import type { Storage } from '../server/storage/types'
import { call, signup } from '../test/helpers/auth'
import { withDocs } from '../test/helpers/server'
import type { GeneratorPool } from './loadgen/generator'
import { MemoryDocStore } from './memoryDocStore'
import type { TableRow } from './table'

/**
 * Benchmark part "persist-before-broadcast cost": Rembug stores every update before anyone else sees it. How much
 * throughput does that cost? The same server, once with its real store (SQLite in a temp dir, as in production on
 * one machine) and once with documents kept in memory only (MemoryDocStore); `writers` clients move their shapes as
 * fast as their sockets drain and one reader waits for the last move of each. The server runs in the driver process
 * (the in-memory store cannot be chosen from the environment), the clients in the load generator.
 */
export interface PersistCostOptions {
  writers: number
  movesPerWriter: number
  runs: number
}

export interface PersistCostRow extends TableRow {
  store: string
  writers: number
  moves: number
  /** Median of the runs. */
  movesPerSecond: number
  runs: string
}

export async function persistCost(pool: GeneratorPool, options: PersistCostOptions): Promise<PersistCostRow[]> {
  const rows: PersistCostRow[] = []
  for (const store of ['SQLite (Rembug default)', 'in memory (no persistence)'] as const) {
    const dataDir = await mkdtemp(join(tmpdir(), 'rembug-bench-persist-'))
    const log = createLogger('warn')
    const real = await openStorage({ dataDir, log })
    const storage: Storage = store.startsWith('SQLite') ? real : withDocs(real, new MemoryDocStore())
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log, storage, limits: { updateRate: { perSecond: 1_000_000, burst: 1_000_000 } } })
    try {
      const owner = await signup(server.url, { name: 'Bench owner' })
      const target = { protocol: 'y-websocket' as const, url: `ws://127.0.0.1:${server.port}/collab`, headers: { cookie: owner.cookie, origin: server.url } }
      const rates: number[] = []
      for (let run = 0; run < options.runs; run++) {
        process.stderr.write(`persist cost: ${store}, run ${run + 1}/${options.runs}…\n`)
        const board = await call<{ id: string }>(server.url, owner, 'POST', '/api/boards', { title: `persist ${run}` })
        const result = await pool.first.run('persist', { target, room: board.body.id, writers: options.writers, movesPerWriter: options.movesPerWriter })
        rates.push(result.movesPerSecond)
      }
      const sorted = [...rates].sort((a, b) => a - b)
      rows.push({
        store,
        writers: options.writers,
        moves: options.writers * options.movesPerWriter,
        movesPerSecond: sorted[Math.floor(sorted.length / 2)]!,
        runs: rates.join(' / '),
      })
    } finally {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  return rows
}
