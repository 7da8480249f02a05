import {
  atom,
  CameraRecordType,
  createShapeId,
  createTLStore,
  createUserId,
  defaultBindingUtils,
  defaultShapeUtils,
  InstancePageStateRecordType,
  InstancePresenceRecordType,
  PointerRecordType,
  TLINSTANCE_ID,
  TLPOINTER_ID,
  UserRecordType,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_PAGE_ID, initialBoardRecords } from '../../shared/boardSchema'
import { bindPresence, PRESENCE_FIELD, type PresenceOptions } from './presence'

const PEER = 'peer'

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

function newStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
}

/** What an editor keeps in its store for the person using it: the instance, page state, camera and pointer. */
function putSessionRecords(store: TLStore, pointer: { x: number; y: number } = { x: 0, y: 0 }) {
  store.put([
    ...initialBoardRecords(),
    store.schema.types.instance.create({ id: TLINSTANCE_ID, currentPageId: DEFAULT_PAGE_ID }),
    InstancePageStateRecordType.create({
      id: InstancePageStateRecordType.createId(DEFAULT_PAGE_ID),
      pageId: DEFAULT_PAGE_ID,
    }),
    CameraRecordType.create({ id: CameraRecordType.createId(DEFAULT_PAGE_ID), x: 3, y: 4, z: 1 }),
    PointerRecordType.create({ id: TLPOINTER_ID, x: pointer.x, y: pointer.y }),
  ])
}

function movePointer(store: TLStore, x: number, y: number) {
  store.update(TLPOINTER_ID, (pointer) => ({ ...pointer, x, y }))
}

function userAtom(id: string, name: string, color: string) {
  return atom<TLUser | null>('user', UserRecordType.create({ id: createUserId(id), name, color }))
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  vi.useRealTimers()
})

/**
 * Peers' awarenesses joined through a relay, as the y-websocket server joins them. Like a network, the relay delivers
 * later: messages wait in a queue until `deliver()`.
 */
class Network {
  readonly peers: Awareness[] = []
  /** How many messages each peer sent. */
  readonly sent = new Map<Awareness, number>()
  private readonly queue: Array<{ from: Awareness; update: Uint8Array }> = []

  join(): Awareness {
    const awareness = new Awareness(new Y.Doc())
    cleanups.push(() => awareness.destroy())
    this.sent.set(awareness, 0)
    awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === PEER) return
      this.sent.set(awareness, this.sent.get(awareness)! + 1)
      this.queue.push({ from: awareness, update: encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]) })
    })
    // Catch up with the peers already here, and tell them about this one.
    for (const other of this.peers) {
      applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [...other.getStates().keys()]), PEER)
      applyAwarenessUpdate(other, encodeAwarenessUpdate(awareness, [awareness.clientID]), PEER)
    }
    this.peers.push(awareness)
    return awareness
  }

  /** Delivers every message sent so far (and those sent while delivering). */
  deliver(): void {
    for (let message = this.queue.shift(); message; message = this.queue.shift()) {
      for (const peer of this.peers) if (peer !== message.from) applyAwarenessUpdate(peer, message.update, PEER)
    }
  }
}

function presencesIn(store: TLStore): TLInstancePresence[] {
  return store.query.records('instance_presence').get()
}

function presenceOf(store: TLStore, awareness: Awareness): TLInstancePresence | undefined {
  return store.get(InstancePresenceRecordType.createId(String(awareness.clientID)))
}

function bind(store: TLStore, awareness: Awareness, name: string, options: PresenceOptions = { throttleMs: 0 }) {
  const $user = userAtom(name.toLowerCase(), name, '#e03131')
  const dispose = bindPresence(store, awareness, $user, options)
  cleanups.push(dispose)
  return { $user, dispose }
}

