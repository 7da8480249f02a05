import { close, coldJoin, open, persist, run } from './jobs'

/**
 * The load generator process: `fork`ed by the bench driver (bench/loadgen/generator.ts) with tsx, it runs one job
 * per IPC request and answers `{ id, result }` or `{ id, error }`. Keeping the clients in their own process keeps
 * their CPU apart from the servers' and the driver's, and lets the report say how busy the generator itself was.
 */
const jobs = { open, run, close, coldJoin, persist } as const
export type JobName = keyof typeof jobs

interface Request {
  id: number
  job: JobName
  input: unknown
}

// Every provider adds listeners to the process; thousands of clients are expected here.
process.setMaxListeners(0)

process.on('message', (message: Request) => {
  const run = jobs[message.job] as (input: unknown) => unknown
  Promise.resolve()
    .then(() => run(message.input))
    .then(
      (result) => process.send!({ id: message.id, result: result ?? null }),
      (error: unknown) => process.send!({ id: message.id, error: (error as Error).stack ?? String(error) }),
    )
})

// The driver going away ends the generator too.
process.on('disconnect', () => process.exit(0))
