/**
 * Access control end to end: a real server on 127.0.0.1 (port 0), a real SQLite DATA_DIR, stock y-websocket
 * providers and raw `ws` sockets carrying real session cookies. Every expectation is the contract of docs/API.md.
 */
import { request as httpRequest } from 'node:http'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { InviteInfo, Member, PublicUser, Role } from '../shared/access'
import { RECORDS_KEY, boardRecords, type RecordEntry } from '../shared/boardDoc'
import { CloseCode, type ApiErrorBody, type ApiErrorCode } from '../shared/codes'
import type { Board } from '../server/storage/types'
import { geoShape } from './fixtures/geoShape'
import { call, invite, joinAsGuest, login, signup, type ApiResult, type Person } from './helpers/auth'
import {
  cleanup,
  connectPeer,
  loadStoredDoc,
  openRawSocket,
  sleep,
  startTestServer,
  waitFor,
  withTimeout,
  type Peer,
  type RawSocket,
  type TestServer,
} from './helpers/server'

afterEach(cleanup)

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const PASSWORD = 'rahasia-sekali' // the helpers' default password

/** Record ids read straight from the `records` array (no YKeyValue view, which may write to the doc). */
function recordIds(doc: Y.Doc): string[] {
  return doc.getArray<RecordEntry>(RECORDS_KEY).toArray().map((entry) => entry.key)
}

/** Everything a writer in these tests may touch: record ids and a few raw Yjs types. */
function contentOf(doc: Y.Doc) {
  return {
    records: recordIds(doc).sort(),
    raw: doc.getMap('raw').toJSON(),
    notes: doc.getText('notes').toString(),
    list: doc.getArray('list').toJSON(),
  }
}

async function storedContent(t: TestServer, boardId: string) {
  return contentOf(await loadStoredDoc(t.server.storage, boardId))
}

function expectError(result: ApiResult, status: number, code: ApiErrorCode, label = ''): void {
  const body = result.body as ApiErrorBody | null
  expect({ status: result.status, code: body?.error?.code }, label).toEqual({ status, code })
  expect(body?.error.message, label).toEqual(expect.any(String))
}

/** POST /api/join as `person` (or with no session). */
function joinWith(t: TestServer, person: Person | null, code: string, name = 'Peserta') {
  return call<{ boardId: string; role: Role }>(t.url, person, 'POST', '/api/join', { code, name })
}

function sessionCookieOf(result: ApiResult): string {
  const header = result.headers.getSetCookie().find((c) => c.startsWith('rembug_session='))
  if (!header) throw new Error(`no session cookie in the answer (${result.status})`)
  return header.split(';')[0]!
}

/** Resolves with the code and reason of the provider's final close (a 44xx: it stops reconnecting). */
function finalClose(peer: Peer): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => peer.provider.on('closed', (event) => resolve({ code: event.code, reason: event.reason })))
}

/** A test server with two boards of its owner, and an account with no role on either yet. */
async function twoBoardsAndAnAccount(name: string) {
  const t = await startTestServer()
  const board = await t.createBoard('Board A')
  const otherBoard = await t.createBoard('Board B')
  return { t, board, otherBoard, person: await signup(t.url, { name }) }
}

/**
 * Sockets to watch when a person's access to `board` changes: the owner's, and the person's (a provider, a raw socket,
 * and a provider on `otherBoard`), with the close codes each sees. Await `ready` before acting.
 */
function socketsAround(t: TestServer, board: Board, otherBoard: Board, person: Person) {
  const owner = connectPeer(t.wsUrl, board.id)
  const peer = connectPeer(t.wsUrl, board.id, { as: person })
  const raw = openRawSocket(t.wsUrl, board.id, { as: person })
  const onOther = connectPeer(t.wsUrl, otherBoard.id, { as: person })
  const sockets = {
    owner,
    ownerCloses: closeCodes(owner),
    peer,
    peerCloses: closeCodes(peer),
    peerFinalClose: finalClose(peer),
    raw,
    onOther,
    onOtherCloses: closeCodes(onOther),
  }
  return { ...sockets, ready: Promise.all([owner.synced, peer.synced, onOther.synced, raw.opened]) }
}

/** Every close code the provider sees, final or not. */
function closeCodes(peer: Peer): number[] {
  const codes: number[] = []
  peer.provider.on('connection-close', (event) => {
    if (event) codes.push(event.code)
  })
  return codes
}

/** The awareness state `peer` holds for `clientId`. */
function presenceOf(peer: Peer, clientId: number): Record<string, unknown> | undefined {
  return peer.awareness.getStates().get(clientId) as Record<string, unknown> | undefined
}

/** Waits until `peer` holds the state of `clientId` with `field` equal to `value`. */
async function waitPresence(peer: Peer, clientId: number, field: string, value: unknown, what: string): Promise<void> {
  await waitFor(() => presenceOf(peer, clientId)?.[field] === value, 5_000, what)
}

function syncFrame(subType: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // sync
  encoding.writeVarUint(encoder, subType) // 0 step 1, 1 step 2, 2 update
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

function awarenessFrame(state: Record<string, unknown>): { frame: Uint8Array; clientId: number } {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(state)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // awareness
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))
  const clientId = doc.clientID
  awareness.destroy()
  doc.destroy()
  return { frame: encoding.toUint8Array(encoder), clientId }
}

/** A valid Yjs update made by a client the server never saw: a shape plus a raw map entry. */
function foreignUpdate(shapeKey: string): Uint8Array {
  const doc = new Y.Doc()
  boardRecords(doc).set(geoShape(shapeKey).id, geoShape(shapeKey))
  doc.getMap('raw').set(shapeKey, 'from a raw socket')
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/**
 * Proves a negative. Call it once the server has surely read the suspect's frames (e.g. the suspect's later presence
 * arrived). `sentinelWriter` writes a shape; once `observer` and the store have it, anything the suspect's frames had
 * let through would be there too: the server applies, stores and sends updates in the order it received them.
 */
async function sentinelRoundTrip(t: TestServer, boardId: string, sentinelWriter: Peer, observer: Peer, key: string): Promise<void> {
  const shape = geoShape(key)
  boardRecords(sentinelWriter.doc).set(shape.id, shape)
  await waitFor(() => recordIds(observer.doc).includes(shape.id), 5_000, `the sentinel ${key} to reach the observer`)
  await waitFor(async () => recordIds(await loadStoredDoc(t.server.storage, boardId)).includes(shape.id), 5_000, `the sentinel ${key} to be stored`)
}

/** A socket that must be refused after the upgrade: it opens, gets no frame of the board, and closes with `code`. */
async function expectRefusedSocket(t: TestServer, boardId: string, as: Person | null, code: 4401 | 4403): Promise<void> {
  const reason = { 4401: 'unauthorized', 4403: 'forbidden' }[code]
  const raw = openRawSocket(t.wsUrl, boardId, { as })
  await withTimeout(raw.opened, 3_000, 'the refused socket to open')
  expect(await withTimeout(raw.closed, 3_000, 'the refused socket to close')).toEqual({ code, reason })
  expect(raw.received).toEqual([])

  const peer = connectPeer(t.wsUrl, boardId, { as })
  const closed = finalClose(peer)
  await expect(peer.synced).rejects.toThrow(String(code))
  expect((await closed).code).toBe(code)
  expect(peer.provider.synced).toBe(false)
  expect(recordIds(peer.doc)).toEqual([])
}

/** Sends a request without any Origin header (fetch may add one of its own; node:http adds none). */
function requestWithoutOrigin(t: TestServer, method: string, path: string, cookie: string | null, body?: unknown): Promise<{ status: number; body: ApiErrorBody | null }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = httpRequest(
      `${t.url}${path}`,
      {
        method,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as ApiErrorBody) : null }))
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/** A raw socket refused before the upgrade: the HTTP status of the answer; it never opens. */
async function upgradeRefusal(raw: RawSocket): Promise<number> {
  const status = new Promise<number>((resolve) => {
    raw.ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      raw.ws.terminate()
    })
  })
  let opened = false
  raw.ws.once('open', () => (opened = true))
  const code = await withTimeout(status, 3_000, 'the answer to the upgrade')
  await withTimeout(raw.closed, 3_000, 'the refused client to close')
  expect(opened).toBe(false)
  expect(raw.received).toEqual([])
  return code
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The access matrix
// ---------------------------------------------------------------------------------------------------------------

