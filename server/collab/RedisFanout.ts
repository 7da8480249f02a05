import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from '../logger'
import { emptyFanoutStats, type AccessNotice, type Fanout, type FanoutListener, type FanoutPayload } from './Fanout'
import { decodeFanoutMessage, encodeFanoutMessage } from './fanoutMessages'

export interface RedisFanoutOptions {
  url: string
  /** Prefix of channels and keys (`<prefix>:board:<id>`, `<prefix>:compact:<id>`). */
  prefix: string
  instanceId: string
  log: Logger
  /** A compaction lock left by an instance that died frees itself after this long. */
  lockTtlMs?: number
  /** How long `open` waits for Redis before the server refuses to start. */
  connectTimeoutMs?: number
}

/** Deletes the lock only if it still holds our token: a lock that expired and was taken by another stays theirs. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

/**
 * Fan-out over Redis pub/sub: one channel per board, one connection to publish (and hold locks) and one to
 * subscribe. Neither queues commands while Redis is away: a publish then fails at once (counted; the update is stored
 * and other instances catch up), and boards opened meanwhile are subscribed when the connection comes back. After
 * every reconnect the subscriptions are made again, and only then are the `onReconnect` listeners told, so a catch-up
 * they start cannot miss a message published in between.
 */
export class RedisFanout implements Fanout {
  readonly kind = 'redis'
  readonly stats = emptyFanoutStats()
  readonly instanceId: string
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly listeners = new Map<string, FanoutListener>()
  private readonly reconnectListeners: Array<() => void> = []
  private readonly accessListeners: Array<(notice: AccessNotice) => void> = []
  private readonly prefix: string
  private readonly log: Logger
  private readonly lockTtlMs: number
  private closed = false
  /** Per connection: whether it was ready before (so the next ready is a reconnect) and whether it is down now. */
  private readonly state = { pub: { wasReady: false, down: false }, sub: { wasReady: false, down: false } }

