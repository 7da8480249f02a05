/**
 * Redis for tests: the shared one of `REDIS_URL` with a random prefix per test (so parallel test files never hear each
 * other's boards), or a private `redis-server` on a free loopback port that a test may stop and start again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { freePort } from './net'

/** `REDIS_URL`, or null when the tests that need Redis must be skipped. */
export const redisUrl: string | null = process.env.REDIS_URL || null

export const skipWithoutRedis = 'skipped: REDIS_URL is not set (CI sets it; e.g. redis://127.0.0.1:6379)'

/** Whether a `redis-server` binary is on the PATH (for a private server). */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0

export function newRedisPrefix(): string {
  return `rembug-test-${randomBytes(6).toString('hex')}`
}

/** A `redis-server` of our own on 127.0.0.1, keeping nothing on disk; `stop()` kills it, `start()` brings it back on the same port. */
export class PrivateRedis {
  private child: ChildProcess | null = null

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    await redis.start()
    return redis
  }

  async start(): Promise<void> {
    if (this.child) return
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: 'ignore',
    })
    this.child = child
    child.once('exit', () => {
      if (this.child === child) this.child = null
    })
    const deadline = Date.now() + 5_000
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
      probe.on('error', () => {})
      try {
        await probe.connect()
        await probe.ping()
        probe.disconnect()
        return
      } catch {
        probe.disconnect()
        if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }

  /** Kills the server at once (SIGKILL: nothing kept, clients see their connections drop). */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}
