import * as Y from 'yjs'
import type { DocStore } from '../storage/types'
import type { Logger } from '../logger'
import type { Connection } from './Connection'
import { isRemote, type Fanout, type FanoutMessage, type RemoteOrigin } from './Fanout'
import type { RoomMetrics } from './RoomMetrics'
import { SeqTracker } from './SeqTracker'
import { createBoardSchema } from '../../shared/boardSchema'
import type { CloseCodeName } from '../../shared/codes'
import { docFromStore } from './readBoard'
import { RoomPresence } from './RoomPresence'
import { checkUpdate, decodesAsUpdate, FACILITATION_ONLY, type DecodedUpdate, type RefusalCode } from './updateGuard'
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate, MalformedMessageError } from './messages'

export interface RoomOptions {
  /** Presence is gathered for this long and sent as one awareness message per recipient. */
  presenceTickMs: number
  /**
   * In a big room the presence tick grows so that no recipient is sent more than this many presence states a second
   * (its client parses each one): 25 ticks a second up to 40 people at 1,000, one state per person every 200 ms at
   * 200 people.
   */
  presenceStatesPerSecond: number
  /**
   * Updates are stored and sent at most once per this many milliseconds: under load each flush stores a batch (and,
   * in a big room, sends it merged, see `sendStored`) instead of one write and one frame per update. An update that
   * arrives after a quiet spell is flushed at once.
   */
  updateBatchMs: number
  /** Fold the update log into a snapshot once this many updates follow the last snapshot… */
  compactAfterUpdates: number
  /** …or once the log holds this many bytes, or more bytes than the snapshot itself, whichever is larger. */
  compactAfterBytes: number
  /** An update that would make the stored board larger than this closes its socket with `documentTooLarge`. */
  maxDocumentBytes: number
  /** First retry delay after a failed store; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number
  maxRetryDelayMs: number
  /**
   * With several instances: how long a gap in the sequence numbers may stay open (a message still on its way) before
   * the room reads the missing updates from the store.
   */
  gapGraceMs: number
}

/** What a room works with besides its doc: where it stores, logs, reaches other instances and reports. */
export interface RoomDeps {
  store: DocStore
  log: Logger
  fanout: Fanout
  metrics: RoomMetrics
}

/** The schema every incoming record is checked against (one per process: building it is not free). */
const boardSchema = createBoardSchema()

export const defaultRoomOptions: RoomOptions = {
  presenceTickMs: 40,
  presenceStatesPerSecond: 1_000,
  updateBatchMs: 20,
  compactAfterUpdates: 500,
  compactAfterBytes: 64 * 1024,
  maxDocumentBytes: 32 * 1024 * 1024,
  retryDelayMs: 100,
  maxRetryDelayMs: 5_000,
  gapGraceMs: 250,
}

interface PendingUpdate {
  update: Uint8Array
  origin: Connection | null
  /** The update as decoded when it arrived, kept for the check before it is applied (see `DECODED_BUDGET_BYTES`). */
  decoded?: DecodedUpdate
  /** Set once the room read the store for it (see `flush`): a second refusal is final. */
  caughtUp?: boolean
}

/**
 * A loaded board: its Yjs doc, the awareness of everyone connected, and their sockets.
 *
 * Invariant: an update reaches other clients, and a joining client's initial state, only after it is stored.
 *
 * The pipeline: a client's update is checked and put in the `inbox`. A flush applies the whole inbox to the doc,
 * collects what the doc actually took in (`unstored`: duplicates drop out here), writes that to the store in one
 * batch (group commit), and only then sends it on. While a write is in flight, new updates wait in the inbox
 * without touching the doc, so whenever no write is in flight the doc equals what is stored: a joining client is
 * answered at once, or right after the write in flight — never later, however busy the board. A failed write keeps
 * the batch and retries with backoff; nothing is dropped and nothing is sent on until it is stored.
 *
 * With several instances (docs/SCALEOUT.md) each stored batch is also published, with its sequence numbers, to the
 * board's rooms on the other instances, which apply it and send it to their own sockets: it is stored already. A room
 * tracks which numbers its doc holds (`seqs`); a gap that stays open longer than `gapGraceMs`, or a reconnect of the
 * bus, makes it read what it lacks from the store. Presence is relayed the same way, each instance owning the
 * presence of its own sockets.
 */
