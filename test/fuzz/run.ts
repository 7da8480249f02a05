/**
 * `npm run fuzz`: runs the frame fuzzer and the convergence fuzzer seed after seed, for as long as asked.
 *
 *   npm run fuzz -- --minutes 5            # until five minutes are up (the seed in progress finishes)
 *   npm run fuzz -- --seeds 200 --seed 1000
 *   npm run fuzz -- --only frames --seed 42 --seeds 1     # repeat one failing seed
 *
 * Options: --seed N (first seed, default 1), --seeds N, --minutes N (default: 1 seed if neither is given),
 * --only frames|convergence, --frames N (frames per seed, default 150), --ops N (operations per convergence seed,
 * default 150), --concurrency N (frame sockets in flight, default 8; 1 pins a failure on one frame),
 * --kinds a,b / --exclude-kinds a,b (frame kinds, see FRAME_KINDS in frames.ts), --keep-going (record failures and
 * go on; still exits 1), --store-delay N (hold every store append in the convergence fuzz back N ms; 0: never;
 * default: a third of the seeds, 2–30 ms), --verbose (print every frame and operation).
 *
 * Prints progress after every seed and a summary at the end; exits 1 at the first failure (with its seed), 0 otherwise.
 */
import { closeCodeName } from '../../shared/codes'
import { runConvergenceFuzz } from './convergence'
import { FRAME_KINDS, runFrameFuzz, type FrameKind } from './frames'
import { FuzzFailure } from './prng'

