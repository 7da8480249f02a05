/**
 * `POST /api/boards/:id/cards` — cards from the light card page (`/card/:code`) against a real server, read back by a
 * stock y-websocket client: where they land (the card inbox, or the frame of the current phase), that a retry is
 * harmless, who may send them, and that many cards never overlap.
 */
import type { TLRecord, TLShape } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { boardRecords, readRecords, RECORDS_KEY } from '../shared/boardDoc'
import { createBoardSchema } from '../shared/boardSchema'
import { checkRecord } from '../shared/boardDoc'
import { frameStep } from '../shared/forum/template'
import { INBOX_META, PHASE_CURRENT_META, shapeRect } from '../server/cards/cardPlacement'
import { call, invite, joinAsGuest, type Person } from './helpers/auth'
import { cleanup, connectPeer, loadStoredDoc, startTestServer, waitFor, type Peer, type TestServer } from './helpers/server'

let t: TestServer
let boardId: string
let guest: Person
let peer: Peer
let counter = 0

/** A fresh card id, as the light page makes them. */
function cardId(): string {
  return `card${Date.now().toString(36)}x${(++counter).toString(36).padStart(4, '0')}`
}

function postCard(as: Person | null, body: unknown, board = boardId) {
  return call<{ created: boolean; shapeId: string; frameId: string | null; error?: { code: string } }>(t.url, as, 'POST', `/api/boards/${board}/cards`, body)
}

function shapes(doc: Y.Doc): TLShape[] {
  return readRecords(doc).filter((r): r is TLShape => r.typeName === 'shape')
}

function plainText(shape: TLShape): string {
  const doc = (shape.props as { richText: { content: Array<{ content?: Array<{ text: string }> }> } }).richText
  return doc.content.map((p) => (p.content ?? []).map((c) => c.text).join('')).join('\n')
}

function overlap(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** Every note of `frame` lies inside it, and no two overlap. */
function expectTidy(doc: Y.Doc, frameId: string): TLShape[] {
  const frame = shapes(doc).find((s) => s.id === frameId)! as TLShape<'frame'>
  const notes = shapes(doc).filter((s) => s.type === 'note' && s.parentId === frameId)
  for (const note of notes) {
    const r = shapeRect(note)
    expect(r.x, note.id).toBeGreaterThanOrEqual(0)
    expect(r.y, note.id).toBeGreaterThanOrEqual(0)
    expect(r.x + r.w, note.id).toBeLessThanOrEqual(frame.props.w)
    expect(r.y + r.h, note.id).toBeLessThanOrEqual(frame.props.h)
  }
  for (let i = 0; i < notes.length; i++) {
    for (let j = i + 1; j < notes.length; j++) {
      expect(overlap(shapeRect(notes[i]!), shapeRect(notes[j]!)), `${notes[i]!.id} and ${notes[j]!.id} overlap`).toBe(false)
    }
  }
  return notes
}

beforeEach(async () => {
  t = await startTestServer()
  boardId = (await t.createBoard('Forum Desa A')).id
  guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, boardId, 'editor')).code, 'Budi', 'masyarakat_sipil')
  peer = connectPeer(t.wsUrl, boardId)
  await peer.synced
})
afterEach(cleanup)

