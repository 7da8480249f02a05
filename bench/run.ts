import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { docGrowth } from './docGrowth'
import { planExtraction, TARGET_MS as PLAN_TARGET_MS } from './planExtraction'
import { fanout } from './fanout'
import { printTable, type TableRow } from './table'

/**
 * The benchmark entry point: `npm run bench` (full sizes) or `npm run bench -- --quick` (small sizes, seconds);
 * `-- --only <part>` runs one part.
 *
 * Each part is a function returning flat rows; this file runs the parts in order, prints each as one table and saves
 * its rows to `bench/results/<part>-<timestamp>.json`. A later part (fan-out, many rooms, cold join) is one more
 * entry in `parts`.
 */
interface Part {
  name: string
  title: string
  run(quick: boolean): Promise<TableRow[]>
}

const parts: Part[] = [
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

  for (const part of parts) {
    if (only !== undefined && part.name !== only) continue
    const t0 = performance.now()
    const rows = await part.run(quick)
    const seconds = (performance.now() - t0) / 1000
    printTable(`${part.title} [${seconds.toFixed(1)} s]`, rows)
    const file = `${resultsDir}${part.name}-${stamp}.json`
    writeFileSync(file, JSON.stringify({ part: part.name, quick, startedAt: startedAt.toISOString(), machine: host, rows }, null, 2) + '\n')
    process.stdout.write(`saved ${file}\n`)
  }
}

main().then(
  // Some imports (the y-websocket provider's awareness timers, sockets) leave handles open: exit explicitly.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