type Principal = 'owner' | 'facilitator' | 'editor' | 'viewer' | 'account editor' | 'anonymous' | 'stranger'
type Action = 'read' | 'write' | 'manage invites' | 'manage members' | 'connect'
/** `dropped`: the socket is accepted and syncs, but its writes never land. */
type Outcome = 'allowed' | 'dropped' | 'unauthorized' | 'forbidden'

/** Written out by hand from the role table in docs/API.md, not derived from the server's own CAN table. */
const MATRIX: Record<Principal, Record<Action, Outcome>> = {
  owner: { read: 'allowed', write: 'allowed', 'manage invites': 'allowed', 'manage members': 'allowed', connect: 'allowed' },
  facilitator: { read: 'allowed', write: 'allowed', 'manage invites': 'allowed', 'manage members': 'forbidden', connect: 'allowed' },
  editor: { read: 'allowed', write: 'allowed', 'manage invites': 'forbidden', 'manage members': 'forbidden', connect: 'allowed' },
  viewer: { read: 'allowed', write: 'dropped', 'manage invites': 'forbidden', 'manage members': 'forbidden', connect: 'allowed' },
  'account editor': { read: 'allowed', write: 'allowed', 'manage invites': 'forbidden', 'manage members': 'forbidden', connect: 'allowed' },
  anonymous: { read: 'unauthorized', write: 'unauthorized', 'manage invites': 'unauthorized', 'manage members': 'unauthorized', connect: 'unauthorized' },
  stranger: { read: 'forbidden', write: 'forbidden', 'manage invites': 'forbidden', 'manage members': 'forbidden', connect: 'forbidden' },
}

const ROLE_OF: Partial<Record<Principal, Role>> = {
  owner: 'owner',
  facilitator: 'facilitator',
  editor: 'editor',
  viewer: 'viewer',
  'account editor': 'editor',
}

const DENIED = {
  unauthorized: { status: 401, code: 'unauthorized', close: CloseCode.unauthorized },
  forbidden: { status: 403, code: 'forbidden', close: CloseCode.forbidden },
} as const

interface World {
  t: TestServer
  board: Board
  /** The principal of the cell (`null`: anonymous). */
  person: Person | null
  /** Who has which role on the board, by user id, right after setup. */
  roles: Record<string, Role>
  /** Every invite made during setup. */
  inviteIds: string[]
  /** "manage invites": an unused invite the principal tries to revoke. */
  spare: { id: string; code: string } | null
  /** "manage members": a guest editor the principal tries to remove, and an account with no role it tries to add. */
  target: Person | null
  candidate: Person | null
}

/**
 * A board with the cell's principal on it (as that principal would get there, over the public API only), plus what
 * the action needs. Built per cell so no cell sees another's changes; only what the cell uses, to keep it fast.
 */
