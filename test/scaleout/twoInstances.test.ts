/**
 * Two Rembug instances in one process on one PostgreSQL and one Redis (docs/SCALEOUT.md), with stock y-websocket
 * clients on each:
 * - edits and presence on one instance reach the clients of the other live, through the fan-out;
 * - a client opening a board for the first time on B sees what was written on A;
 * - a fan-out message that never arrives is caught up from the store (a gap in the sequence numbers, or a head);
 * - only one instance compacts a board at a time (the Redis lock), and the stored log stays whole.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { boardRecords, readRecords } from '../../shared/boardDoc'
import { readFacilitation } from '../../shared/facilitation/state'
import { RedisFanout } from '../../server/collab/RedisFanout'
import type { Fanout, FanoutPayload } from '../../server/collab/Fanout'
import { createLogger } from '../../server/logger'
import { geoShape } from '../fixtures/geoShape'
import { newRedisPrefix, redisUrl, skipWithoutRedis } from '../helpers/redis'
import { call, invite, joinAsGuest, signup } from '../helpers/auth'
import { cleanup, openRawSocket, sleep, waitFor, withTimeout } from '../helpers/server'
import { CloseCode } from '../../shared/codes'
import { canRunCluster, clusterSkipReason, startCluster, type Cluster, type Instance } from './cluster'

const recordIds = (doc: Y.Doc) => readRecords(doc).map((r: TLRecord) => r.id).sort()
const shapeX = (doc: Y.Doc, id: string) => (readRecords(doc).find((r) => r.id === id) as { x?: number } | undefined)?.x

if (!canRunCluster) console.warn(`two-instance tests ${clusterSkipReason}`)

let cluster: Cluster | null = null
afterEach(async () => {
  await cleanup()
  await cluster?.close()
  cluster = null
})

describe.skipIf(!canRunCluster)(`two instances behind a load balancer${canRunCluster ? '' : ` — ${clusterSkipReason}`}`, () => {
  it('edits on A reach a client on B live, and edits on B reach A', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    const onB = cluster.peer(1, board.id)
    await Promise.all([onA.synced, onB.synced])
    const [a, b] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]]

    const started = Date.now()
    boardRecords(onA.doc).set('shape:from-a', geoShape('from-a', { x: 11 }))
    await waitFor(() => shapeX(onB.doc, 'shape:from-a') === 11, 5_000, 'A’s edit on B')
    const latencyMs = Date.now() - started
    boardRecords(onB.doc).set('shape:from-b', geoShape('from-b', { x: 22 }))
    await waitFor(() => shapeX(onA.doc, 'shape:from-b') === 22, 5_000, 'B’s edit on A')

    // Through the fan-out, not a catch-up from the store.
    expect(b.server.fanout.stats.received).toBeGreaterThan(0)
    expect(a.server.fanout.stats.received).toBeGreaterThan(0)
    expect(latencyMs).toBeLessThan(2_000)
    expect(recordIds(onA.doc)).toEqual(recordIds(onB.doc))
    expect(Y.encodeStateVector(onA.doc)).toEqual(Y.encodeStateVector(onB.doc))

    // Stored once each, and the store holds what both clients hold.
    expect(recordIds(await cluster.storedDoc(board.id))).toEqual(recordIds(onA.doc))
    const metricsB = await (await fetch(`${b.url}/metrics`)).text()
    expect(metricsB).toMatch(/^rembug_fanout_received_total [1-9]/m)
    expect(metricsB).toMatch(/^rembug_fanout_updates_applied_total [1-9]/m)
  })

  it('many edits from both sides at once converge on both instances and in the store', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const peers = [cluster.peer(0, board.id), cluster.peer(0, board.id), cluster.peer(1, board.id), cluster.peer(1, board.id)]
    await Promise.all(peers.map((p) => p.synced))
    for (let round = 0; round < 30; round++) {
      peers.forEach((peer, i) => boardRecords(peer.doc).set(`shape:p${i}-${round % 7}`, geoShape(`p${i}-${round % 7}`, { x: round })))
      if (round % 5 === 4) await sleep(5)
    }
    await waitFor(
      async () => {
        const expected = peers.map((p) => JSON.stringify(readRecords(p.doc).sort((x, y) => x.id.localeCompare(y.id))))
        return expected.every((e) => e === expected[0]) && recordIds(peers[0]!.doc).length === 2 + 4 * 7
      },
      10_000,
      'all four clients to converge',
    )
    const stored = await cluster.storedDoc(board.id)
    expect(JSON.stringify(readRecords(stored).sort((x, y) => x.id.localeCompare(y.id)))).toBe(
      JSON.stringify(readRecords(peers[0]!.doc).sort((x, y) => x.id.localeCompare(y.id))),
    )
  })

  it('presence on A is seen on B, with the person the server knows, and goes when the socket closes', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    const onB = cluster.peer(1, board.id)
    await Promise.all([onA.synced, onB.synced])
    onA.awareness.setLocalState({ presence: { cursor: { x: 5, y: 6 } }, person: { name: 'impostor' } })
    await waitFor(() => {
      const state = onB.awareness.getStates().get(onA.doc.clientID) as { presence?: { cursor?: { x: number } }; person?: { name?: string } } | undefined
      return state?.presence?.cursor?.x === 5 && state.person?.name === 'Fasilitator'
    }, 5_000, 'A’s presence on B')
    onA.provider.disconnect()
    await waitFor(() => !onB.awareness.getStates().has(onA.doc.clientID), 5_000, 'A’s presence to leave B')
  })

  it('access that ends or changes on A closes the sockets it concerns on B: a revoked invite (4403), a new role (4509) and a logout (4401)', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const [a, b] = cluster.instances as [Instance, Instance]
    const created = await invite(a.url, cluster.owner, board.id, 'editor')
    const guest = await joinAsGuest(a.url, created.code, 'Tamu')
    const budi = await signup(a.url, { name: 'Budi' })
    const viewerCode = (await invite(a.url, cluster.owner, board.id, 'viewer')).code
    expect((await call(a.url, budi, 'POST', '/api/join', { code: viewerCode, name: 'Budi' })).status).toBe(200)
    const guestOnB = openRawSocket(b.wsUrl, board.id, { as: guest, origin: b.url })
    const ownerOnB = openRawSocket(b.wsUrl, board.id, { as: cluster.owner, origin: b.url })
    const budiOnB = openRawSocket(b.wsUrl, board.id, { as: budi, origin: b.url })
    await Promise.all([guestOnB.opened, ownerOnB.opened, budiOnB.opened])
    await waitFor(() => b.server.rooms.connectionsOnBoard(board.id) === 3, 5_000, 'three sockets on B')

    expect((await call(a.url, cluster.owner, 'POST', `/api/boards/${board.id}/members`, { email: budi.user.email, role: 'facilitator' })).status).toBe(201)
    expect((await withTimeout(budiOnB.closed, 5_000, 'Budi’s socket on B to close')).code).toBe(CloseCode.roleChanged)

    expect((await call(a.url, cluster.owner, 'DELETE', `/api/boards/${board.id}/invites/${created.id}`)).status).toBe(204)
    expect((await withTimeout(guestOnB.closed, 5_000, 'the guest’s socket on B to close')).code).toBe(CloseCode.forbidden)

    expect((await call(a.url, cluster.owner, 'POST', '/api/auth/logout')).status).toBe(204)
    expect((await withTimeout(ownerOnB.closed, 5_000, 'the owner’s socket on B to close')).code).toBe(CloseCode.unauthorized)
  })

  it('a client opening the board on B for the first time sees every edit made on A', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    await onA.synced
    for (let i = 1; i <= 40; i++) boardRecords(onA.doc).set(`shape:a${i}`, geoShape(`a${i}`, { x: i }))
    await waitFor(async () => recordIds(await cluster!.storedDoc(board.id)).length === 42, 5_000, 'A’s edits to be stored')
    expect(cluster.instances[1]!.server.rooms.loadedRoom(board.id)).toBeUndefined()

    const firstOnB = cluster.peer(1, board.id)
    await firstOnB.synced
    expect(recordIds(firstOnB.doc)).toEqual(recordIds(onA.doc))
    expect(shapeX(firstOnB.doc, 'shape:a40')).toBe(40)
  })

  it('an update whose fan-out message is lost still reaches B, read from the store (head, then gap)', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    const onB = cluster.peer(1, board.id)
    await Promise.all([onA.synced, onB.synced])
    const a = cluster.instances[0]!.server
    const b = cluster.instances[1]!.server
    const dropped: FanoutPayload[] = []
    dropNextUpdates(a.fanout, dropped, 1)

    // The only message about this edit is lost: B learns of it from A's next head (300 ms here).
    boardRecords(onA.doc).set('shape:lost', geoShape('lost', { x: 1 }))
    await waitFor(() => shapeX(onB.doc, 'shape:lost') === 1, 5_000, 'the lost edit on B (head)')
    expect(dropped).toHaveLength(1)

    // Lost, then a later message arrives: the gap shows at once.
    dropNextUpdates(a.fanout, dropped, 1)
    boardRecords(onA.doc).set('shape:lost2', geoShape('lost2', { x: 2 }))
    await waitFor(() => dropped.length === 2, 2_000, 'the second message to be dropped')
    boardRecords(onA.doc).set('shape:after', geoShape('after', { x: 3 }))
    await waitFor(() => shapeX(onB.doc, 'shape:lost2') === 2 && shapeX(onB.doc, 'shape:after') === 3, 5_000, 'both edits on B (gap)')
    const metricsB = await (await fetch(`${b.url}/metrics`)).text()
    expect(Number(/^rembug_gap_catchups_total (\d+)/m.exec(metricsB)?.[1])).toBeGreaterThanOrEqual(2)
    expect(recordIds(onB.doc)).toEqual(recordIds(onA.doc))
  })

  it('a client passing on facilitation state B has not received yet is not refused: B reads the store and takes it', async () => {
    cluster = await startCluster()
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    const onB = cluster.peer(1, board.id)
    await Promise.all([onA.synced, onB.synced])
    const a = cluster.instances[0]!.server
    // Nothing of A reaches B for now: neither the update nor the heads that would reveal the gap.
    const publish = a.fanout.publish.bind(a.fanout)
    a.fanout.publish = () => {}
    const summoned = await call(cluster.instances[0]!.url, cluster.owner, 'POST', `/api/boards/${board.id}/facilitation`, { type: 'summon', on: true })
    expect(summoned.status).toBe(200)
    await waitFor(() => readFacilitation(onA.doc).summon !== null, 5_000, 'the summons on A’s client')
    expect(readFacilitation(onB.doc).summon).toBeNull()

    // A client that got it from A (its copy of the board) connects to B, which lacks it: its sync sends it along.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(onA.doc))
    const mover = cluster.peer(1, board.id, undefined, copy)
    await mover.synced
    await waitFor(() => readFacilitation(onB.doc).summon !== null, 5_000, 'the summons to reach B’s other client')
    expect(mover.provider.wsconnected).toBe(true)
    a.fanout.publish = publish
  })

  it('both instances compacting one busy board keep a stored log that rebuilds everything', async () => {
    cluster = await startCluster({ rooms: { room: { compactAfterUpdates: 10, compactAfterBytes: 1 } }, limits: { updateRate: { perSecond: 10_000, burst: 10_000 } } })
    const board = await cluster.createBoard()
    const onA = cluster.peer(0, board.id)
    const onB = cluster.peer(1, board.id)
    await Promise.all([onA.synced, onB.synced])
    for (let i = 0; i < 120; i++) {
      boardRecords(onA.doc).set(`shape:a${i % 9}`, geoShape(`a${i % 9}`, { x: i }))
      boardRecords(onB.doc).set(`shape:b${i % 9}`, geoShape(`b${i % 9}`, { x: i }))
      if (i % 10 === 9) await sleep(10)
    }
    await waitFor(() => recordIds(onA.doc).length === 20 && JSON.stringify(readRecords(onA.doc).sort((x, y) => x.id.localeCompare(y.id))) === JSON.stringify(readRecords(onB.doc).sort((x, y) => x.id.localeCompare(y.id))), 10_000, 'the clients to converge')
    await waitFor(async () => {
      const stored = await cluster!.storedDoc(board.id)
      return JSON.stringify(readRecords(stored).sort((x, y) => x.id.localeCompare(y.id))) === JSON.stringify(readRecords(onA.doc).sort((x, y) => x.id.localeCompare(y.id)))
    }, 10_000, 'the store to hold what the clients hold')
    const [a, b] = cluster.instances.map((i) => i.server)
    const compactions = await Promise.all([a!, b!].map(async (s) => Number(/^rembug_compactions_total (\d+)/m.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1])))
    expect(compactions[0]! + compactions[1]!).toBeGreaterThan(0)
    const size = await a!.storage.docs.size(board.id)
    expect(size.updates).toBeLessThan(240)
  })
})

describe.skipIf(!redisUrl)(`the Redis compaction lock${redisUrl ? '' : ` — ${skipWithoutRedis}`}`, () => {
  const log = createLogger('silent')

  it('one instance holds a board’s lock at a time; the other skips without running its task; other boards are free', async () => {
    const prefix = newRedisPrefix()
    const one = await RedisFanout.open({ url: redisUrl!, prefix, instanceId: 'one', log })
    const two = await RedisFanout.open({ url: redisUrl!, prefix, instanceId: 'two', log })
    try {
      let release!: () => void
      const holding = new Promise<void>((resolve) => (release = resolve))
      let ran = 0
      const first = one.withCompactionLock('board', async () => {
        ran++
        await holding
      })
      await sleep(50)
      expect(await two.withCompactionLock('board', async () => void ran++)).toBe(false)
      expect(two.stats.lockBusy).toBe(1)
      expect(await two.withCompactionLock('other-board', async () => void ran++)).toBe(true)
      release()
      expect(await first).toBe(true)
      expect(ran).toBe(2)
      // Released: the other instance gets it now.
      expect(await two.withCompactionLock('board', async () => void ran++)).toBe(true)
      expect(ran).toBe(3)
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('a lock whose holder died frees itself, and the late holder does not release the new holder’s lock', async () => {
    const prefix = newRedisPrefix()
    const slow = await RedisFanout.open({ url: redisUrl!, prefix, instanceId: 'slow', log, lockTtlMs: 100 })
    const other = await RedisFanout.open({ url: redisUrl!, prefix, instanceId: 'other', log, lockTtlMs: 10_000 })
    try {
      let otherHolds!: () => void
      const otherHolding = new Promise<void>((resolve) => (otherHolds = resolve))
      let releaseOther!: () => void
      const otherDone = new Promise<void>((resolve) => (releaseOther = resolve))
      const slowRun = slow.withCompactionLock('board', async () => {
        await sleep(250) // outlives its 100 ms lock
        await otherHolding
      })
      await sleep(150)
      const otherRun = other.withCompactionLock('board', async () => {
        otherHolds()
        await otherDone
      })
      expect(await slowRun).toBe(true)
      // The slow one released "its" lock after it had expired and been taken: the other's lock must still be there.
      const third = await RedisFanout.open({ url: redisUrl!, prefix, instanceId: 'third', log })
      try {
        expect(await third.withCompactionLock('board', async () => {})).toBe(false)
        releaseOther()
        expect(await otherRun).toBe(true)
        expect(await third.withCompactionLock('board', async () => {})).toBe(true)
      } finally {
        await third.close()
      }
    } finally {
      await slow.close()
      await other.close()
    }
  })
})

/** Makes the next `count` `updates` messages of a fan-out vanish, as if Redis lost them. */
function dropNextUpdates(fanout: Fanout, dropped: FanoutPayload[], count: number): void {
  const publish = fanout.publish.bind(fanout)
  let left = count
  fanout.publish = (boardId, payload) => {
    if (payload.type === 'updates' && left > 0) {
      left--
      dropped.push(payload)
      if (left === 0) fanout.publish = publish
      return
    }
    publish(boardId, payload)
  }
}
