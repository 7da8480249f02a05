/**
 * Facilitation state against a real server and stock y-websocket clients: only the server writes it (a socket that
 * tries is closed with 4422, whatever its role), owners and facilitators change it through the API and everyone sees
 * the change; the timer reads the same on clients with skewed clocks; the projector socket never writes; the light
 * card page follows the running phase; `/api/time` and `/api/hub`.
 */
import type { TLShape } from '@tldraw/tlschema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { facilitationMap, readFacilitation, type TimerState } from '../shared/facilitation/state'
import { clockOffset, timerRemaining, type ClockSample } from '../shared/facilitation/timer'
import { CloseCode } from '../shared/codes'
import { joinBase } from '../server/lanBanner'
import { geoShape } from './fixtures/geoShape'
import { call, type Person } from './helpers/auth'
import { cleanup, loadStoredDoc, sleep, waitFor } from './helpers/server'
import { closeCodes, command, destroyExtraPeers, ok, participant, peerOf, put, recordIn, workshop, type Workshop } from './facilitationSetup'

let w: Workshop
let editor: Person
let viewer: Person

beforeEach(async () => {
  w = await workshop()
  editor = await participant(w, 'Budi', 'masyarakat_sipil')
  viewer = await participant(w, 'Layar', null, 'viewer')
})
afterEach(async () => {
  destroyExtraPeers()
  await cleanup()
})

function roomDoc(): Y.Doc {
  return w.t.server.rooms.loadedRoom(w.boardId)!.doc
}

describe('only the server writes the facilitation state', () => {
  it.each([
    ['an editor', () => editor],
    ['a facilitator', () => w.facilitator],
  ])('closes the socket of %s that writes into it with 4422; the doc and the others stay as they were', async (_who, who) => {
    const writer = peerOf(w, who())
    const other = peerOf(w, editor)
    await Promise.all([writer.synced, other.synced])
    const codes = closeCodes(writer)
    facilitationMap(writer.doc).set('locks', { board: false, frames: [] })
    facilitationMap(writer.doc).set('phase', { step: 3, frameId: w.frames[3], startedAt: Date.now() })
    await waitFor(() => codes.includes(CloseCode.invalidRecord), 3_000, 'the writer to be closed with 4422')

    // A later edit by the other peer is stored and reaches it: the refused one never went anywhere.
    put(other, geoShape(1))
    await waitFor(async () => recordIn(await loadStoredDoc(w.t.server.storage, w.boardId), geoShape(1).id) !== undefined)
    for (const doc of [other.doc, roomDoc(), await loadStoredDoc(w.t.server.storage, w.boardId)]) {
      expect(facilitationMap(doc).size).toBe(0)
      expect(readFacilitation(doc).phase).toBeNull()
    }
  })

  it('refuses a client deleting a value the server wrote', async () => {
    await ok(w, w.facilitator, { type: 'summon', on: true })
    const writer = peerOf(w, w.t.owner)
    await writer.synced
    await waitFor(() => readFacilitation(writer.doc).summon !== null)
    const codes = closeCodes(writer)
    facilitationMap(writer.doc).delete('summon')
    await waitFor(() => codes.includes(CloseCode.invalidRecord), 3_000, 'the owner’s socket to be closed with 4422')
    await sleep(50)
    expect(readFacilitation(roomDoc()).summon?.userId).toBe(w.facilitator.user.id)
  })

  it('takes the same change from the facilitator through the API and sends it to every client', async () => {
    const peers = [peerOf(w, editor), peerOf(w, viewer), peerOf(w, w.t.owner, { view: 'projector' })]
    await Promise.all(peers.map((p) => p.synced))
    const state = await ok(w, w.facilitator, { type: 'phase', step: 2 })
    expect(state.phase).toEqual({ step: 2, frameId: w.frames[2], startedAt: expect.any(Number) })
    expect(Math.abs(state.phase!.startedAt - Date.now())).toBeLessThan(5_000)
    for (const peer of peers) {
      await waitFor(() => readFacilitation(peer.doc).phase?.step === 2, 3_000, 'the phase to reach every client')
      expect(readFacilitation(peer.doc).phase).toEqual(state.phase)
    }
    expect(readFacilitation(await loadStoredDoc(w.t.server.storage, w.boardId)).phase).toEqual(state.phase)
    // The owner may too; ending the agenda clears the phase.
    expect((await ok(w, w.t.owner, { type: 'phase', step: null })).phase).toBeNull()
    await waitFor(() => readFacilitation(peers[0]!.doc).phase === null)
  })

  it('answers 403 to an editor and a viewer, 401 without a session, 400 for a bad command, and changes nothing', async () => {
    for (const person of [editor, viewer]) {
      const answer = await command(w, person, { type: 'phase', step: 1 })
      expect(answer.status).toBe(403)
      expect(answer.body.error?.code).toBe('forbidden')
    }
    expect((await call(w.t.url, null, 'POST', `/api/boards/${w.boardId}/facilitation`, { type: 'phase', step: 1 })).status).toBe(401)
    for (const bad of [{ type: 'phase', step: 9 }, { type: 'timer', action: 'set', durationMs: -5 }, { type: 'teleport' }]) {
      const answer = await call<{ error: { code: string } }>(w.t.url, w.facilitator, 'POST', `/api/boards/${w.boardId}/facilitation`, bad)
      expect(answer.status, JSON.stringify(bad)).toBe(400)
    }
    const stored = await loadStoredDoc(w.t.server.storage, w.boardId)
    expect(facilitationMap(stored).size).toBe(0)
  })

  it('answers 409 to commands that do not fit the state', async () => {
    const conflicts = [
      { type: 'timer', action: 'start' },
      { type: 'vote', action: 'reveal' },
      { type: 'private', action: 'reveal' },
      { type: 'adopt', shapeId: w.frames[3] },
      { type: 'lock', target: 'shape:nowhere', locked: true },
      { type: 'vote', action: 'open', frameId: w.frames[5], dots: 3 }, // an empty frame: nothing to vote on
    ] as const
    for (const body of conflicts) {
      const answer = await command(w, w.facilitator, body)
      expect(answer.status, JSON.stringify(body)).toBe(409)
      expect(answer.body.error?.code).toBe('conflict')
    }
  })
})