describe('bindPresence', () => {
  it("shows A's presence in B's store, with A's name, cursor and camera", () => {
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const storeA = newStore()
    const storeB = newStore()
    putSessionRecords(storeA, { x: 10, y: 20 })
    putSessionRecords(storeB)
    bind(storeA, awA, 'Siti')
    bind(storeB, awB, 'Budi')
    expect(presenceOf(storeB, awA)).toBeUndefined() // not delivered yet
    net.deliver()

    expect(presenceOf(storeB, awA)).toMatchObject({
      typeName: 'instance_presence',
      userId: createUserId('siti'),
      userName: 'Siti',
      color: '#e03131',
      currentPageId: DEFAULT_PAGE_ID,
      cursor: { x: 10, y: 20 },
      camera: { x: 3, y: 4, z: 1 },
    })
    // Each store shows only the others: one record, and never its own.
    expect(presencesIn(storeB)).toHaveLength(1)
    expect(presenceOf(storeB, awB)).toBeUndefined()
    expect(presenceOf(storeA, awB)).toMatchObject({ userName: 'Budi' })
    expect(presencesIn(storeA)).toHaveLength(1)

    movePointer(storeA, 55, 66)
    net.deliver()
    expect(presenceOf(storeB, awA)?.cursor).toMatchObject({ x: 55, y: 66 })
  })

  it('shows presence already shared before binding', () => {
    const net = new Network()
    const awA = net.join()
    const storeA = newStore()
    putSessionRecords(storeA)
    bind(storeA, awA, 'Siti')
    net.deliver()
    const awB = net.join()
    const storeB = newStore()
    bind(storeB, awB, 'Budi')
    expect(presenceOf(storeB, awA)?.userName).toBe('Siti')
  })

  it('shows a presence once the peer has one, and follows name changes', () => {
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const storeA = newStore()
    const storeB = newStore()
    const { $user } = bind(storeA, awA, 'Siti')
    bind(storeB, awB, 'Budi')
    net.deliver()
    // A has no editor state yet, so nothing to show.
    expect(presencesIn(storeB)).toEqual([])

    putSessionRecords(storeA)
    net.deliver()
    expect(presenceOf(storeB, awA)?.userName).toBe('Siti')

    $user.set(UserRecordType.create({ id: createUserId('siti'), name: 'Siti N.', color: '#1971c2' }))
    net.deliver()
    expect(presenceOf(storeB, awA)).toMatchObject({ userName: 'Siti N.', color: '#1971c2' })
  })

  it("removes A's presence from B when A's awareness state goes", () => {
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const storeA = newStore()
    const storeB = newStore()
    putSessionRecords(storeA)
    bind(storeA, awA, 'Siti')
    bind(storeB, awB, 'Budi')
    net.deliver()
    expect(presenceOf(storeB, awA)).toBeDefined()

    awA.setLocalState(null)
    net.deliver()
    expect(awB.getStates().has(awA.clientID)).toBe(false)
    expect(presenceOf(storeB, awA)).toBeUndefined()
    expect(presencesIn(storeB)).toEqual([])
  })

  it("removes A's presence from B when A stops sharing, and A stops showing B", () => {
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const storeA = newStore()
    const storeB = newStore()
    putSessionRecords(storeA)
    putSessionRecords(storeB)
    const a = bind(storeA, awA, 'Siti')
    bind(storeB, awB, 'Budi')
    net.deliver()
    expect(presenceOf(storeB, awA)).toBeDefined()
    expect(presenceOf(storeA, awB)).toBeDefined()
    const sentBefore = net.sent.get(awA)!

    a.dispose()
    net.deliver()
    expect(presenceOf(storeB, awA)).toBeUndefined()
    expect(presencesIn(storeA)).toEqual([])

    // Nothing flows either way after that.
    const sentAtDispose = net.sent.get(awA)!
    expect(sentAtDispose).toBe(sentBefore + 1)
    movePointer(storeA, 1, 1)
    expect(net.sent.get(awA)).toBe(sentAtDispose)
    movePointer(storeB, 9, 9)
    net.deliver()
    expect(presencesIn(storeA)).toEqual([])
    expect(presenceOf(storeB, awA)).toBeUndefined()
  })

  it('ignores a malformed presence from a peer without throwing', () => {
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const awC = net.join() // a peer on some other version, or a broken client
    const storeA = newStore()
    const storeB = newStore()
    putSessionRecords(storeA)
    bind(storeA, awA, 'Siti')
    bind(storeB, awB, 'Budi')
    net.deliver()

    const malformed: unknown[] = [
      { userName: 42 },
      { cursor: 'here' },
      [1, 2, 3],
      'presence',
      7,
      { ...presenceOf(storeB, awA), camera: { x: 'left' } },
      { ...presenceOf(storeB, awA), selectedShapeIds: 'all' },
    ]
    for (const presence of malformed) {
      awC.setLocalStateField(PRESENCE_FIELD, presence)
      expect(() => net.deliver()).not.toThrow()
      expect(awB.getStates().get(awC.clientID)?.[PRESENCE_FIELD]).toEqual(presence) // it did arrive
      expect(presenceOf(storeB, awC)).toBeUndefined()
    }
    awC.setLocalState({ something: 'else' })
    expect(() => net.deliver()).not.toThrow()
    expect(presenceOf(storeB, awC)).toBeUndefined()

    // A presence cannot be used to put another kind of record in the store: the id and type are the receiver's.
    awC.setLocalStateField(PRESENCE_FIELD, { ...presenceOf(storeB, awA), typeName: 'shape', id: createShapeId('sneaky') })
    net.deliver()
    expect(storeB.has(createShapeId('sneaky'))).toBe(false)
    expect(presenceOf(storeB, awC)?.typeName).toBe('instance_presence')
    // A peer whose presence turns malformed is hidden, not frozen at its last good state.
    awC.setLocalStateField(PRESENCE_FIELD, { cursor: 'here' })
    net.deliver()
    expect(presenceOf(storeB, awC)).toBeUndefined()
    awC.setLocalStateField(PRESENCE_FIELD, { ...presenceOf(storeB, awA), userName: 'Cici' })
    net.deliver()
    expect(presenceOf(storeB, awC)?.userName).toBe('Cici')
    awC.setLocalStateField(PRESENCE_FIELD, null)
    net.deliver()
    expect(presenceOf(storeB, awC)).toBeUndefined()

    // The good presence is still there and still updates.
    expect(presencesIn(storeB).map((p) => p.userName)).toEqual(['Siti'])
    movePointer(storeA, 7, 8)
    net.deliver()
    expect(presenceOf(storeB, awA)?.cursor).toMatchObject({ x: 7, y: 8 })
  })

  it('throttles presence messages and always sends the last state', () => {
    vi.useFakeTimers()
    const net = new Network()
    const awA = net.join()
    const awB = net.join()
    const storeA = newStore()
    const storeB = newStore()
    putSessionRecords(storeA)
    bind(storeA, awA, 'Siti', {}) // the default throttle, 50 ms
    bind(storeB, awB, 'Budi')
    vi.advanceTimersByTime(1_000)
    net.deliver()
    const sentBefore = net.sent.get(awA)!
    const cursorInB = () => {
      net.deliver()
      return presenceOf(storeB, awA)?.cursor
    }

    // 200 pointer moves, one every millisecond.
    for (let i = 1; i <= 200; i++) {
      movePointer(storeA, i, -i)
      vi.advanceTimersByTime(1)
    }
    const sentDuringMoves = net.sent.get(awA)! - sentBefore
    expect(sentDuringMoves).toBeGreaterThanOrEqual(3)
    expect(sentDuringMoves).toBeLessThanOrEqual(6) // ~200 ms / 50 ms, not 200

    vi.advanceTimersByTime(100)
    expect(cursorInB()).toMatchObject({ x: 200, y: -200 })
    const sentTotal = net.sent.get(awA)! - sentBefore
    expect(sentTotal).toBeLessThanOrEqual(sentDuringMoves + 1)

    // Quiet now: no more messages.
    vi.advanceTimersByTime(1_000)
    expect(net.sent.get(awA)! - sentBefore).toBe(sentTotal)

    // A burst after a quiet spell: the first move goes at once, the last one within the throttle window.
    movePointer(storeA, 300, 300)
    expect(cursorInB()).toMatchObject({ x: 300, y: 300 })
    movePointer(storeA, 301, 301)
    movePointer(storeA, 302, 302)
    expect(cursorInB()).toMatchObject({ x: 300, y: 300 })
    vi.advanceTimersByTime(50)
    expect(cursorInB()).toMatchObject({ x: 302, y: 302 })
    expect(net.sent.get(awA)! - sentBefore).toBe(sentTotal + 2)
  })
})
