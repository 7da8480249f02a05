import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { mergeHistograms, percentiles, type close, type coldJoin, type open, type OpenJob, type Percentiles, type persist, type run, type RunJob } from './jobs'
import type { JobName } from './main'

/** The job signatures, for typed calls from the driver. */
interface Jobs {
  open: typeof open
  run: typeof run
  close: typeof close
  coldJoin: typeof coldJoin
  persist: typeof persist
}

type Answer = { id: number; result?: unknown; error?: string }

/**
 * The driver's handle on the load generator: a separate Node process (bench/loadgen/main.ts run with tsx) that
 * holds every client. `run` sends one job and resolves with its JSON answer.
 */
export class LoadGenerator {
  private nextId = 1
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: Answer) => {
      const waiter = this.pending.get(answer.id)
      if (!waiter) return
      this.pending.delete(answer.id)
      if (answer.error !== undefined) waiter.reject(new Error(`load generator: ${answer.error}`))
      else waiter.resolve(answer.result)
    })
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`the load generator exited (${code ?? signal})`))
      this.pending.clear()
    })
  }

  static start(): LoadGenerator {
    const entry = fileURLToPath(new URL('./main.ts', import.meta.url))
    return new LoadGenerator(fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))
  }

  run<K extends JobName>(job: K, input: Parameters<Jobs[K]>[0]): Promise<Awaited<ReturnType<Jobs[K]>>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.child.send({ id, job, input })
    })
  }

  stop(): void {
    this.child.kill('SIGKILL')
  }
}

/** What a workload run over every generator process gives, merged. */
export interface WorkloadResult extends Percentiles {
  clients: number
  writes: number
  expected: number
  presence: number
  window: { from: number; to: number }
  connectSeconds: number
  /** CPU of all generator processes together (cores), and the worst event-loop lag among them. */
  generatorCpu: number
  generatorLagP99ms: number
}

/**
 * Several load-generator processes driven as one: a workload's clients are split evenly between them in contiguous
 * numbers (one room's clients may sit in two processes: they share the machine's clock), each process opens its
 * share, then all start writing at one agreed moment; their latency histograms and counts are added up.
 */
export class GeneratorPool {
  private constructor(readonly generators: LoadGenerator[]) {}

  static start(processes: number): GeneratorPool {
    return new GeneratorPool(Array.from({ length: processes }, () => LoadGenerator.start()))
  }

  /** The first process, for the jobs that need only one (cold join, persistence cost). */
  get first(): LoadGenerator {
    return this.generators[0]!
  }

  /**
   * Opens `total` clients over the processes (`rooms` and `clientsPerRoom` as in OpenJob), runs the workload, then
   * calls `whileOpen` (clients still connected and writing stopped) and closes them.
   */
  async workload(
    open: Omit<OpenJob, 'first' | 'count'>,
    run: Omit<RunJob, 'startAt'>,
    whileOpen: () => Promise<void> | void = () => {},
  ): Promise<WorkloadResult> {
    const share = Math.ceil(open.total / this.generators.length)
    const parts = this.generators
      .map((generator, g) => ({ generator, first: g * share, count: Math.max(0, Math.min(share, open.total - g * share)) }))
      .filter((part) => part.count > 0)
    try {
      const opened = await Promise.all(parts.map((part) => part.generator.run('open', { ...open, first: part.first, count: part.count })))
      // Long enough for the message to reach every process before the agreed moment.
      const startAt = Date.now() + 300
      const results = await Promise.all(parts.map((part) => part.generator.run('run', { ...run, startAt })))
      await whileOpen()
      return {
        clients: open.total,
        writes: results.reduce((sum, r) => sum + r.writes, 0),
        expected: results.reduce((sum, r) => sum + r.expected, 0),
        presence: results.reduce((sum, r) => sum + r.presence, 0),
        window: results[0]!.window,
        connectSeconds: Math.max(...opened.map((o) => o.connectSeconds)),
        generatorCpu: Math.round(results.reduce((sum, r) => sum + r.generator.cpuCores, 0) * 100) / 100,
        generatorLagP99ms: Math.max(...results.map((r) => r.generator.lagP99ms)),
        ...percentiles(mergeHistograms(results.map((r) => r.latencies))),
      }
    } finally {
      await Promise.all(parts.map((part) => part.generator.run('close', undefined)))
    }
  }

  stop(): void {
    for (const generator of this.generators) generator.stop()
  }
}