export class Room {
  readonly doc: Y.Doc
  readonly presence: RoomPresence
  readonly connections = new Set<Connection>()
  /** Sockets closed for an update the room refused: their later queued updates are dropped too. */
  private readonly refused = new WeakSet<Connection>()
  /** Checked client updates not yet applied to the doc. */
  private inbox: PendingUpdate[] = []
  /** Bytes of the updates in the inbox that keep their decoded form. */
  private decodedBytes = 0
  /** What the doc took in from applied updates, not yet stored. Non-empty exactly while the doc is ahead of the store. */
  private unstored: PendingUpdate[] = []
  private flushScheduled = false
  private flushRunning = false
  /** When the last flush started (performance.now()), to hold the next one back for `updateBatchMs`. */
  private lastFlushAt = -Infinity
  /** Resolved when everything received so far is stored. */
  private flushWaiters: Array<() => void> = []
  /** Called (synchronously) as soon as the doc equals the store again. */
  private storedWaiters: Array<() => void> = []
  private bytesSinceSnapshot = 0
  private snapshotBytes: number
  private updatesSinceSnapshot: number
  /** Which of the board's stored updates the doc holds (its own writes, other instances', catch-ups). */
  private readonly seqs: SeqTracker
  /** The last number this instance stored, and whether it was announced since (a `head` message). */
  private lastOwnSeq = 0
  private headAnnounced = true
  private gapTimer: NodeJS.Timeout | null = null
  private catchingUp: Promise<void> | null = null
  private compacting: Promise<void> | null = null
  /** Set when the doc may lack stored updates without a gap showing it (a failed read, a broken message). */
  private catchUpOwed = false
  /** Grows while catch-ups leave a gap they cannot close (a store behind the messages), so none loops hot. */
  private catchUpDelayMs: number
  /** Set while another instance's update is applied to a doc that held unintegrated (pending) structs. */
  private remoteMayCarryPending = false
  private readonly store: DocStore
  private readonly log: Logger
  private readonly fanout: Fanout
  private readonly metrics: RoomMetrics
  private destroyed = false
  /** Set by `close()`: frames are no longer taken in, so the pending updates can drain. */
  private closing = false

  constructor(
    readonly id: string,
    doc: Y.Doc,
    loaded: { lastSeq: number; updatesSinceSnapshot: number; bytesSinceSnapshot: number; snapshotBytes: number },
    deps: RoomDeps,
    private readonly options: RoomOptions = defaultRoomOptions,
  ) {
    this.doc = doc
    this.store = deps.store
    this.log = deps.log
    this.fanout = deps.fanout
    this.metrics = deps.metrics
    this.seqs = new SeqTracker(loaded.lastSeq)
    this.catchUpDelayMs = options.gapGraceMs
    this.updatesSinceSnapshot = loaded.updatesSinceSnapshot
    this.bytesSinceSnapshot = loaded.bytesSinceSnapshot
    this.snapshotBytes = loaded.snapshotBytes
    this.presence = new RoomPresence(id, doc, this.connections, this.fanout, options.presenceTickMs, options.presenceStatesPerSecond)
    doc.on('update', this.onDocUpdate)
  }

  /** Rebuilds a room's doc from what the store holds. Throws if the store cannot be read: never an empty stand-in. */
  static async load(id: string, deps: RoomDeps, options?: RoomOptions): Promise<Room> {
    const stored = await deps.store.load(id)
    const doc = docFromStore(stored)
    const loaded = {
      lastSeq: stored.lastSeq,
      updatesSinceSnapshot: stored.updates.length,
      bytesSinceSnapshot: stored.updates.reduce((sum, u) => sum + u.byteLength, 0),
      snapshotBytes: stored.snapshot?.byteLength ?? 0,
    }
    return new Room(id, doc, loaded, deps, options)
  }

  /** Everyone's presence on the board (this instance's sockets and, relayed, the others'). */
  get awareness() {
    return this.presence.awareness
  }

  /** Whether some update received is not stored yet (an update leaves `unstored` only once its write succeeded). */
  get hasUnsavedChanges(): boolean {
    return this.inbox.length > 0 || this.unstored.length > 0
  }

