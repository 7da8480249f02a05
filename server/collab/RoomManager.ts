import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { Logger } from '../logger'
import type { DocStore } from '../storage/types'
import { Connection, type Principal } from './Connection'
import type { CloseCodeName } from '../../shared/codes'
import { Admission, type Refusal } from './Admission'
import { defaultCollabLimits, emptyStats, type CollabLimits, type CollabStats } from './limits'
import { LocalFanout, type Fanout, type FanoutListener, type FanoutMessage } from './Fanout'
import { defaultRoomOptions, Room, type RoomDeps, type RoomOptions } from './Room'
import { noRoomMetrics, type RoomMetrics } from './RoomMetrics'

export interface RoomManagerOptions {
  /** A room with no connection is unloaded after this long. */
  idleUnloadMs: number
  /** Sockets are pinged this often; one that missed the previous pong is terminated. */
  pingIntervalMs: number
  /** A connection that was sent nothing for this long gets an empty presence message (the client times out at 30 s). */
  keepAliveMs: number
  room: RoomOptions
  /** Message size, rates, connection counts, admission and outgoing buffers (limits.ts). */
  limits: CollabLimits
  /** With several instances: how often a room that stored something tells the others how far (a `head` message). */
  headIntervalMs: number
}

export const defaultRoomManagerOptions: RoomManagerOptions = {
  idleUnloadMs: 30_000,
  pingIntervalMs: 30_000,
  keepAliveMs: 15_000,
  room: defaultRoomOptions,
  limits: defaultCollabLimits,
  headIntervalMs: 2_000,
}

/** The handlers a socket route forwards frames and the close event to. */
export interface ConnectionHandlers {
  /** A binary frame, or the text of a text frame (which the protocol never uses: it closes the socket). */
  onMessage(data: Uint8Array | string): void
  onClose(): void
}

const ignoreFrames: ConnectionHandlers = { onMessage: () => {}, onClose: () => {} }

/**
 * Owns the loaded rooms: loads a board's doc once however many sockets ask at the same moment, hands sockets to
 * their room, pings them, and unloads a room once it has been empty for `idleUnloadMs` and everything is stored.
 */
export class RoomManager {
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly heartbeat: NodeJS.Timeout
  private readonly heads: NodeJS.Timeout | null = null
  /** Each loaded room's fan-out listener, to unsubscribe exactly it. */
  private readonly listeners = new Map<string, FanoutListener>()
  private readonly fanout: Fanout
  private readonly metrics: RoomMetrics
  /** Every open socket, loaded room or not: access changes close them from here. */
  private readonly live = new Set<Connection>()
  private shuttingDown = false
  private readonly admission: Admission
  /** What the limits did so far (presence skipped, sockets closed or refused). */
  readonly stats: CollabStats = emptyStats()

  constructor(
    private readonly store: DocStore,
    private readonly log: Logger,
    private readonly options: RoomManagerOptions = defaultRoomManagerOptions,
    deps: { fanout?: Fanout; metrics?: RoomMetrics } = {},
  ) {
    this.fanout = deps.fanout ?? new LocalFanout()
    this.metrics = deps.metrics ?? noRoomMetrics
    this.admission = new Admission(options.limits)
    const tick = Math.min(options.pingIntervalMs, options.keepAliveMs)
    let sincePing = 0
    this.heartbeat = setInterval(() => {
      sincePing += tick
      const ping = sincePing >= options.pingIntervalMs
      if (ping) sincePing = 0
      for (const room of this.rooms.values()) {
        room.keepAlive(options.keepAliveMs)
        if (ping) this.pingRoom(room)
      }
    }, tick)
    this.heartbeat.unref()
    if (this.fanout.kind !== 'local') {
      this.heads = setInterval(() => {
        for (const room of this.rooms.values()) room.announceHead()
      }, options.headIntervalMs)
      this.heads.unref()
      // Messages may have been lost while the bus was away: every loaded room reads what it lacks from the store.
      this.fanout.onReconnect(() => {
        for (const room of this.rooms.values()) void room.resync()
      })
    }
  }

  /** The loaded room of a board, if any (for tests and metrics). */
  loadedRoom(boardId: string): Room | undefined {
    return this.rooms.get(boardId)
  }

  get roomCount(): number {
    return this.rooms.size
  }

  get connectionCount(): number {
    let count = 0
    for (const room of this.rooms.values()) count += room.connections.size
    return count
  }

