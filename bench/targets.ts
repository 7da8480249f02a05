import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildServer, freePort, makeDataDir, ServerProcess } from '../test/crash/harness'
import { call, signup, type Person } from '../test/helpers/auth'
import type { ClientTarget } from './loadgen/clients'
import type { PeerKind } from './peers/serve'

/**
 * The servers under test, each in its own process on 127.0.0.1: Rembug's built server (SQLite in a temp data dir)
 * and the peers of bench/peers/serve.ts. The driver starts one, points the load generator at it, reads its CPU time
 * and memory from /proc, and stops it.
 */
export type TargetName = 'rembug' | PeerKind

export const TARGETS: readonly TargetName[] = ['rembug', 'y-websocket', 'hocuspocus', 'raw-ws']

export interface Target {
  name: TargetName
  pid: number
  /** How the generator's clients reach it. */
  client: ClientTarget
  /** A room to use: a board created over the API for Rembug, just a fresh name for the peers. */
  createRoom(title: string): Promise<string>
  stop(): Promise<void>
}

/**
 * Rembug's limits on sockets per address, per board and new sockets per second protect a real hall; one generator
 * on one address opening thousands of sockets at once would hit them, so the bench lifts them (and nothing else).
 */
const REMBUG_BENCH_ENV = {
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  MAX_CONNECTIONS_PER_BOARD: '100000',
  MAX_NEW_CONNECTIONS_PER_SECOND: '100000',
}

let built: Promise<{ entry: string; remove(): void }> | null = null

/** Bundles the server once per bench run (as `npm run build:server` does). */
function rembugBundle() {
  built ??= buildServer()
  return built
}

/** Removes the bundle made for this run. */
export async function removeBundle(): Promise<void> {
  if (built) (await built).remove()
  built = null
}

/**
 * Starts a server under test. With `BENCH_CPU_PROF=<dir>` in the environment every server process writes a V8 CPU
 * profile there when it stops (`node --cpu-prof`; open it in Chrome DevTools or VS Code).
 */
export async function startTarget(name: TargetName): Promise<Target> {
  const profileDir = process.env.BENCH_CPU_PROF
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []
  return name === 'rembug' ? startRembug(nodeArgs) : startPeer(name, nodeArgs)
}

async function startRembug(nodeArgs: string[]): Promise<Target> {
  const { entry } = await rembugBundle()
  const server = await ServerProcess.start(entry, await freePort(), makeDataDir(), REMBUG_BENCH_ENV, nodeArgs)
  const owner: Person = await signup(server.url, { name: 'Bench owner' })
  return {
    name: 'rembug',
    pid: server.pid,
    client: { protocol: 'y-websocket', url: server.wsUrl, headers: { cookie: owner.cookie, origin: server.url } },
    async createRoom(title) {
      const created = await call<{ id: string }>(server.url, owner, 'POST', '/api/boards', { title })
      if (created.status !== 201) throw new Error(`POST /api/boards answered ${created.status}`)
      return created.body.id
    },
    async stop() {
      await server.kill('SIGTERM')
    },
  }
}

let roomCounter = 0

async function startPeer(kind: PeerKind, nodeArgs: string[]): Promise<Target> {
  const port = await freePort()
  const script = fileURLToPath(new URL('./peers/serve.ts', import.meta.url))
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, kind, String(port)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await listening(child, kind)
  return {
    name: kind,
    pid: child.pid!,
    client: { protocol: kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket', url: `ws://127.0.0.1:${port}`, headers: {} },
    createRoom: async (title) => `${title.replace(/\W+/g, '-')}-${++roomCounter}`,
    stop: () => stopChild(child),
  }
}

/** Resolves once the peer printed `listening`; rejects if it exits first. */
function listening(child: ChildProcess, kind: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('listening')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`peer ${kind} exited (${code}) before listening: ${output}`)))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref()
  })
}

/** CPU seconds (user + system) a process used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Math.round(Number(match[1]) / 1024) : 0
}

/**
 * Samples a process's CPU time every `everyMs` until `stop()`; `coresBetween(from, to)` is its CPU use in that
 * wall-clock window (Date.now() values, e.g. the generator's measured window), as a fraction of one core.
 */
export function cpuSampler(pid: number, everyMs = 250) {
  const samples: Array<{ at: number; cpu: number }> = [{ at: Date.now(), cpu: cpuSeconds(pid) }]
  const timer = setInterval(() => {
    try {
      samples.push({ at: Date.now(), cpu: cpuSeconds(pid) })
    } catch {
      clearInterval(timer)
    }
  }, everyMs)
  return {
    stop: () => clearInterval(timer),
    coresBetween(from: number, to: number): number | null {
      const first = samples.find((s) => s.at >= from)
      const last = samples.findLast((s) => s.at <= to)
      if (!first || !last || last.at <= first.at) return null
      return Math.round(((last.cpu - first.cpu) / ((last.at - first.at) / 1000)) * 100) / 100
    },
  }
}