  /** Whether the board, with what is stored, what waits to be, and `update`, would pass `maxDocumentBytes`. */
  private wouldExceedSizeLimit(update: Uint8Array): boolean {
    let bytes = this.snapshotBytes + this.bytesSinceSnapshot + update.byteLength
    for (const pending of this.inbox) bytes += pending.update.byteLength
    for (const pending of this.unstored) bytes += pending.update.byteLength
    return bytes > this.options.maxDocumentBytes
  }

  /** Adds a socket: sends the server's state vector and everyone's presence, as the y-websocket server does. */
  join(connection: Connection): void {
    this.connections.add(connection)
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const everyone = this.presence.everyoneFrame()
    if (everyone) connection.send(everyone)
  }

  /** Removes a socket and the presence it announced. */
  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.presence.removeSocket(connection)
  }

  /**
   * Handles one frame from a connection. A frame that cannot be decoded closes that connection with
   * `malformedMessage`; the doc and the other connections are not touched.
   */
  receive(connection: Connection, data: Uint8Array | string): void {
    // While the room closes, nothing new comes in (or the store could never catch up with a busy board). The sender
    // keeps its edits and sends them again in the sync exchange when it reconnects.
    if (this.closing) return
    let message
    try {
      if (typeof data === 'string') throw new MalformedMessageError('text frame; the protocol is binary')
      message = decodeClientMessage(data)
    } catch (error) {
      this.rejectConnection(connection, error)
      return
    }
    this.metrics.messageReceived(message.type)
    switch (message.type) {
      case 'syncStep1':
        this.answerSyncStep1(connection, message.stateVector)
        break
      case 'update':
        // A viewer still gets the doc and presence, but its writes never reach the doc or anyone else.
        if (connection.principal?.readOnly) break
        this.applyClientUpdate(connection, message.update)
        break
      case 'awareness':
        try {
          this.presence.receiveFromSocket(connection, message.update)
        } catch (error) {
          this.rejectConnection(connection, error)
        }
        break
      case 'queryAwareness': {
        connection.send(this.presence.everyoneFrame() ?? this.presence.emptyFrame())
        break
      }
    }
  }

  /** Closes one socket for what it sent, logging it once; the doc and everyone else are untouched. */
  private rejectConnection(connection: Connection, error: unknown, code: CloseCodeName = 'malformedMessage', detail?: string): void {
    if (!connection.isOpen) return
    this.log.warn('closing a connection that sent a message the room refuses', {
      room: this.id,
      connection: connection.id,
      code,
      error: (error as Error).message,
    })
    connection.close(code, detail)
  }

  private applyClientUpdate(connection: Connection, update: Uint8Array): void {
    // The full check (records against the schema) runs just before the update is applied, against the doc as it is
    // then; here only what can be judged at once: that it decodes, and the board's size limit.
    const verdict = decodesAsUpdate(update)
    if (!verdict.ok) {
      this.rejectConnection(connection, new MalformedMessageError(verdict.reason), verdict.code, verdict.reason)
      return
    }
    if (this.wouldExceedSizeLimit(update)) {
      this.rejectConnection(connection, new Error(`the board reached its size limit of ${this.options.maxDocumentBytes} bytes`), 'documentTooLarge')
      return
    }
    // Decoding is a large part of handling an update: the check before applying reuses this decode rather than
    // decode it again. A decoded update takes several times its bytes, so a room keeps only so much of it.
    const keepDecoded = this.decodedBytes + update.byteLength <= DECODED_BUDGET_BYTES
    if (keepDecoded) this.decodedBytes += update.byteLength
    this.inbox.push({ update, origin: connection, decoded: keepDecoded ? verdict.decoded : undefined })
    this.scheduleFlush()
  }

  /**
   * Answers with the stored state only: at once when no write is in flight, else the moment it completes. Updates
   * still in the inbox reach this client as ordinary updates once stored.
   */
  private answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    if (this.unstored.length > 0) {
      this.storedWaiters.push(() => this.answerSyncStep1(connection, stateVector))
      return
    }
    if (!connection.isOpen) return
    let diff: Uint8Array
    try {
      diff = Y.encodeStateAsUpdate(this.doc, stateVector)
    } catch (error) {
      this.rejectConnection(connection, new MalformedMessageError(`invalid state vector: ${(error as Error).message}`))
      return
    }
    connection.send(encodeSyncStep2(diff))
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (isRemote(origin) && !this.remoteMayCarryPending) {
      // Another instance stored it before publishing it: send it on at once.
      const frame = encodeUpdate(update)
      for (const connection of this.connections) connection.send(frame)
      return
    }
    // A client's update (or a remote one that may have integrated a client's pending structs with it): store it
    // first, then send it on.
    this.unstored.push({ update, origin: isConnection(origin, this.connections) ? origin : null })
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    // `flushRunning` must be set before flush() starts (not once it returns its promise): its first, synchronous part applies updates, whose doc events would otherwise start a second loop that
    // stores the same batch again.
    if (this.flushScheduled || this.flushRunning) return
    this.flushScheduled = true
    const start = () => {
      this.flushScheduled = false
      this.flushRunning = true
      this.lastFlushAt = performance.now()
      void this.flush().finally(() => {
        this.flushRunning = false
        // Updates that arrived while a compaction ran still need their own write.
        if (this.hasUnsavedChanges && !this.destroyed) this.scheduleFlush()
      })
    }
    const wait = this.lastFlushAt + this.options.updateBatchMs - performance.now()
    if (wait > 0) setTimeout(start, wait)
    else setImmediate(start)
  }

  /** Applies the inbox, stores what the doc took in, then fans it out; until nothing is left. Retries failed writes. */
  private async flush(): Promise<void> {
    let delay = this.options.retryDelayMs
    while (this.hasUnsavedChanges && !this.destroyed) {
      if (this.unstored.length === 0) {
        const judgeAgain: PendingUpdate[] = []
        for (const pending of this.inbox.splice(0)) {
          const { update, origin, decoded } = pending
          if (decoded) this.decodedBytes -= update.byteLength
          if (origin && this.refused.has(origin)) continue
          // Checked against the doc it is about to change: an update cannot be taken back once applied. A socket
          // without a principal (tests) counts as an editor.
          const verdict = checkUpdate(update, boardSchema, this.doc, origin ? { role: origin.principal?.person.role ?? 'editor' } : 'server', decoded)
          if (!verdict.ok) {
            // With several instances a client may pass on facilitation state another instance stored and sent it
            // before this room received it: read the store once, then judge the update again.
            if (origin && verdict.reason === FACILITATION_ONLY && this.fanout.kind !== 'local' && !pending.caughtUp) {
              judgeAgain.push({ update, origin, caughtUp: true })
              continue
            }
            if (origin) {
              this.refused.add(origin)
              this.rejectConnection(origin, new Error(verdict.reason), verdict.code, verdict.reason)
            }
            continue
          }
          try {
            Y.applyUpdate(this.doc, update, origin)
          } catch (error) {
            // Last line of defence for updates Yjs itself cannot integrate: that socket goes, the server stays.
            if (origin) {
              this.refused.add(origin)
              this.rejectConnection(origin, error, 'malformedMessage', 'update could not be applied')
            } else {
              this.log.error('applying an update failed', { room: this.id, error: (error as Error).message })
            }
          }
        }
        if (judgeAgain.length > 0) {
          await this.catchUp()
          this.inbox.unshift(...judgeAgain)
          continue
        }
        if (this.unstored.length === 0) continue // nothing new: every update was already known
      }
      const batch = this.unstored.slice()
      const updates = batch.map((p) => p.update)
      const started = performance.now()
      let lastSeq: number
      try {
        lastSeq = await this.store.append(this.id, updates)
        this.metrics.stored((performance.now() - started) / 1000, updates.length)
      } catch (error) {
        this.metrics.storeFailed('append')
        this.log.error('storing updates failed; keeping them in memory and retrying', {
          room: this.id,
          updates: batch.length,
          retryInMs: delay,
          error: (error as Error).message,
        })
        await sleep(delay)
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs)
        continue
      }
      delay = this.options.retryDelayMs
      this.unstored.splice(0, batch.length)
      const firstSeq = lastSeq - batch.length + 1
      this.seqs.add(firstSeq, lastSeq)
      this.lastOwnSeq = lastSeq
      this.headAnnounced = false
      if (!this.destroyed) this.fanout.publish(this.id, { type: 'updates', firstSeq, updates })
      this.watchForGap()
      this.updatesSinceSnapshot += batch.length
      for (const { update } of batch) this.bytesSinceSnapshot += update.byteLength
      this.sendStored(batch)
      // The doc equals the store now, before the next inbox batch is applied: answer the joiners that waited.
      for (const answer of this.storedWaiters.splice(0)) answer()
      if (!this.hasUnsavedChanges) {
        for (const resolve of this.flushWaiters.splice(0)) resolve()
      }
      // Here too, not only once the loop ends: a store that answers asynchronously lets a steady stream of updates
      // keep the loop going for as long as it lasts, and the log must not grow all that time.
      if (this.shouldCompact()) await this.compact()
    }
    // The last batch may have changed nothing (updates the doc already had): nothing is pending, so say so.
    if (!this.hasUnsavedChanges) for (const resolve of this.flushWaiters.splice(0)) resolve()
    if (this.shouldCompact()) await this.compact()
  }

  /**
   * Sends a stored batch on. Each update is encoded into a frame once, whoever it goes to. When enough recipients
   * sent nothing in the batch, they get it merged instead (frames of up to `MERGED_FRAME_BYTES`, encoded once for
   * all of them): merging decodes and re-encodes the updates, which pays off only when many sockets are spared
   * frames. A socket that sent some of the batch gets the other updates one by one (its own it has already). A
   * merged update holds exactly what its parts held, and Yjs integrates it whatever the order of the parts.
   */
  private sendStored(batch: readonly PendingUpdate[]): void {
    const senders = new Set<Connection>()
    for (const { origin } of batch) if (origin) senders.add(origin)
    const mergeForOthers = batch.length > 1 && this.connections.size - senders.size >= MERGE_MIN_RECIPIENTS
    // Each form is encoded the first time a recipient needs it.
    let single: Array<{ frame: Uint8Array; origin: Connection | null }> | undefined
    let merged: Uint8Array[] | undefined
    for (const connection of this.connections) {
      if (mergeForOthers && !senders.has(connection)) {
        merged ??= mergedFrames(batch.map((p) => p.update))
        for (const frame of merged) connection.send(frame)
        continue
      }
      single ??= batch.map(({ update, origin }) => ({ frame: encodeUpdate(update), origin }))
      for (const { frame, origin } of single) if (origin !== connection) connection.send(frame)
    }
  }

  private shouldCompact(): boolean {
    return (
      this.updatesSinceSnapshot >= this.options.compactAfterUpdates ||
      this.bytesSinceSnapshot >= Math.max(this.options.compactAfterBytes, this.snapshotBytes)
    )
  }

  /** Resolves once every update received so far is stored. */
  whenFlushed(): Promise<void> {
    if (!this.hasUnsavedChanges) return Promise.resolve()
    return new Promise((resolve) => this.flushWaiters.push(resolve))
  }

  /**
   * Takes an update the server made itself (a card sent from the light card page) through the same path as a
   * client's: checked against the board schema and the size limit now and again just before it is applied, applied
   * between writes, stored, then sent to every socket. Resolves once it is stored; rejects with
   * `ServerUpdateRefused` when a check refuses it, or when the room is closing.
   */
  submitServerUpdate(update: Uint8Array): Promise<void> {
    if (this.closing || this.destroyed) return Promise.reject(new Error(`room ${this.id} is closing`))
    const verdict = checkUpdate(update, boardSchema, this.doc, 'server')
    if (!verdict.ok) return Promise.reject(new ServerUpdateRefused(verdict.code, verdict.reason))
    if (this.wouldExceedSizeLimit(update)) {
      return Promise.reject(new ServerUpdateRefused('documentTooLarge', `the board reached its size limit of ${this.options.maxDocumentBytes} bytes`))
    }
    this.inbox.push({ update, origin: null })
    this.scheduleFlush()
    return this.whenFlushed()
  }

  /**
   * Folds the update log into one snapshot, replacing the rows it covers. With several instances only the one holding
   * the board's compaction lock does it; the others skip (their next write tries again). A call while this room
   * compacts waits for that compaction (so an unload or a shutdown never closes the store under it).
   */
  compact(): Promise<void> {
    this.compacting ??= this.compactOnce().finally(() => (this.compacting = null))
    return this.compacting
  }

  private async compactOnce(): Promise<void> {
    if (this.destroyed || this.unstored.length > 0 || this.updatesSinceSnapshot === 0) return
    await this.fanout.withCompactionLock(this.id, async () => {
      // Only while everything in the doc is stored, and only through numbers the doc holds without a gap: then the
      // snapshot holds exactly what the log up to `throughSeq` holds, plus stored updates after it (which stay).
      if (this.destroyed || this.unstored.length > 0) return
      const throughSeq = this.seqs.contiguous
      const snapshot = Y.encodeStateAsUpdate(this.doc)
      const updates = this.updatesSinceSnapshot
      const bytes = this.bytesSinceSnapshot
      try {
        await this.store.compact(this.id, snapshot, throughSeq)
        this.metrics.compacted()
        this.updatesSinceSnapshot = Math.max(0, this.updatesSinceSnapshot - updates)
        this.bytesSinceSnapshot = Math.max(0, this.bytesSinceSnapshot - bytes)
        this.snapshotBytes = snapshot.byteLength
        this.log.debug('compacted', { room: this.id, throughSeq, bytes: snapshot.byteLength, folded: updates })
      } catch (error) {
        // The log is intact; compaction is tried again after the next writes.
        this.metrics.storeFailed('compact')
        this.log.error('compaction failed', { room: this.id, error: (error as Error).message })
      }
    })
  }

  // --- Other instances (docs/SCALEOUT.md) ------------------------------------------------------------------------

  /** Handles a message from the board's room on another instance. */
  receiveRemote(message: FanoutMessage): void {
    if (this.destroyed) return
    switch (message.type) {
      case 'updates': {
        const lastSeq = message.firstSeq + message.updates.length - 1
        this.seqs.note(lastSeq)
        if (!this.seqs.holds(message.firstSeq, lastSeq)) {
          this.metrics.remoteApplied(message.updates.length)
          for (const update of message.updates) {
            if (!this.applyRemote(update, message.from)) this.catchUpOwed = true
          }
          this.seqs.add(message.firstSeq, lastSeq)
          this.countStoredUpdates(message.updates)
        }
        this.watchForGap()
        break
      }
      case 'head':
        this.seqs.note(message.seq)
        this.watchForGap()
        break
      case 'awareness':
        this.presence.receiveFromInstance(message.from, message.update)
        break
      case 'awarenessQuery':
        this.presence.relayOwn()
        break
    }
  }

  /** Applies an update another instance stored; false if Yjs could not. */
  private applyRemote(update: Uint8Array, from: string): boolean {
    // If the doc holds structs waiting for a missing dependency (possibly a client's, not stored yet), this update
    // may integrate them too: then what the doc takes in goes through the store like a client's update.
    this.remoteMayCarryPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
    try {
      Y.applyUpdate(this.doc, update, { remote: from } satisfies RemoteOrigin)
      return true
    } catch (error) {
      this.log.error('applying an update from another instance failed', { room: this.id, from, error: (error as Error).message })
      return false
    } finally {
      this.remoteMayCarryPending = false
    }
  }

  private countStoredUpdates(updates: Uint8Array[]): void {
    this.updatesSinceSnapshot += updates.length
    for (const update of updates) this.bytesSinceSnapshot += update.byteLength
  }

  /** A gap in the numbers that stays open for `gapGraceMs` (no message fills it) is read from the store. */
  private watchForGap(): void {
    if (!(this.seqs.hasGap || this.catchUpOwed) || this.gapTimer || this.catchingUp || this.destroyed) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      if (this.seqs.hasGap || this.catchUpOwed) void this.catchUp()
    }, this.catchUpDelayMs)
  }

  /**
   * Reads from the store every update the doc may lack (those after `seqs.contiguous`) and applies them; they are
   * sent on to this instance's sockets like any other instance's update. Resolves once done (or failed: it is tried
   * again after `gapGraceMs` while a gap remains).
   */
  catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      this.catchUpOwed = false
      const from = this.seqs.contiguous
      try {
        const stored = await this.store.loadSince(this.id, from)
        if (this.destroyed) return
        if (stored.snapshot) this.applyRemote(stored.snapshot, 'store')
        for (const update of stored.updates) this.applyRemote(update, 'store')
        this.seqs.fillThrough(stored.lastSeq)
        if (stored.snapshot) {
          // Another instance compacted meanwhile: count from its snapshot.
          this.snapshotBytes = stored.snapshot.byteLength
          this.updatesSinceSnapshot = 0
          this.bytesSinceSnapshot = 0
        }
        this.countStoredUpdates(stored.updates)
        this.metrics.caughtUp(stored.updates.length + (stored.snapshot ? 1 : 0))
        this.log.debug('caught up from storage', { room: this.id, from, through: stored.lastSeq, updates: stored.updates.length })
        if (this.seqs.contiguous > from || !this.seqs.hasGap) {
          this.catchUpDelayMs = this.options.gapGraceMs
        } else {
          // The store has not got what the messages announced (yet): wait longer each time.
          this.catchUpDelayMs = Math.min(this.catchUpDelayMs * 2, this.options.maxRetryDelayMs)
          this.log.warn('the store is behind what other instances announced; trying again later', {
            room: this.id,
            stored: stored.lastSeq,
            announced: this.seqs.known,
            retryInMs: this.catchUpDelayMs,
          })
        }
      } catch (error) {
        this.metrics.storeFailed('load')
        this.catchUpOwed = true
        this.catchUpDelayMs = Math.min(this.catchUpDelayMs * 2, this.options.maxRetryDelayMs)
        this.log.error('catching up from storage failed; retrying', { room: this.id, retryInMs: this.catchUpDelayMs, error: (error as Error).message })
      } finally {
        this.catchingUp = null
        this.watchForGap()
      }
    })()
    return this.catchingUp
  }

  /**
   * Tells the other instances how far this one stored, if it stored anything since it last said so: a receiver that
   * lost the last `updates` message sees the gap. Sent periodically and after the bus reconnects.
   */
  announceHead(force = false): void {
    if (this.destroyed || this.fanout.kind === 'local' || this.lastOwnSeq === 0) return
    if (this.headAnnounced && !force) return
    this.headAnnounced = true
    this.fanout.publish(this.id, { type: 'head', seq: this.lastOwnSeq })
  }

  /**
   * After the bus was away: catch up from the store, say how far this instance stored, and ask for and send
   * everyone's presence again (presence messages may have been lost too).
   */
  async resync(): Promise<void> {
    this.announceHead(true)
    this.fanout.publish(this.id, { type: 'awarenessQuery' })
    this.presence.relayOwn()
    await this.catchUp()
  }

  /** Sends an empty awareness message to connections that heard nothing lately, so clients do not time out. */
  keepAlive(idleMs: number): void {
    const now = Date.now()
    let frame: Uint8Array | null = null
    for (const connection of this.connections) {
      if (now - connection.lastSentAt < idleMs) continue
      frame ??= this.presence.emptyFrame()
      connection.send(frame)
    }
  }

  /** Stops taking in frames, stores what is pending, then closes every socket with `reason`. */
  async close(reason: 'restarting'): Promise<void> {
    this.closing = true
    await this.whenFlushed()
    for (const connection of this.connections) connection.close(reason)
  }

  destroy(): void {
    this.destroyed = true
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
    this.presence.destroy()
    this.doc.off('update', this.onDocUpdate)
    this.doc.destroy()
  }
}

