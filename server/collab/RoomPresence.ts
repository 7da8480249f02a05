import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { PERSON_FIELD } from '../../shared/access'
import { guardAwarenessUpdate } from './awarenessGuard'
import type { Connection } from './Connection'
import { isRemote, type Fanout, type RemoteOrigin } from './Fanout'
import { encodeAwareness } from './messages'


/**
 * The presence (y-protocols awareness) of everyone on a board, for one room.
 *
 * - **Presence belongs to its socket.** The first socket to announce an awareness client id owns it; another
 *   socket may change it only if it is the same person's (a phone that reconnects before its old socket was noticed
 *   gone). The `person` field is written from the session, never taken from the client.
 * - **Coalesced.** Changes are gathered for one tick and sent as one message to every socket of the room. The tick
 *   grows with the room, so a recipient is never sent more than a set number of presence states a second.
 * - **Each instance owns its own sockets' presence.** Their changes are relayed to the other instances through the
 *   fan-out; what another instance says about a client id one of our sockets owns is stale and dropped.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness
  private changed = new Set<number>()
  /** Changes of our own sockets' presence in the current tick: the ones relayed. */
  private changedOwn = new Set<number>()
  /** Which of our sockets announced each client id. */
  private readonly owners = new Map<number, Connection>()
  /** Client ids announced by another instance's sockets, and which instance. */
  private readonly remoteOwners = new Map<number, string>()
  private timer: NodeJS.Timeout | null = null
  private destroyed = false

  constructor(
    private readonly boardId: string,
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly fanout: Fanout,
    private readonly tickMs: number,
    private readonly statesPerSecond: number,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onUpdate)
  }

  /** One awareness message with every known state, or null when nobody is present. */
  everyoneFrame(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length > 0 ? encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)) : null
  }

  /** An awareness message with no state: a keep-alive. */
  emptyFrame(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, []))
  }

  /** Applies a socket's awareness update, keeping only the entries it may control. Throws on a malformed update. */
  receiveFromSocket(connection: Connection, update: Uint8Array): void {
    const guarded = guardAwarenessUpdate(update, (clientId) => this.mayControl(connection, clientId), connection.principal?.person ?? null, this.isNews)
    if (guarded) awarenessProtocol.applyAwarenessUpdate(this.awareness, guarded, connection)
  }

  /** Applies presence another instance relayed, except for client ids our own sockets own. */
  receiveFromInstance(from: string, update: Uint8Array): void {
    const foreign = guardAwarenessUpdate(update, (clientId) => !this.owners.has(clientId), null, this.isNews)
    if (foreign) awarenessProtocol.applyAwarenessUpdate(this.awareness, foreign, { remote: from } satisfies RemoteOrigin)
  }

  /** Removes the presence a closing socket announced. */
  removeSocket(connection: Connection): void {
    if (connection.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], connection)
  }

  /** Sends our sockets' presence (every id they own, or the given ones) to the other instances. */
  relayOwn(ids: number[] = [...this.owners.keys()]): void {
    if (ids.length === 0 || this.fanout.kind === 'local' || this.destroyed) return
    this.fanout.publish(this.boardId, { type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) })
  }

  /**
   * Whether an entry about a client id the room knows could change anything: `applyAwarenessUpdate` takes only a
   * newer clock, or the same clock removing a state that is there (y-protocols' own rule). Anything else is an echo
   * or stale, and is skipped unparsed. Entries about ids the room does not know always go through the full check.
   */
  private readonly isNews = (clientId: number, clock: number, removes: boolean): boolean => {
    const meta = this.awareness.meta.get(clientId)
    if (!meta) return true
    return meta.clock < clock || (meta.clock === clock && removes && this.awareness.states.has(clientId))
  }

  /**
   * Whether a socket may change the presence of a client id: one nobody announced, its own, or one announced by
   * another socket of the same person — on this instance, or on another (the phone came back through another one).
   */
  private mayControl(connection: Connection, clientId: number): boolean {
    const owner = this.owners.get(clientId)
    if (owner) return owner === connection || samePerson(owner, connection)
    if (!this.remoteOwners.has(clientId)) return true
    const state = this.awareness.getStates().get(clientId) as Record<string, { userId?: unknown } | undefined> | undefined
    return connection.principal !== null && state?.[PERSON_FIELD]?.userId === connection.principal.userId
  }

  private readonly onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed]
    if (isRemote(origin)) {
      for (const id of [...added, ...updated]) this.remoteOwners.set(id, origin.remote)
    } else {
      // Ours to relay: our sockets' changes, and the removal of presence they owned (closed, timed out).
      for (const id of changed) if (this.connections.has(origin as Connection) || this.owners.has(id)) this.changedOwn.add(id)
    }
    if (this.connections.has(origin as Connection)) {
      const socket = origin as Connection
      for (const id of [...added, ...updated]) {
        const previous = this.owners.get(id)
        if (previous && previous !== socket) previous.awarenessIds.delete(id)
        socket.awarenessIds.add(id)
        this.owners.set(id, socket)
        this.remoteOwners.delete(id)
      }
    }
    for (const id of removed) {
      this.owners.get(id)?.awarenessIds.delete(id)
      this.owners.delete(id)
      this.remoteOwners.delete(id)
    }
    for (const id of changed) this.changed.add(id)
    if (!this.timer && !this.destroyed) this.timer = setTimeout(this.flush, this.tickNow())
  }

  /**
   * The tick for the room as it is now: `tickMs`, or longer in a room so big that every recipient would otherwise be
   * sent more than `statesPerSecond` presence states a second (each person's state at most once a tick, so a tick of
   * people / statesPerSecond seconds keeps every recipient at that rate however many move at once).
   */
  private tickNow(): number {
    return Math.max(this.tickMs, (1000 * this.awareness.states.size) / this.statesPerSecond)
  }

  /** One awareness message per tick with every state that changed, encoded once, sent to everyone (the sender too: it is their keep-alive). */
  private readonly flush = (): void => {
    this.timer = null
    if (this.changed.size === 0) return
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.changed]))
    this.changed.clear()
    for (const connection of this.connections) connection.send(frame)
    this.relayOwn([...this.changedOwn])
    this.changedOwn.clear()
  }

  destroy(): void {
    this.destroyed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.awareness.destroy()
  }
}

function samePerson(a: Connection, b: Connection): boolean {
  return a.principal !== null && b.principal !== null && a.principal.userId === b.principal.userId
}
