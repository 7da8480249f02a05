import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { guardAwarenessUpdate } from './awarenessGuard'
import type { Connection } from './Connection'
import { LocalFanout } from './Fanout'
import { RoomPresence } from './RoomPresence'

/** A socket as RoomPresence sees it: it records the frames sent to it. */
function fakeConnection(userId: string): Connection & { frames: Uint8Array[] } {
  const frames: Uint8Array[] = []
  return {
    frames,
    awarenessIds: new Set<number>(),
    principal: { userId, sessionId: `s-${userId}`, readOnly: false, person: { userId, name: userId, role: 'editor', sector: null, organisation: null } },
    send(frame: Uint8Array) {
      frames.push(frame)
      return true
    },
  } as unknown as Connection & { frames: Uint8Array[] }
}

/** What one client's awareness says about itself after `setLocalState(state)`, as it would send it. */
function clientUpdate(awareness: awarenessProtocol.Awareness, state: Record<string, unknown>): Uint8Array {
  awareness.setLocalState(state)
  return awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
}

/** Client ids in an awareness frame sent by the room. */
function idsIn(frame: Uint8Array): number[] {
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder) // message type
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const ids: number[] = []
  for (let n = decoding.readVarUint(update); n > 0; n--) {
    ids.push(decoding.readVarUint(update))
    decoding.readVarUint(update)
    decoding.readVarString(update)
  }
  return ids
}

describe('RoomPresence', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A room presence with `people` sockets, each of which announced a state (the first tick already sent). */
  function roomWith(people: number, options: { tickMs: number; statesPerSecond: number }, userOf = (i: number) => `u${i}`) {
    const connections = new Set<Connection & { frames: Uint8Array[] }>()
    const presence = new RoomPresence('board', new Y.Doc(), connections, new LocalFanout('test'), options.tickMs, options.statesPerSecond)
    const clients = Array.from({ length: people }, (_, i) => {
      const connection = fakeConnection(userOf(i))
      connections.add(connection)
      return { connection, awareness: new awarenessProtocol.Awareness(new Y.Doc()) }
    })
    for (const { connection, awareness } of clients) presence.receiveFromSocket(connection, clientUpdate(awareness, { cursor: { x: 0, y: 0 } }))
    vi.runOnlyPendingTimers()
    for (const { connection } of clients) connection.frames.length = 0
    return { presence, clients }
  }

  it('coalesces a tick of changes into one frame per recipient, with every changed state', () => {
    const { presence, clients } = roomWith(3, { tickMs: 40, statesPerSecond: 1_000 })
    for (const { connection, awareness } of clients) presence.receiveFromSocket(connection, clientUpdate(awareness, { cursor: { x: 1, y: 1 } }))
    vi.advanceTimersByTime(40)
    for (const { connection } of clients) {
      expect(connection.frames).toHaveLength(1)
      expect(idsIn(connection.frames[0]!).sort()).toEqual(clients.map((c) => c.awareness.clientID).sort())
    }
  })

  it('lengthens the tick in a big room so no recipient is sent more states a second than the budget', () => {
    // 50 people at 1,000 states a second: one tick every 50 ms instead of 40.
    const { presence, clients } = roomWith(50, { tickMs: 40, statesPerSecond: 1_000 })
    const [first] = clients
    presence.receiveFromSocket(first!.connection, clientUpdate(first!.awareness, { cursor: { x: 2, y: 2 } }))
    vi.advanceTimersByTime(40)
    expect(first!.connection.frames).toHaveLength(0)
    vi.advanceTimersByTime(10)
    expect(first!.connection.frames).toHaveLength(1)
  })

  it('drops the echo of a state it already has without parsing it, and still takes in news', () => {
    // One person on two devices: B may speak for A's client id, so only the clock keeps the echo from being parsed.
    const { presence, clients } = roomWith(2, { tickMs: 40, statesPerSecond: 1_000 }, () => 'same person')
    const [a, b] = clients
    // B sends back A's state as it received it (what the stock client does), but with broken JSON: never parsed.
    const aId = a!.awareness.clientID
    const clock = presence.awareness.meta.get(aId)!.clock
    const echo = awarenessProtocol.encodeAwarenessUpdate(a!.awareness, [aId])
    const broken = new Uint8Array(echo)
    broken[broken.length - 2] = 0 // inside the JSON text of the state
    expect(() => presence.receiveFromSocket(b!.connection, broken)).not.toThrow()
    expect(presence.awareness.meta.get(aId)!.clock).toBe(clock)
    // A's next move is news.
    presence.receiveFromSocket(a!.connection, clientUpdate(a!.awareness, { cursor: { x: 9, y: 9 } }))
    expect((presence.awareness.getStates().get(aId) as { cursor: { x: number } }).cursor.x).toBe(9)
  })
})

describe('guardAwarenessUpdate', () => {
  it('parses and checks every entry isNews lets through, and skips the others unread', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    const update = clientUpdate(awareness, { cursor: { x: 1, y: 1 } })
    const broken = new Uint8Array(update)
    broken[broken.length - 2] = 0
    const person = { userId: 'u', name: 'U', role: 'editor' as const, sector: null, organisation: null }
    expect(() => guardAwarenessUpdate(broken, () => true, person, () => true)).toThrow()
    expect(guardAwarenessUpdate(broken, () => true, person, () => false)).toBeNull()
  })
})