  /** Open sockets on a board, loaded or not (for tests and metrics). */
  connectionsOnBoard(boardId: string): number {
    return this.admission.onBoard(boardId)
  }

  /** Open sockets from a remote address (for tests and metrics). */
  connectionsFromAddress(address: string): number {
    return this.admission.fromAddress(address)
  }

  /** Every open socket's connection (for tests and metrics). */
  connections(): Connection[] {
    return [...this.live]
  }

  /**
   * Counts a socket that asks to connect against the server-wide admission rate. Call it first, before any work on
   * the request; a refusal is closed with `serverBusy` and says when to come back.
   */
  admit(): Refusal | null {
    const refusal = this.admission.arrive()
    if (refusal) {
      // One line per refusal would flood the log in a storm: one per hundred.
      if (this.stats.serverBusyRefusals++ % 100 === 0) {
        this.log.warn('refusing new sockets: too many at once', { refusedSoFar: this.stats.serverBusyRefusals })
      }
    }
    return refusal
  }

  /** Loads the room of a board, sharing one load between concurrent callers. A failed load is not cached. */
  open(boardId: string): Promise<Room> {
    const loaded = this.rooms.get(boardId)
    if (loaded) return Promise.resolve(loaded)
    let loading = this.loading.get(boardId)
    if (!loading) {
      loading = this.load(boardId).then(
        (room) => {
          this.loading.delete(boardId)
          this.rooms.set(boardId, room)
          this.log.debug('room loaded', { room: boardId })
          return room
        },
        (error: unknown) => {
          this.loading.delete(boardId)
          throw error
        },
      )
      this.loading.set(boardId, loading)
    }
    return loading
  }