  private constructor(options: RedisFanoutOptions) {
    this.instanceId = options.instanceId
    this.prefix = options.prefix
    this.log = options.log
    this.lockTtlMs = options.lockTtlMs ?? 30_000
    const common = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Keep trying for as long as the server runs: 100 ms, 200 ms, … up to 2 s between attempts.
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
      connectionName: `rembug:${options.instanceId}`,
      // A command Redis does not answer fails instead of hanging a health check or a compaction.
      commandTimeout: 5_000,
    }
    this.pub = new Redis(options.url, common)
    this.sub = new Redis(options.url, { ...common, autoResubscribe: false })
    this.watch(this.pub, 'pub')
    this.watch(this.sub, 'sub')
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.deliver(channel.toString(), data))
  }

  /** The server-wide channel of access notices. */
  private get accessChannel(): string {
    return `${this.prefix}:access`
  }

  /** Connects both connections and subscribes to access notices; rejects (and closes them) when Redis does not answer in time. */
  static async open(options: RedisFanoutOptions): Promise<RedisFanout> {
    const fanout = new RedisFanout(options)
    const timeoutMs = options.connectTimeoutMs ?? 10_000
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        Promise.all([fanout.pub.connect(), fanout.sub.connect().then(() => fanout.sub.subscribe(fanout.accessChannel))]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs)
        }),
      ])
    } catch (error) {
      await fanout.close()
      throw error
    } finally {
      clearTimeout(timer)
    }
    return fanout
  }

  private channel(boardId: string): string {
    return `${this.prefix}:board:${boardId}`
  }

  private watch(connection: Redis, name: 'pub' | 'sub'): void {
    const state = this.state[name]
    connection.on('error', (error: Error) => {
      // ioredis reports every failed attempt; one line per outage is enough.
      if (!state.down) this.log.warn('Redis connection failed; retrying', { connection: name, error: error.message })
      state.down = true
    })
    connection.on('close', () => {
      if (this.closed || state.down) return
      state.down = true
      this.log.warn('Redis connection lost; retrying', { connection: name })
    })
    connection.on('ready', () => {
      const reconnect = state.wasReady
      state.wasReady = true
      state.down = false
      if (!reconnect) return
      void this.afterReconnect(name)
    })
  }

  private async afterReconnect(name: 'pub' | 'sub'): Promise<void> {
    if (name === 'sub') {
      const channels = [this.accessChannel, ...[...this.listeners.keys()].map((boardId) => this.channel(boardId))]
      try {
        await this.sub.subscribe(...channels)
      } catch (error) {
        // The connection dropped again: the next ready tries again.
        this.log.warn('subscribing again after a Redis reconnect failed', { error: (error as Error).message })
        return
      }
    }
    this.stats.reconnects++
    this.log.info('Redis connection restored; catching up from storage', { connection: name, boards: this.listeners.size })
    for (const listener of this.reconnectListeners) listener()
  }

  private deliver(channel: string, data: Buffer): void {
    if (channel === this.accessChannel) return this.deliverAccess(data)
    const boardId = channel.startsWith(`${this.prefix}:board:`) ? channel.slice(this.prefix.length + 7) : null
    const listener = boardId === null ? undefined : this.listeners.get(boardId)
    if (!listener) return
    const message = decodeFanoutMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (!message) {
      this.log.warn('ignoring a fan-out message this version cannot read', { room: boardId, bytes: data.byteLength })
      return
    }
    // Redis sends our own messages back to our subscriber connection.
    if (message.from === this.instanceId) return
    this.stats.received++
    listener(message)
  }

  private deliverAccess(data: Buffer): void {
    let parsed: { from?: unknown; notice?: AccessNotice }
    try {
      parsed = JSON.parse(data.toString()) as typeof parsed
    } catch {
      return
    }
    if (parsed.from === this.instanceId || !parsed.notice) return
    for (const listener of this.accessListeners) listener(parsed.notice)
  }

  publishAccess(notice: AccessNotice): void {
    if (this.pub.status !== 'ready') {
      this.log.warn('cannot tell other instances that access ended or changed: Redis is away', { notice: notice.type })
      return
    }
    this.pub.publish(this.accessChannel, JSON.stringify({ from: this.instanceId, notice })).catch((error: Error) => {
      this.log.warn('telling other instances that access ended or changed failed', { notice: notice.type, error: error.message })
    })
  }

  onAccess(listener: (notice: AccessNotice) => void): void {
    this.accessListeners.push(listener)
  }

  async subscribe(boardId: string, listener: FanoutListener): Promise<void> {
    this.listeners.set(boardId, listener)
    // While Redis is away the board is subscribed on reconnect, and the reconnect listeners catch it up.
    if (this.sub.status !== 'ready') return
    try {
      await this.sub.subscribe(this.channel(boardId))
    } catch (error) {
      this.log.warn('subscribing to a board failed; it catches up when Redis is back', { room: boardId, error: (error as Error).message })
    }
  }

  unsubscribe(boardId: string, listener: FanoutListener): void {
    if (this.listeners.get(boardId) !== listener) return
    this.listeners.delete(boardId)
    if (this.sub.status !== 'ready') return
    // Commands on one connection run in order: a later subscribe of the same board still wins.
    this.sub.unsubscribe(this.channel(boardId)).catch(() => {})
  }

  publish(boardId: string, payload: FanoutPayload): void {
    const fail = (error: string) => {
      // Other instances catch up from storage when they see the gap; nothing is lost.
      if (this.stats.publishFailures++ % 100 === 0) {
        this.log.warn('publishing to Redis failed; other instances catch up from storage', { room: boardId, type: payload.type, error })
      }
    }
    if (this.pub.status !== 'ready') return fail(`connection ${this.pub.status}`)
    const data = Buffer.from(encodeFanoutMessage(this.instanceId, payload))
    this.stats.published++
    this.pub.publish(this.channel(boardId), data).catch((error: Error) => fail(error.message))
  }

  async withCompactionLock(boardId: string, task: () => Promise<void>): Promise<boolean> {
    const key = `${this.prefix}:compact:${boardId}`
    const token = randomBytes(16).toString('hex')
    let taken: string | null
    try {
      taken = await this.pub.set(key, token, 'PX', this.lockTtlMs, 'NX')
    } catch (error) {
      this.stats.lockBusy++
      this.log.debug('cannot ask Redis for the compaction lock; compacting later', { room: boardId, error: (error as Error).message })
      return false
    }
    if (taken !== 'OK') {
      this.stats.lockBusy++
      return false
    }
    try {
      await task()
      return true
    } finally {
      await this.pub.eval(RELEASE_LOCK, 1, key, token).catch((error: Error) => {
        // It expires by itself after lockTtlMs.
        this.log.warn('releasing the compaction lock failed', { room: boardId, error: error.message })
      })
    }
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener)
  }

  async ping(): Promise<void> {
    if (this.pub.status !== 'ready') throw new Error(`Redis connection ${this.pub.status}`)
    await this.pub.ping()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.listeners.clear()
    for (const connection of [this.pub, this.sub]) {
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect())
      else connection.disconnect()
    }
  }
}