describe('the projector socket', () => {
  it('opens the board read-only for a facilitator: its writes never reach the doc, it still receives everything', async () => {
    const projector = peerOf(w, w.facilitator, { view: 'projector' })
    const other = peerOf(w, editor)
    await Promise.all([projector.synced, other.synced])
    put(projector, geoShape(1))
    facilitationMap(projector.doc).set('summon', { userId: 'x', name: 'x', since: 1 })
    // Ordering barrier: an edit sent after it arrives everywhere, the projector's never does.
    await sleep(100)
    put(other, geoShape(2))
    await waitFor(() => recordIn(projector.doc, geoShape(2).id) !== undefined, 3_000, 'the editor’s edit at the projector')
    await waitFor(async () => recordIn(await loadStoredDoc(w.t.server.storage, w.boardId), geoShape(2).id) !== undefined)
    expect(recordIn(other.doc, geoShape(1).id)).toBeUndefined()
    expect(recordIn(roomDoc(), geoShape(1).id)).toBeUndefined()
    expect(facilitationMap(roomDoc()).size).toBe(0)
    expect(recordIn(await loadStoredDoc(w.t.server.storage, w.boardId), geoShape(1).id)).toBeUndefined()
    // The same person without the parameter writes as usual.
    const desk = peerOf(w, w.facilitator)
    await desk.synced
    put(desk, geoShape(3))
    await waitFor(() => recordIn(other.doc, geoShape(3).id) !== undefined, 3_000, 'the facilitator’s own edit')
  })
})