describe('POST /api/boards/:id/cards', () => {
  it('puts a guest’s card as a note into the card inbox, and a connected stock client sees it live', async () => {
    const id = cardId()
    const answer = await postCard(guest, { id, text: 'Air bersih untuk dusun 3', category: 'needs' })
    expect(answer.status).toBe(201)
    expect(answer.body.created).toBe(true)
    expect(answer.body.shapeId).toBe(`shape:card-${id}`)

    await waitFor(() => boardRecords(peer.doc).has(`shape:card-${id}`), 5_000, 'the note in the stock client')
    const note = boardRecords(peer.doc).get(`shape:card-${id}`) as TLShape<'note'>
    expect(note.type).toBe('note')
    expect(plainText(note)).toBe('Air bersih untuk dusun 3')
    expect(note.props.color).toBe('yellow')
    expect(note.meta).toEqual({ cardAuthor: 'Budi', cardCategory: 'needs' })
    // tldraw shows the author's name on the note from this and the user record.
    expect(note.props.textLastEditedBy).toBe(guest.user.id)
    expect((boardRecords(peer.doc).get(`user:${guest.user.id}` as never) as { name?: string } | undefined)?.name).toBe('Budi')

    const inbox = boardRecords(peer.doc).get(note.parentId as never) as TLShape<'frame'>
    expect(inbox.type).toBe('frame')
    expect(inbox.meta[INBOX_META]).toBe(true)
    expect(inbox.props.name).toBe('Kotak masuk kartu')
    expect(answer.body.frameId).toBe(inbox.id)
    expectTidy(peer.doc, inbox.id)

    // Every record the server wrote passes the board schema (the room checked it too, before applying it).
    const schema = createBoardSchema()
    for (const record of readRecords(peer.doc)) expect(checkRecord(schema, record).ok, record.id).toBe(true)
    // And it is stored, not only sent.
    const stored = await loadStoredDoc(t.server.storage, boardId)
    expect(boardRecords(stored).has(`shape:card-${id}`)).toBe(true)
  })

  it('is idempotent by the card id: a repeat answers 200 {created: false} and writes nothing', async () => {
    const id = cardId()
    expect((await postCard(guest, { id, text: 'Pelatihan menjahit' })).status).toBe(201)
    await waitFor(() => boardRecords(peer.doc).has(`shape:card-${id}`))
    const again = await postCard(guest, { id, text: 'Pelatihan menjahit' })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ created: false, shapeId: `shape:card-${id}` })
    // Also when the room was unloaded in between (the check then happens on the stored board).
    await t.server.rooms.unloadIdle()
    const fresh = await postCard(guest, { id, text: 'Pelatihan menjahit' })
    expect(fresh.status).toBe(200)
    expect(fresh.body.created).toBe(false)
    // Two entries in the records array for one key would be a duplicate.
    const entries = peer.doc.getArray<{ key: string }>(RECORDS_KEY).toArray().filter((e) => e.key === `shape:card-${id}`)
    expect(entries).toHaveLength(1)
    expect(shapes(peer.doc).filter((s) => s.type === 'note')).toHaveLength(1)
  })

  it('refuses a viewer (403), no session (401), another origin (403) and a bad body (400)', async () => {
    const viewer = await joinAsGuest(t.url, (await invite(t.url, t.owner, boardId, 'viewer')).code, 'Proyektor')
    const ok = { id: cardId(), text: 'Gagasan' }
    const denied = await postCard(viewer, ok)
    expect(denied.status).toBe(403)
    expect(denied.body.error?.code).toBe('forbidden')
    expect((await postCard(null, ok)).status).toBe(401)
    const foreign = await call(t.url, guest, 'POST', `/api/boards/${boardId}/cards`, ok, { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect((await postCard(guest, ok, 'aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404)

    for (const bad of [
      { id: cardId(), text: '   ' },
      { id: cardId(), text: 'x'.repeat(501) },
      { id: cardId(), text: 'ok', category: 'gossip' },
      { id: 'short', text: 'ok' },
      { id: 'has spaces in it', text: 'ok' },
      { text: 'no id' },
      { id: cardId() },
    ]) {
      const answer = await postCard(guest, bad)
      expect(answer.status, JSON.stringify(bad)).toBe(400)
      expect(answer.body.error?.code).toBe('bad_request')
    }
    // None of it reached the board.
    expect(shapes(peer.doc).filter((s) => s.type === 'note')).toHaveLength(0)
  })

  it('puts cards in the frame marked forumPhaseCurrent, in the cluster of their category', async () => {
    const board = (await call<{ id: string }>(t.url, t.owner, 'POST', '/api/boards', { title: 'Forum', template: 'forum' })).body
    const member = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Sari')
    const owner = connectPeer(t.wsUrl, board.id)
    await owner.synced
    const step2 = shapes(owner.doc).find((s) => frameStep(s) === 2)!
    // What the facilitation feature will do: mark the frame of the current phase.
    boardRecords(owner.doc).set(step2.id, { ...step2, meta: { ...step2.meta, [PHASE_CURRENT_META]: true } } as TLRecord)
    await waitFor(() => (t.server.rooms.loadedRoom(board.id) && boardRecords(t.server.rooms.loadedRoom(board.id)!.doc).get(step2.id)?.meta[PHASE_CURRENT_META]) === true)

    const needs = await postCard(member, { id: cardId(), text: 'Modal usaha', category: 'needs' }, board.id)
    const other = await postCard(member, { id: cardId(), text: 'Jadwal rapat berikutnya', category: 'other' }, board.id)
    expect(needs.status).toBe(201)
    expect(needs.body.frameId).toBe(step2.id)
    await waitFor(() => boardRecords(owner.doc).has(needs.body.shapeId as never) && boardRecords(owner.doc).has(other.body.shapeId as never))

    const noteOf = (id: string) => boardRecords(owner.doc).get(id as never) as TLShape<'note'>
    const children = shapes(owner.doc).filter((s) => s.parentId === step2.id)
    const cluster = (name: string) => shapeRect(children.find((s) => (s.meta as { forumCluster?: string }).forumCluster === name)!)
    const inside = (r: ReturnType<typeof shapeRect>, outer: ReturnType<typeof shapeRect>) =>
      r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w && r.y + r.h <= outer.y + outer.h
    expect(noteOf(needs.body.shapeId).parentId).toBe(step2.id)
    expect(inside(shapeRect(noteOf(needs.body.shapeId)), cluster('needs'))).toBe(true)
    // A card of no cluster goes into the frame but on no cluster (the frame grows to hold it).
    expect(noteOf(other.body.shapeId).parentId).toBe(step2.id)
    for (const name of ['needs', 'challenges', 'ideas', 'inspiration']) {
      expect(overlap(shapeRect(noteOf(other.body.shapeId)), cluster(name)), name).toBe(false)
    }
    expectTidy(owner.doc, step2.id)
    // No inbox was made.
    expect(shapes(owner.doc).some((s) => (s.meta as Record<string, unknown>)[INBOX_META] === true)).toBe(false)
  })

  it('lays many cards out without overlap, growing the inbox; sent at once or by several people', async () => {
    const second = await joinAsGuest(t.url, (await invite(t.url, t.owner, boardId, 'editor')).code, 'Wati')
    const texts = (i: number) =>
      i % 7 === 3 ? `Kartu panjang ${i}: ${'kebutuhan air bersih dan sanitasi yang layak untuk warga '.repeat(8)}`.slice(0, 500) : `Kartu ${i}`
    // Twenty at once from two people (the server places them one at a time), then the rest one by one.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postCard(i % 2 ? second : guest, { id: cardId(), text: texts(i), category: (['needs', 'challenges', 'ideas', 'other', null] as const)[i % 5] })),
    )
    expect(burst.map((a) => a.status)).toEqual(Array(20).fill(201))
    for (let i = 20; i < 50; i++) {
      const answer = await postCard(i % 2 ? second : guest, { id: cardId(), text: texts(i) })
      expect(answer.status).toBe(201)
    }
    await waitFor(() => shapes(peer.doc).filter((s) => s.type === 'note').length === 50, 10_000, '50 notes')
    const inbox = shapes(peer.doc).find((s) => s.type === 'frame' && (s.meta as Record<string, unknown>)[INBOX_META] === true)!
    const notes = expectTidy(peer.doc, inbox.id)
    expect(notes).toHaveLength(50)
    expect((inbox as TLShape<'frame'>).props.h).toBeGreaterThan(500)
    // Exactly one inbox however many cards raced to make it.
    expect(shapes(peer.doc).filter((s) => s.type === 'frame')).toHaveLength(1)
  })

  it('sends server-made changes through the room’s checks: a bad record is refused, never applied, stored or sent', async () => {
    const bad = { id: 'shape:bad', typeName: 'shape', type: 'note', props: { nonsense: true } } as unknown as TLRecord
    await expect(t.server.rooms.submitServerUpdate(boardId, (doc) => boardRecords(doc).set(bad.id, bad))).rejects.toMatchObject({
      name: 'ServerUpdateRefused',
      code: 'invalidRecord',
    })
    // A good one right after goes through, and the bad one is nowhere.
    expect((await postCard(guest, { id: cardId(), text: 'Masih jalan' })).status).toBe(201)
    await waitFor(() => shapes(peer.doc).some((s) => s.type === 'note'))
    expect(boardRecords(peer.doc).has(bad.id)).toBe(false)
    expect(boardRecords(await loadStoredDoc(t.server.storage, boardId)).has(bad.id)).toBe(false)
  })

  it('answers 429 with Retry-After after 30 new cards a minute from one session', async () => {
    for (let i = 0; i < 30; i++) expect((await postCard(guest, { id: cardId(), text: `Kartu ${i}` })).status).toBe(201)
    const over = await postCard(guest, { id: cardId(), text: 'satu lagi' })
    expect(over.status).toBe(429)
    expect(over.body.error?.code).toBe('rate_limited')
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another person is not held back by it.
    const other = await joinAsGuest(t.url, (await invite(t.url, t.owner, boardId, 'editor')).code, 'Wati')
    expect((await postCard(other, { id: cardId(), text: 'boleh' })).status).toBe(201)
  })

  it('places the inbox to the right of the board’s content, in the language asked for', async () => {
    const board = (await call<{ id: string }>(t.url, t.owner, 'POST', '/api/boards', { title: 'Forum', template: 'forum', lang: 'en' })).body
    const member = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Sari')
    const answer = await postCard(member, { id: cardId(), text: 'Clean water', lang: 'en' }, board.id)
    expect(answer.status).toBe(201)
    // No socket was open on this board: the card was stored all the same.
    await t.server.rooms.unloadIdle()
    const doc = await loadStoredDoc(t.server.storage, board.id)
    const frames = shapes(doc).filter((s): s is TLShape<'frame'> => s.type === 'frame')
    const inbox = frames.find((f) => f.meta[INBOX_META] === true)!
    expect(inbox.props.name).toBe('Card inbox')
    const rightmost = Math.max(...frames.filter((f) => f !== inbox).map((f) => f.x + f.props.w))
    expect(inbox.x).toBeGreaterThan(rightmost)
    expect((boardRecords(doc).get(answer.body.shapeId as never) as TLShape | undefined)?.parentId).toBe(inbox.id)
  })
})
