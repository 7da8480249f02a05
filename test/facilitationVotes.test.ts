/**
 * Dot votes against a real server: five participants of different sectors vote through the API; until the reveal no
 * frame a participant's socket receives carries anything of the ballots; the revealed results are the totals, the
 * dots and voters per sector and the consent of all four sectors, computed here by hand; the limits of a ballot;
 * adoption; and the plan export sees the votes and the adoption.
 */
import type { TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Sector } from '../shared/access'
import { readFacilitation } from '../shared/facilitation/state'
import { hasConsent } from '../shared/facilitation/votes'
import { cardShape } from '../shared/forum/records'
import type { Plan } from '../shared/plan/model'
import { call, socketClassFor, type Person } from './helpers/auth'
import { cleanup, waitFor } from './helpers/server'
import { destroyExtraPeers, note, ok, participant, peerOf, put, recordIn, workshop, type Workshop } from './facilitationSetup'

let w: Workshop
const statement = (n: number, state: 'candidate' | 'adopted') =>
  cardShape('statement', { id: `shape:vision${n}` as TLShapeId, parentId: w.frames[3], index: `a${n}` as IndexKey, x: 100 + 400 * n, y: 200 }, { kind: 'vision', text: `Visi ${n}`, state })

beforeEach(async () => {
  w = await workshop()
})
const captures: Capture[] = []
afterEach(async () => {
  for (const capture of captures.splice(0)) capture.provider.destroy()
  destroyExtraPeers()
  await cleanup()
})

/** What one socket received: every doc update applied to a mirror doc, every presence state, and the raw bytes. */
interface Capture {
  mirror: Y.Doc
  presence: string[]
  frames: Uint8Array[]
  provider: WebsocketProvider
}