describe('the timer', () => {
  /** A client whose clock is `skewMs` off: its offset from five real `GET /api/time` exchanges. */
  async function skewedClient(skewMs: number) {
    const clock = () => Date.now() + skewMs
    const samples: ClockSample[] = []
    for (let i = 0; i < 5; i++) {
      const sentAt = clock()
      const answer = await call<{ now: number }>(w.t.url, null, 'GET', '/api/time')
      samples.push({ sentAt, receivedAt: clock(), serverNow: answer.body.now })
    }
    const offset = clockOffset(samples)
    return { clock, offset, remaining: (timer: TimerState | null) => timerRemaining(timer, clock() + offset) }
  }

  it('counts down alike on clients whose clocks are 90 s ahead and 45 s behind', async () => {
    const ahead = await skewedClient(90_000)
    const behind = await skewedClient(-45_000)
    expect(Math.abs(ahead.offset + 90_000)).toBeLessThan(250)
    expect(Math.abs(behind.offset - 45_000)).toBeLessThan(250)
    const a = peerOf(w, editor)
    const b = peerOf(w, viewer)
    await Promise.all([a.synced, b.synced])

    await ok(w, w.facilitator, { type: 'timer', action: 'set', durationMs: 300_000 })
    const started = await ok(w, w.facilitator, { type: 'timer', action: 'start' })
    expect(started.timer).toMatchObject({ durationMs: 300_000, remainingMs: 300_000, endsAt: expect.any(Number) })
    await waitFor(() => readFacilitation(a.doc).timer?.endsAt != null && readFacilitation(b.doc).timer?.endsAt != null)
    await sleep(300)
    const onA = ahead.remaining(readFacilitation(a.doc).timer)
    const onB = behind.remaining(readFacilitation(b.doc).timer)
    const onServer = timerRemaining(readFacilitation(roomDoc()).timer, Date.now())
    expect(onServer).toBeGreaterThan(298_000)
    expect(onServer).toBeLessThan(300_000)
    expect(Math.abs(onA - onB)).toBeLessThan(250)
    expect(Math.abs(onA - onServer)).toBeLessThan(250)
    expect(Math.abs(onB - onServer)).toBeLessThan(250)
    // Without the offset the clock 90 s ahead would show a minute and a half less (the one behind would show the
    // full five minutes: a timer never shows more than it started with).
    const naive = (timer: TimerState | null, clock: () => number) => timerRemaining(timer, clock())
    expect(Math.abs(naive(readFacilitation(a.doc).timer, ahead.clock) - naive(readFacilitation(b.doc).timer, behind.clock))).toBeGreaterThan(80_000)
  })

  it('pauses keeping what is left, adds time to a running timer by moving its end, and clears', async () => {
    const a = peerOf(w, editor)
    await a.synced
    await ok(w, w.facilitator, { type: 'timer', action: 'set', durationMs: 60_000 })
    const running = (await ok(w, w.facilitator, { type: 'timer', action: 'start' })).timer!
    await sleep(400)
    const paused = (await ok(w, w.facilitator, { type: 'timer', action: 'pause' })).timer!
    expect(paused.endsAt).toBeNull()
    expect(paused.remainingMs).toBeLessThan(60_000 - 300)
    expect(paused.remainingMs).toBeGreaterThan(60_000 - 2_000)
    expect(paused.rev).toBeGreaterThan(running.rev)
    await sleep(300)
    await waitFor(() => readFacilitation(a.doc).timer?.rev === paused.rev)
    expect(timerRemaining(readFacilitation(a.doc).timer, Date.now() + 10_000)).toBe(paused.remainingMs)

    const restarted = (await ok(w, w.facilitator, { type: 'timer', action: 'start' })).timer!
    expect(Math.abs(restarted.endsAt! - (Date.now() + paused.remainingMs))).toBeLessThan(500)
    const added = (await ok(w, w.facilitator, { type: 'timer', action: 'add', ms: 30_000 })).timer!
    expect(added.endsAt! - restarted.endsAt!).toBeGreaterThan(29_000)
    expect(added.endsAt! - restarted.endsAt!).toBeLessThanOrEqual(30_000)
    await waitFor(() => readFacilitation(a.doc).timer?.endsAt === added.endsAt)
    expect((await ok(w, w.facilitator, { type: 'timer', action: 'clear' })).timer).toBeNull()
  })

  it('GET /api/time answers the server clock without a session', async () => {
    const before = Date.now()
    const answer = await call<{ now: number }>(w.t.url, null, 'GET', '/api/time')
    expect(answer.status).toBe(200)
    expect(answer.body.now).toBeGreaterThanOrEqual(before)
    expect(answer.body.now).toBeLessThanOrEqual(Date.now())
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })
})

describe('phases and the light card page', () => {
  it('puts a card from the light page into the frame of the running phase', async () => {
    const peer = peerOf(w, editor)
    await peer.synced
    await ok(w, w.facilitator, { type: 'phase', step: 4 })
    const answer = await call<{ frameId: string; shapeId: string }>(w.t.url, editor, 'POST', `/api/boards/${w.boardId}/cards`, { id: 'card-phase-0001', text: 'Pelatihan' })
    expect(answer.status).toBe(201)
    expect(answer.body.frameId).toBe(w.frames[4])
    await waitFor(() => (recordIn(peer.doc, answer.body.shapeId) as TLShape | undefined)?.parentId === w.frames[4])
  })

  it('moves into no frame when the step has none, and the phase still runs', async () => {
    const blank = (await w.t.createBoard('Kosong')).id
    const answer = await call<{ state: { phase: unknown } }>(w.t.url, w.t.owner, 'POST', `/api/boards/${blank}/facilitation`, { type: 'phase', step: 2 })
    expect(answer.status).toBe(200)
    expect(answer.body.state.phase).toMatchObject({ step: 2, frameId: null })
  })
})

describe('GET /api/hub', () => {
  it('answers the request’s own origin on a server that listens on loopback only', async () => {
    const answer = await call<{ joinBase: string }>(w.t.url, null, 'GET', '/api/hub')
    expect(answer.status).toBe(200)
    expect(answer.body.joinBase).toBe(w.t.url)
  })

  it('names the LAN address for a loopback request to a server on every interface', () => {
    const interfaces = { wlan0: [{ address: '192.168.1.23', family: 'IPv4', internal: false } as never], lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never] }
    expect(joinBase('0.0.0.0', 'http://localhost:8787/api/hub', interfaces)).toBe('http://192.168.1.23:8787')
    expect(joinBase('0.0.0.0', 'http://192.168.1.23:8787/api/hub', interfaces)).toBe('http://192.168.1.23:8787')
    expect(joinBase('127.0.0.1', 'http://localhost:8787/api/hub', interfaces)).toBe('http://localhost:8787')
    expect(joinBase('0.0.0.0', 'http://localhost:8787/api/hub', {})).toBe('http://localhost:8787')
  })
})
