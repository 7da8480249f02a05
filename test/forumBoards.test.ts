/**
 * Boards made from the five-step template or an example (`POST /api/boards {template, lang}`) reach a stock
 * y-websocket client complete, and the server checks the forum's cards like every other record.
 */
import { createShapeId, type TLRecord, type TLShape } from '@tldraw/tlschema'
import { afterEach, describe, expect, it } from 'vitest'
import { boardRecords, readRecords } from '../shared/boardDoc'
import { CloseCode } from '../shared/codes'
import { cardShape } from '../shared/forum/records'
import { frameStep } from '../shared/forum/template'
import { call } from './helpers/auth'
import { cleanup, connectPeer, loadStoredDoc, startTestServer, waitFor, type Peer } from './helpers/server'
import { DEFAULT_PAGE_ID } from '../shared/boardSchema'

afterEach(cleanup)

function shapes(records: TLRecord[]): TLShape[] {
  return records.filter((r): r is TLShape => r.typeName === 'shape')
}

function count(records: TLRecord[], type: string): number {
  return shapes(records).filter((s) => s.type === type).length
}

function closeCodes(peer: Peer): number[] {
  const codes: number[] = []
  peer.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code)
  })
  return codes
}

describe('POST /api/boards with a template', () => {
  it('makes the five step frames, the lanes and the grid, in Bahasa Indonesia by default', async () => {
    const t = await startTestServer()
    const board = (await call<{ id: string }>(t.server.url, t.owner, 'POST', '/api/boards', { title: 'Forum Desa', template: 'forum' })).body
    const peer = connectPeer(t.wsUrl, board.id)
    await peer.synced
    const records = readRecords(peer.doc)
    const frames = shapes(records).filter((s) => s.type === 'frame')
    expect(frames.map((f) => frameStep(f)).sort()).toEqual([1, 2, 3, 4, 5])
    expect(frames.map((f) => (f.type === 'frame' ? f.props.name : '')).sort()).toContain('1 · Pemangku Kepentingan')
    expect(count(records, 'powergrid')).toBe(1)
    expect(shapes(records).filter((s) => (s.meta as Record<string, unknown>).forumLane).length).toBe(4)
    const page = records.find((r) => r.id === DEFAULT_PAGE_ID)
    expect(page && 'name' in page ? page.name : null).toBe('Lokakarya')
  })

  it('writes the template in English when asked', async () => {
    const t = await startTestServer()
    const board = (await call<{ id: string }>(t.server.url, t.owner, 'POST', '/api/boards', { title: 'Forum', template: 'forum', lang: 'en' })).body
    const records = readRecords(await loadStoredDoc(t.server.storage, board.id))
    const names = shapes(records).flatMap((s) => (s.type === 'frame' ? [s.props.name] : []))
    expect(names).toContain('4 · Action Plan')
    expect(names).not.toContain('4 · Rencana Aksi')
  })

  it('makes a finished example workshop: stakeholders, vision and missions, actions, indicators and arrows', async () => {
    const t = await startTestServer()
    for (const template of ['example-desa-a', 'example-wilayah-b']) {
      const board = (await call<{ id: string }>(t.server.url, t.owner, 'POST', '/api/boards', { title: template, template })).body
      const records = readRecords(await loadStoredDoc(t.server.storage, board.id))
      expect(count(records, 'stakeholder')).toBeGreaterThanOrEqual(4)
      expect(count(records, 'statement')).toBeGreaterThanOrEqual(3)
      expect(count(records, 'action')).toBeGreaterThanOrEqual(3)
      expect(count(records, 'indicator')).toBeGreaterThanOrEqual(2)
      expect(count(records, 'arrow')).toBeGreaterThanOrEqual(3)
      expect(records.filter((r) => r.typeName === 'binding').length).toBe(2 * count(records, 'arrow'))
    }
  })

  it('starts blank without a template, and refuses an unknown template or language with a clear 400', async () => {
    const t = await startTestServer()
    const blank = (await call<{ id: string }>(t.server.url, t.owner, 'POST', '/api/boards', { title: 'Kosong' })).body
    expect(shapes(readRecords(await loadStoredDoc(t.server.storage, blank.id)))).toEqual([])
    const unknown = await fetch(`${t.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: t.owner.cookie, origin: t.server.url },
      body: JSON.stringify({ title: 'X', template: 'kanban' }),
    })
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(await unknown.json())).toContain('template must be one of blank, forum, example-desa-a, example-wilayah-b')
    const badLang = await fetch(`${t.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: t.owner.cookie, origin: t.server.url },
      body: JSON.stringify({ title: 'X', template: 'forum', lang: 'fr' }),
    })
    expect(badLang.status).toBe(400)
  })
})

describe('cards written by a stock client', () => {
  it('keeps a valid card and refuses one with a bad field (4422), which nobody else ever sees', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const good = connectPeer(t.wsUrl, board.id)
    const bad = connectPeer(t.wsUrl, board.id)
    await Promise.all([good.synced, bad.synced])
    const badCloses = closeCodes(bad)
    const at = (name: string) => ({ id: createShapeId(name), parentId: DEFAULT_PAGE_ID, index: 'a1' as never, x: 0, y: 0 })

    const valid = cardShape('action', at('ok'), { goal: 'Pelatihan menjahit', budget: 5_000_000, dueDate: '2027-03-31', funding: 'apbdes' })
    boardRecords(good.doc).set(valid.id, valid)
    const invalid = cardShape('stakeholder', at('bad'), { influence: 9 })
    boardRecords(bad.doc).set(invalid.id, invalid)

    await waitFor(() => badCloses.includes(CloseCode.invalidRecord), 3_000, 'the sender of the bad card to be closed with 4422')
    await waitFor(async () => readRecords(await loadStoredDoc(t.server.storage, board.id)).some((r) => r.id === valid.id), 3_000, 'the valid card to be stored')
    const stored = readRecords(await loadStoredDoc(t.server.storage, board.id))
    expect(stored.find((r) => r.id === valid.id)).toEqual(valid)
    expect(stored.some((r) => r.id === invalid.id)).toBe(false)
    expect(readRecords(good.doc).some((r) => r.id === invalid.id)).toBe(false)
  })
})