async function buildWorld(who: Principal, action: Action): Promise<World> {
  const t = await startTestServer()
  const board = await t.createBoard('Rembug RW 05')
  const roles: Record<string, Role> = { [t.owner.user.id]: 'owner' }
  const inviteIds: string[] = []
  const makeInvite = async (role: 'editor' | 'viewer') => {
    const made = await invite(t.url, t.owner, board.id, role)
    inviteIds.push(made.id)
    return made
  }
  let person: Person | null = null
  switch (who) {
    case 'owner':
      person = t.owner
      break
    case 'facilitator': {
      person = await signup(t.url, { name: 'Fasilitator' })
      const added = await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/members`, { email: person.user.email, role: 'facilitator' })
      expect(added.status).toBe(201)
      break
    }
    case 'editor':
    case 'viewer': {
      const joined = await joinAsGuest(t.url, (await makeInvite(who)).code, who === 'viewer' ? 'Proyektor' : 'Tamu Editor')
      expect(joined.role).toBe(who)
      person = joined
      break
    }
    case 'account editor': {
      person = await signup(t.url, { name: 'Akun Editor' })
      const joined = await joinWith(t, person, (await makeInvite('editor')).code, 'Akun Editor')
      expect(joined.body).toEqual({ boardId: board.id, role: 'editor' })
      break
    }
    case 'stranger':
      person = await signup(t.url, { name: 'Orang Asing' })
      break
    case 'anonymous':
      break
  }
  const role = ROLE_OF[who]
  if (person && role) roles[person.user.id] = role

  let spare: World['spare'] = null
  let target: Person | null = null
  let candidate: Person | null = null
  if (action === 'manage invites') spare = await makeInvite('viewer')
  if (action === 'manage members') {
    target = await joinAsGuest(t.url, (await makeInvite('editor')).code, 'Tamu Lain')
    roles[target.user.id] = 'editor'
    candidate = await signup(t.url, { name: 'Calon Fasilitator' })
  }
  return { t, board, person, roles, inviteIds, spare, target, candidate }
}

async function checkRead(w: World, who: Principal, outcome: Outcome): Promise<void> {
  const boardPath = `/api/boards/${w.board.id}`
  const board = await call<Board & { role: Role }>(w.t.url, w.person, 'GET', boardPath)
  const members = await call<{ members: Member[] }>(w.t.url, w.person, 'GET', `${boardPath}/members`)
  if (outcome === 'unauthorized' || outcome === 'forbidden') {
    const { status, code } = DENIED[outcome]
    expectError(board, status, code, 'GET /api/boards/:id')
    expectError(members, status, code, 'GET /api/boards/:id/members')
    return
  }
  expect(board.status).toBe(200)
  expect(board.body).toEqual({ id: w.board.id, title: 'Rembug RW 05', createdAt: w.board.createdAt, role: ROLE_OF[who] })
  expect(members.status).toBe(200)
  expect(Object.fromEntries(members.body.members.map((m) => [m.userId, m.role]))).toEqual(w.roles)
  const me = members.body.members.find((m) => m.userId === w.person!.user.id)
  expect(me).toMatchObject({ name: w.person!.user.name, kind: w.person!.user.kind })
}

async function checkManageInvites(w: World, _who: Principal, outcome: Outcome): Promise<void> {
  const spare = w.spare!
  const path = `/api/boards/${w.board.id}/invites`
  const created = await call<InviteInfo>(w.t.url, w.person, 'POST', path, { role: 'viewer' })
  const listed = await call<{ invites: InviteInfo[] }>(w.t.url, w.person, 'GET', path)
  const revoked = await call(w.t.url, w.person, 'DELETE', `${path}/${spare.id}`)
  const afterwards = await call<{ invites: InviteInfo[] }>(w.t.url, w.t.owner, 'GET', path)
  const spareAfter = afterwards.body.invites.find((i) => i.id === spare.id)

  if (outcome === 'unauthorized' || outcome === 'forbidden') {
    const { status, code } = DENIED[outcome]
    expectError(created, status, code, 'POST invites')
    expectError(listed, status, code, 'GET invites')
    expectError(revoked, status, code, 'DELETE invite')
    // Nothing changed: no new invite, the spare one still works.
    expect(afterwards.body.invites.map((i) => i.id).sort()).toEqual([...w.inviteIds].sort())
    expect(spareAfter?.revokedAt).toBeNull()
    expect((await call(w.t.url, null, 'GET', `/api/invites/${spare.code}`)).status).toBe(200)
    return
  }
  expect(created.status).toBe(201)
  const code = created.body.code
  expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/)
  expect(created.body).toEqual({
    id: expect.any(String),
    code,
    url: `/join/${code.replace('-', '')}`,
    role: 'viewer',
    expiresAt: null,
    createdAt: expect.any(String),
    revokedAt: null,
  })
  expect(listed.status).toBe(200)
  expect(listed.body.invites.map((i) => i.id).sort()).toEqual([...w.inviteIds, created.body.id].sort())
  expect(revoked.status).toBe(204)
  expect(spareAfter?.revokedAt).toEqual(expect.any(String))
  expectError(await call(w.t.url, null, 'GET', `/api/invites/${spare.code}`), 410, 'invite_revoked')
  // The new invite works.
  expect((await joinWith(w.t, null, code)).body).toEqual({ boardId: w.board.id, role: 'viewer' })
}

async function checkManageMembers(w: World, _who: Principal, outcome: Outcome): Promise<void> {
  const target = w.target!
  const candidate = w.candidate!
  const path = `/api/boards/${w.board.id}/members`
  const added = await call<{ member: Member }>(w.t.url, w.person, 'POST', path, { email: candidate.user.email, role: 'facilitator' })
  const removed = await call(w.t.url, w.person, 'DELETE', `${path}/${target.user.id}`)
  const afterwards = await call<{ members: Member[] }>(w.t.url, w.t.owner, 'GET', path)
  const roles = Object.fromEntries(afterwards.body.members.map((m) => [m.userId, m.role]))

  if (outcome === 'unauthorized' || outcome === 'forbidden') {
    const { status, code } = DENIED[outcome]
    expectError(added, status, code, 'POST members')
    expectError(removed, status, code, 'DELETE member')
    expect(roles).toEqual(w.roles)
    expect((await call(w.t.url, target, 'GET', `/api/boards/${w.board.id}`)).status).toBe(200)
    expectError(await call(w.t.url, candidate, 'GET', `/api/boards/${w.board.id}`), 403, 'forbidden')
    return
  }
  expect(added.status).toBe(201)
  expect(added.body.member).toEqual({ userId: candidate.user.id, name: 'Calon Fasilitator', kind: 'account', role: 'facilitator', sector: null, organisation: null })
  expect((await call<{ role: Role }>(w.t.url, candidate, 'GET', `/api/boards/${w.board.id}`)).body.role).toBe('facilitator')
  expect(removed.status).toBe(204)
  const expected: Record<string, Role> = { ...w.roles, [candidate.user.id]: 'facilitator' }
  delete expected[target.user.id]
  expect(roles).toEqual(expected)
  expectError(await call(w.t.url, target, 'GET', `/api/boards/${w.board.id}`), 403, 'forbidden')
}

async function checkWrite(w: World, who: Principal, outcome: Outcome): Promise<void> {
  const { t, board, person } = w
  const observer = connectPeer(t.wsUrl, board.id, { presence: { name: 'Observer' } })
  await observer.synced
  const shape = geoShape(`by-${who.replace(' ', '-')}`)

  if (outcome === 'unauthorized' || outcome === 'forbidden') {
    const { close } = DENIED[outcome]
    // A raw socket sends a valid update the moment it opens, before the server's close can arrive.
    const raw = openRawSocket(t.wsUrl, board.id, { as: person })
    raw.ws.once('open', () => raw.ws.send(syncFrame(2, foreignUpdate('raw-denied'))))
    expect((await withTimeout(raw.closed, 3_000, 'the close')).code).toBe(close)
    // A stock client with an edit already in its doc.
    const doc = new Y.Doc()
    boardRecords(doc).set(shape.id, shape)
    const peer = connectPeer(t.wsUrl, board.id, { as: person, doc })
    await expect(peer.synced).rejects.toThrow(String(close))
    const sentinelWriter = connectPeer(t.wsUrl, board.id)
    await sentinelWriter.synced
    await sentinelRoundTrip(t, board.id, sentinelWriter, observer, 'sentinel')
    for (const content of [contentOf(observer.doc), await storedContent(t, board.id)]) {
      expect(content.records).not.toContain(shape.id)
      expect(content.records).not.toContain(geoShape('raw-denied').id)
      expect(content.raw).toEqual({})
    }
    return
  }

  const writer = connectPeer(t.wsUrl, board.id, { as: person, presence: { name: who } })
  const writerCloses = closeCodes(writer)
  await writer.synced
  boardRecords(writer.doc).set(shape.id, shape)
  writer.doc.getMap('raw').set('by', who)

  if (outcome === 'allowed') {
    await waitFor(() => recordIds(observer.doc).includes(shape.id) && observer.doc.getMap('raw').get('by') === who, 5_000, 'the edit to reach the observer')
    await waitFor(async () => {
      const stored = await storedContent(t, board.id)
      return stored.records.includes(shape.id) && stored.raw.by === who
    }, 5_000, 'the edit to be stored')
    expect(writerCloses).toEqual([])
    return
  }

  // dropped: once the server has read the viewer's update (its later presence arrived), a sentinel round trip.
  writer.awareness.setLocalStateField('marker', 'after-write')
  await waitPresence(observer, writer.doc.clientID, 'marker', 'after-write', 'the viewer’s marker at the observer')
  const sentinelWriter = connectPeer(t.wsUrl, board.id)
  await sentinelWriter.synced
  await sentinelRoundTrip(t, board.id, sentinelWriter, observer, 'sentinel')
  for (const content of [contentOf(observer.doc), await storedContent(t, board.id)]) {
    expect(content.records).not.toContain(shape.id)
    expect(content.raw).toEqual({})
  }
  // Dropped, not refused: the viewer stays connected and keeps receiving.
  expect(writerCloses).toEqual([])
  await waitFor(() => recordIds(writer.doc).includes(geoShape('sentinel').id), 5_000, 'the sentinel to reach the viewer')
}

async function checkConnect(w: World, _who: Principal, outcome: Outcome): Promise<void> {
  const { t, board, person } = w
  if (outcome === 'unauthorized' || outcome === 'forbidden') {
    await expectRefusedSocket(t, board.id, person, DENIED[outcome].close)
    return
  }
  const peer = connectPeer(t.wsUrl, board.id, { as: person })
  const closes = closeCodes(peer)
  await withTimeout(peer.synced, 5_000, 'the stock client to sync')
  // The server's seeded board arrived.
  expect(recordIds(peer.doc)).toEqual(expect.arrayContaining(['document:document', 'page:page']))
  const raw = openRawSocket(t.wsUrl, board.id, { as: person })
  await raw.opened
  await waitFor(() => raw.received.length > 0, 3_000, 'the server’s first frame')
  expect([...raw.received[0]!.slice(0, 2)]).toEqual([0, 0]) // sync step 1
  expect(t.server.rooms.loadedRoom(board.id)?.connections.size).toBe(2)
  expect(raw.ws.readyState).toBe(raw.ws.OPEN)
  expect(closes).toEqual([])
}

const CHECKS: Record<Action, (w: World, who: Principal, outcome: Outcome) => Promise<void>> = {
  read: checkRead,
  write: checkWrite,
  'manage invites': checkManageInvites,
  'manage members': checkManageMembers,
  connect: checkConnect,
}

const CELLS = (Object.keys(MATRIX) as Principal[]).flatMap((principal) =>
  (Object.keys(MATRIX[principal]) as Action[]).map((action) => ({ principal, action, outcome: MATRIX[principal][action] })),
)

describe('the access matrix (docs/API.md roles × actions)', () => {
  it('covers every principal and every action', () => {
    expect(CELLS).toHaveLength(7 * 5)
  })

  it.each(CELLS)('$principal × $action → $outcome', async ({ principal, action, outcome }) => {
    const world = await buildWorld(principal, action)
    await CHECKS[action](world, principal, outcome)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 2. Viewers are read-only
// ---------------------------------------------------------------------------------------------------------------

describe('a viewer', () => {
  async function viewerSetup() {
    const t = await startTestServer()
    const board = await t.createBoard()
    const viewer = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'viewer')).code, 'Proyektor')
    const editor = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Tamu Editor')
    return { t, board, viewer, editor }
  }

  it('writes from a stock client never reach the doc, the store or other clients, yet it receives edits and presence both ways', async () => {
    const { t, board, viewer, editor } = await viewerSetup()
    const owner = connectPeer(t.wsUrl, board.id, { presence: { name: 'Pemilik' } })
    const editorPeer = connectPeer(t.wsUrl, board.id, { as: editor, presence: { name: 'Tamu Editor' } })
    const projector = connectPeer(t.wsUrl, board.id, { as: viewer, presence: { name: 'Proyektor' } })
    const projectorCloses = closeCodes(projector)
    await Promise.all([owner.synced, editorPeer.synced, projector.synced])

    // The viewer receives the owner's edits and presence, and its own presence reaches the owner.
    const s1 = geoShape(1)
    boardRecords(owner.doc).set(s1.id, s1)
    owner.doc.getText('notes').insert(0, 'agenda')
    await waitFor(() => recordIds(projector.doc).includes(s1.id) && projector.doc.getText('notes').toString() === 'agenda', 5_000, 'the owner’s edit at the viewer')
    owner.awareness.setLocalStateField('cursor', { x: 3, y: 4 })
    await waitFor(() => (presenceOf(projector, owner.doc.clientID)?.cursor as { x?: number } | undefined)?.x === 3, 5_000, 'the owner’s cursor at the viewer')
    await waitPresence(owner, projector.doc.clientID, 'name', 'Proyektor', 'the viewer’s presence at the owner')
    const before = await storedContent(t, board.id)
    expect(before.records).toContain(s1.id)

    // The viewer edits its own doc in every way it can.
    const s2 = geoShape(2)
    boardRecords(projector.doc).set(s2.id, s2)
    boardRecords(projector.doc).set(s1.id, { ...s1, x: 999 })
    boardRecords(projector.doc).delete('page:page')
    projector.doc.getMap('raw').set('viewer', 'was here')
    projector.doc.getText('notes').insert(0, 'VIEWER ')
    projector.doc.getArray('list').push(['v1', 'v2'])
    expect(recordIds(projector.doc)).toContain(s2.id) // the client did write locally
    // Its presence, sent after the updates on the same socket, proves the server has read them.
    projector.awareness.setLocalStateField('marker', 'after-writes')
    await waitPresence(owner, projector.doc.clientID, 'marker', 'after-writes', 'the viewer’s marker at the owner')
    await waitPresence(editorPeer, projector.doc.clientID, 'marker', 'after-writes', 'the viewer’s marker at the editor')
    await sentinelRoundTrip(t, board.id, editorPeer, owner, 'sentinel')
    await waitFor(() => recordIds(editorPeer.doc).includes(geoShape('sentinel').id), 5_000, 'the sentinel at the editor')

    const expected = { ...before, records: [...before.records, geoShape('sentinel').id].sort() }
    expect(contentOf(owner.doc)).toEqual(expected)
    expect(contentOf(editorPeer.doc)).toEqual(expected)
    expect(await storedContent(t, board.id)).toEqual(expected)
    const stored = await loadStoredDoc(t.server.storage, board.id)
    expect(boardRecords(stored).get(s1.id)).toEqual(s1)
    expect(boardRecords(owner.doc).get(s1.id)).toEqual(s1)
    // A newcomer gets the same: the server's doc has none of it either.
    const late = connectPeer(t.wsUrl, board.id)
    await late.synced
    expect(contentOf(late.doc)).toEqual(expected)
    expect(contentOf(t.server.rooms.loadedRoom(board.id)!.doc)).toEqual(expected)

    // Still connected, still receiving.
    const s3 = geoShape(3)
    boardRecords(owner.doc).set(s3.id, s3)
    await waitFor(() => recordIds(projector.doc).includes(s3.id), 5_000, 'a later owner edit at the viewer')
    expect(projectorCloses).toEqual([])
    expect(projector.provider.wsconnected).toBe(true)
  })

  it('sending valid sync step 2 and update frames over a raw socket changes nothing', async () => {
    const { t, board, viewer } = await viewerSetup()
    const owner = connectPeer(t.wsUrl, board.id)
    const writer = connectPeer(t.wsUrl, board.id)
    await Promise.all([owner.synced, writer.synced])
    const before = await storedContent(t, board.id)

    const raw = openRawSocket(t.wsUrl, board.id, { as: viewer })
    await raw.opened
    await waitFor(() => raw.received.length > 0, 3_000, 'the room to take the viewer’s socket')
    raw.ws.send(syncFrame(1, foreignUpdate('via-step2')))
    raw.ws.send(syncFrame(2, foreignUpdate('via-update')))
    const marker = awarenessFrame({ marker: 'raw-viewer' })
    raw.ws.send(marker.frame)
    await waitPresence(owner, marker.clientId, 'marker', 'raw-viewer', 'the raw viewer’s presence at the owner')
    await sentinelRoundTrip(t, board.id, writer, owner, 'sentinel')

    const expected = { ...before, records: [...before.records, geoShape('sentinel').id].sort() }
    expect(contentOf(owner.doc)).toEqual(expected)
    expect(await storedContent(t, board.id)).toEqual(expected)
    // Dropped, not refused: the socket stays open.
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)

    // The same frames from an editor's raw socket do land (so the frames themselves are valid).
    const editor = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code)
    const editorRaw = openRawSocket(t.wsUrl, board.id, { as: editor })
    await editorRaw.opened
    await waitFor(() => editorRaw.received.length > 0, 3_000, 'the room to take the editor’s socket')
    editorRaw.ws.send(syncFrame(1, foreignUpdate('via-step2')))
    editorRaw.ws.send(syncFrame(2, foreignUpdate('via-update')))
    await waitFor(
      () => ['via-step2', 'via-update'].every((k) => recordIds(owner.doc).includes(geoShape(k).id)),
      5_000,
      'the editor’s raw frames at the owner',
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 3. Invites: revoked, expired, unknown
// ---------------------------------------------------------------------------------------------------------------

describe('invites', () => {
  it('revoking an invite closes the sockets of those who joined with it (4403) and only theirs', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const revokedInvite = await invite(t.url, t.owner, board.id, 'editor')
    const otherInvite = await invite(t.url, t.owner, board.id, 'editor')
    const guest = await joinAsGuest(t.url, revokedInvite.code, 'Ani')
    const other = await joinAsGuest(t.url, otherInvite.code, 'Budi')

    const owner = connectPeer(t.wsUrl, board.id)
    const guestPeer = connectPeer(t.wsUrl, board.id, { as: guest })
    const guestClosed = finalClose(guestPeer)
    const guestRaw = openRawSocket(t.wsUrl, board.id, { as: guest })
    const otherPeer = connectPeer(t.wsUrl, board.id, { as: other })
    const otherCloses = closeCodes(otherPeer)
    const ownerCloses = closeCodes(owner)
    await Promise.all([owner.synced, guestPeer.synced, otherPeer.synced, guestRaw.opened])
    expect((await call(t.url, guest, 'GET', `/api/boards/${board.id}`)).status).toBe(200)

    expect((await call(t.url, t.owner, 'DELETE', `/api/boards/${board.id}/invites/${revokedInvite.id}`)).status).toBe(204)
    expect(await withTimeout(guestClosed, 3_000, 'the guest’s provider to be closed')).toEqual({ code: 4403, reason: 'forbidden' })
    expect(await withTimeout(guestRaw.closed, 3_000, 'the guest’s raw socket to be closed')).toEqual({ code: 4403, reason: 'forbidden' })
    expectError(await call(t.url, guest, 'GET', `/api/boards/${board.id}`), 403, 'forbidden')
    // The guest's session itself is still valid: it is the role that went.
    expect((await call(t.url, guest, 'GET', '/api/me')).status).toBe(200)
    await expectRefusedSocket(t, board.id, guest, 4403)

    // The participant from the other invite and the owner stay and keep collaborating.
    const shape = geoShape('after-revoke')
    boardRecords(otherPeer.doc).set(shape.id, shape)
    await waitFor(() => recordIds(owner.doc).includes(shape.id), 5_000, 'the other guest’s edit at the owner')
    expect(otherCloses).toEqual([])
    expect(ownerCloses).toEqual([])
    expect(otherPeer.provider.wsconnected).toBe(true)
    expect((await call(t.url, other, 'GET', `/api/boards/${board.id}`)).status).toBe(200)

    // The code no longer works, for anyone.
    expectError(await joinWith(t, null, revokedInvite.code), 410, 'invite_revoked')
    expectError(await joinWith(t, guest, revokedInvite.code), 410, 'invite_revoked')
    expectError(await call(t.url, null, 'GET', `/api/invites/${revokedInvite.code}`), 410, 'invite_revoked')
    const listed = await call<{ invites: InviteInfo[] }>(t.url, t.owner, 'GET', `/api/boards/${board.id}/invites`)
    expect(listed.body.invites.find((i) => i.id === revokedInvite.id)?.revokedAt).toEqual(expect.any(String))
    expect(listed.body.invites.find((i) => i.id === otherInvite.id)?.revokedAt).toBeNull()
  })

  it('an expired invite answers 410 invite_expired; an unknown code 404 invite_not_found', async () => {
    const t = await startTestServer()
    const board = await t.createBoard('Musyawarah')
    const expiresAt = new Date(Date.now() + 1_000).toISOString()
    const soon = await invite(t.url, t.owner, board.id, 'editor', expiresAt)
    // Valid until then.
    const preview = await call(t.url, null, 'GET', `/api/invites/${soon.code}`)
    expect(preview).toMatchObject({ status: 200, body: { boardTitle: 'Musyawarah', role: 'editor', expiresAt } })
    expect((await joinWith(t, null, soon.code)).status).toBe(200)

    await sleep(Date.parse(expiresAt) - Date.now() + 30)
    expectError(await joinWith(t, null, soon.code), 410, 'invite_expired')
    expectError(await joinWith(t, t.owner, soon.code), 410, 'invite_expired')
    expectError(await call(t.url, null, 'GET', `/api/invites/${soon.code}`), 410, 'invite_expired')

    const issued = new Set([soon.code.replace('-', '')])
    const unknown = ['ABCD-EFGH', 'ZZZZ-2345'].find((c) => !issued.has(c.replace('-', '')))!
    expectError(await joinWith(t, null, unknown), 404, 'invite_not_found')
    expectError(await call(t.url, null, 'GET', `/api/invites/${unknown}`), 404, 'invite_not_found')
    expectError(await joinWith(t, null, 'not-a-code'), 404, 'invite_not_found')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 4. Sessions ending close their sockets
// ---------------------------------------------------------------------------------------------------------------

describe('ending sessions', () => {
  it('logout closes that session’s sockets with 4401, not the sockets of the same account’s other sessions', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const email = t.owner.user.email!
    const first = await login(t.url, email, PASSWORD)
    const second = await login(t.url, email, PASSWORD)
    expect(first.cookie).not.toBe(second.cookie)

    const a = connectPeer(t.wsUrl, board.id, { as: first })
    const aClosed = finalClose(a)
    const aRaw = openRawSocket(t.wsUrl, board.id, { as: first })
    const b = connectPeer(t.wsUrl, board.id, { as: second })
    const c = connectPeer(t.wsUrl, board.id) // the sign-up session
    const bCloses = closeCodes(b)
    const cCloses = closeCodes(c)
    await Promise.all([a.synced, b.synced, c.synced, aRaw.opened])

    const out = await call(t.url, first, 'POST', '/api/auth/logout')
    expect(out.status).toBe(204)
    expect(await withTimeout(aClosed, 3_000, 'the logged-out provider to be closed')).toEqual({ code: 4401, reason: 'unauthorized' })
    expect(await withTimeout(aRaw.closed, 3_000, 'the logged-out raw socket to be closed')).toEqual({ code: 4401, reason: 'unauthorized' })
    expectError(await call(t.url, first, 'GET', '/api/me'), 401, 'unauthorized')
    expectError(await call(t.url, first, 'GET', `/api/boards/${board.id}`), 401, 'unauthorized')
    await expectRefusedSocket(t, board.id, first, 4401)

    expect((await call(t.url, second, 'GET', '/api/me')).status).toBe(200)
    const shape = geoShape('after-logout')
    boardRecords(b.doc).set(shape.id, shape)
    await waitFor(() => recordIds(c.doc).includes(shape.id), 5_000, 'the other session’s edit')
    expect(bCloses).toEqual([])
    expect(cCloses).toEqual([])
  })

  it('a password change closes every socket of the account with 4401 and leaves other accounts alone', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const account = await signup(t.url, { name: 'Fasilitator' })
    expect((await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/members`, { email: account.user.email, role: 'facilitator' })).status).toBe(201)
    const elsewhere = await login(t.url, account.user.email!, PASSWORD)

    const a = connectPeer(t.wsUrl, board.id, { as: account })
    const b = connectPeer(t.wsUrl, board.id, { as: elsewhere })
    const aClosed = finalClose(a)
    const bClosed = finalClose(b)
    const owner = connectPeer(t.wsUrl, board.id)
    const ownerCloses = closeCodes(owner)
    await Promise.all([a.synced, b.synced, owner.synced])

    // A wrong current password changes nothing.
    expectError(await call(t.url, account, 'POST', '/api/auth/password', { currentPassword: 'salah-sekali', newPassword: 'baru-dan-panjang' }), 401, 'invalid_credentials')
    await sleep(50)
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)

    const changed = await call<{ user: PublicUser }>(t.url, account, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'baru-dan-panjang' })
    expect(changed.status).toBe(200)
    const renewed: Person = { user: changed.body.user, cookie: sessionCookieOf(changed) }
    expect(await withTimeout(aClosed, 3_000, 'this session’s provider to be closed')).toEqual({ code: 4401, reason: 'unauthorized' })
    expect(await withTimeout(bClosed, 3_000, 'the other session’s provider to be closed')).toEqual({ code: 4401, reason: 'unauthorized' })
    for (const old of [account, elsewhere]) expectError(await call(t.url, old, 'GET', '/api/me'), 401, 'unauthorized')

    // The owner (another account) is untouched; the new session works.
    expect(ownerCloses).toEqual([])
    expect(owner.provider.wsconnected).toBe(true)
    const again = connectPeer(t.wsUrl, board.id, { as: renewed })
    await again.synced
    expectError(await call(t.url, null, 'POST', '/api/auth/login', { email: account.user.email, password: PASSWORD }), 401, 'invalid_credentials')
    expect((await call(t.url, null, 'POST', '/api/auth/login', { email: account.user.email, password: 'baru-dan-panjang' })).status).toBe(200)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 5. Removing members