  /**
   * Changes a board on the server's own behalf (a card sent from the light card page). `build` edits a copy of the
   * board's doc as it is now; what it changed goes through the room like a client's update (`Room.submitServerUpdate`:
   * checked, stored, then sent to every socket), so nothing skips validation and connected clients see it live. Loads
   * the room when needed (it unloads again once idle). Resolves once stored, with what `build` returned; a `build`
   * that changes nothing submits nothing.
   */
  async submitServerUpdate<T>(boardId: string, build: (doc: Y.Doc) => T): Promise<{ result: T; room: Room }> {
    for (;;) {
      if (this.shuttingDown) throw new Error('the server is shutting down')
      this.cancelUnload(boardId)
      const room = await this.open(boardId)
      // An idle unload may have taken the room out of memory while it was being handed over: load it again.
      if (this.rooms.get(boardId) !== room) continue
      try {
        const copy = new Y.Doc()
        let update: Uint8Array | null = null
        let result: T
        try {
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc))
          copy.on('update', (change: Uint8Array) => {
            update = update ? Y.mergeUpdates([update, change]) : change
          })
          result = copy.transact(() => build(copy))
        } finally {
          copy.destroy()
        }
        if (update) await room.submitServerUpdate(update)
        return { result, room }
      } finally {
        this.scheduleUnloadIfIdle(room)
      }
    }
  }

  /**
   * Subscribes to the board's messages from other instances first, then reads the store: an update stored after the
   * read is then surely received. Messages that arrive during the read wait and are handled once the room exists
   * (those the read already covered are recognised by their sequence numbers).
   */
  private async load(boardId: string): Promise<Room> {
    let room: Room | null = null
    const early: FanoutMessage[] = []
    const listener: FanoutListener = (message) => (room ? room.receiveRemote(message) : early.push(message))
    this.listeners.set(boardId, listener)
    try {
      await this.fanout.subscribe(boardId, listener)
      const deps: RoomDeps = { store: this.store, log: this.log, fanout: this.fanout, metrics: this.metrics }
      room = await Room.load(boardId, deps, this.options.room)
    } catch (error) {
      this.stopListening(boardId, listener)
      throw error
    }
    for (const message of early.splice(0)) room.receiveRemote(message)
    // Others' presence reaches a freshly loaded room only when it changes: ask for it now.
    if (this.fanout.kind !== 'local') this.fanout.publish(boardId, { type: 'awarenessQuery' })
    return room
  }

  private stopListening(boardId: string, listener = this.listeners.get(boardId)): void {
    if (!listener) return
    this.fanout.unsubscribe(boardId, listener)
    if (this.listeners.get(boardId) === listener) this.listeners.delete(boardId)
  }

  /**
   * Takes an accepted socket for a board that exists. Frames that arrive while the room loads are kept and handled
   * in order once it is ready. If the load fails, the socket is closed with `loadFailed` and nothing is written.
   * A board or an `address` (the socket's remote address) that already holds its most sockets gets this one closed
   * with `tooManyConnections`.
   */
  accept(boardId: string, socket: WebSocket, principal: Principal | null = null, address = 'unknown'): ConnectionHandlers {
    const { limits } = this.options
    const connection = new Connection(socket, boardId, principal, { limits, stats: this.stats, log: this.log })
    connection.reportOversizeFramesAsTooLarge()
    const full = this.admission.enter(boardId, address)
    if (full) {
      this.stats.tooManyConnectionsRefusals++
      this.log.warn('refusing a socket: too many on this board or from this address', {
        room: boardId,
        address,
        onBoard: this.admission.onBoard(boardId),
        fromAddress: this.admission.fromAddress(address),
      })
      connection.close(full.name, full.detail)
      return ignoreFrames
    }
    this.live.add(connection)
    let room: Room | null = null
    let closed = false
    const early: Array<Uint8Array | string> = []
    socket.on('pong', () => (connection.awaitingPong = false))

    if (this.shuttingDown) {
      connection.close('restarting')
    } else {
      this.cancelUnload(boardId)
      this.open(boardId).then(
        (opened) => {
          if (closed) {
            this.scheduleUnloadIfIdle(opened)
            return
          }
          room = opened
          this.cancelUnload(boardId)
          room.join(connection)
          for (const data of early.splice(0)) room.receive(connection, data)
        },
        (error: unknown) => {
          this.log.error('loading a board failed', { room: boardId, error: (error as Error).message })
          connection.close('loadFailed')
        },
      )
    }

    return {
      onMessage: (data) => {
        // Size and rate first, before anything decodes the frame.
        if (!connection.admit(data)) return
        if (room) room.receive(connection, data)
        else if (!closed) early.push(data)
      },
      onClose: () => {
        if (closed) return
        closed = true
        this.admission.leave(boardId, address)
        this.live.delete(connection)
        connection.markClosed()
        if (room) {
          room.leave(connection)
          this.scheduleUnloadIfIdle(room)
        }
      },
    }
  }

  /** Closes every open socket that `match` picks, with the given code (access revoked, session ended). */
  closeWhere(match: (connection: Connection) => boolean, reason: CloseCodeName): number {
    let closed = 0
    for (const connection of this.live) {
      if (!match(connection)) continue
      connection.close(reason)
      closed++
    }
    return closed
  }

  private pingRoom(room: Room): void {
    for (const connection of room.connections) {
      if (connection.awaitingPong) {
        this.log.info('terminating a socket that stopped answering pings', { room: room.id, connection: connection.id })
        connection.socket.terminate()
        continue
      }
      connection.awaitingPong = true
      connection.socket.ping()
    }
  }

  private cancelUnload(boardId: string): void {
    const timer = this.unloadTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(boardId)
  }

  private scheduleUnloadIfIdle(room: Room): void {
    // After shutdown began, the rooms are closed and storage is about to be: no timer may touch either.
    if (this.shuttingDown || room.connections.size > 0 || this.unloadTimers.has(room.id)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      void this.unload(room)
    }, this.options.idleUnloadMs)
    timer.unref()
    this.unloadTimers.set(room.id, timer)
  }

  private async unload(room: Room): Promise<void> {
    if (room.connections.size > 0) return
    if (room.hasUnsavedChanges) {
      // The store is failing: keep the doc in memory until its writes succeed.
      this.scheduleUnloadIfIdle(room)
      return
    }
    await room.compact()
    if (room.connections.size > 0 || room.hasUnsavedChanges || this.rooms.get(room.id) !== room) return
    this.rooms.delete(room.id)
    this.stopListening(room.id)
    room.destroy()
    this.log.debug('room unloaded', { room: room.id })
  }

  /** Unloads every idle room now (used by tests and on shutdown). */
  async unloadIdle(): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      this.cancelUnload(room.id)
      await this.unload(room)
    }
  }

  /** Refuses new sockets, stores everything pending, closes every socket with `restarting`, and unloads. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true
    clearInterval(this.heartbeat)
    if (this.heads) clearInterval(this.heads)
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    await Promise.allSettled([...this.loading.values()])
    await Promise.all([...this.rooms.values()].map((room) => room.close('restarting')))
    for (const room of this.rooms.values()) {
      await room.compact()
      this.stopListening(room.id)
      room.destroy()
    }
    this.rooms.clear()
  }
}