interface Args {
  seed: number
  seeds: number | null
  minutes: number | null
  only: 'frames' | 'convergence' | null
  frames: number
  ops: number
  concurrency: number
  kinds: FrameKind[]
  keepGoing: boolean
  verbose: boolean
  storeDelayMs: number | null
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seed: 1, seeds: null, minutes: null, only: null, frames: 150, ops: 150, concurrency: 8, kinds: [...FRAME_KINDS], keepGoing: false, verbose: false, storeDelayMs: null }
  const number = (name: string, value: string | undefined): number => {
    const n = Number(value)
    if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number (got ${value})`)
    return n
  }
  const kindList = (value: string | undefined): FrameKind[] => {
    const kinds = (value ?? '').split(',').filter(Boolean)
    const unknown = kinds.filter((k) => !(FRAME_KINDS as readonly string[]).includes(k))
    if (unknown.length > 0) throw new Error(`unknown frame kind(s) ${unknown.join(', ')}; known: ${FRAME_KINDS.join(', ')}`)
    return kinds as FrameKind[]
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = argv[i + 1]
    switch (arg) {
      case '--seed':
        args.seed = Math.floor(number('seed', value))
        i++
        break
      case '--seeds':
        args.seeds = Math.floor(number('seeds', value))
        i++
        break
      case '--minutes':
        args.minutes = number('minutes', value)
        i++
        break
      case '--only':
        if (value !== 'frames' && value !== 'convergence') throw new Error('--only takes frames or convergence')
        args.only = value
        i++
        break
      case '--frames':
        args.frames = Math.floor(number('frames', value))
        i++
        break
      case '--ops':
        args.ops = Math.floor(number('ops', value))
        i++
        break
      case '--concurrency':
        args.concurrency = Math.max(1, Math.floor(number('concurrency', value)))
        i++
        break
      case '--kinds':
        args.kinds = kindList(value)
        i++
        break
      case '--exclude-kinds': {
        const excluded = new Set(kindList(value))
        args.kinds = args.kinds.filter((k) => !excluded.has(k))
        i++
        break
      }
      case '--store-delay':
        args.storeDelayMs = number('store-delay', value)
        i++
        break
      case '--keep-going':
        args.keepGoing = true
        break
      case '--verbose':
        args.verbose = true
        break
      default:
        throw new Error(`unknown option ${arg}`)
    }
  }
  if (args.seeds === null && args.minutes === null) args.seeds = 1
  if (args.kinds.length === 0) throw new Error('no frame kind left to send')
  return args
}

/** Straight to stdout: while a seed runs, the fuzzers capture `console` (Yjs reports swallowed errors there). */
function say(...parts: unknown[]): void {
  process.stdout.write(`${parts.join(' ')}\n`)
}

function codeLabel(key: string): string {
  const name = closeCodeName(Number(key))
  return name ? `${key} ${name}` : key === '1007' ? '1007 (ws: invalid UTF-8)' : key
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a === 'open' ? 1 : b === 'open' ? -1 : Number(a) - Number(b)))
    .map(([k, n]) => `${codeLabel(k)}: ${n}`)
    .join(', ')
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const deadline = args.minutes !== null ? Date.now() + args.minutes * 60_000 : Infinity
  const started = Date.now()
  const totals = {
    seeds: 0,
    frames: 0,
    outcomes: {} as Record<string, number>,
    byKind: {} as Record<string, Record<string, number>>,
    admissionRetries: 0,
    frameSeeds: 0,
    convergenceSeeds: 0,
    ops: 0,
    edits: 0,
    offlineEdits: 0,
    disconnects: 0,
    restarts: 0,
    clientCloses: {} as Record<string, number>,
  }
  const failures: Array<{ seed: number; message: string }> = []
  let interrupted = false
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130)
    interrupted = true
    say('\ninterrupted: finishing the seed in progress (Ctrl-C again to quit at once)')
  })

  say(
    `fuzz: ${args.only ?? 'frames + convergence'}, from seed ${args.seed}, ${args.seeds !== null ? `${args.seeds} seed(s)` : ''}${args.seeds !== null && args.minutes !== null ? ' or ' : ''}${args.minutes !== null ? `${args.minutes} minute(s)` : ''}; ${args.frames} frames and ${args.ops} operations per seed`,
  )
  for (let seed = args.seed; ; seed++) {
    if (args.seeds !== null && totals.seeds >= args.seeds) break
    if (Date.now() >= deadline || interrupted) break
    const line: string[] = [`seed ${seed}:`]
    try {
      if (args.only !== 'convergence') {
        const stats = await runFrameFuzz({
          seed,
          frames: args.frames,
          concurrency: args.concurrency,
          kinds: args.kinds,
          ...(args.verbose ? { onFrame: (r) => say(`  ${r.outcome === 'open' ? 'open' : codeLabel(String(r.outcome))}${r.early ? ' (sent before the join)' : ''}  ${r.description.slice(0, 240)}`) } : {}),
        })
        totals.frameSeeds++
        totals.frames += stats.frames
        totals.admissionRetries += stats.admissionRetries
        for (const [k, n] of Object.entries(stats.outcomes)) totals.outcomes[k] = (totals.outcomes[k] ?? 0) + n
        for (const [kind, counts] of Object.entries(stats.byKind)) {
          const into = (totals.byKind[kind] ??= {})
          for (const [k, n] of Object.entries(counts)) into[k] = (into[k] ?? 0) + n
        }
        line.push(`frames ${stats.frames} in ${(stats.durationMs / 1000).toFixed(1)} s (${formatCounts(stats.outcomes)}; good clients made ${stats.goodEdits} edits)`)
      }
      if (args.only !== 'frames') {
        const stats = await runConvergenceFuzz({ seed, ops: args.ops, ...(args.storeDelayMs !== null ? { appendDelayMs: args.storeDelayMs } : {}), ...(args.verbose ? { onOp: (l) => say(`  ${l}`) } : {}) })
        totals.convergenceSeeds++
        totals.ops += stats.ops
        totals.edits += stats.edits
        totals.offlineEdits += stats.offlineEdits
        totals.disconnects += stats.disconnects
        totals.restarts += stats.restarts
        for (const [k, n] of Object.entries(stats.closes)) totals.clientCloses[k] = (totals.clientCloses[k] ?? 0) + n
        line.push(
          `convergence ${stats.clients} clients, ${stats.ops} ops, ${stats.restarts} restarts, ${stats.disconnects} disconnects, store +${stats.appendDelayMs} ms: ${stats.records} records equal everywhere in ${(stats.durationMs / 1000).toFixed(1)} s`,
        )
      }
      totals.seeds++
      say(`${line.join(' | ')}  [total: ${totals.frames} frames, ${totals.seeds} seeds, ${((Date.now() - started) / 1000).toFixed(0)} s]`)
    } catch (error) {
      totals.seeds++
      const message = error instanceof FuzzFailure ? error.message : `harness error: ${(error as Error).stack ?? String(error)}`
      failures.push({ seed, message })
      say(`${line.join(' | ')} FAILED\n${message}`)
      if (!args.keepGoing) break
    }
  }

  const minutes = ((Date.now() - started) / 60_000).toFixed(1)
  say(`\n=== summary (${minutes} min) ===`)
  say(`seeds run: ${totals.seeds} (frame fuzz ${totals.frameSeeds}, convergence ${totals.convergenceSeeds}), failures: ${failures.length}`)
  if (totals.frames > 0) {
    say(`frames sent: ${totals.frames}; sockets: ${formatCounts(totals.outcomes)}${totals.admissionRetries ? `; admission retries ${totals.admissionRetries}` : ''}`)
    for (const kind of Object.keys(totals.byKind).sort()) say(`  ${kind.padEnd(22)} ${formatCounts(totals.byKind[kind]!)}`)
  }
  if (totals.convergenceSeeds > 0) {
    say(
      `convergence: ${totals.ops} operations, ${totals.edits} edits (${totals.offlineEdits} offline), ${totals.disconnects} disconnects, ${totals.restarts} server restarts; client closes: ${formatCounts(totals.clientCloses)}`,
    )
  }
  for (const failure of failures) say(`FAILED seed ${failure.seed}: ${failure.message.split('\n')[0]}`)
  return failures.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message ?? String(error)}\n`)
    process.exit(2)
  },
)