/** A stock provider as `person` whose socket records every frame it receives, decoded. */
function capturingPeer(person: Person): Capture {
  const capture: Capture = { mirror: new Y.Doc(), presence: [], frames: [], provider: null as never }
  const Base = socketClassFor(person, w.t.url)
  class Recording extends Base {
    constructor(...args: ConstructorParameters<typeof Base>) {
      super(...args)
      this.on('message', (data: Buffer) => {
        const frame = new Uint8Array(data)
        capture.frames.push(frame)
        const decoder = decoding.createDecoder(frame)
        const type = decoding.readVarUint(decoder)
        if (type === 0) {
          // Sync step 1 carries a state vector; step 2 and updates carry a Yjs update.
          if (decoding.readVarUint(decoder) !== 0) Y.applyUpdate(capture.mirror, decoding.readVarUint8Array(decoder))
        } else if (type === 1) {
          const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
          const count = decoding.readVarUint(update)
          for (let i = 0; i < count; i++) {
            decoding.readVarUint(update)
            decoding.readVarUint(update)
            capture.presence.push(decoding.readVarString(update))
          }
        }
      })
    }
  }
  capture.provider = new WebsocketProvider(w.t.wsUrl, w.boardId, new Y.Doc(), {
    WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  captures.push(capture)
  return capture
}

function everything(capture: Capture): string {
  return [...capture.frames.map((f) => Buffer.from(f).toString('latin1')), ...capture.presence, JSON.stringify(capture.mirror.toJSON())].join('\n')
}

function ballot(person: Person, voteId: string, dots: Record<string, number>) {
  return call<{ dots: Record<string, number>; voters: number; error?: { code: string; message: string } }>(w.t.url, person, 'PUT', `/api/boards/${w.boardId}/votes/${voteId}/ballot`, { dots })
}

describe('dot votes', () => {
  it('keeps ballots off every socket until the reveal, then shows totals, sectors and consent', async () => {
    const owner = peerOf(w, w.t.owner)
    await owner.synced
    const v1 = statement(1, 'candidate')
    const v2 = statement(2, 'adopted')
    const n = note(w.frames[3], 'Desa mandiri', { x: 100, y: 700 })
    put(owner, v1, v2, n)
    await waitFor(() => recordIn(w.t.server.rooms.loadedRoom(w.boardId)!.doc, n.id) !== undefined)

    const sectors: Array<[string, Sector | null]> = [
      ['Pak Camat', 'pemerintah'],
      ['Bu Ani', 'masyarakat_sipil'],
      ['Pak Budi', 'swasta'],
      ['Dr. Sari', 'akademisi'],
      ['Bu Wati', 'swasta'],
    ]
    const [p, m, s, a, x] = await Promise.all(sectors.map(([name, sector]) => participant(w, name, sector)))
    const watcher = await participant(w, 'Penonton', null)
    const capture = capturingPeer(watcher)
    await waitFor(() => capture.provider.synced, 3_000, 'the watcher to sync')

    const opened = await ok(w, w.facilitator, { type: 'vote', action: 'open', frameId: w.frames[3], dots: 3 })
    const vote = opened.vote!
    expect(vote).toMatchObject({ status: 'open', frameId: w.frames[3], dots: 3 })
    // The statements and the note are candidates; the template's area rectangles and hint are not.
    expect(new Set(vote.candidates)).toEqual(new Set([v1.id, v2.id, n.id]))

    const cast: Array<[Person, Record<string, number>]> = [
      [p!, { [v1.id]: 2, [n.id]: 1 }],
      [m!, { [v1.id]: 1, [v2.id]: 2 }],
      [s!, { [v1.id]: 3 }],
      [a!, { [v1.id]: 1, [v2.id]: 1 }],
      [x!, { [v2.id]: 3 }],
    ]
    for (const [person, dots] of cast) expect((await ballot(person, vote.id, dots)).status).toBe(200)
    // A ballot taken back (no dots) is no voter.
    expect((await ballot(w.t.owner, vote.id, { [n.id]: 1 })).body.voters).toBe(6)
    const empty = await ballot(w.t.owner, vote.id, {})
    expect(empty.body).toEqual({ dots: {}, voters: 5 })

    const mine = await call<{ voteId: string; dots: Record<string, number>; voters: number }>(w.t.url, m!, 'GET', `/api/boards/${w.boardId}/votes/current/ballot`)
    expect(mine.body).toEqual({ voteId: vote.id, dots: { [v1.id]: 1, [v2.id]: 2 }, voters: 5 })

    await ok(w, w.facilitator, { type: 'vote', action: 'close' })
    await waitFor(() => readFacilitation(capture.mirror).vote?.status === 'closed', 3_000, 'the closed vote at the watcher')
    // Everything the watcher's socket received so far: the vote, but nothing of the ballots.
    const seen = everything(capture)
    expect(readFacilitation(capture.mirror).vote).toEqual({ ...vote, status: 'closed' })
    for (const voter of [p!, m!, s!, a!, x!]) expect(seen).not.toContain(voter.user.id)
    expect(seen).not.toContain('results')
    expect(seen).not.toContain('voters')
    expect(seen).not.toContain('bySector')

    const revealed = (await ok(w, w.facilitator, { type: 'vote', action: 'reveal' })).vote!
    const expected = {
      [v1.id]: {
        total: 7,
        bySector: { pemerintah: 2, masyarakat_sipil: 1, swasta: 3, akademisi: 1 },
        votersBySector: { pemerintah: 1, masyarakat_sipil: 1, swasta: 1, akademisi: 1 },
      },
      [v2.id]: { total: 6, bySector: { masyarakat_sipil: 2, swasta: 3, akademisi: 1 }, votersBySector: { masyarakat_sipil: 1, swasta: 1, akademisi: 1 } },
      [n.id]: { total: 1, bySector: { pemerintah: 1 }, votersBySector: { pemerintah: 1 } },
    }
    expect(revealed.status).toBe('revealed')
    expect(revealed.voters).toBe(5)
    expect(revealed.results).toEqual(expected)
    expect(Object.entries(revealed.results!).filter(([, t]) => hasConsent(t)).map(([id]) => id)).toEqual([v1.id])
    await waitFor(() => readFacilitation(capture.mirror).vote?.status === 'revealed', 3_000, 'the results at the watcher')
    expect(readFacilitation(capture.mirror).vote?.results).toEqual(expected)
    expect(readFacilitation(capture.mirror).voteHistory.map((v) => v.id)).toEqual([vote.id])
    // Even revealed, who voted is nowhere; the ballots are gone from the server too.
    for (const voter of [p!, m!, s!, a!, x!]) expect(everything(capture)).not.toContain(voter.user.id)
    expect(await w.t.server.storage.ballots.listForVote(w.boardId, vote.id)).toEqual([])

    // Adopting the first vision makes the other a candidate again; the plan sees the votes and the adoption.
    await ok(w, w.facilitator, { type: 'adopt', shapeId: v1.id })
    await waitFor(() => (recordIn(owner.doc, v2.id) as { props: { state: string } }).props.state === 'candidate')
    expect((recordIn(owner.doc, v1.id) as { props: { state: string } }).props.state).toBe('adopted')
    const plan = await call<Plan>(w.t.url, w.t.owner, 'GET', `/api/boards/${w.boardId}/plan`)
    expect(plan.status).toBe(200)
    expect(plan.body.vision.adopted).toMatchObject({ id: v1.id, state: 'adopted', votes: 7 })
    expect(plan.body.vision.candidates).toEqual([expect.objectContaining({ id: v2.id, state: 'candidate', votes: 6 })])
  })

  it('refuses ballots that over-spend, name a shape that is no candidate, or come after the close; 404 without a vote', async () => {
    const owner = peerOf(w, w.t.owner)
    await owner.synced
    const n1 = note(w.frames[2], 'Air bersih')
    const n2 = note(w.frames[2], 'Modal usaha')
    const outside = note(w.frames[4], 'Pelatihan')
    put(owner, n1, n2, outside)
    await waitFor(() => recordIn(w.t.server.rooms.loadedRoom(w.boardId)!.doc, outside.id) !== undefined)
    const voter = await participant(w, 'Bu Ani', 'masyarakat_sipil')
    const viewer = await participant(w, 'Layar', null, 'viewer')
    const current = () => call<{ error?: { code: string } }>(w.t.url, voter, 'GET', `/api/boards/${w.boardId}/votes/current/ballot`)
    expect((await current()).status).toBe(404)

    const vote = (await ok(w, w.facilitator, { type: 'vote', action: 'open', frameId: w.frames[2], dots: 2 })).vote!
    expect(vote.candidates).toEqual(expect.arrayContaining([n1.id, n2.id]))
    expect(vote.candidates).not.toContain(outside.id)
    const over = await ballot(voter, vote.id, { [n1.id]: 2, [n2.id]: 1 })
    expect(over.status).toBe(409)
    expect(over.body.error?.message).toMatch(/3 dots is more than the 2/)
    expect((await ballot(voter, vote.id, { [outside.id]: 1 })).status).toBe(409)
    expect((await ballot(voter, 'novotehere', { [n1.id]: 1 })).status).toBe(404)
    expect((await ballot(viewer, vote.id, { [n1.id]: 1 })).status).toBe(403)
    expect((await ballot(voter, vote.id, { [n1.id]: 0 })).status).toBe(400)
    expect((await ballot(voter, vote.id, { [n1.id]: 2 })).status).toBe(200)
    // A second vote cannot open while this one runs.
    expect((await call(w.t.url, w.facilitator, 'POST', `/api/boards/${w.boardId}/facilitation`, { type: 'vote', action: 'open', frameId: w.frames[2], dots: 2 })).status).toBe(409)

    await ok(w, w.facilitator, { type: 'vote', action: 'close' })
    expect((await ballot(voter, vote.id, { [n2.id]: 1 })).status).toBe(409)
    expect((await current()).body).toEqual({ voteId: vote.id, dots: { [n1.id]: 2 }, voters: 1 })

    // Cancelled: no vote, no ballots, no results anywhere.
    expect((await ok(w, w.facilitator, { type: 'vote', action: 'cancel' })).vote).toBeNull()
    expect(await w.t.server.storage.ballots.listForVote(w.boardId, vote.id)).toEqual([])
    expect((await current()).status).toBe(404)
    expect(readFacilitation(w.t.server.rooms.loadedRoom(w.boardId)!.doc).voteHistory).toEqual([])
  })
})