// ---------------------------------------------------------------------------------------------------------------

describe('removing a member', () => {
  it('closes their sockets on that board with 4403 (not on their other boards); the owner cannot be removed', async () => {
    const { t, board, otherBoard, person: facilitator } = await twoBoardsAndAnAccount('Fasilitator')
    for (const b of [board, otherBoard]) {
      expect((await call(t.url, t.owner, 'POST', `/api/boards/${b.id}/members`, { email: facilitator.user.email, role: 'facilitator' })).status).toBe(201)
    }
    const guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Tamu')

    const around = socketsAround(t, board, otherBoard, facilitator)
    const { owner, ownerCloses, raw: facRaw, onOther: facOnOther, onOtherCloses: facOnOtherCloses } = around
    const facClosed = around.peerFinalClose
    const guestPeer = connectPeer(t.wsUrl, board.id, { as: guest })
    const guestClosed = finalClose(guestPeer)
    const guestCloses = closeCodes(guestPeer)
    await Promise.all([around.ready, guestPeer.synced])

    // Only the owner manages members; nobody removes the owner.
    expectError(await call(t.url, facilitator, 'DELETE', `/api/boards/${board.id}/members/${t.owner.user.id}`), 403, 'forbidden')
    expectError(await call(t.url, facilitator, 'DELETE', `/api/boards/${board.id}/members/${guest.user.id}`), 403, 'forbidden')
    expectError(await call(t.url, t.owner, 'DELETE', `/api/boards/${board.id}/members/${t.owner.user.id}`), 403, 'forbidden')
    expectError(await call(t.url, t.owner, 'DELETE', `/api/boards/${board.id}/members/${'x'.repeat(24)}`), 404, 'user_not_found')
    await sleep(50)
    expect(guestCloses).toEqual([])
    expect((await call<{ role: Role }>(t.url, t.owner, 'GET', `/api/boards/${board.id}`)).body.role).toBe('owner')

    expect((await call(t.url, t.owner, 'DELETE', `/api/boards/${board.id}/members/${facilitator.user.id}`)).status).toBe(204)
    expect(await withTimeout(facClosed, 3_000, 'the facilitator’s provider to be closed')).toEqual({ code: 4403, reason: 'forbidden' })
    expect(await withTimeout(facRaw.closed, 3_000, 'the facilitator’s raw socket to be closed')).toEqual({ code: 4403, reason: 'forbidden' })
    expectError(await call(t.url, facilitator, 'GET', `/api/boards/${board.id}`), 403, 'forbidden')
    await expectRefusedSocket(t, board.id, facilitator, 4403)
    // Their role on the other board, and its socket, stay.
    expect((await call<{ role: Role }>(t.url, facilitator, 'GET', `/api/boards/${otherBoard.id}`)).body.role).toBe('facilitator')
    expect(facOnOtherCloses).toEqual([])
    expect(facOnOther.provider.wsconnected).toBe(true)

    expect((await call(t.url, t.owner, 'DELETE', `/api/boards/${board.id}/members/${guest.user.id}`)).status).toBe(204)
    expect(await withTimeout(guestClosed, 3_000, 'the guest’s provider to be closed')).toEqual({ code: 4403, reason: 'forbidden' })

    const members = await call<{ members: Member[] }>(t.url, t.owner, 'GET', `/api/boards/${board.id}/members`)
    expect(members.body.members.map((m) => [m.userId, m.role])).toEqual([[t.owner.user.id, 'owner']])
    expect(ownerCloses).toEqual([])
    expect(owner.provider.wsconnected).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 5b. A role that changes while the person is on the board
// ---------------------------------------------------------------------------------------------------------------

describe('a role that changes on an open board', () => {
  it('closes the person’s sockets on that board with 4509; the reconnect is served with the new role', async () => {
    const { t, board, otherBoard, person: budi } = await twoBoardsAndAnAccount('Budi')
    for (const b of [board, otherBoard]) {
      expect((await joinWith(t, budi, (await invite(t.url, t.owner, b.id, 'viewer')).code, 'Budi')).body.role).toBe('viewer')
    }

    const around = socketsAround(t, board, otherBoard, budi)
    const { owner, ownerCloses, peer: budiPeer, peerCloses: budiCloses, raw: budiRaw, onOther: budiOnOther, onOtherCloses: budiOnOtherCloses } = around
    await around.ready

    // As a viewer, Budi's write never lands.
    const asViewer = geoShape('as-viewer')
    boardRecords(budiPeer.doc).set(asViewer.id, asViewer)
    await sleep(300)
    expect(recordIds(owner.doc)).not.toContain(asViewer.id)

    // Made a co-facilitator: his sockets on this board close with 4509 (not final: the stock client reconnects).
    expect((await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/members`, { email: budi.user.email, role: 'facilitator' })).status).toBe(201)
    expect(await withTimeout(budiRaw.closed, 3_000, 'Budi’s raw socket to be closed')).toEqual({ code: CloseCode.roleChanged, reason: 'role-changed' })
    await waitFor(() => budiCloses.includes(CloseCode.roleChanged), 3_000, 'Budi’s provider to see 4509')
    await waitFor(() => budiPeer.provider.wsconnected && budiPeer.provider.synced, 5_000, 'Budi’s provider to reconnect')

    // Now a facilitator's socket: what he writes reaches the owner (and what he wrote as a viewer goes along).
    const asFacilitator = geoShape('as-facilitator')
    boardRecords(budiPeer.doc).set(asFacilitator.id, asFacilitator)
    await waitFor(() => recordIds(owner.doc).includes(asFacilitator.id), 5_000, 'Budi’s edit at the owner')
    expect((await call<{ role: Role }>(t.url, budi, 'GET', `/api/boards/${board.id}`)).body.role).toBe('facilitator')

    // The owner, and Budi's socket on the other board (still a viewer there), were left alone.
    expect(ownerCloses).toEqual([])
    expect(budiOnOtherCloses).toEqual([])
    expect(budiOnOther.provider.wsconnected).toBe(true)

    // Asked again with the role he already has: nothing closes.
    const closesBefore = budiCloses.length
    expect((await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/members`, { email: budi.user.email, role: 'facilitator' })).status).toBe(201)
    await sleep(300)
    expect(budiCloses.length).toBe(closesBefore)
    expect(budiPeer.provider.wsconnected).toBe(true)
  })

  it('a viewer who joins with an editor’s code is reconnected as an editor in the tab already open', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'viewer')).code, 'Ani')
    const owner = connectPeer(t.wsUrl, board.id)
    const guestPeer = connectPeer(t.wsUrl, board.id, { as: guest })
    const guestCloses = closeCodes(guestPeer)
    await Promise.all([owner.synced, guestPeer.synced])

    // A second viewer code changes nothing; an editor code upgrades, and the open socket hears of it.
    expect((await joinWith(t, guest, (await invite(t.url, t.owner, board.id, 'viewer')).code, 'Ani')).body.role).toBe('viewer')
    await sleep(200)
    expect(guestCloses).toEqual([])
    expect((await joinWith(t, guest, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Ani')).body.role).toBe('editor')
    await waitFor(() => guestCloses.includes(CloseCode.roleChanged), 3_000, 'the guest’s provider to see 4509')
    await waitFor(() => guestPeer.provider.wsconnected && guestPeer.provider.synced, 5_000, 'the guest to reconnect')
    const shape = geoShape('as-editor')
    boardRecords(guestPeer.doc).set(shape.id, shape)
    await waitFor(() => recordIds(owner.doc).includes(shape.id), 5_000, 'the guest’s edit at the owner')
  })
})

describe('the join rate limit', () => {
  it('lets a hall behind one address join with the right code, and stops guessing from it after 20 wrong codes a minute', async () => {
    const t = await startTestServer()
    const board = await t.createBoard('Forum Desa')
    const { code } = await invite(t.url, t.owner, board.id, 'editor')
    // Every request of this test comes from 127.0.0.1, as a venue's phones come from one public address.
    for (let i = 0; i < 40; i++) {
      expect((await call(t.url, null, 'GET', `/api/invites/${code}`)).status).toBe(200)
      expect((await joinWith(t, null, code, `Peserta ${i + 1}`)).body).toEqual({ boardId: board.id, role: 'editor' })
    }
    // Guessing: 20 wrong codes are told so; then every code waits, the right one too, with Retry-After.
    for (const letter of 'ABCDEFGHJKMNPQRSTUVW') expectError(await call(t.url, null, 'GET', `/api/invites/ZZZZ-ZZZ${letter}`), 404, 'invite_not_found')
    for (const result of [await call(t.url, null, 'GET', '/api/invites/ZZZZ-ZZZZ'), await call(t.url, null, 'GET', `/api/invites/${code}`), await joinWith(t, null, code)]) {
      expectError(result, 429, 'rate_limited')
      expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
  })

  it('makes at most 300 guests a minute from one address, so a leaked code cannot fill the store', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const { code } = await invite(t.url, t.owner, board.id, 'editor')
    for (let i = 0; i < 300; i++) expect((await joinWith(t, null, code, `Tamu ${i}`)).status).toBe(200)
    const over = await joinWith(t, null, code, 'Tamu 301')
    expectError(over, 429, 'rate_limited')
    expect(over.headers.getSetCookie()).toEqual([])
    // Someone with a session (an account) still joins: no guest is made for them.
    const account = await signup(t.url, { name: 'Akun' })
    expect((await joinWith(t, account, code, 'Akun')).body).toEqual({ boardId: board.id, role: 'editor' })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 6. Login rate limits
// ---------------------------------------------------------------------------------------------------------------

describe('login rate limits', () => {
  function expectRateLimited(result: ApiResult): void {
    expectError(result, 429, 'rate_limited')
    const retryAfter = Number(result.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
  }
  const attempt = (t: TestServer, email: string, password: string, headers: Record<string, string> = {}) =>
    call(t.url, null, 'POST', '/api/auth/login', { email, password }, headers)

  it('5 wrong attempts for one e-mail: the 6th gets 429 with Retry-After, even with the right password', async () => {
    const t = await startTestServer()
    const email = t.owner.user.email!
    // Case and spaces do not make it another e-mail.
    const spellings = [email, email.toUpperCase(), ` ${email} `, email, email]
    for (const [n, spelling] of spellings.entries()) expectError(await attempt(t, spelling, 'salah-sekali'), 401, 'invalid_credentials', `attempt ${n + 1}`)
    expectRateLimited(await attempt(t, email, PASSWORD))
    expectRateLimited(await attempt(t, email.toUpperCase(), PASSWORD))
    // Another e-mail from the same address is not yet blocked (7 of 10 attempts used).
    const other = await signup(t.url)
    expect((await attempt(t, other.user.email!, PASSWORD)).status).toBe(200)
  })

  it('10 attempts per address across different e-mails, whatever X-Forwarded-For says', async () => {
    const t = await startTestServer()
    for (let n = 1; n <= 10; n++) {
      const result = await attempt(t, `nobody${n}@example.org`, 'salah-sekali', { 'x-forwarded-for': `10.0.0.${n}` })
      expectError(result, 401, 'invalid_credentials', `attempt ${n}`)
    }
    expectRateLimited(await attempt(t, t.owner.user.email!, PASSWORD, { 'x-forwarded-for': '10.0.0.99' }))
    expectRateLimited(await attempt(t, 'fresh@example.org', 'salah-sekali'))
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 7. Origins
// ---------------------------------------------------------------------------------------------------------------

describe('the Origin rule', () => {
  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'http://127.0.0.1.evil.example'])(
    'a state-changing request from Origin %s is refused with 403 bad_origin and changes nothing',
    async (origin) => {
      const t = await startTestServer()
      const board = await t.createBoard()
      const peer = connectPeer(t.wsUrl, board.id)
      await peer.synced
      const closes = closeCodes(peer)
      const headers = { origin }
      expectError(await call(t.url, t.owner, 'POST', '/api/boards', { title: 'CSRF' }, headers), 403, 'bad_origin', 'POST /api/boards')
      expectError(await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/invites`, { role: 'editor' }, headers), 403, 'bad_origin', 'POST invites')
      expectError(await call(t.url, t.owner, 'POST', '/api/auth/logout', undefined, headers), 403, 'bad_origin', 'POST logout')
      expectError(await call(t.url, t.owner, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'dibajak-orang' }, headers), 403, 'bad_origin', 'POST password')
      // Nothing happened: one board, no invite, still logged in, the socket still open.
      expect((await call<{ boards: unknown[] }>(t.url, t.owner, 'GET', '/api/boards')).body.boards).toHaveLength(1)
      expect((await call<{ invites: unknown[] }>(t.url, t.owner, 'GET', `/api/boards/${board.id}/invites`)).body.invites).toEqual([])
      expect((await call(t.url, t.owner, 'GET', '/api/me')).status).toBe(200)
      await sleep(50)
      expect(closes).toEqual([])
      expect((await login(t.url, t.owner.user.email!, PASSWORD)).user.id).toBe(t.owner.user.id)
    },
  )

  it('a state-changing request with no Origin is refused with 403 bad_origin', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const noOrigin = [
      await requestWithoutOrigin(t, 'POST', '/api/boards', t.owner.cookie, { title: 'CSRF' }),
      await requestWithoutOrigin(t, 'DELETE', `/api/boards/${board.id}/members/${t.owner.user.id}`, t.owner.cookie),
      await requestWithoutOrigin(t, 'POST', '/api/auth/logout', t.owner.cookie),
      await requestWithoutOrigin(t, 'POST', '/api/join', null, { code: 'ABCD-EFGH', name: 'x' }),
    ]
    for (const result of noOrigin) expect({ status: result.status, code: result.body?.error.code }).toEqual({ status: 403, code: 'bad_origin' })
    expect((await call<{ boards: unknown[] }>(t.url, t.owner, 'GET', '/api/boards')).body.boards).toHaveLength(1)
    expect((await call(t.url, t.owner, 'GET', '/api/me')).status).toBe(200)
    // A safe request needs no Origin.
    expect((await requestWithoutOrigin(t, 'GET', `/api/boards/${board.id}`, t.owner.cookie)).status).toBe(200)
  })

  it.each([
    { label: 'a foreign Origin', origin: 'http://evil.example' },
    { label: 'no Origin', origin: null },
    { label: 'Origin null', origin: 'null' },
  ])('a WebSocket upgrade with $label is refused with 403 before the upgrade, even with a valid cookie', async ({ origin }) => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const raw = openRawSocket(t.wsUrl, board.id, { origin })
    expect(await upgradeRefusal(raw)).toBe(403)

    // The stock client never gets a socket either.
    const peer = connectPeer(t.wsUrl, board.id, { origin })
    let opened = false
    peer.provider.on('status', ({ status }) => {
      if (status === 'connected') opened = true
    })
    await waitFor(() => peer.provider.wsUnsuccessfulReconnects > 0, 3_000, 'the stock client’s first attempt to fail')
    expect(opened).toBe(false)
    expect(peer.provider.synced).toBe(false)
    peer.destroy()
    expect(t.server.rooms.roomCount).toBe(0)

    // The same cookie with the right Origin connects (so it was the Origin).
    const ok = connectPeer(t.wsUrl, board.id)
    await ok.synced
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 8. A board id alone opens nothing
// ---------------------------------------------------------------------------------------------------------------

describe('a board id alone', () => {
  it('does not let another board’s guest read, connect to or manage a board it learns the id of', async () => {
    const t = await startTestServer()
    const home = await t.createBoard('Papan Tamu')
    const secret = await t.createBoard('Papan Rahasia')
    const guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, home.id, 'editor')).code, 'Tamu')
    const secretInvite = await invite(t.url, t.owner, secret.id, 'editor')

    // The session is valid and works on its own board …
    expect((await call<{ role: Role }>(t.url, guest, 'GET', `/api/boards/${home.id}`)).body.role).toBe('editor')
    const own = connectPeer(t.wsUrl, home.id, { as: guest })
    await own.synced

    // … but not on the other one.
    expectError(await call(t.url, guest, 'GET', `/api/boards/${secret.id}`), 403, 'forbidden')
    expectError(await call(t.url, guest, 'GET', `/api/boards/${secret.id}/members`), 403, 'forbidden')
    expectError(await call(t.url, guest, 'GET', `/api/boards/${secret.id}/invites`), 403, 'forbidden')
    expectError(await call(t.url, guest, 'POST', `/api/boards/${secret.id}/invites`, { role: 'editor' }), 403, 'forbidden')
    await expectRefusedSocket(t, secret.id, guest, 4403)
    expect((await call<{ boards: Array<{ id: string }> }>(t.url, guest, 'GET', '/api/boards')).body.boards.map((b) => b.id)).toEqual([home.id])
    // A guest cannot create boards at all.
    expectError(await call(t.url, guest, 'POST', '/api/boards', { title: 'Milik tamu' }), 403, 'forbidden')

    // Invite ids of one board do not work through another board's routes.
    const homeOwnerAsFac = await signup(t.url, { name: 'Fasilitator Rumah' })
    expect((await call(t.url, t.owner, 'POST', `/api/boards/${home.id}/members`, { email: homeOwnerAsFac.user.email, role: 'facilitator' })).status).toBe(201)
    expectError(await call(t.url, homeOwnerAsFac, 'DELETE', `/api/boards/${home.id}/invites/${secretInvite.id}`), 404, 'invite_not_found')
    expect((await call(t.url, null, 'GET', `/api/invites/${secretInvite.code}`)).status).toBe(200)
    expectError(await call(t.url, homeOwnerAsFac, 'DELETE', `/api/boards/${secret.id}/invites/${secretInvite.id}`), 403, 'forbidden')
    expect((await call(t.url, null, 'GET', `/api/invites/${secretInvite.code}`)).status).toBe(200)

    // Nothing of the secret board is in the guest's doc, and its room never loaded for the guest.
    expect(recordIds(own.doc)).not.toContain(geoShape('secret').id)
    expect(t.server.rooms.loadedRoom(secret.id)).toBeUndefined()
  })
})

// ---------------------------------------------------------------------------------------------------------------
// 9. Joining with an account
// ---------------------------------------------------------------------------------------------------------------

describe('joining with an account', () => {
  it('keeps a stronger role and upgrades a weaker one', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const viewerCode = (await invite(t.url, t.owner, board.id, 'viewer')).code
    const editorCode = (await invite(t.url, t.owner, board.id, 'editor')).code
    const roleOf = async (person: Person) => (await call<{ role: Role }>(t.url, person, 'GET', `/api/boards/${board.id}`)).body.role

    // The owner joining with a viewer code stays owner (and can still manage members).
    expect((await joinWith(t, t.owner, viewerCode)).body).toEqual({ boardId: board.id, role: 'owner' })
    expect(await roleOf(t.owner)).toBe('owner')

    // A facilitator joining with an editor code stays facilitator.
    const facilitator = await signup(t.url)
    await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/members`, { email: facilitator.user.email, role: 'facilitator' })
    expect((await joinWith(t, facilitator, editorCode)).body).toEqual({ boardId: board.id, role: 'facilitator' })
    expect(await roleOf(facilitator)).toBe('facilitator')

    // An account joining with a viewer code becomes viewer, then editor with an editor code, and stays editor.
    const account = await signup(t.url, { name: 'Akun' })
    expect((await joinWith(t, account, viewerCode)).body).toEqual({ boardId: board.id, role: 'viewer' })
    expect(await roleOf(account)).toBe('viewer')
    expect((await joinWith(t, account, editorCode)).body).toEqual({ boardId: board.id, role: 'editor' })
    expect(await roleOf(account)).toBe('editor')
    expect((await joinWith(t, account, viewerCode)).body).toEqual({ boardId: board.id, role: 'editor' })
    expect(await roleOf(account)).toBe('editor')
    // Joining with an account sets no new session: the account stays who it is.
    const me = await call<{ user: PublicUser }>(t.url, account, 'GET', '/api/me')
    expect(me.body.user).toMatchObject({ id: account.user.id, kind: 'account' })

    const members = await call<{ members: Member[] }>(t.url, t.owner, 'GET', `/api/boards/${board.id}/members`)
    expect(Object.fromEntries(members.body.members.map((m) => [m.userId, m.role]))).toEqual({
      [t.owner.user.id]: 'owner',
      [facilitator.user.id]: 'facilitator',
      [account.user.id]: 'editor',
    })
    expect((await call(t.url, t.owner, 'POST', `/api/boards/${board.id}/invites`, { role: 'viewer' })).status).toBe(201)
    expect((await call(t.url, facilitator, 'POST', `/api/boards/${board.id}/invites`, { role: 'viewer' })).status).toBe(201)

    // The upgraded account's new socket writes.
    const owner = connectPeer(t.wsUrl, board.id)
    const upgraded = connectPeer(t.wsUrl, board.id, { as: account })
    await Promise.all([owner.synced, upgraded.synced])
    const shape = geoShape('upgraded')
    boardRecords(upgraded.doc).set(shape.id, shape)
    await waitFor(() => recordIds(owner.doc).includes(shape.id), 5_000, 'the upgraded account’s edit at the owner')
  })

  it('a guest joining again with a stronger code keeps its person and gets the stronger role', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'viewer')).code, 'Tamu')
    expect(guest.role).toBe('viewer')
    const again = await joinWith(t, guest, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Tamu Baru')
    expect(again.body).toEqual({ boardId: board.id, role: 'editor' })
    expect(again.headers.getSetCookie().some((c) => c.startsWith('rembug_session=') && !c.startsWith('rembug_session=;'))).toBe(false)
    const me = await call<{ user: PublicUser }>(t.url, guest, 'GET', '/api/me')
    expect(me.body.user).toMatchObject({ id: guest.user.id, kind: 'guest', name: 'Tamu Baru' })
    const members = await call<{ members: Member[] }>(t.url, t.owner, 'GET', `/api/boards/${board.id}/members`)
    expect(members.body.members.filter((m) => m.kind === 'guest').map((m) => [m.userId, m.role])).toEqual([[guest.user.id, 'editor']])
  })
})
