import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { docGrowth } from './docGrowth'
import { planExtraction, TARGET_MS as PLAN_TARGET_MS } from './planExtraction'
import { fanout } from './fanout'
import { GeneratorPool } from './loadgen/generator'
import { persistCost } from './persistCost'
import { coldJoin, fanoutLadder, manyRooms } from './sideBySide'
import { summarise } from './summary'
import { printTable, type TableRow } from './table'
import { removeBundle } from './targets'

/**
 * The benchmark entry point: `npm run bench` (full sizes) or `npm run bench -- --quick` (small sizes, seconds);
 * `-- --only <part>` runs one part.
 *
 * Each part is a function returning flat rows; this file runs the parts in order, prints each as a detail table and
 * saves its rows to `bench/results/<part>-<timestamp>.json`; at the end it prints the one summary table (Rembug
 * against the peers and the targets, bench/summary.ts) and saves it as `bench/results/summary-<timestamp>.json`.
 *
 * The side-by-side parts start each server under test in its own process and drive it from the load-generator
 * processes (bench/loadgen), shared by the parts.
 */
interface Part {
  name: string
  title: string
  run(quick: boolean): Promise<TableRow[]>
}

/**
 * Load-generator processes: two, so the clients can use both cores while the server under test (one process, one
 * event loop) uses at most one; a single generator process saturates its core before the servers do.
 */
const GENERATOR_PROCESSES = 2
let generators: GeneratorPool | null = null

/** The load generators, started by the first part that needs them. */
function loadGenerator(): GeneratorPool {
  generators ??= GeneratorPool.start(GENERATOR_PROCESSES)
  return generators
}

const parts: Part[] = [
  {
    name: 'fanoutPeers',
    title: 'Fan-out, one room — N clients each writing 1 tldraw record/s and moving the cursor at 20 Hz; Rembug and the peers (p99 target ≤ 100 ms)',
    async run(quick) {
      const options = quick ? { sizes: [10], warmupMs: 300, measureMs: 1_000 } : { sizes: [25, 50, 100, 200, 400], warmupMs: 2_000, measureMs: 10_000 }
      return fanoutLadder(loadGenerator(), options)
    },
  },
  {
    name: 'manyRooms',
    title: 'Many rooms — clients of 4 per room each writing 1 record/s; latency, server memory busy and once the rooms are idle',
    async run(quick) {
      const options = quick
        ? { rooms: 10, clientsPerRoom: 4, warmupMs: 300, measureMs: 1_000, idleMs: 200 }
        : { rooms: 1_000, clientsPerRoom: 4, warmupMs: 2_000, measureMs: 10_000, idleMs: 35_000 }
      return manyRooms(loadGenerator(), options)
    },
  },
  {
    name: 'coldJoin',
    title: "Cold join — a board of shapes synced by a fresh client: bytes read from the socket against tldraw's JSON snapshot, time to synced",
    async run(quick) {
      return coldJoin(loadGenerator(), quick ? { shapes: 500, joins: 2 } : { shapes: 5_000, joins: 7 })
    },
  },
  {
    name: 'persistCost',
    title: 'Persist-before-broadcast cost — Rembug with its SQLite store against the same server keeping documents in memory only',
    async run(quick) {
      return persistCost(loadGenerator(), quick ? { writers: 2, movesPerWriter: 200, runs: 1 } : { writers: 4, movesPerWriter: 2_500, runs: 5 })
    },
  },
  {
    name: 'docGrowth',
    title: 'Document growth — the same shapes moved again and again (ratio = bytes / fresh encode of the final records)',
    async run(quick) {
      const sizes = quick
        ? [{ shapes: 100, moves: 1_000 }]
        : [
            { shapes: 100, moves: 10_000 },
            { shapes: 1_000, moves: 100_000 },
          ]
      const rows: TableRow[] = []
      for (const size of sizes) {
        log(`docGrowth: ${size.shapes} shapes × ${size.moves} moves…`)
        rows.push(...(await docGrowth(size)))
      }
      return rows
    },
  },
  {
    name: 'planExtraction',
    title: `Plan extraction — extractPlan on a 2,000-shape workshop board (median of runs after warm-up; target ≤ ${PLAN_TARGET_MS} ms)`,
    async run(quick) {
      log('planExtraction: 2,000 shapes…')
      return planExtraction({ quick })
    },
  },
  {
    name: 'fanout',
    title: 'Fan-out across instances — one board, each client writing a record every 500 ms and moving its cursor at 10 Hz; one instance vs two joined by Redis',
    async run(quick) {
      const options = quick
        ? { clients: 8, seconds: 3, writeEveryMs: 500, presenceEveryMs: 100 }
        : { clients: 20, seconds: 10, writeEveryMs: 500, presenceEveryMs: 100 }
      log(`fanout: ${options.clients} clients × ${options.seconds} s, one instance then two…`)
      return fanout(options)
    },
  },
]

function machine() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  }
}

/** Progress goes to stderr, so stdout holds only the report. */
function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  // `--only fanout` runs one part.
  const onlyAt = process.argv.indexOf('--only')
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined
  if (only !== undefined && !parts.some((part) => part.name === only)) {
    throw new Error(`--only ${only}: no such part (${parts.map((part) => part.name).join(', ')})`)
  }
  const host = machine()
  const startedAt = new Date()
  // ISO 8601 with ':' and '.' replaced, so the name is a valid file name everywhere.
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url))
  mkdirSync(resultsDir, { recursive: true })

  process.stdout.write(
    `Rembug benchmarks${quick ? ' (--quick)' : ''} — ${startedAt.toISOString()}\n` +
      `Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB.toFixed(1)} GiB RAM, Node ${host.node}, ${host.platform}\n`,
  )

  const save = (name: string, rows: TableRow[]) => {
    const file = `${resultsDir}${name}-${stamp}.json`
    writeFileSync(file, JSON.stringify({ part: name, quick, startedAt: startedAt.toISOString(), machine: host, loadAverage: os.loadavg(), rows }, null, 2) + '\n')
    process.stdout.write(`saved ${file}\n`)
  }
  const results: Record<string, TableRow[]> = {}
  try {
    for (const part of parts) {
      if (only !== undefined && part.name !== only) continue
      const t0 = performance.now()
      const rows = await part.run(quick)
      const seconds = (performance.now() - t0) / 1000
      results[part.name] = rows
      printTable(`${part.title} [${seconds.toFixed(1)} s]`, rows)
      save(part.name, rows)
    }
  } finally {
    generators?.stop()
    await removeBundle()
  }
  const summary = summarise(results)
  printTable(`Summary — Rembug against the peers and the targets (load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`, summary)
  save('summary', summary)
}

main().then(
  // Some imports (the y-websocket provider's awareness timers, sockets) leave handles open: exit explicitly.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