/** A server-made update (`Room.submitServerUpdate`) that a check refused; `code` is the close code a socket would get. */
export class ServerUpdateRefused extends Error {
  constructor(
    readonly code: RefusalCode | 'documentTooLarge',
    reason: string,
  ) {
    super(reason)
    this.name = 'ServerUpdateRefused'
  }
}

/**
 * The most bytes of waiting updates a room keeps decoded (about six times as much memory): enough for every update
 * of a busy room's batch, while a room whose updates pile up (a store that stalls) decodes the rest again.
 */
const DECODED_BUDGET_BYTES = 32 * 1024

/** Merged update frames stay about this size or below (one update larger than this goes alone). */
const MERGED_FRAME_BYTES = 64 * 1024
/** A batch is merged only for at least this many recipients; smaller rooms get each update's own frame. */
const MERGE_MIN_RECIPIENTS = 8

/** Update frames carrying `updates` in order, consecutive updates merged up to `MERGED_FRAME_BYTES` per frame. */
function mergedFrames(updates: readonly Uint8Array[]): Uint8Array[] {
  const frames: Uint8Array[] = []
  let group: Uint8Array[] = []
  let bytes = 0
  const close = () => {
    if (group.length > 0) frames.push(encodeUpdate(group.length === 1 ? group[0]! : Y.mergeUpdates(group)))
    group = []
    bytes = 0
  }
  for (const update of updates) {
    if (bytes + update.byteLength > MERGED_FRAME_BYTES) close()
    group.push(update)
    bytes += update.byteLength
  }
  close()
  return frames
}

function isConnection(origin: unknown, connections: Set<Connection>): origin is Connection {
  return connections.has(origin as Connection)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
